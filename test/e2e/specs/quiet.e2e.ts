import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useWorkbench } from '../lib/mocha.js';
import type { Workbench } from '../lib/workbench.js';
import { waitUntil } from '../../shared/poll.js';

const COVERAGE_ITEM = /JSP \d+\/\d+ verified/;
const TRACE_VIEW = '.pane-header[aria-label*="JSP Traceability"]';
const MATRIX_BUTTON = '.editor-actions [aria-label*="Open Traceability Matrix"]';

/** The JSP Trace entries of the status bar (the coverage item has the id "jsp-trace.jsp-trace.coverage"). */
async function jspStatusItems(wb: Workbench): Promise<string[]> {
  return (await wb.statusBar.items()).filter((item) => item.id.startsWith('jsp-trace.') || COVERAGE_ITEM.test(item.text)).map((item) => `${item.id}: ${item.text}`);
}

/** The titles the command palette lists for "JSP Trace". */
async function paletteEntries(wb: Workbench): Promise<string[]> {
  await wb.openQuickInput('F1');
  await wb.fillQuickInput('>JSP Trace:');
  const labels = await waitUntil(() => wb.quickInputLabels(), (now) => now.length > 0, { timeout: 10_000, message: 'palette rows' });
  await wb.dismissQuickInput();
  return labels.filter((label) => label.startsWith('JSP Trace:'));
}

describe('JSP Trace in a compliance workspace that cites NIST SP 800-53 and has no configuration', function () {
  const workbench = useWorkbench('quiet', { fixture: 'nist-compliance' });

  it('stays quiet: no problems, no status bar item, no view, no matrix button, one command', async function () {
    const wb = workbench();
    // The log says the folder was indexed and found to be no JSP project.
    await wb.output.show('JSP Trace');
    await wb.output.waitForLine(/JSP Trace is quiet in nist-compliance: it has no jsp-trace\.jsonc and no JSP evidence/);
    await wb.openFile('docs/controls/system-and-communications-protection.md', 3);
    await wb.screenshot('quiet-document-open');

    const problems = await wb.problems.rows();
    assert.deepEqual(problems, [], 'the Problems panel is empty');
    assert.deepEqual(await jspStatusItems(wb), [], 'no JSP Trace status bar item');
    assert.equal(await wb.page.locator(TRACE_VIEW).count(), 0, 'no JSP Traceability view in the Explorer');
    assert.equal(await wb.page.locator(MATRIX_BUTTON).count(), 0, 'no "Open Traceability Matrix" button on the Markdown editor');
    assert.equal(await wb.page.locator('.monaco-editor .codelens-decoration').count(), 0, 'no CodeLens over the headings');
    assert.deepEqual(await paletteEntries(wb), ['JSP Trace: Enable in This Workspace'], 'the palette offers only "Enable in This Workspace"');
    await wb.screenshot('quiet-problems-and-status-bar');
  });

  it('switches on when a saved file links IDs, and off again when the link goes', async function () {
    const wb = workbench();
    const requirements = path.join(wb.folder, 'docs', 'requirements.md');
    fs.writeFileSync(requirements, '# Requirements\n\n## SR-100: Encrypt backups\n\nMitigates: TM-1\n');
    await wb.statusBar.item(COVERAGE_ITEM, 30_000);
    await wb.page.locator(TRACE_VIEW).waitFor({ state: 'visible', timeout: 30_000 });
    await wb.problems.waitFor((p) => p.source === 'jsp-trace', 'a jsp-trace problem once the folder has JSP evidence');
    await wb.page.locator('.monaco-editor .codelens-decoration').first().waitFor({ timeout: 30_000 });
    await wb.screenshot('evidence-switches-on');

    fs.writeFileSync(requirements, '# Requirements\n\n## SR-100: Encrypt backups\n\nAgainst TM-1, a stolen backup.\n');
    await waitUntil(() => jspStatusItems(wb), (items) => items.length === 0, { timeout: 30_000, interval: 500, message: 'the status bar item to go' });
    await waitUntil(() => wb.problems.rows(), (rows) => rows.length === 0, { timeout: 30_000, interval: 1000, message: 'the problems to go' });
    assert.equal(await wb.page.locator(TRACE_VIEW).count(), 0, 'the JSP Traceability view is hidden again');
    const lenses = wb.page.locator('.monaco-editor .codelens-decoration');
    await waitUntil(() => lenses.count(), (count) => count === 0, { timeout: 15_000, interval: 500, message: 'the CodeLens to go' });
    await wb.screenshot('evidence-gone-quiet-again');
    fs.rmSync(requirements);
  });

  it('"Enable in This Workspace" writes a starter jsp-trace.jsonc, opens it and turns JSP Trace on', async function () {
    const wb = workbench();
    const config = path.join(wb.folder, 'jsp-trace.jsonc');
    assert.ok(!fs.existsSync(config), 'no configuration before the command');
    await wb.runCommand('JSP Trace: Enable in This Workspace');
    await wb.page.locator('.tabs-container .tab.active[aria-label*="jsp-trace.jsonc"]').waitFor({ timeout: 30_000 });
    const item = await wb.statusBar.item(COVERAGE_ITEM, 30_000);
    await wb.screenshot('enabled-config-open');
    const text = fs.readFileSync(config, 'utf8');
    assert.match(text, /"\$schema"/, 'the starter names the schema');
    assert.match(text, /"requirement": \{ "pattern": "SR-\\\\d\+" \}/, 'the starter shows the default kinds');
    assert.match(item.text, COVERAGE_ITEM);
    assert.deepEqual(
      (await wb.problems.rows()).filter((p) => p.path === 'jsp-trace.jsonc'),
      [],
      'the starter configuration is valid: no problem on it',
    );
    assert.ok(!(await paletteEntries(wb)).includes('JSP Trace: Enable in This Workspace'), 'the command is no longer offered');
  });
});
