import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useWorkbench } from '../lib/mocha.js';
import { gridRows, openMatrix } from '../lib/matrixPanel.js';
import { waitUntil } from '../../shared/poll.js';
import type { Workbench } from '../lib/workbench.js';

const ACCEPTANCES = 'docs/risk/risk-acceptances.md';
const APPROVER = 'Dr. Helen Okafor, VP Clinical Safety and Risk Management';
/** How an approved acceptance's expiry reads on any day. */
const ANY_EXPIRY = '(expires today|expires in \\d+ days?|expired \\d+ days? ago)';
const FDA_CATEGORIES = [
  'Authentication',
  'Authorization',
  'Cryptography',
  'Code, Data and Execution Integrity',
  'Confidentiality',
  'Event Detection and Logging',
  'Resiliency and Recovery',
  'Updatability and Patchability',
];
const XSS = '<img src=x onerror=alert(1)>';

/** The 1-based line of a heading in the workspace copy of the acceptances. */
function headingLine(wb: Workbench, id: string): number {
  const lines = fs.readFileSync(path.join(wb.folder, ACCEPTANCES), 'utf8').split('\n');
  return lines.findIndex((line) => line.startsWith(`## ${id}:`)) + 1;
}

/** The lens over a risk acceptance, once it reads as `pattern` (the index rebuilds after a configuration change). */
async function lensOf(wb: Workbench, id: string, pattern: RegExp): Promise<string> {
  const lenses = await waitUntil(() => wb.editor.codeLenses(headingLine(wb, id)), (texts) => texts.some((text) => pattern.test(text)), {
    timeout: 30_000,
    interval: 500,
    message: (texts) => `the lens over ${id} reading ${pattern}; it shows ${JSON.stringify(texts)}`,
  });
  return lenses.find((text) => pattern.test(text))!;
}

