import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { useWorkbench } from '../lib/mocha.js';
import { gridRows, openMatrix } from '../lib/matrixPanel.js';
import { formatProblem, type Problem } from '../lib/problems.js';
import { waitUntil } from '../../shared/poll.js';
import type { Workbench } from '../lib/workbench.js';

const REGISTER = 'docs/maintenance/vulnerability-register.md';
const SBOM = 'sbom/pumplink.cdx.json';
const LOCKFILE = 'app/package-lock.json';
const DEBIAN = 'pkg:generic/debian@11.11';
/** The 11 components of the example's SBOM; the product it describes (`pumplink`) is not one of them. */
const COMPONENT_COUNT = 11;

/** The 1-based line of a record's heading in the workspace copy of the register. */
function headingLine(wb: Workbench, id: string): number {
  const lines = fs.readFileSync(path.join(wb.folder, REGISTER), 'utf8').split('\n');
  return lines.findIndex((line) => line.startsWith(`## ${id}:`)) + 1;
}

/** Shows a tab of the matrix and waits for its header to have a column. */
async function showTab(frame: FrameLocator, tab: string, column: string): Promise<void> {
  await frame.locator('vscode-tab-header', { hasText: tab }).click();
  await frame.locator('vscode-tab-panel:not([hidden]) .mheader', { hasText: column }).waitFor();
}

