import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useWorkbench } from '../lib/mocha.js';
import { waitUntil } from '../../shared/poll.js';

/** A requirements document nested deeper than the Markdown parser's stack: it cannot be parsed. */
const NESTED_FILE = 'docs/deeply-nested-requirements.md';
const NESTED_TEXT = `# SR-901: Dose limit\n\n${'>'.repeat(8000)} x\n`;

describe('Fail closed: a document the extension cannot read', function () {
  const workbench = useWorkbench('failClosed');

  it('shows an unreadable-file problem on a deeply nested requirements document, and clears it when fixed', async function () {
    const wb = workbench();
    const file = path.join(wb.folder, NESTED_FILE);
    fs.writeFileSync(file, NESTED_TEXT);
    try {
      const isOurs = (p: { source: string; code: string; path: string }) => p.source === 'jsp-trace' && p.code === 'unreadable-file' && p.path === NESTED_FILE;
      // Narrowed to the file: the list shows only the rows in view, and the example has findings of its own.
      await wb.problems.filter('deeply-nested');
      const rows = await wb.problems.waitFor(isOurs, `an unreadable-file problem on ${NESTED_FILE}`, 90_000);
      await wb.screenshot('fail-closed-unreadable-file');
      await wb.problems.filter('');
      const problem = rows.find(isOurs)!;
      assert.equal(problem.severity, 'error');
      // On the line where reading stopped: line 3, the nested block quote.
      assert.equal(problem.line, 3);
      assert.match(problem.message, /JSP Trace/);

      fs.writeFileSync(file, '# SR-901: Dose limit\n\nA readable requirement.\n');
      await waitUntil(() => wb.problems.rows(), (now) => !now.some(isOurs), { timeout: 60_000, interval: 1000, message: 'the unreadable-file problem to go' });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
