import assert from 'node:assert/strict';
import { useWorkbench } from '../lib/mocha.js';
import { waitUntil } from '../../shared/poll.js';

// A document of 10,000 requirements, as large as one Markdown file may define (issue 13, item 10). Each edit
// reaches the index as what it changed (a delta from the extraction worker); the surfaces follow it: the
// hover in another file shows a title typed a moment ago, and go to definition lands on the line the
// requirement moved to after a line was added at the top. The fixture (test/e2e/fixtures/large-document)
// holds the objectives and src/pump.ts, which implements SR-5000; the document is written here.
const REQUIREMENTS = 10_000;
const MIDDLE = 5000;
/** The line of SR-n's heading: two lines of title, then seven lines a section. */
const headingLine = (n: number) => 3 + 7 * (n - 1);

function requirementsDocument(): string {
  const sections = Array.from(
    { length: REQUIREMENTS },
    (_, i) => `## SR-${i + 1}: The pump shall check dose limit ${i + 1}\n\n- Derives from: SO-${(i % 50) + 1}\n\nLimit ${i + 1} is read from the drug library.\nIt is logged.\n`,
  );
  return `Infusion requirements: each derives from a security objective.\n\n${sections.join('\n')}`;
}

describe('A document of 10,000 requirements', function () {
  const workbench = useWorkbench('large-document', { fixture: 'large-document', files: { 'docs/requirements.md': requirementsDocument() } });

  it('follows typing in it: a new title in the hover elsewhere, a moved heading for go to definition', async function () {
    const wb = workbench();
    await wb.statusBar.item(/JSP 0\/10,?000 verified/, 120_000);
    await wb.openFile('docs/requirements.md', headingLine(MIDDLE), 4);
    assert.ok((await wb.editor.waitForCodeLenses(headingLine(MIDDLE))).some((lens) => /1 implementation/.test(lens)));

    await wb.page.keyboard.press('End');
    await wb.page.keyboard.type(' before each infusion');
    await wb.openFile('src/pump.ts', 1, 18);
    const hover = await wb.editor.hover(1, 18, { match: /dose limit 5000 before each infusion/ });
    assert.match(hover, /SR-5000/);

    // A line added at the top moves every requirement one line down.
    await wb.openFile('docs/requirements.md', 1);
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    // Until the index has the edit, the definition is still on the old line: ask again.
    await waitUntil(
      async () => {
        await wb.openFile('src/pump.ts', 1, 18);
        await wb.page.keyboard.press('F12');
        await wb.page.locator('.tabs-container .tab.active[aria-label*="requirements.md"]').waitFor();
        return wb.editor.cursor();
      },
      (cursor) => cursor?.line === headingLine(MIDDLE) + 1,
      { timeout: 30_000, interval: 500, message: (cursor) => `go to definition of SR-5000 to land on line ${headingLine(MIDDLE) + 1}, not ${JSON.stringify(cursor)}` },
    );
    assert.ok((await wb.editor.waitForCodeLenses(headingLine(MIDDLE) + 1)).some((lens) => /1 implementation/.test(lens)));
    await wb.screenshot('moved-heading');
  });
});
