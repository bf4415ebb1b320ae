import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useWorkbench } from '../lib/mocha.js';
import type { Problem } from '../lib/problems.js';
import type { Workbench } from '../lib/workbench.js';
import { waitUntil } from '../../shared/poll.js';

// The fixture (test/e2e/fixtures/duplicate-id): SR-3 is defined in docs/legacy.md (first by path, line 5)
// and in docs/requirements.md (line 11); three annotations name SR-3; the threats are rows of a table.
const LEGACY_SR3 = 5;
const CURRENT_SR3 = 11;
const CURRENT_HEADING = '## SR-3: Lock the pump after ten idle minutes';
const BOTH_TITLES = 'Legacy session timeout / Lock the pump after ten idle minutes (defined 2×)';

const isDuplicate = (p: Problem) => p.source === 'jsp-trace' && p.code === 'duplicate-id';

/** The text of the notification toast that contains `text`, once it shows. */
async function notification(wb: Workbench, text: string): Promise<string> {
  const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  return (await toast.innerText()).replace(/\s+/g, ' ').trim();
}

async function clearNotifications(wb: Workbench): Promise<void> {
  await wb.runCommand('Notifications: Clear All Notifications');
}

/** Renames the ID under the cursor with F2, typing `newName` into the rename box and pressing Enter. */
async function renameAt(wb: Workbench, line: number, column: number, newName: string): Promise<void> {
  await wb.editor.goTo(line, column);
  await wb.page.keyboard.press('F2');
  const input = wb.page.locator('.rename-box input, .rename-box textarea').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await waitUntil(() => input.inputValue(), (value) => value === 'SR-3', { timeout: 10_000, message: 'the rename box to offer SR-3' });
  await input.fill(newName);
  await wb.page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}

/** The rows (label and description) of the completion list at a position after typing `type`. */
async function completionRows(wb: Workbench, line: number, column: number, type: string): Promise<string[]> {
  await wb.editor.goTo(line, column);
  await wb.page.keyboard.type(type);
  await wb.page.keyboard.press('Control+Space');
  const rows = wb.page.locator('.suggest-widget.visible .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
  const texts = await rows.evaluateAll((all) => all.map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim()));
  await wb.page.keyboard.press('Escape');
  return texts;
}

/** Labels of the quick pick opened by a key after typing a query: Go to Symbol in Editor or Workspace. */
async function symbolPick(wb: Workbench, key: string, query: string, expect: RegExp): Promise<string[]> {
  await wb.openQuickInput(key);
  await wb.fillQuickInput(query);
  await waitUntil(() => wb.quickInputLabels(), (now) => now.some((label) => expect.test(label)), {
    timeout: 30_000,
    message: (now) => `a row matching ${expect} among [${(now ?? []).join(' | ')}]`,
  });
  // Give the slower provider (the Markdown language server) its time, then read the settled list.
  await wb.page.waitForTimeout(1500);
  return wb.quickInputLabels();
}

async function revertActiveEditor(wb: Workbench): Promise<void> {
  await wb.runCommand('File: Revert File');
  await wb.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
}

