import * as vscode from 'vscode';
import { RULES, combineSummaries, summarize } from '../core';
import { CommandId } from './commands';
import type { SurfaceContext } from './surfaceContext';
import { debounce } from './vscodeUtils';

/** Index changes come in bursts (a save touches several files' findings): update once they settle. */
const UPDATE_DELAY_MS = 100;

/** Requirement coverage in the status bar ("JSP 41/48 verified"), in warning colours while rules fail. */
export function registerStatusBar({ indexer, settings }: SurfaceContext): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('jspTrace.coverage', vscode.StatusBarAlignment.Left, 0);
  item.name = 'JSP Trace Coverage';
  item.command = CommandId.OpenMatrix;

  const update = (): void => {
    const indexes = indexer.folders().flatMap((folder) => (folder.index ? [folder.index] : []));
    if (!settings.for().statusBarEnabled || indexes.length === 0) {
      item.hide();
      return;
    }
    const { requirements, threats, findings, byRule } = combineSummaries(indexes.map((index) => summarize(index)));
    item.text = `$(shield) JSP ${requirements.verified}/${requirements.total} verified`;
    item.backgroundColor = findings.error > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**JSP Trace** traceability\n\n');
    tooltip.appendMarkdown(`| | | |\n|---|---:|---:|\n`);
    const row = (label: string, part: number, whole: number) => tooltip.appendMarkdown(`| ${label} | ${part}/${whole} | ${percent(part, whole)} |\n`);
    row('Requirements derived', requirements.derived, requirements.total);
    row('Requirements implemented', requirements.implemented, requirements.total);
    row('Requirements verified', requirements.verified, requirements.total);
    row('Threats mitigated or accepted', threats.mitigated + threats.accepted, threats.total);
    tooltip.appendMarkdown(`\n${findings.error} errors · ${findings.warning} warnings\n\n`);
    for (const rule of RULES) {
      const count = byRule[rule.name] ?? 0;
      if (count > 0) {
        tooltip.appendMarkdown(`- \`${rule.name}\`: ${count}\n`);
      }
    }
    tooltip.appendMarkdown('\nClick to open the traceability matrix.');
    item.tooltip = tooltip;
    item.show();
  };

  const scheduleUpdate = debounce(UPDATE_DELAY_MS, update);
  return vscode.Disposable.from(
    item,
    scheduleUpdate,
    indexer.onDidChange(scheduleUpdate),
    settings.onDidChange((change) => {
      if (change.affects('statusBar')) {
        update();
      }
    }),
  );
}
