import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { e2eEnv } from '../lib/env.js';
import { useWorkbench } from '../lib/mocha.js';
import { formatProblem } from '../lib/problems.js';
import { deliberateGaps } from '../lib/readme.js';

describe('JSP Trace on the example project', function () {
  const workbench = useWorkbench('activation');

  it('activates and logs the index summary to its "JSP Trace" output channel', async function () {
    const wb = workbench();
    await wb.screenshot('workbench-open');
    await wb.output.show('JSP Trace');
    const line = await wb.output.waitForLine(/Index complete:/);
    await wb.screenshot('output-index-complete');
    // e.g. "Index complete: 42 files, 37 items, 9 findings (3 errors, 6 warnings) in 120 ms"
    const m = /Index complete: (\d+) files?, (\d+) items?, (\d+) findings?\b.* in \d+ ms/.exec(line);
    assert.ok(m, `the summary line reads "Index complete: N files, N items, N findings (...) in N ms"; got: ${line}`);
    const [files, items, findings] = m.slice(1).map(Number);
    assert.ok(files! > 0 && items! > 0, `the example has files and items: ${line}`);
    assert.ok(findings! > 0, `the example has deliberate gaps, so findings: ${line}`);
  });

  it('shows a deliberate gap from the README in the Problems panel at its file and line', async function () {
    const wb = workbench();
    const readme = fs.readFileSync(path.join(e2eEnv().workspace, 'README.md'), 'utf8');
    const gaps = deliberateGaps(readme);
    const gap = gaps[0];
    assert.ok(gap, 'the README lists at least one deliberate gap with a file and a line');

    const isGap = (p: { source: string; code: string; path: string; line: number }) =>
      p.source === 'jsp-trace' && p.code === gap.rule && p.path === gap.file && p.line === gap.line;
    const rows = await wb.problems.waitFor(isGap, `from jsp-trace with rule ${gap.rule} at ${gap.file}:${gap.line} (${gap.item})`);
    const problem = rows.find(isGap);
    assert.ok(problem);
    await wb.screenshot('problems-deliberate-gap');

    // What a person does next: open the file at that line; the finding is still listed for it.
    await wb.openFile(gap.file, gap.line);
    await wb.screenshot('editor-at-gap');
    assert.ok(
      (await wb.problems.rows()).some(isGap),
      `the Problems panel still lists ${formatProblem(problem)} after opening the file`,
    );
  });
});
