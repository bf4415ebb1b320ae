import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { e2eEnv } from '../lib/env.js';
import { useWorkbench } from '../lib/mocha.js';
import { MATRIX_TITLE } from '../lib/matrixPanel.js';
import { waitUntil } from '../../shared/poll.js';

const CONTROLS = 'docs/design/security-controls.md';
const REQUIREMENTS = 'docs/design/security-requirements.md';
const COMMAND = 'JSP Trace: Compare with Branch…';

/** The workspace copy as a git repository: everything committed on `main`, then a change left in the working tree. */
function makeRepository(workspace: string, originals: Map<string, string>): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=E2E', ...args], { cwd: workspace, encoding: 'utf8' });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '.');
  git('commit', '--quiet', '-m', 'base');
  git('branch', 'release/1.0');
  for (const file of [CONTROLS, REQUIREMENTS]) {
    originals.set(file, fs.readFileSync(path.join(workspace, file), 'utf8'));
  }
  // Fixed: SC-3 mitigates TM-9 instead of the unknown TM-42 (two gaps go: the unknown reference and TM-9 unmitigated).
  fs.writeFileSync(path.join(workspace, CONTROLS), originals.get(CONTROLS)!.replace('- Mitigates: TM-42', '- Mitigates: TM-9'));
  // New: SR-15, derived but neither implemented nor verified (two new gaps).
  fs.writeFileSync(path.join(workspace, REQUIREMENTS), `${originals.get(REQUIREMENTS)!.trimEnd()}\n\n## SR-15: Keypad lock after idle\n\nDerives from: SO-1\n\nThe keypad locks after two idle minutes.\n`);
}

