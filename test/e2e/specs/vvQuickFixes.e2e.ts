import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { e2eEnv } from '../lib/env.js';
import { useWorkbench } from '../lib/mocha.js';
import type { Problem } from '../lib/problems.js';
import type { Workbench } from '../lib/workbench.js';
import { waitUntil } from '../../shared/poll.js';

const REQUIREMENTS = 'docs/design/security-requirements.md';
/** Where the quick fix puts SR-8's test: beside the pytest tests nearest to gateway/pumplink_gateway/phi.py. */
const NEW_TEST = 'gateway/tests/test_sr_8.py';

/** The 1-based line of a requirement's heading in the workspace copy, and the column inside its ID. */
function headingOf(id: string): { line: number; column: number } {
  const lines = fs.readFileSync(path.join(e2eEnv().workspace, REQUIREMENTS), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.startsWith(`## ${id}:`));
  assert.ok(index >= 0, `${id} has a heading in ${REQUIREMENTS}`);
  return { line: index + 1, column: 5 };
}

const finding = (rule: string, about: string) => (p: Problem) => p.source === 'jsp-trace' && p.code === rule && p.message.includes(about);

/** Opens the code actions at a position, keeps a screenshot of the list, and picks the one with this title. */
async function pickQuickFix(wb: Workbench, at: { line: number; column: number }, title: string, shot: string): Promise<string[]> {
  const titles = await wb.editor.quickFixes(at.line, at.column);
  await wb.screenshot(shot);
  const index = titles.indexOf(title);
  assert.ok(index >= 0, `"${title}" is offered; the list shows: ${titles.join(' | ')}`);
  await wb.page.locator('.action-widget .monaco-list-row.action').nth(index).click();
  await wb.page.locator('.action-widget').first().waitFor({ state: 'hidden' });
  return titles;
}

/**
 * Waits until no row of the Problems panel is a `gone` one, then narrows the panel to `filter` for a
 * screenshot of what is left about it, and clears the filter.
 */
async function waitUntilGone(wb: Workbench, filter: string, gone: readonly ((p: Problem) => boolean)[], shot: string): Promise<void> {
  await waitUntil(() => wb.problems.rows(), (rows) => !rows.some((row) => gone.some((isGone) => isGone(row))), {
    timeout: 30_000,
    interval: 1000,
    message: (rows) => `the problems about "${filter}" to go; the panel shows ${(rows ?? []).map((row) => `${row.code}: ${row.message}`).join(' | ')}`,
  });
  await wb.problems.filter(filter);
  await waitUntil(() => wb.problems.rows(), (rows) => rows.every((row) => row.message.includes(filter)), { timeout: 10_000, message: `the Problems panel filtered to "${filter}"` });
  await wb.screenshot(shot);
  await wb.problems.filter('');
}

describe('Quick fixes of V&V evidence on the example project', function () {
  const workbench = useWorkbench('vvQuickFixes');

  after(function () {
    // Later spec files reopen the same workspace copy: leave it as the example has it.
    fs.rmSync(path.join(e2eEnv().workspace, NEW_TEST), { force: true });
  });

  it('creates a failing pytest test for an unverified requirement through the refactor preview, and the gap closes', async function () {
    const wb = workbench();
    const unverified = finding('requirement-not-verified', 'SR-8');
    await wb.problems.waitFor(unverified, 'requirement-not-verified for SR-8');

    const sr8 = headingOf('SR-8');
    await wb.openFile(REQUIREMENTS, sr8.line);
    await pickQuickFix(wb, sr8, 'Create a test for SR-8…', 'create-test-offered');

    // needsConfirmation: VS Code shows the new file in the Refactor Preview, unticked, before anything is
    // written; the person ticks it and applies.
    const preview = wb.page.locator('.bulk-edit-panel');
    await preview.waitFor({ state: 'visible', timeout: 15_000 });
    const row = preview.locator('.monaco-list-row', { hasText: 'test_sr_8.py' }).first();
    await row.waitFor();
    const checkbox = row.locator('.edit-checkbox');
    assert.equal(await checkbox.getAttribute('aria-checked'), 'false', 'an edit that needs confirmation comes unticked');
    await checkbox.click();
    await waitUntil(() => checkbox.getAttribute('aria-checked'), (checked) => checked === 'true', { timeout: 5000, message: 'the new file ticked' });
    await wb.screenshot('refactor-preview');
    assert.ok(!fs.existsSync(path.join(e2eEnv().workspace, NEW_TEST)), 'nothing is written before the preview is applied');
    await preview.locator('.buttons .monaco-button', { hasText: 'Apply' }).first().click();

    // The action's command opens the new file once it exists.
    await wb.page.locator('.tabs-container .tab.active[aria-label*="test_sr_8.py"]').waitFor({ timeout: 15_000 });
    await waitUntil(() => wb.editor.visibleLines(), (lines) => lines.includes('# @verifies SR-8'), { timeout: 10_000, message: 'the new test on screen' });
    await wb.screenshot('new-test-open');
    const written = fs.readFileSync(path.join(e2eEnv().workspace, NEW_TEST), 'utf8');
    assert.match(written, /^# @verifies SR-8\ndef test_sr_8_encrypt_phi_at_rest\(\):\n {4}assert False, "Not written yet: the test that verifies SR-8: Encrypt PHI at rest"\n$/m);

    await waitUntilGone(wb, 'SR-8', [unverified], 'sr8-verified');
  });

  it('changes an unknown category to FDA\'s name, and the finding goes', async function () {
    const wb = workbench();
    const unknownCategory = finding('control-category-unknown', 'SR-9');
    await wb.problems.waitFor(unknownCategory, 'control-category-unknown for SR-9');

    const sr9 = headingOf('SR-9');
    await wb.openFile(REQUIREMENTS, sr9.line);
    const titles = await pickQuickFix(wb, sr9, 'Change to Confidentiality', 'category-fix-offered');
    assert.equal(titles.filter((title) => title.startsWith('Change to ')).length, 2, 'the two closest FDA categories are offered');

    await waitUntil(() => wb.editor.visibleLines(), (lines) => lines.includes('- Category: Confidentiality'), { timeout: 10_000, message: 'the Category line changed' });
    // SR-9 was the example's only Confidentiality requirement, so that category is no longer empty either.
    await waitUntilGone(wb, 'category', [unknownCategory, finding('control-category-empty', 'Confidentiality')], 'category-fixed');

    // Unsaved, the fix counted; dropped, it leaves the example as it was for the spec files after this one.
    await wb.openFile(REQUIREMENTS);
    await wb.runCommand('File: Revert File');
    await wb.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    await wb.closeAllEditors();
  });
});