describe('Maintenance evidence on the example project', function () {
  const workbench = useWorkbench('maintenance');

  it('shows over VULN-3 that it is open, when it was communicated, and how overdue its patch is, on whatever day it runs', async function () {
    const wb = workbench();
    const line = headingLine(wb, 'VULN-3');
    // The status bar item says the index is built.
    await wb.statusBar.item(/JSP \d+\/\d+ verified/, 60_000);
    await wb.openFile(REGISTER, line);
    // The patch was due on 2026-10-31: on any later day it is overdue, by more days each day.
    const pattern = /^open · communicated 2026-09-15 · patch overdue by \d+ days?$/;
    const lenses = await waitUntil(() => wb.editor.codeLenses(line), (texts) => texts.some((text) => pattern.test(text)), {
      timeout: 30_000,
      interval: 500,
      message: (texts) => `the lens over VULN-3 reading ${pattern}; it shows ${JSON.stringify(texts)}`,
    });
    const lens = lenses.find((text) => pattern.test(text))!;
    const days = Number(/by (\d+) day/.exec(lens)![1]);
    const now = new Date();
    const expected = Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) - Date.UTC(2026, 9, 31)) / 86_400_000);
    assert.ok(Math.abs(days - expected) <= 1, `overdue by the days since 2026-10-31 (${expected}, give or take midnight), not ${days}`);
    await wb.editor.goTo(line - 6);
    await wb.screenshot('vulnerability-lens');
  });

  it('lists the ended component at its SBOM line and the drifted package at its lockfile line in the Problems panel', async function () {
    const wb = workbench();
    const ended = (p: Problem) => p.source === 'jsp-trace' && p.code === 'component-end-of-support' && p.path === SBOM && p.line === 104;
    const drift = (p: Problem) => p.source === 'jsp-trace' && p.code === 'sbom-drift' && p.path === LOCKFILE && p.line === 38;
    const rows = await wb.problems.waitFor((p) => ended(p), `component-end-of-support at ${SBOM}:104`);
    const debian = rows.find(ended)!;
    assert.match(debian.message, /SBOM component debian 11\.11 is no longer supported: its support ended on 2026-08-31/, formatProblem(debian));
    const all = await wb.problems.waitFor(drift, `sbom-drift at ${LOCKFILE}:38`);
    assert.match(all.find(drift)!.message, /^jwt-decode 4\.0\.0 is pinned here, but no SBOM lists it/);
    // What a person does next: narrow the list to the SBOM's findings and open the ended component.
    await wb.problems.filter('SBOM');
    await wb.openFile(SBOM, 104);
    await wb.problems.open();
    await wb.screenshot('problems-sbom-findings');
    await wb.openFile(LOCKFILE, 38);
    await wb.problems.open();
    await wb.screenshot('problems-sbom-drift-in-lockfile');
    await wb.problems.filter('');
  });

  it('lists the components in the matrix, Debian 11.11 untraced with its end of support', async function () {
    const wb = workbench();
    await wb.closeAllEditors();
    await wb.hidePanel();
    const frame = await openMatrix(wb);
    await showTab(frame, 'Components', 'End of support');
    const rows = await waitUntil(() => gridRows(frame), (shown) => shown.length === COMPONENT_COUNT, {
      timeout: 30_000,
      message: (shown) => `the ${COMPONENT_COUNT} components; the grid shows ${JSON.stringify(shown?.map((row) => row.id))}`,
    });
    assert.ok(!rows.some((row) => row.id === 'pumplink'), 'the product the SBOM describes is not a row');
    const debian = rows.find((row) => row.id === DEBIAN);
    assert.deepEqual(debian, {
      id: DEBIAN,
      title: 'debian 11.11',
      status: 'untraced',
      gaps: [],
      group: '',
      groupShown: false,
      cells: {
        'Level of support': ['actively maintained'],
        'End of support': ['ended 2026-08-31'],
        'Affected by': ['–'],
        // The rule's gap shows in the column of the decision it asks for.
        'Resolved or accepted by': ['missing'],
      },
    });
    const freeRtos = rows.find((row) => row.id.startsWith('pkg:github/FreeRTOS/'));
    assert.equal(freeRtos?.status, 'untraced');
    assert.deepEqual(freeRtos?.cells['Level of support'], ['unknown ("community")']);
    assert.deepEqual(freeRtos?.gaps, ['Component support unknown']);
    assert.deepEqual(
      rows.filter((row) => row.status === 'untraced').map((row) => row.title),
      ['debian 11.11', 'FreeRTOS-Kernel 11.1.0'],
      'only the components a rule reports are untraced',
    );
    await frame.locator('vscode-tab-panel:not([hidden]) .mrow', { hasText: 'debian 11.11' }).locator('.mcell.title').click();
    await frame.locator('vscode-tab-panel:not([hidden]) .detail-head', { hasText: DEBIAN }).waitFor();
    await wb.page.mouse.move(1150, 17);
    await wb.screenshot('matrix-components');
  });

  it('shows severity, triage and clocks in the Vulnerabilities view, and sorts by days left on the clocks', async function () {
    const wb = workbench();
    const frame = wb.webview.frame();
    await showTab(frame, 'Vulnerabilities', 'Clocks');
    await frame.locator('vscode-tab-panel:not([hidden]) .mheader button', { hasText: /^Clocks/ }).click();
    const rows = await waitUntil(() => gridRows(frame), (shown) => shown[0]?.id === 'VULN-3', {
      timeout: 30_000,
      message: (shown) => `VULN-3 first when sorted by its clocks; the grid shows ${JSON.stringify(shown?.map((row) => row.id))}`,
    });
    const [vuln3] = rows;
    assert.deepEqual(vuln3!.cells['Triage'], ['critical', 'open']);
    assert.equal(vuln3!.cells['Clocks']!.length, 2);
    assert.equal(vuln3!.cells['Clocks']![0], 'communicated 2026-09-15');
    assert.match(vuln3!.cells['Clocks']![1]!, /^patch overdue by \d+ days?$/);
    assert.deepEqual(rows.find((row) => row.id === 'VULN-2')?.cells['Clocks'], ['communicated 10 days late', 'patched 2026-11-10']);
    assert.deepEqual(rows.find((row) => row.id === 'VULN-4')?.cells['Triage'], ['low', 'not triaged', 'not on the clock']);
    // Only VULN-3 has a clock still running, so it comes first; the rows without one follow by ID.
    assert.deepEqual(rows.map((row) => row.id), ['VULN-3', 'CVE-2026-21001', 'CVE-2026-21877', 'VULN-1', 'VULN-2', 'VULN-4']);
    await frame.locator('vscode-tab-panel:not([hidden]) .mrow', { hasText: 'VULN-3' }).locator('.mcell.title').click();
    await frame.locator('vscode-tab-panel:not([hidden]) .detail-head', { hasText: 'VULN-3' }).waitFor();
    await wb.page.mouse.move(1150, 17);
    await wb.screenshot('matrix-vulnerability-clocks');
  });

  it('fills the Maintenance phase: plan, SBOM, components with their support known, vulnerabilities on time', async function () {
    const wb = workbench();
    const frame = wb.webview.frame();
    await frame.locator('vscode-tab-header', { hasText: 'JSP phases' }).click();
    const maintenance = frame.locator('.phase-maintenance');
    await maintenance.waitFor();
    assert.deepEqual(await maintenance.locator('.output-name').allInnerTexts(), ['Maintenance plan', 'SBOM', 'SBOM components', 'Vulnerability records']);
    const outputs = (await maintenance.locator('.output').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    assert.match(outputs[0]!, /1 found docs\/concept\/maintenance-plan\.md$/);
    assert.match(outputs[2]!, /11 found 10\/11 with their level and end of support known/);
    assert.match(outputs[3]!, /4 found 0\/2 on the clock, communicated and patched on time/);
    await maintenance.scrollIntoViewIfNeeded();
    await wb.page.mouse.move(1150, 17);
    await wb.screenshot('matrix-phases-maintenance');
  });
});