describe('What a user trips over in the editor (issue 13)', function () {
  const workbench = useWorkbench('editor-trips', { fixture: 'duplicate-id' });

  it('refuses to rename an ID to one that exists, or of another kind, with a message, and keeps the heading', async function () {
    const wb = workbench();
    await wb.problems.waitFor(isDuplicate, 'duplicate-id for SR-3');
    await wb.openFile('docs/requirements.md', CURRENT_SR3, 5);

    await renameAt(wb, CURRENT_SR3, 5, 'SR-1');
    const taken = await notification(wb, 'is already defined');
    await wb.screenshot('rename-taken-id');
    assert.match(taken, /SR-1 is already defined in docs\/requirements\.md:3: rename SR-3 to a free ID, such as SR-4\./);
    assert.ok((await wb.editor.visibleLines()).includes(CURRENT_HEADING), 'the heading keeps its title');
    assert.equal(await wb.page.locator('.tabs-container .tab.active.dirty').count(), 0, 'the document is unchanged');
    await clearNotifications(wb);

    await renameAt(wb, CURRENT_SR3, 5, 'TM-1');
    const otherKind = await notification(wb, 'is a threat ID');
    await wb.screenshot('rename-other-kind');
    assert.match(otherKind, /TM-1 is a threat ID and SR-3 is a security requirement: rename it to a free security requirement ID, such as SR-4\./);
    assert.ok((await wb.editor.visibleLines()).includes(CURRENT_HEADING), 'the heading keeps its title');
    assert.equal(await wb.page.locator('.tabs-container .tab.active.dirty').count(), 0, 'the document is unchanged');
    await clearNotifications(wb);
  });

  it('shows every definition of a duplicate ID in the hover, the CodeLens and completion', async function () {
    const wb = workbench();
    await wb.openFile('app/session.c', 3);
    const hover = await wb.editor.hover(3, 16, { match: /ambiguous/ });
    await wb.screenshot('duplicate-hover');
    await wb.editor.closeHover();
    assert.match(hover, /SR-3 is ambiguous: it is defined 2 times, and every link to or from SR-3 counts for each definition\./);
    assert.match(hover, /Legacy session timeout, in docs\/legacy\.md:5/);
    assert.match(hover, /Lock the pump after ten idle minutes, in docs\/requirements\.md:11/);

    const annotationLens = await wb.editor.waitForCodeLenses(3);
    assert.deepEqual(annotationLens, [`SR-3: ${BOTH_TITLES}`]);

    await wb.openFile('docs/legacy.md', LEGACY_SR3);
    const legacyLenses = await wb.editor.waitForCodeLenses(LEGACY_SR3);
    await wb.screenshot('duplicate-codelens-legacy');
    assert.equal(legacyLenses[0], '1 of 2 definitions of SR-3');
    await wb.openFile('docs/requirements.md', CURRENT_SR3);
    const currentLenses = await wb.editor.waitForCodeLenses(CURRENT_SR3);
    assert.equal(currentLenses[0], '2 of 2 definitions of SR-3');

    await wb.openFile('test/lock_test.c', 4);
    const rows = await completionRows(wb, 4, 43, '\n// @verifies ');
    await wb.screenshot('duplicate-completion');
    await revertActiveEditor(wb);
    const sr3 = rows.find((row) => row.startsWith('SR-3'));
    assert.ok(sr3 && sr3.includes(`ambiguous: ${BOTH_TITLES}`), `SR-3 is offered as ambiguous; the list shows ${rows.join(' / ')}`);
  });

  it('shows every title of a duplicate ID in the matrix row', async function () {
    const wb = workbench();
    await wb.runCommand('JSP Trace: Open Traceability Matrix');
    await wb.webview.waitFor('.mbody .mrow', { title: 'Traceability Matrix', timeout: 60_000 });
    const row = wb.webview.frame().locator('.mbody .mrow', { has: wb.webview.frame().locator('.item-id', { hasText: 'SR-3' }) }).first();
    const title = ((await row.locator('.mcell.title .line').first().textContent()) ?? '').trim();
    await wb.screenshot('duplicate-matrix');
    assert.equal(title, BOTH_TITLES);
    await wb.runCommand('View: Close All Editors');
  });

  it('lists each Markdown item once in Go to Symbol, leaving headings to Markdown and adding table rows', async function () {
    const wb = workbench();
    await wb.openFile('docs/requirements.md', 1);
    const inEditor = await symbolPick(wb, 'Control+Shift+O', '@SR-', /SR-3/);
    await wb.screenshot('symbols-in-editor');
    await wb.dismissQuickInput();
    assert.equal(inEditor.filter((label) => /SR-3\b/.test(label)).length, 1, `SR-3 once in the editor's symbols: ${inEditor.join(' | ')}`);
    assert.equal(inEditor.filter((label) => /SR-1\b/.test(label)).length, 1, `SR-1 once in the editor's symbols: ${inEditor.join(' | ')}`);

    await wb.openFile('docs/threats.md', 1);
    const threats = await symbolPick(wb, 'Control+Shift+O', '@', /TM-1/);
    await wb.dismissQuickInput();
    assert.equal(threats.filter((label) => /TM-1\b/.test(label)).length, 1, `the table row TM-1 once: ${threats.join(' | ')}`);

    const inWorkspace = await symbolPick(wb, 'Control+T', '#SR-3', /SR-3/);
    await wb.screenshot('symbols-in-workspace');
    await wb.dismissQuickInput();
    assert.equal(inWorkspace.filter((label) => /SR-3\b/.test(label)).length, 2, `each definition of SR-3 once in Ctrl+T: ${inWorkspace.join(' | ')}`);
    const tableRow = await symbolPick(wb, 'Control+T', '#TM-1', /TM-1/);
    await wb.dismissQuickInput();
    assert.deepEqual(tableRow.filter((label) => /TM-1\b/.test(label)), ['TM-1 An unattended pump is reprogrammed']);
  });

  it('shows the Outline of a requirements document as one tree', async function () {
    const wb = workbench();
    await wb.openFile('docs/requirements.md', 1);
    await wb.runCommand('Explorer: Focus on Outline View');
    const pane = wb.page.locator('.pane:has(.pane-header[aria-label*="Outline"])');
    const rows = pane.locator('.monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.page.waitForTimeout(1500);
    const labels = await rows.evaluateAll((all) => all.map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim()));
    await wb.screenshot('outline-one-tree');
    assert.ok(!labels.some((label) => label === 'JSP Trace'), `no "JSP Trace" group in the Outline: ${labels.join(' | ')}`);
    assert.equal(labels.filter((label) => /SR-3\b/.test(label)).length, 1, `SR-3 once in the Outline: ${labels.join(' | ')}`);
  });

  it('offers the renumber fix on each definition, renumbers that one, and says where the annotations then point', async function () {
    const wb = workbench();
    await wb.openFile('docs/requirements.md', CURRENT_SR3);
    const onCurrent = await wb.editor.quickFixes(CURRENT_SR3, 5);
    await wb.page.keyboard.press('Escape');
    assert.ok(onCurrent.includes('Renumber to next free ID SR-4'), `offered on the current definition: ${onCurrent.join(' | ')}`);

    // The legacy definition has no diagnostic (it is the first by path), and is the one to renumber here.
    await wb.openFile('docs/legacy.md', LEGACY_SR3);
    await wb.editor.applyQuickFix(LEGACY_SR3, 5, 'Renumber to next free ID SR-4');
    const message = await notification(wb, 'is now SR-4');
    await waitUntil(() => wb.problems.rows(), (now) => !now.some(isDuplicate), { timeout: 30_000, interval: 1000, message: 'the duplicate-id problem to go away' });
    await wb.screenshot('renumbered-legacy');
    assert.match(
      message,
      /SR-3 in docs\/legacy\.md:5 is now SR-4\. 3 annotations \(app\/lock\.c:3, app\/session\.c:3, test\/lock_test\.c:3\) name SR-3 and now point at the definition in docs\/requirements\.md:11: change those meant for this one to SR-4\./,
    );
    assert.ok((await wb.editor.visibleLines()).includes('## SR-4: Legacy session timeout'), 'the legacy heading now carries SR-4');
    assert.equal(fs.readFileSync(path.join(wb.folder, 'docs/requirements.md'), 'utf8').includes(CURRENT_HEADING), true, 'the current definition is untouched');
    await revertActiveEditor(wb);
    await clearNotifications(wb);
  });
});
