import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { e2eEnv } from '../lib/env.js';
import { useWorkbench } from '../lib/mocha.js';
import { formatProblem, type Problem } from '../lib/problems.js';
import { waitUntil } from '../../shared/poll.js';
import type { Workbench } from '../lib/workbench.js';

interface CliReport {
  summary: { requirements: { total: number; verified: number; passing: number }; findings: { error: number } };
  findings: { rule: string; item: string; file: string; line: number; column: number }[];
}

/** What `jsp-trace check --format json` says about the same workspace folder the editor has open. */
function cliReport(): CliReport {
  const env = e2eEnv();
  const stdout = execFileSync(process.execPath, [path.join(env.repo, 'bin/jsp-trace.js'), 'check', env.workspace, '--format', 'json', '--fail-on', 'never']);
  return JSON.parse(stdout.toString()) as CliReport;
}

/** Drops the unsaved edits of a test: the next spec file reopens the same workspace, with its backups. */
async function revertActiveEditor(wb: Workbench): Promise<void> {
  await wb.runCommand('File: Revert File');
  await wb.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
}

const ours = (problems: Problem[]) => problems.filter((p) => p.source === 'jsp-trace');
const key = (rule: string, file: string, line: number, column: number) => `${rule} ${file}:${line}:${column}`;

