import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { e2eEnv } from '../lib/env.js';
import { useWorkbench } from '../lib/mocha.js';
import { MATRIX_TITLE, choose, openMatrix, shownRows } from '../lib/matrixPanel.js';
import { waitUntil } from '../../shared/poll.js';
import type { Workbench } from '../lib/workbench.js';

interface CheckReport {
  summary: {
    items: Record<string, number>;
    requirements: { total: number; derived: number; implemented: number; verified: number; passing: number };
    threats: { total: number; mitigated: number; accepted: number };
    byRule: Record<string, number>;
  };
  findings: { rule: string; item: string }[];
}

interface MatrixReport {
  rows: { id: string; title: string; status: 'traced' | 'untraced'; location: { path: string; range: { start: { line: number } } }; cells: Record<string, { id?: string; location?: { path: string; range: { start: { line: number; character: number } } } }[]> }[];
}

/** Runs the CLI on the workspace folder the editor has open: the panel must show the same. */
function cli<T>(...args: string[]): T {
  const env = e2eEnv();
  const stdout = execFileSync(process.execPath, [path.join(env.repo, 'bin/jsp-trace.js'), ...args], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout.toString()) as T;
}
const check = () => cli<CheckReport>('check', e2eEnv().workspace, '--format', 'json', '--fail-on', 'never');
const matrix = () => cli<MatrixReport>('matrix', e2eEnv().workspace, '--format', 'json', '--view', 'requirements');

const TITLE = MATRIX_TITLE;
const XSS_TITLE = '<img src=x onerror=alert(1)>';
const XSS_FILE = 'docs/design/injected-requirement.md';

/** Brings the panel's tab to the front and moves the mouse off the tab strip (no tooltip in screenshots). */
async function focusPanel(wb: Workbench): Promise<void> {
  await wb.page.locator(`.tabs-container .tab[aria-label*="${TITLE}"]`).first().click();
  await wb.page.mouse.move(1150, 17);
}

/** Picks a colour theme with "Preferences: Color Theme", as a user does, and waits for the webview to follow. */
async function setTheme(wb: Workbench, theme: string, bodyClass: string): Promise<void> {
  await wb.dismissQuickInput();
  await wb.page.keyboard.press('F1');
  await wb.fillQuickInput('>Preferences: Color Theme');
  await wb.pickQuickInputRow('Preferences: Color Theme', { closes: false });
  await wb.fillQuickInput(theme);
  await wb.pickQuickInputRow(theme);
  await wb.webview.frame().locator(`body.${bodyClass}`).waitFor({ timeout: 30_000 });
  await wb.page.waitForTimeout(500); // the theme's colours reach the webview with the class; let them paint
}

