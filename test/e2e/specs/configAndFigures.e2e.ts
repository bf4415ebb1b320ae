import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { e2eEnv } from '../lib/env.js';
import { useWorkbench } from '../lib/mocha.js';
import type { Problem } from '../lib/problems.js';
import type { Workbench } from '../lib/workbench.js';
import { waitUntil } from '../../shared/poll.js';

/** The DOM id of the coverage item: "<extension id>.<item id>". */
const COVERAGE_ITEM_ID = /^jsp-trace\.jsp-trace\..*coverage$/;
const CONFIG_ERROR = /JSP config error — showing the last valid results/;
const SR8_GAP = (p: Problem) => p.source === 'jsp-trace' && p.code === 'requirement-not-verified' && p.message.includes('SR-8');
// An error or warning on the configuration file; the info finding of an empty FDA category sits there too.
const onConfig = (p: Problem) => p.file === 'jsp-trace.jsonc' && p.severity !== 'info';

interface CheckSummary {
  requirements: { total: number; verified: number };
  threats: { total: number; mitigated: number; accepted: number };
  findings: { error: number; warning: number };
}

/** What the CLI counts on the folder the editor has open: every surface must say the same. */
function cliSummary(folder: string): CheckSummary {
  const stdout = execFileSync(process.execPath, [path.join(e2eEnv().repo, 'bin/jsp-trace.js'), 'check', folder, '--format', 'json', '--fail-on', 'never'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(stdout.toString()) as { summary: CheckSummary }).summary;
}

/** The coverage item as shown: its text, accessible label and whether it has the error or warning background. */
async function coverageItem(wb: Workbench): Promise<{ text: string; label: string; kind: string }> {
  const entry = await wb.statusBar.item(COVERAGE_ITEM_ID, 60_000);
  const kind = (await wb.page.locator(`.part.statusbar .statusbar-item[id="${entry.id}"]`).getAttribute('class')) ?? '';
  return { text: entry.text, label: entry.ariaLabel, kind: /error-kind/.test(kind) ? 'error' : /warning-kind/.test(kind) ? 'warning' : 'normal' };
}

const waitForItem = (wb: Workbench, ok: (item: { text: string; label: string; kind: string }) => boolean, message: string) =>
  waitUntil(() => coverageItem(wb), ok, { timeout: 60_000, interval: 500, message: (item) => `${message}; the item is ${JSON.stringify(item)}` });

describe('Configuration changes and the figures every surface shows', function () {
  const workbench = useWorkbench('config-figures');
  const folder = () => workbench().folder;
  let configPath = '';
  const configFile = () => configPath;
  let validConfig = '';

  before(function () {
    configPath = path.join(folder(), 'jsp-trace.jsonc');
    validConfig = fs.readFileSync(configPath, 'utf8');
  });
  after(function () {
    fs.writeFileSync(configPath, validConfig);
  });

  it('counts threats one way in the matrix, the status bar and the CLI, and shows errors in error colours', async function () {
    const wb = workbench();
    const summary = cliSummary(folder());
    const item = await waitForItem(wb, (now) => now.label.includes(`${summary.requirements.verified} of ${summary.requirements.total} requirements verified`), 'the coverage item');
    assert.match(item.label, new RegExp(`${summary.findings.error} errors?`), 'the item names the number of errors');
    assert.equal(item.kind, summary.findings.error > 0 ? 'error' : 'normal');

    await wb.runCommand('JSP Trace: Open Traceability Matrix');
    await wb.webview.waitFor('[data-figure="mitigated"]', { title: 'Traceability Matrix', timeout: 60_000 });
    const card = wb.webview.frame().locator('[data-figure="mitigated"]');
    const { threats } = summary;
    // The card is narrow: it shows the label without its subject, the full label as its tooltip.
    assert.equal((await card.locator('.figure-label').innerText()).trim(), 'Mitigated or accepted');
    assert.equal(await card.locator('.figure-label').getAttribute('title'), 'Threats mitigated or accepted');
    assert.equal((await card.locator('.figure-value').innerText()).trim(), `${threats.mitigated + threats.accepted}/${threats.total}`);
    await wb.screenshot('matrix-and-status-bar-agree');
    await wb.closeAllEditors();

    // Deleting the requirements leaves errors (references to requirements that no longer exist): the item
    // must say so in error colours, whatever the coverage reads.
    const requirements = path.join(folder(), 'docs/design/security-requirements.md');
    const text = fs.readFileSync(requirements, 'utf8');
    fs.rmSync(requirements);
    try {
      const after = cliSummary(folder());
      assert.ok(after.findings.error > 0, 'the deletion leaves errors');
      const shown = await waitForItem(wb, (now) => now.label.includes(`${after.findings.error} error`), `the item to count ${after.findings.error} errors`);
      assert.equal(shown.kind, 'error');
      await wb.screenshot('requirements-deleted-errors-shown');
    } finally {
      fs.writeFileSync(requirements, text);
    }
    await waitForItem(wb, (now) => now.label.includes(`${summary.requirements.verified} of ${summary.requirements.total}`), 'the item to come back');
  });

  it('keeps the last valid results while jsp-trace.jsonc is invalid, and says so', async function () {
    const wb = workbench();
    await wb.problems.waitFor(SR8_GAP, 'the SR-8 gap before the configuration breaks');
    fs.writeFileSync(configFile(), '{ "maxFileSize": "large" }\n');
    const item = await waitForItem(wb, (now) => CONFIG_ERROR.test(now.text), 'the config error on the item');
    assert.equal(item.kind, 'error');
    await wb.problems.waitFor(onConfig, 'the configuration error in Problems');
    await wb.problems.waitFor(SR8_GAP, 'the findings of the last valid index to stay');
    await wb.screenshot('invalid-config-last-results');
    fs.writeFileSync(configFile(), validConfig);
    await waitForItem(wb, (now) => /JSP \d+\/\d+ verified/.test(now.text), 'the coverage to come back');
  });

  it('follows jsp-trace.jsonc rewritten on disk while it is open in an editor, trailing comma and all', async function () {
    const wb = workbench();
    await wb.openFile('jsp-trace.jsonc');
    await waitForItem(wb, (now) => /JSP \d+\/\d+ verified/.test(now.text), 'the coverage item');
    // Another tool (a checkout, a pull) breaks the file, then mends it: the open editor reloads each time.
    fs.writeFileSync(configFile(), '{ "maxFileSize": "large" }\n');
    await waitForItem(wb, (now) => CONFIG_ERROR.test(now.text), 'the config error while the file is open');
    // Without "$schema" (the example's points outside this copy), so the contributed schema applies.
    fs.writeFileSync(configFile(), '{\n  "exclude": ["README.md"],\n}\n');
    assert.match(fs.readFileSync(configFile(), 'utf8'), /\],\n\}/, 'the rewritten file ends with a trailing comma');
    await waitForItem(wb, (now) => /JSP \d+\/\d+ verified/.test(now.text), 'the coverage to come back without a re-index');
    await waitUntil(() => wb.problems.rows(), (rows) => !rows.some(onConfig) && rows.some(SR8_GAP), {
      timeout: 60_000,
      interval: 1000,
      message: (rows) => `no problem on jsp-trace.jsonc (neither ours nor the JSON language service's) and the findings back: ${JSON.stringify(rows?.filter(onConfig))}`,
    });
    await wb.screenshot('config-rewritten-on-disk-while-open');
  });
});
