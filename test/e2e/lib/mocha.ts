import { Workbench, type WorkbenchOptions } from './workbench.js';

/**
 * Registers hooks that open one workbench for the enclosing describe() and close it after; on a failed
 * test, keeps a screenshot and the browser console in test-results/e2e/. Returns a getter for specs.
 * `options.fixture` opens a folder of test/e2e/fixtures/ instead of the example project.
 *
 *   describe('activation', function () {
 *     const workbench = useWorkbench('activation');
 *     it('...', async function () { const wb = workbench(); ... });
 *   });
 */
export function useWorkbench(name: string, options: WorkbenchOptions = {}): () => Workbench {
  let wb: Workbench | undefined;
  before(async function () {
    wb = await Workbench.open(name, options);
  });
  afterEach(async function () {
    if (wb && this.currentTest?.state === 'failed') await wb.saveFailure(this.currentTest.fullTitle());
  });
  after(async function () {
    await wb?.close();
    wb = undefined;
  });
  return () => {
    if (!wb) throw new Error('the workbench is not open (did its before() hook fail?)');
    return wb;
  };
}
