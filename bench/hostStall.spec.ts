// One cold index in a real extension host (code-server), run by bench/run.ts through the end-to-end runner
// (test/e2e/run.mjs) on a generated workspace (E2E_WORKSPACE). The extension measures its host's event loop
// while it indexes and logs it; this reads that line and the index's, and prints one JSON line for the bench.
import { useWorkbench } from '../test/e2e/lib/mocha.js';
import { newestExtensionLog } from '../test/e2e/lib/workbench.js';
import { waitUntil } from '../test/shared/poll.js';

/** The marker of the line bench/run.ts reads. */
const MARKER = 'HOST-STALL ';

describe('Extension host during a cold index (bench)', function () {
  this.timeout(900_000);
  const workbench = useWorkbench('host-stall');

  it('logs how long the event loop stalled while the workspace was indexed', async function () {
    workbench();
    const stall = /Extension host while indexing .*: longest event-loop stall (\d+) ms, 99th percentile (\d+) ms/;
    const log = await waitUntil(() => newestExtensionLog() ?? '', (text) => stall.test(text), { timeout: 840_000, interval: 1000, message: 'the event-loop line in the log' });
    const [, maxMs, p99Ms] = stall.exec(log)!;
    const index = /Index complete: (\d+) files, (\d+) items, .* in (\d+) ms/.exec(log);
    console.log(`${MARKER}${JSON.stringify({ maxMs: Number(maxMs), p99Ms: Number(p99Ms), files: Number(index?.[1]), items: Number(index?.[2]), indexMs: Number(index?.[3]) })}`);
  });
});