describe('The developer’s editor on the example project', function () {
  const workbench = useWorkbench('editor');

  it('shows a diagnostic for every rule in the Problems panel, the same findings as the CLI', async function () {
    const wb = workbench();
    const report = cliReport();
    const expected = report.findings.map((f) => key(f.rule, f.file, f.line, f.column)).sort();
    const rows = await waitUntil(
      () => wb.problems.rows(),
      (problems) => ours(problems).length === expected.length,
      { timeout: 90_000, interval: 1000, message: (problems) => `${expected.length} jsp-trace problems; the panel shows:\n${(problems ?? []).map(formatProblem).join('\n')}` },
    );
    await wb.screenshot('problems-every-rule');
    assert.deepEqual(ours(rows).map((p) => key(p.code, p.path, p.line, p.column)).sort(), expected);
    const rules = new Set(ours(rows).map((p) => p.code));
    for (const rule of ['duplicate-id', 'unknown-reference', 'threat-not-mitigated', 'requirement-not-derived', 'requirement-not-implemented', 'requirement-not-verified']) {
      assert.ok(rules.has(rule), `a ${rule} diagnostic is shown`);
    }
  });

  it('shows requirement coverage in the status bar', async function () {
    const wb = workbench();
    const { summary } = cliReport();
    const { total, verified, passing } = summary.requirements;
    const item = await wb.statusBar.item(/JSP \d+\/\d+ verified/);
    // The example holds test results, so the passing count follows; then the error count (its icon is not text).
    assert.equal(item.text, `JSP ${verified}/${total} verified · ${passing} passing ${summary.findings.error}`);
  });

  it('shows the trace status in a CodeLens above a requirement', async function () {
    const wb = workbench();
    await wb.openFile('docs/design/security-requirements.md', 8);
    const lenses = await wb.editor.waitForCodeLenses(8);
    await wb.screenshot('codelens-requirement');
    // SR-1's firmware tests are not in the example's test results: "not run".
    assert.match(lenses.join(' | '), /^\d+ implementations? · \d+ tests? · not run · mitigates TM-1$/);
  });

  it('shows a hover with the title and status of an ID in a code comment', async function () {
    const wb = workbench();
    await wb.openFile('gateway/tests/test_dose_api.py', 71);
    const hover = await wb.editor.hover(71, 15);
    await wb.screenshot('hover-annotation');
    await wb.editor.closeHover();
    assert.match(hover, /SR-2 Authenticated dose command envelope/);
    assert.match(hover, /Security requirement · \d+ implementations · \d+ tests/);
  });

  it('goes to the defining heading from an annotation in code', async function () {
    const wb = workbench();
    await wb.openFile('gateway/tests/test_dose_api.py', 71);
    await wb.editor.goTo(71, 15);
    await wb.page.keyboard.press('F12');
    await wb.page.locator('.tabs-container .tab.active[aria-label*="security-requirements.md"]').waitFor();
    await wb.editor.waitForCursor(18, 4);
    await wb.screenshot('definition-heading');
    assert.ok((await wb.editor.visibleLines()).some((line) => line.startsWith('## SR-2: Authenticated dose command envelope')));
  });

  it('offers requirement IDs after @verifies, and clears the gap as the annotation is typed, unsaved', async function () {
    const wb = workbench();
    const isSr8Gap = (p: Problem) => p.source === 'jsp-trace' && p.code === 'requirement-not-verified' && p.message.includes('SR-8');
    await wb.problems.waitFor(isSr8Gap, 'requirement-not-verified for SR-8');

    await wb.openFile('app/test/redact.test.ts', 1);
    const labels = await wb.editor.completions(1, 22, '\n// @verifies ');
    await wb.screenshot('completion-ids');
    assert.ok(labels.includes('SR-8'), `SR-8 is offered; the list shows ${labels.join(', ')}`);
    assert.ok(!labels.some((label) => label.startsWith('TM-')), 'threats are not offered after @verifies');

    await wb.page.keyboard.type('SR-8');
    // The documentation of the ID under focus is worked out when the list shows it.
    const details = await wb.editor.completionDetails(/Encrypt PHI at rest/);
    assert.match(details, /Security requirement/);
    await wb.screenshot('completion-details');
    await wb.page.keyboard.press('Escape');
    await waitUntil(() => wb.problems.rows(), (rows) => !rows.some(isSr8Gap), { timeout: 30_000, interval: 1000, message: 'the SR-8 gap to go away' });
    await wb.screenshot('live-update-unsaved');
    const onDisk = fs.readFileSync(path.join(e2eEnv().workspace, 'app/test/redact.test.ts'), 'utf8');
    assert.ok(!onDisk.includes('@verifies SR-8'), 'the file on disk is unchanged: the unsaved text counted');
    await revertActiveEditor(wb);
  });

  it('applies a quick fix: renumber a duplicate ID to the next free one', async function () {
    const wb = workbench();
    const isDuplicate = (p: Problem) => p.source === 'jsp-trace' && p.code === 'duplicate-id';
    const rows = await wb.problems.waitFor(isDuplicate, 'duplicate-id');
    const duplicate = rows.find(isDuplicate)!;
    await wb.openFile(duplicate.path, duplicate.line);
    await wb.editor.applyQuickFix(duplicate.line, duplicate.column, /^Renumber to next free ID SR-\d+$/);
    await waitUntil(() => wb.problems.rows(), (now) => !now.some(isDuplicate), { timeout: 30_000, interval: 1000, message: 'the duplicate-id problem to go away' });
    await wb.screenshot('quick-fix-renumbered');
    assert.ok((await wb.editor.visibleLines()).some((line) => /^## SR-15\b/.test(line)), 'the heading now carries SR-15');
    await revertActiveEditor(wb);
  });

  it('shows the trace tree in the Explorer', async function () {
    const wb = workbench();
    await wb.runCommand('Explorer: Focus on JSP Traceability View');
    const pane = wb.page.locator('.pane:has(.pane-header[aria-label*="JSP Traceability"])');
    const rows = pane.locator('.monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 30_000 });
    const labels = () => rows.evaluateAll((all) => all.map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim()));
    assert.ok((await labels()).some((label) => /^SO-1 /.test(label)), `objectives are listed: ${(await labels()).join(' | ')}`);
    await wb.screenshot('trace-tree');
    // Collapsed, the roots fit in the view: objectives, misuse cases, threats.
    await pane.locator('.pane-header').hover();
    await pane.locator('.pane-header .action-label[aria-label*="Collapse All"]').click();
    await waitUntil(labels, (now) => now.some((label) => label.startsWith('Threats')), { timeout: 10_000, message: 'a Threats root' });
    assert.ok((await labels()).some((label) => label.startsWith('Misuse cases')), 'and a Misuse cases root');
  });
});