describe('Compare with Branch on the example project committed to git', function () {
  const originals = new Map<string, string>();
  // Registered before useWorkbench's hook: the workspace is a repository with a change when VS Code opens it.
  before(function () {
    makeRepository(e2eEnv().workspace, originals);
  });
  const workbench = useWorkbench('compare');

  after(function () {
    const workspace = e2eEnv().workspace;
    for (const [file, text] of originals) {
      fs.writeFileSync(path.join(workspace, file), text);
    }
    fs.rmSync(path.join(workspace, '.git'), { recursive: true, force: true });
  });

  it('offers the branches, and the status bar then counts the new and fixed gaps against the one picked', async function () {
    const wb = workbench();
    const before = await wb.statusBar.item(/JSP \d+\/\d+ verified/, 60_000);
    assert.doesNotMatch(before.text, /vs main/);
    await wb.openQuickInput('F1');
    await wb.fillQuickInput(`>${COMMAND}`);
    await wb.pickQuickInputRow(COMMAND, { closes: false });
    const labels = await waitUntil(() => wb.quickInputLabels(), (shown) => shown.some((label) => label.includes('main')), { timeout: 30_000, message: (shown) => `the branches in the pick; it shows ${JSON.stringify(shown)}` });
    assert.ok(labels.some((label) => label.includes('release/1.0')), `both branches: ${labels.join(' | ')}`);
    assert.ok(!labels.some((label) => label.includes('Stop Comparing')), 'no "Stop Comparing" before a comparison is on');
    assert.ok(!labels.some((label) => label.includes('Merge base')), 'no merge base without an upstream');
    await wb.screenshot('ref-pick');
    await wb.pickQuickInputRow(/^\S*\s*main$/);
    const item = await wb.statusBar.item(/vs main/, 60_000);
    assert.match(item.text, /JSP \d+\/\d+ verified.* · \+2 gaps, 2 fixed vs main$/);
    await wb.page.locator(`[id="${item.id}"]`).hover();
    const tooltip = await wb.page.locator('.monaco-hover').filter({ hasText: 'Compared with main' }).first().innerText({ timeout: 30_000 });
    assert.match(tooltip, /2 new gaps · \d+ unchanged · 2 fixed/);
    assert.match(tooltip, /requirements implemented (\d+)\/(\d+) → \1\/\d+ ▼/);
    assert.match(tooltip, /threats mitigated or accepted \d+\/\d+ → \d+\/\d+ ▲/);
    await wb.screenshot('status-bar-tooltip');
  });

  it('lists the new gaps and the fixed ones in the trace view, a new one opening where it is', async function () {
    const wb = workbench();
    await wb.page.mouse.move(600, 300);
    await wb.runCommand('Explorer: Focus on JSP Traceability View');
    const pane = wb.page.locator('.pane:has(.pane-header[aria-label*="JSP Traceability"])');
    const rows = pane.locator('.monaco-list-row');
    const labels = () => rows.evaluateAll((all) => all.map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim()));
    const shown = await waitUntil(labels, (now) => now.some((label) => label.startsWith('Fixed gaps')), { timeout: 30_000, message: (now) => `the comparison in the tree: ${JSON.stringify(now)}` });
    const at = (prefix: string) => shown.findIndex((label) => label.startsWith(prefix));
    assert.ok(at('Compared with main') === 0, `the comparison comes first: ${shown.join(' | ')}`);
    assert.ok(at('New gaps') < at('SR-15: Requirement not implemented') && at('SR-15: Requirement not verified') < at('Fixed gaps'), shown.join(' | '));
    assert.ok(shown.includes('Fixed gaps2') && at('TM-42: Unknown reference') > at('Fixed gaps'), shown.join(' | '));
    await wb.screenshot('trace-tree-compared');
    await rows.filter({ hasText: 'SR-15: Requirement not implemented' }).first().click();
    await wb.page.locator('.tab.active[aria-label*="security-requirements.md"]').waitFor({ timeout: 30_000 });
    // The tab is active before the editor has drawn the revealed line.
    await waitUntil(() => wb.editor.visibleLines(), (lines) => lines.some((line) => line.startsWith('## SR-15')), {
      timeout: 15_000,
      message: (lines) => `the editor showing SR-15; it shows ${JSON.stringify(lines?.slice(0, 5))}`,
    });
  });

  it("shows each measure's move on the matrix's coverage cards and marks the rows whose gaps are new", async function () {
    const wb = workbench();
    await wb.closeAllEditors();
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    await wb.runCommand(`JSP Trace: Open ${MATRIX_TITLE}`);
    await wb.webview.waitFor('.mbody .mrow', { title: MATRIX_TITLE, timeout: 60_000 });
    const frame = wb.webview.frame();
    await frame.locator('[data-figure="mitigated"] .figure-change').waitFor({ timeout: 30_000 });
    const change = async (key: string) => (await frame.locator(`[data-figure="${key}"] .figure-change`).innerText()).trim();
    assert.match(await change('mitigated'), /^▲ \d+\/\d+ at main$/);
    assert.match(await change('implemented'), /^▼ \d+\/\d+ at main$/);
    // The grid renders only the rows in view: SR-15 is the last one.
    await frame.locator('vscode-tab-panel:not([hidden]) .mgrid').evaluate((grid) => (grid.scrollTop = grid.scrollHeight));
    await frame.locator('.mrow.new-gap-row').waitFor({ timeout: 10_000 });
    const marked = await frame.locator('.mrow.new-gap-row .item-id').allInnerTexts();
    assert.deepEqual(marked.map((id) => id.trim()), ['SR-15']);
    assert.equal((await frame.locator('.mrow.new-gap-row .new-gap').innerText()).trim(), 'new');
    await wb.screenshot('matrix-compared');

    // Stopping clears every surface.
    await wb.openQuickInput('F1');
    await wb.fillQuickInput(`>${COMMAND}`);
    await wb.pickQuickInputRow(COMMAND, { closes: false });
    // Typed and chosen with Enter: the rows move while the pick replaces the palette.
    await waitUntil(() => wb.quickInputLabels(), (shown) => shown.some((label) => label.includes('Stop Comparing')), { timeout: 30_000, message: 'a "Stop Comparing" row' });
    await wb.fillQuickInput('Stop Comparing');
    await wb.page.keyboard.press('Enter');
    await frame.locator('.figure-change').first().waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await frame.locator('.mrow.new-gap-row').count(), 0);
    await waitUntil(() => wb.statusBar.item(/JSP \d+\/\d+ verified/), (now) => !now.text.includes('vs main'), { timeout: 30_000, message: 'the status bar without the comparison' });
  });
});
