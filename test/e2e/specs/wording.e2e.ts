import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { e2eEnv } from '../lib/env.js';
import { useWorkbench } from '../lib/mocha.js';
import { openMatrix } from '../lib/matrixPanel.js';
import { waitUntil } from '../../shared/poll.js';
import type { Workbench } from '../lib/workbench.js';

/** The example's deliberate gap (examples/infusion-pump/README.md): SR-8 is implemented but not verified. */
const GAP_ID = 'SR-8';

/** The requirement rules and how the panel names them for people who do not read rule codes. */
const RULE_TITLES: Readonly<Record<string, string>> = {
  'duplicate-id': 'Duplicate ID',
  'unknown-reference': 'Unknown reference',
  'threat-not-mitigated': 'Threat not mitigated',
  'requirement-not-derived': 'Requirement not derived',
  'requirement-not-implemented': 'Requirement not implemented',
  'requirement-not-verified': 'Requirement not verified',
};

/** Clicks an export button and returns the path VS Code's save dialog (a quick input) proposes. */
async function exportDialog(wb: Workbench, frame: FrameLocator, format: string, fileName: string): Promise<string> {
  await frame.locator(`vscode-button[data-export="${format}"]`).click();
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  return waitUntil(() => input.inputValue(), (value) => value.endsWith(`/${fileName}`), {
    timeout: 10_000,
    message: (value) => `the save dialog proposes ${fileName}; it shows ${value}`,
  });
}

/** Replaces the save dialog's path and accepts it; returns once the file is written. */
async function saveAs(wb: Workbench, target: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(target);
  // The dialog lists the typed folder before it accepts a path in it: press OK until it has taken the path.
  const ok = wb.page.locator('.quick-input-widget .quick-input-action', { hasText: 'OK' });
  await waitUntil(
    async () => {
      if (!fs.existsSync(target) && (await ok.isVisible())) await ok.click();
      return fs.existsSync(target);
    },
    (exists) => exists,
    { timeout: 15_000, interval: 1000, message: `${target} is written` },
  );
}

describe('Wording and export of the matrix for people who are not developers', function () {
  const workbench = useWorkbench('wording');
  const reports = () => path.join(e2eEnv().workspace, 'reports');
  const evidence = () => path.join(e2eEnv().workspace, 'docs', 'evidence');

  before(function () {
    // A workspace that keeps generated evidence in reports/: the first export proposes it.
    fs.mkdirSync(reports(), { recursive: true });
    fs.mkdirSync(evidence(), { recursive: true });
  });

  after(function () {
    fs.rmSync(reports(), { recursive: true, force: true });
    fs.rmSync(evidence(), { recursive: true, force: true });
  });

  it('states the selected requirement’s gap as a problem and names rules by their titles', async function () {
    const wb = workbench();
    const frame = await openMatrix(wb);
    await frame.locator('.mbody .mrow', { has: frame.locator('.item-id', { hasText: new RegExp(`^${GAP_ID}$`) }) }).locator('.mcell.title').click();
    const gap = frame.locator('vscode-tab-panel:not([hidden]) .gaps li').first();
    await gap.waitFor();
    assert.equal((await gap.innerText()).trim(), `${GAP_ID} is not verified by any test. Requirement not verified (error)`);
    assert.doesNotMatch(await frame.locator('vscode-tab-panel:not([hidden]) .gaps').innerText(), /requirement-not-verified|Every requirement/);

    await frame.locator('details.summary[open]').first().waitFor();
    for (const [name, title] of Object.entries(RULE_TITLES)) {
      const chip = frame.locator(`[data-rule="${name}"].rule-chip`);
      assert.equal((await chip.locator('.rule-name').innerText()).trim(), title, `the chip of ${name}`);
      assert.match((await chip.getAttribute('title')) ?? '', new RegExp(`^${title}: .* Rule ${name}, (error|warning|info|switched off)\\.$`));
    }
    const line = await frame.locator('.summary-line').first().innerText();
    assert.doesNotMatch(line, /(^|\D)1 (errors|warnings)/, `the summary line counts in singular and plural: ${line}`);
    await frame.locator('vscode-tab-panel:not([hidden]) .gaps').scrollIntoViewIfNeeded();
    await wb.screenshot('wording-gap-and-chips');
  });

  it('proposes the reports folder for a first export, then the folder chosen last', async function () {
    const wb = workbench();
    const frame = wb.webview.frame();
    const first = await exportDialog(wb, frame, 'csv', 'traceability-requirements.csv');
    assert.equal(first, path.join(reports(), 'traceability-requirements.csv'), 'the first export goes to reports/');
    await wb.screenshot('wording-export-first');
    const chosen = path.join(evidence(), 'traceability-requirements.csv');
    await saveAs(wb, chosen);
    await wb.runCommand('Notifications: Clear All Notifications');

    const second = await exportDialog(wb, frame, 'html', 'traceability-requirements.html');
    assert.equal(second, path.join(evidence(), 'traceability-requirements.html'), 'the second export proposes the folder chosen the first time');
    await wb.screenshot('wording-export-remembered');
    await wb.page.keyboard.press('Enter');
    const html = path.join(evidence(), 'traceability-requirements.html');
    await waitUntil(async () => fs.existsSync(html), (exists) => exists, { timeout: 15_000, message: `${html} is written` });

    // In the browser (code-server) the HTML file lives on the server: the notification reveals it in the
    // Explorer (which can download it) instead of showing its source text.
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Exported the security requirements matrix' }).first();
    await toast.waitFor();
    await toast.getByRole('button', { name: 'Reveal in Explorer' }).click();
    const selected = wb.page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'traceability-requirements.html' });
    await selected.waitFor({ timeout: 15_000 });
    const tabs = await wb.page.locator('.tabs-container .tab').allInnerTexts();
    assert.ok(!tabs.some((tab) => tab.includes('traceability-requirements.html')), `no editor shows the HTML source: ${tabs.join(' | ')}`);
    await wb.screenshot('wording-export-revealed');
  });
});
