import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { useWorkbench } from '../lib/mocha.js';
import { gridRows, openMatrix } from '../lib/matrixPanel.js';
import type { Problem } from '../lib/problems.js';
import type { Workbench } from '../lib/workbench.js';
import { waitUntil } from '../../shared/poll.js';

const MODEL = 'docs/design/threat-dragon/pumplink.json';
const REQUIREMENTS = 'docs/design/security-requirements.md';

/** The 1-based line and column where `needle` stands in a workspace file. */
function positionOf(wb: Workbench, file: string, needle: string): { line: number; column: number } {
  const lines = fs.readFileSync(path.join(wb.folder, file), 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes(needle));
  assert.ok(line >= 0, `${needle} is in ${file}`);
  return { line: line + 1, column: lines[line]!.indexOf(needle) + 1 };
}

const withoutId = (p: Problem) => p.source === 'jsp-trace' && p.code === 'threat-without-id' && p.message.includes('Session fixation');

describe('Threat Dragon model on the example project', function () {
  const workbench = useWorkbench('threatModels');

  it('reports the threat drawn without an ID at its title in the JSON, and writes a free ID there on request', async function () {
    const wb = workbench();
    const [problem] = (await wb.problems.waitFor(withoutId, 'threat-without-id for "Session fixation after single sign-on"')).filter(withoutId);
    const title = positionOf(wb, MODEL, '"title": "Session fixation');
    assert.equal(problem!.severity, 'warning');
    assert.equal(problem!.line, title.line, 'the finding stands on the threat title line of the model');
    await wb.openFile(MODEL, title.line);
    await wb.problems.open();
    await wb.screenshot('threat-without-id');

    const fixes = await wb.editor.quickFixes(title.line, title.column + 10);
    assert.ok(fixes.includes('Start the title with TM-14'), `the next free threat ID is offered; the list shows ${fixes.join(' | ')}`);
    await wb.page.keyboard.press('Escape');
    await wb.editor.applyQuickFix(title.line, title.column + 10, 'Start the title with TM-14');
    // The unsaved model counts: the threat is now TM-14, traced by nothing yet.
    await wb.problems.waitFor((p) => p.code === 'threat-not-mitigated' && p.message.includes('TM-14 "Session fixation after single sign-on"'), 'threat-not-mitigated for TM-14');
    assert.ok((await wb.editor.visibleLines()).some((line) => line.includes('"title": "TM-14 Session fixation after single sign-on"')));
    await waitUntil(() => wb.problems.rows(), (rows) => !rows.some(withoutId), { timeout: 30_000, message: 'threat-without-id to go once the title has an ID' });
    await wb.screenshot('threat-given-an-id');
    // Undo back to the saved model: nothing is written to the user's file.
    await wb.page.keyboard.press('Control+Z');
    await wb.problems.waitFor(withoutId, 'threat-without-id back after the undo');
  });

  it("shows over a threat in the JSON what mitigates it, and goes there from a requirement's Mitigates line", async function () {
    const wb = workbench();
    const tm11 = positionOf(wb, MODEL, '"title": "Pump accepts a gateway certificate');
    await wb.openFile(MODEL, tm11.line);
    const lenses = await waitUntil(() => wb.editor.codeLenses(tm11.line), (texts) => texts.includes('mitigated by SR-14'), {
      timeout: 30_000,
      interval: 500,
      message: (texts) => `the lens over TM-11 in the model; it shows ${JSON.stringify(texts)}`,
    });
    assert.ok(lenses.includes('mitigated by SR-14'));
    await wb.screenshot('threat-lens-in-model');

    const mitigates = positionOf(wb, REQUIREMENTS, '- Mitigates: TM-1, TM-11');
    await wb.openFile(REQUIREMENTS, mitigates.line);
    await wb.editor.goTo(mitigates.line, mitigates.column + '- Mitigates: TM-1, '.length + 2);
    await wb.page.keyboard.press('F12');
    await wb.page.locator('.tabs-container .tab.active[aria-label*="pumplink.json"]').waitFor();
    await wb.editor.waitForCursor(tm11.line);
    await wb.screenshot('definition-in-threat-dragon-model');
  });

  it('lists Threat Dragon threats in the matrix beside the Markdown ones, a not applicable one without a gap', async function () {
    const wb = workbench();
    await wb.closeAllEditors();
    await wb.hidePanel();
    const frame: FrameLocator = await openMatrix(wb);
    await frame.locator('vscode-tab-header', { hasText: 'Threats' }).click();
    await frame.locator('vscode-tab-panel:not([hidden]) .mheader', { hasText: 'Mitigated by' }).waitFor();
    const rows = await waitUntil(() => gridRows(frame), (shown) => shown.some((row) => row.id === 'TM-13'), {
      timeout: 30_000,
      message: (shown) => `the threats grid with TM-13; it shows ${JSON.stringify(shown?.map((row) => row.id))}`,
    });
    const ids = rows.map((row) => row.id);
    for (const id of ['TM-1', 'TM-6', 'TM-9', 'TM-11', 'TM-12', 'TM-13']) {
      assert.ok(ids.includes(id), `${id} is a row; the grid lists ${ids.join(', ')}`);
    }
    const tm13 = rows.find((row) => row.id === 'TM-13')!;
    assert.equal(tm13.status, 'traced');
    assert.deepEqual(tm13.gaps, []);
    assert.deepEqual(tm13.cells['Mitigated by'], ['Not applicable: marked not applicable']);
    const tm12 = rows.find((row) => row.id === 'TM-12')!;
    assert.deepEqual(tm12.cells['Mitigated by'], ['Not applicable: on Hospital DNS, which is out of scope']);
    assert.equal(rows.find((row) => row.id === 'TM-11')!.status, 'traced');
    await frame.locator('vscode-tab-panel:not([hidden]) .mrow', { hasText: 'Downgrade of the pump link' }).click();
    await wb.page.mouse.move(1150, 17);
    await wb.screenshot('matrix-threat-dragon-threats');
  });
});
