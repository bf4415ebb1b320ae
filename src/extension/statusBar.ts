import * as vscode from 'vscode';
import { RULES, summarize, type TraceSummary } from '../core';
import type { Indexer } from './indexer';
import { CommandId } from './commands';
import { ExtensionConfig } from './config';

/** Adds up the summaries of every folder. */
function combine(summaries: readonly TraceSummary[]) {
  const total = { requirements: 0, verified: 0, implemented: 0, derived: 0, threats: 0, mitigated: 0, accepted: 0, errors: 0, warnings: 0, findings: 0 };
  const byRule = new Map<string, number>();
  for (const summary of summaries) {
    total.requirements += summary.requirements.total;
    total.verified += summary.requirements.verified;
    total.implemented += summary.requirements.implemented;
    total.derived += summary.requirements.derived;
    total.threats += summary.threats.total;
    total.mitigated += summary.threats.mitigated;
    total.accepted += summary.threats.accepted;
    total.errors += summary.findings.error;
    total.warnings += summary.findings.warning;
    total.findings += summary.findings.total;
    for (const [rule, count] of Object.entries(summary.byRule)) {
      byRule.set(rule, (byRule.get(rule) ?? 0) + count);
    }
  }
  return { ...total, byRule };
}

/** Requirement coverage in the status bar ("JSP 41/48 verified"), in warning colours while rules fail. */
export function registerStatusBar(indexer: Indexer): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('jspTrace.coverage', vscode.StatusBarAlignment.Left, 0);
  item.name = 'JSP Trace Coverage';
  item.command = CommandId.OpenMatrix;

  const update = (): void => {
    const indexes = indexer.folders().flatMap((folder) => (folder.index ? [folder.index] : []));
    if (!new ExtensionConfig().statusBarEnabled || indexes.length === 0) {
      item.hide();
      return;
    }
    const total = combine(indexes.map((index) => summarize(index)));
    item.text = `$(shield) JSP ${total.verified}/${total.requirements} verified`;
    item.backgroundColor = total.errors > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**JSP Trace** traceability\n\n');
    tooltip.appendMarkdown(`| | | |\n|---|---:|---:|\n`);
    tooltip.appendMarkdown(`| Requirements derived | ${total.derived}/${total.requirements} | ${percent(total.derived, total.requirements)} |\n`);
    tooltip.appendMarkdown(`| Requirements implemented | ${total.implemented}/${total.requirements} | ${percent(total.implemented, total.requirements)} |\n`);
    tooltip.appendMarkdown(`| Requirements verified | ${total.verified}/${total.requirements} | ${percent(total.verified, total.requirements)} |\n`);
    tooltip.appendMarkdown(`| Threats mitigated or accepted | ${total.mitigated + total.accepted}/${total.threats} | ${percent(total.mitigated + total.accepted, total.threats)} |\n\n`);
    tooltip.appendMarkdown(`${total.errors} errors · ${total.warnings} warnings\n\n`);
    for (const rule of RULES) {
      const count = total.byRule.get(rule.name) ?? 0;
      if (count > 0) {
        tooltip.appendMarkdown(`- \`${rule.name}\`: ${count}\n`);
      }
    }
    tooltip.appendMarkdown('\nClick to open the traceability matrix.');
    item.tooltip = tooltip;
    item.show();
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const scheduleUpdate = (): void => {
    clearTimeout(timer);
    timer = setTimeout(update, 100);
  };
  return vscode.Disposable.from(
    item,
    indexer.onDidChange(scheduleUpdate),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (ExtensionConfig.affects(event, 'statusBar')) {
        update();
      }
    }),
    { dispose: () => clearTimeout(timer) },
  );
}