describe('Residual-risk acceptances and FDA categories on the example project', function () {
  const workbench = useWorkbench('riskAndCategories');
  let configPath = '';
  let originalConfig = '';

  /** Writes jsp-trace.jsonc with extra settings, as a person saving it would (the index rebuilds). */
  const writeConfig = (settings: Record<string, unknown>) => {
    const extra = Object.entries(settings).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
    fs.writeFileSync(configPath, originalConfig.replace(/\n\}\s*$/, `,\n${extra.join(',\n')}\n}\n`));
  };

  before(function () {
    configPath = path.join(workbench().folder, 'jsp-trace.jsonc');
    originalConfig = fs.readFileSync(configPath, 'utf8');
  });

  after(function () {
    // The next spec file opens the same workspace copy.
    if (originalConfig) fs.writeFileSync(configPath, originalConfig);
  });

  it('shows over each acceptance what it accepts, its approval and its expiry, on whatever day it runs', async function () {
    const wb = workbench();
    // As the maintenance spec does: open the file once the folder is indexed. A lens asked for before then has
    // been seen never to come (the race is noted on the issue).
    await wb.statusBar.item(/JSP \d+\/\d+ verified/, 90_000);
    await wb.openFile(ACCEPTANCES, headingLine(wb, 'RA-1'));
    assert.equal(await lensOf(wb, 'RA-2', /^accepts/), 'accepts TM-9 · not approved');
    assert.match(await lensOf(wb, 'RA-1', /^accepts/), new RegExp(`^accepts TM-10 · approved by ${APPROVER} · ${ANY_EXPIRY}$`));
    assert.match(await lensOf(wb, 'RA-3', /^accepts/), new RegExp(`^accepts TM-10 · approved by ${APPROVER} · ${ANY_EXPIRY}$`));
    await wb.editor.goTo(1);
    await wb.screenshot('acceptance-lenses');
  });

  it('counts the days against the date the index checks, and reports an acceptance once that date passes its expiry', async function () {
    const wb = workbench();
    writeConfig({ today: '2026-11-28' });
    // Wait for the day count itself: until the index has reloaded the configuration, the lens counts from the
    // system date, which also says "expires in …" (and matches the fixed date only on 2026-11-28).
    assert.equal(await lensOf(wb, 'RA-1', /expires in 104 days/), `accepts TM-10 · approved by ${APPROVER} · expires in 104 days`);
    assert.equal(await lensOf(wb, 'RA-3', /expired 263 days ago/), `accepts TM-10 · approved by ${APPROVER} · expired 263 days ago`);
    writeConfig({ today: '2027-03-12' });
    assert.equal(await lensOf(wb, 'RA-1', /today/), `accepts TM-10 · approved by ${APPROVER} · expires today`);
    writeConfig({ today: '2027-03-13' });
    assert.equal(await lensOf(wb, 'RA-1', /expired 1 day ago/), `accepts TM-10 · approved by ${APPROVER} · expired 1 day ago`);
    await wb.problems.waitFor((p) => p.code === 'risk-acceptance-expired' && p.message.includes('RA-1'), 'risk-acceptance-expired about RA-1');
    await wb.editor.goTo(headingLine(wb, 'RA-1'));
    await wb.screenshot('acceptance-expired-a-day-later');
    writeConfig({ today: '2026-11-28' });
    await lensOf(wb, 'RA-1', /expires in 104 days/);
  });

  it('peeks the accepted threat when the lens is clicked', async function () {
    const wb = workbench();
    await lensOf(wb, 'RA-1', /^accepts TM-10/);
    await wb.page.locator('.codelens-decoration a', { hasText: /^accepts TM-10 · approved by/ }).first().click();
    const peek = wb.page.locator('.peekview-widget').filter({ visible: true }).first();
    await peek.waitFor({ timeout: 15_000 });
    await waitUntil(() => peek.locator('.peekview-title').innerText(), (title) => title.includes('threat-model.md'), {
      timeout: 15_000,
      message: (title) => `the peek shows threat-model.md; its title is ${title}`,
    });
    const preview = await peek.locator('.preview .view-lines').innerText();
    assert.match(preview.replace(/\u00a0/g, ' '), /TM-10/, 'the peek previews the definition of TM-10');
    await wb.screenshot('acceptance-lens-peek');
    await wb.page.keyboard.press('Escape');
    await peek.waitFor({ state: 'hidden' });
  });

  it("lists FDA's eight categories with their requirements and controls, and an empty one as a gap", async function () {
    const wb = workbench();
    // The matrix gets the window, as QA would give it.
    await wb.closeAllEditors();
    await wb.hidePanel();
    const frame = await openMatrix(wb);
    await frame.locator('vscode-tab-header', { hasText: 'Categories' }).click();
    await frame.locator('vscode-tab-panel:not([hidden]) .mheader', { hasText: 'FDA category' }).waitFor();
    const rows = await waitUntil(() => gridRows(frame), (shown) => shown.some((row) => row.group === 'No category'), {
      timeout: 30_000,
      message: (shown) => `the categories grid; it shows ${JSON.stringify(shown)}`,
    });
    const groups = [...new Set(rows.map((row) => row.group))];
    assert.deepEqual(groups, [...FDA_CATEGORIES, 'No category']);
    // The name shows on the first row of each category only, like merged cells.
    assert.deepEqual(rows.filter((row) => row.groupShown).map((row) => row.group), groups);
    const sr3 = rows.find((row) => row.id === 'SR-3');
    assert.equal(sr3?.group, 'Code, Data and Execution Integrity', 'SR-3 is listed under its category as FDA spells it');
    const confidentiality = rows.filter((row) => row.group === 'Confidentiality');
    assert.deepEqual(confidentiality.map(({ cells: _cells, ...row }) => row), [
      { group: 'Confidentiality', groupShown: true, id: '–', title: 'No requirement or control', status: 'untraced', gaps: ['Control category empty'] },
    ]);
    assert.ok(rows.some((row) => row.group === 'No category' && row.id === 'SR-9'), 'SR-9 ("Privacy") is in no FDA category');
    await frame.locator('vscode-tab-panel:not([hidden]) .mrow', { hasText: 'No requirement or control' }).click();
    await frame.locator('vscode-tab-panel:not([hidden]) .detail-head', { hasText: 'Confidentiality' }).waitFor();
    await wb.page.mouse.move(1150, 17);
    await wb.screenshot('matrix-categories');
  });

  it('shows the justification of an empty category from jsp-trace.jsonc, as text', async function () {
    const wb = workbench();
    const frame = wb.webview.frame();
    writeConfig({ categories: { Confidentiality: `${XSS} No PHI is stored or sent by the pump.` } });
    const rows = await waitUntil(() => gridRows(frame), (shown) => shown.some((row) => row.group === 'Confidentiality' && row.status === 'traced'), {
      timeout: 30_000,
      message: (shown) => `a justified Confidentiality row; the grid shows ${JSON.stringify((shown ?? []).filter((row) => row.group === 'Confidentiality'))}`,
    });
    const row = rows.find((candidate) => candidate.group === 'Confidentiality')!;
    assert.equal(row.title, `No requirement or control needed: ${XSS} No PHI is stored or sent by the pump.`);
    assert.deepEqual(row.gaps, []);
    assert.equal(await frame.locator('img').count(), 0, 'the justification is text, not markup');
    // The row lost its gap line: the rows below it move up, with no empty band left.
    const bands = await frame.locator('vscode-tab-panel:not([hidden]) .mbody').evaluate((body) => {
      const placed = [...body.querySelectorAll<HTMLElement>('.mrow')]
        .map((row) => ({ index: Number(row.getAttribute('aria-rowindex')), top: new DOMMatrix(row.style.transform).m42, height: parseFloat(row.style.height) }))
        .sort((a, b) => a.index - b.index);
      return placed.slice(1).filter((row, i) => row.index === placed[i]!.index + 1 && row.top !== placed[i]!.top + placed[i]!.height);
    });
    assert.deepEqual(bands, [], 'every row starts where the one above it ends');
    await wb.screenshot('matrix-category-justified');
  });
});