describe('The traceability matrix panel on the example project', function () {
  const workbench = useWorkbench('matrix');

  after(function () {
    fs.rmSync(path.join(e2eEnv().workspace, XSS_FILE), { force: true });
  });

  it('shows the requirements and the coverage that `jsp-trace check` reports', async function () {
    const wb = workbench();
    const frame = await openMatrix(wb);
    const report = check();
    const expected = matrix().rows;
    const rows = await waitUntil(() => shownRows(frame), (shown) => shown.length === expected.length, {
      timeout: 30_000,
      message: (shown) => `${expected.length} requirement rows; the grid shows ${JSON.stringify(shown)}`,
    });
    assert.equal(rows.length, report.summary.items['requirement']);
    // The grid scrolls inside the panel (so it renders only the rows in view), rather than growing the page.
    const heights = await frame.locator('vscode-tab-panel:not([hidden]) .mgrid').evaluate((grid) => ({ grid: grid.clientHeight, content: grid.scrollHeight, page: document.documentElement.clientHeight }));
    assert.ok(heights.grid < heights.page && heights.grid < heights.content, `the grid is a scrolling viewport: ${JSON.stringify(heights)}`);
    assert.deepEqual(rows, expected.map((row) => ({ id: row.id, title: row.title, status: row.status })));

    const figure = async (key: string) => (await frame.locator(`[data-figure="${key}"] .figure-value`).innerText()).trim();
    const { requirements, threats, byRule } = report.summary;
    assert.equal(await figure('derived'), `${requirements.derived}/${requirements.total}`);
    assert.equal(await figure('implemented'), `${requirements.implemented}/${requirements.total}`);
    assert.equal(await figure('verified'), `${requirements.verified}/${requirements.total}`);
    assert.equal(await figure('mitigated'), `${threats.mitigated + threats.accepted}/${threats.total}`);
    assert.equal(await figure('passing'), `${requirements.passing}/${requirements.total}`);
    const percent = (await frame.locator('[data-figure="implemented"] .figure-percent').innerText()).trim();
    assert.equal(percent, `${Math.round((requirements.implemented / requirements.total) * 100)}%`);
    for (const [rule, count] of Object.entries(byRule)) {
      if (rule.startsWith('oft-')) {
        // OpenFastTrace's rules are listed only where the folder has OpenFastTrace items; the example has none.
        assert.equal(await frame.locator(`[data-rule="${rule}"]`).count(), 0, `${rule} is not listed`);
        continue;
      }
      assert.equal((await frame.locator(`[data-rule="${rule}"] vscode-badge`).innerText()).trim(), String(count), `findings of ${rule}`);
    }
    await wb.screenshot('matrix-requirements');
  });

  it('filters to exactly the untraced requirements', async function () {
    const wb = workbench();
    const frame = wb.webview.frame();
    const expected = matrix().rows.filter((row) => row.status === 'untraced').map((row) => row.id);
    // The same set from the findings: a requirement is untraced when a requirement-not-* rule reports it.
    const fromFindings = [...new Set(check().findings.filter((f) => f.rule.startsWith('requirement-not-')).map((f) => f.item))];
    assert.deepEqual([...fromFindings].sort(), [...expected].sort());
    assert.ok(expected.length > 0, 'the example has untraced requirements');

    await choose(frame, 'Status', 'Untraced');
    const rows = await waitUntil(() => shownRows(frame), (shown) => shown.length === expected.length, {
      timeout: 10_000,
      message: (shown) => `the untraced requirements ${expected.join(', ')}; shown: ${JSON.stringify(shown)}`,
    });
    assert.deepEqual(rows.map((row) => row.id), expected);
    assert.ok(rows.every((row) => row.status === 'untraced'));
    const total = matrix().rows.length;
    assert.equal((await frame.locator('vscode-tab-panel:not([hidden]) .count').innerText()).trim(), `${expected.length} of ${total} rows`);
    await wb.screenshot('matrix-untraced');
    await choose(frame, 'Status', 'All statuses');
    await waitUntil(() => shownRows(frame), (shown) => shown.length === total, { timeout: 10_000, message: 'all rows again' });
  });

  it('opens an implementation at its file and line', async function () {
    const wb = workbench();
    const frame = wb.webview.frame();
    const row = matrix().rows.find((candidate) => (candidate.cells['implementedBy'] ?? []).some((entry) => entry.id === undefined && entry.location));
    assert.ok(row, 'a requirement implemented in code');
    const entry = row.cells['implementedBy']!.find((candidate) => candidate.id === undefined && candidate.location)!;
    const { path: file, range } = entry.location! as { path: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
    const label = `${file}:${range.start.line + 1}`;
    const rowLocator = frame.locator('vscode-tab-panel:not([hidden]) .mbody .mrow', { has: frame.locator('.item-id', { hasText: new RegExp(`^${row.id}$`) }) });
    // The cell shows the file name and line; the tooltip has the whole path.
    const link = rowLocator.locator(`button.link.code[title="Open ${label}"]`).first();
    assert.equal((await link.innerText()).trim(), `${path.posix.basename(file)}:${range.start.line + 1}`);
    await link.click();
    await wb.page.locator(`.tabs-container .tab.active[aria-label*="${path.posix.basename(file)}"]`).first().waitFor();
    // The exact range is selected (the ID in the annotation): the cursor is at its end.
    await wb.editor.waitForCursor(range.end.line + 1, range.end.character + 1);
    const selection = await wb.page.locator('#status\\.editor\\.selection').innerText();
    assert.match(selection, new RegExp(`\\(${range.end.character - range.start.character} selected\\)`), `the ID is selected: ${selection}`);
    await wb.screenshot('matrix-opened-implementation');
    const lines = await wb.editor.visibleLines();
    assert.ok(lines.some((line) => line.includes(`@implements`) && line.includes(row.id)), `the editor shows the @implements ${row.id} annotation`);
  });

  it('follows the editor: moving the cursor into a requirement selects it, when "Follow editor" is on', async function () {
    const wb = workbench();
    const frame = wb.webview.frame();
    const [first, second] = matrix().rows;
    await frame.locator('vscode-checkbox[label="Follow editor"]').click();
    // Open the first requirement from the panel: the document opens beside it, at the heading.
    await frame.locator('.mbody .mrow .item-id', { hasText: new RegExp(`^${first!.id}$`) }).click();
    await wb.page.locator(`.tabs-container .tab.active[aria-label*="${path.posix.basename(first!.location.path)}"]`).first().waitFor();
    // Go to the second requirement's heading and move the cursor there with the keyboard, as a person does.
    await wb.editor.goTo(second!.location.range.start.line + 1, 1);
    await wb.page.keyboard.press('End');
    const detail = frame.locator('vscode-tab-panel:not([hidden]) .detail-head .item-id');
    await waitUntil(() => detail.innerText(), (text) => text.trim() === second!.id, { timeout: 10_000, message: (text) => `the panel selects ${second!.id}; it shows ${text}` });
    await wb.screenshot('matrix-follows-editor');
    await frame.locator('vscode-checkbox[label="Follow editor"]').click();
    // Give the panel its room back for the next tests.
    await focusPanel(wb);
    await wb.runCommand('View: Close Editors in Other Groups');
  });

  it('updates live when a file is written, keeps the filter, and shows an HTML-like title as text', async function () {
    const wb = workbench();
    await focusPanel(wb);
    const frame = wb.webview.frame();
    await frame.locator('.mbody .mrow').first().waitFor();
    await choose(frame, 'Status', 'Untraced');
    const before = (await shownRows(frame)).length;

    const written = Date.now();
    // SR-900 is not used anywhere in the example, so the new file adds one untraced requirement and nothing else.
    fs.writeFileSync(path.join(e2eEnv().workspace, XSS_FILE), `# Injected\n\n## SR-900: ${XSS_TITLE}\n\nA requirement whose title looks like HTML.\n`);
    const rows = await waitUntil(() => shownRows(frame), (shown) => shown.some((row) => row.id === 'SR-900'), {
      timeout: 15_000,
      interval: 100,
      message: (shown) => `SR-900 in the untraced rows; shown: ${JSON.stringify(shown)}`,
    });
    const latency = Date.now() - written;
    console.log(`      (the panel showed the new requirement ${latency} ms after the file was written)`);
    assert.equal(rows.length, before + 1, 'the status filter stayed on "untraced" through the update');
    assert.equal(rows.find((row) => row.id === 'SR-900')!.title, XSS_TITLE);

    // Select it: the detail pane and the neighbourhood graph show the title as text too.
    await frame.locator('.mbody .mrow', { has: frame.locator('.item-id', { hasText: /^SR-900$/ }) }).locator('.mcell.title').click();
    assert.equal((await frame.locator('vscode-tab-panel:not([hidden]) .detail-title').innerText()).trim(), XSS_TITLE);
    const graphText = await frame.locator('vscode-tab-panel:not([hidden]) svg.neighbourhood').textContent();
    assert.ok(graphText?.includes(XSS_TITLE), `the graph node shows the title: ${graphText}`);
    assert.equal(await frame.locator('img').count(), 0, 'no <img> element was created from the title');
    await wb.page.waitForTimeout(500);
    const ran = wb.consoleLines.filter((line) => /alert|onerror|Refused to execute/i.test(line));
    assert.deepEqual(ran, [], 'nothing ran and nothing was blocked');
    await frame.locator('vscode-tab-panel:not([hidden]) .detail-title').scrollIntoViewIfNeeded();
    await wb.screenshot('matrix-html-title-as-text');
    await choose(frame, 'Status', 'All statuses');
  });

  it('keeps its filter when hidden and shown again', async function () {
    const wb = workbench();
    let frame = wb.webview.frame();
    await choose(frame, 'Status', 'Untraced');
    const filtered = await shownRows(frame);
    // Open a file in the panel's editor group: the panel is hidden (and its webview destroyed).
    await focusPanel(wb);
    await wb.openFile('docs/design/threat-model.md');
    await wb.page.locator('iframe.webview').filter({ visible: true }).waitFor({ state: 'hidden' });
    await focusPanel(wb);
    frame = wb.webview.frame();
    await frame.locator('.mbody .mrow').first().waitFor();
    const restored = await waitUntil(() => shownRows(frame), (shown) => shown.length === filtered.length, {
      timeout: 10_000,
      message: (shown) => `${filtered.length} rows after showing the panel again; shown: ${JSON.stringify(shown)}`,
    });
    assert.deepEqual(restored, filtered);
    await choose(frame, 'Status', 'All statuses');
  });

  it('keeps its view and filter across a window reload', async function () {
    const wb = workbench();
    let frame = wb.webview.frame();
    await choose(frame, 'Status', 'Untraced');
    const filtered = await shownRows(frame);
    const reloaded = wb.page.waitForEvent('load');
    await wb.runCommand('Developer: Reload Window');
    await reloaded;
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The serializer restores the panel; its webview state brings back the filter.
    await wb.webview.waitFor('.mbody .mrow', { title: TITLE, timeout: 60_000 });
    frame = wb.webview.frame();
    const restored = await waitUntil(() => shownRows(frame), (shown) => shown.length === filtered.length, {
      timeout: 20_000,
      message: (shown) => `${filtered.length} rows after the reload; shown: ${JSON.stringify(shown)}`,
    });
    await wb.screenshot('matrix-after-reload');
    assert.deepEqual(restored, filtered);
    await choose(frame, 'Status', 'All statuses');
    // The first index wrote the extraction cache to the workspace storage; the one after the reload reads it.
    await wb.output.show('JSP Trace');
    const line = await wb.output.waitForLine(/Index complete:.*Markdown documents: \d+ from the cache/);
    const [, fromCache, parsed] = /Markdown documents: (\d+) from the cache, (\d+) parsed/.exec(line) ?? [];
    assert.ok(Number(fromCache) > 0, `documents from the cache after the reload (${parsed} parsed); the log says: ${line}`);
  });

  it('exports the view with the same exporter as the CLI', async function () {
    const wb = workbench();
    const frame = wb.webview.frame();
    const target = path.join(e2eEnv().workspace, 'traceability-requirements.csv');
    fs.rmSync(target, { force: true });
    await frame.locator('vscode-button[data-export="csv"]').click();
    // VS Code's own save dialog (a quick input in the browser) proposes the file in the folder.
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await waitUntil(() => input.inputValue(), (value) => value.endsWith('/traceability-requirements.csv'), {
      timeout: 10_000,
      message: (value) => `the save dialog proposes traceability-requirements.csv; it shows ${value}`,
    });
    await wb.screenshot('matrix-export-dialog');
    await wb.page.keyboard.press('Enter');
    await waitUntil(async () => fs.existsSync(target), (exists) => exists, { timeout: 15_000, message: `${target} is written` });
    await wb.page.locator('.notifications-toasts', { hasText: 'Exported the security requirements matrix' }).first().waitFor();
    await wb.screenshot('matrix-exported');
    const env = e2eEnv();
    const cliCsv = execFileSync(process.execPath, [path.join(env.repo, 'bin/jsp-trace.js'), 'matrix', env.workspace, '--format', 'csv', '--view', 'requirements']).toString();
    assert.equal(fs.readFileSync(target, 'utf8'), cliCsv);
    fs.rmSync(target, { force: true });
    await wb.runCommand('Notifications: Clear All Notifications');
  });

  it('shows the JSP phases and the neighbourhood in dark, light and high contrast themes', async function () {
    const wb = workbench();
    const frame = wb.webview.frame();
    await frame.locator('.mbody .mrow').first().waitFor();
    const first = matrix().rows.find((row) => row.status === 'traced')!;
    await frame.locator('.mbody .mrow', { has: frame.locator('.item-id', { hasText: new RegExp(`^${first.id}$`) }) }).locator('.mcell.title').click();
    await frame.locator('vscode-tab-panel:not([hidden]) svg.neighbourhood').waitFor();
    await wb.page.mouse.move(1150, 17);
    await setTheme(wb, 'Dark Modern', 'vscode-dark');
    await wb.screenshot('matrix-dark');
    await setTheme(wb, 'Light Modern', 'vscode-light');
    await wb.screenshot('matrix-light');
    await setTheme(wb, 'Dark High Contrast', 'vscode-high-contrast');
    await wb.screenshot('matrix-high-contrast');

    await frame.locator('vscode-tab-header', { hasText: 'JSP phases' }).click();
    const phases = await frame.locator('.phase h2').allInnerTexts();
    assert.deepEqual(phases.map((text) => text.trim()), ['Concept', 'Design & Development', 'Verification & Validation', 'Maintenance']);
    await setTheme(wb, 'Light Modern', 'vscode-light');
    await wb.screenshot('matrix-phases-light');
    await setTheme(wb, 'Dark Modern', 'vscode-dark');
    await wb.screenshot('matrix-phases-dark');
    await frame.locator('vscode-tab-header', { hasText: 'Requirements' }).click();
  });
});
