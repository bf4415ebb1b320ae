import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, RULES, changeCountText, combineSummaries, countOf, coverageChangeText, coverageFigures, coverageTrend, escapeMarkdown, percentText, summarize, type TraceSummary } from '../core';
import type { FolderComparison } from './comparison';
import { CommandId } from './commands';
import type { FolderIndex } from './indexer';
import type { SurfaceContext } from './surfaceContext';
import { debounce } from './vscodeUtils';

/** Index changes come in bursts (a save touches several files' findings): update once they settle. */
const UPDATE_DELAY_MS = 100;

/**
 * Requirement coverage in the status bar ("JSP 41/48 verified · 39 passing"), with the number of errors in error
 * colours whenever there are errors, warning colours for warnings only; and, while a `jsp-trace.jsonc`
 * has errors, says so in error colours, with the last valid results in the tooltip.
 */
export function registerStatusBar({ indexer, settings, comparison }: SurfaceContext): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('jspTrace.coverage', vscode.StatusBarAlignment.Left, 0);
  item.name = 'JSP Trace Coverage';

  const update = (): void => {
    const folders = indexer.folders();
    const indexes = folders.flatMap((folder) => (folder.index ? [folder.index] : []));
    const broken = folders.filter((folder) => folder.configErrors.length > 0);
    if (!settings.for().statusBarEnabled || (indexes.length === 0 && broken.length === 0)) {
      item.hide();
      return;
    }
    const summary = indexes.length > 0 ? combineSummaries(indexes.map((index) => summarize(index))) : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**JSP Trace** traceability\n\n');
    if (broken.length > 0) {
      showConfigErrors(item, tooltip, broken, summary !== undefined);
    } else {
      showCoverage(item, summary!);
      tooltip.appendMarkdown('Click to open the traceability matrix.\n\n');
      const compared = comparison.folder && comparison.of(comparison.folder);
      if (compared) {
        showComparison(item, tooltip, compared);
      }
    }
    if (summary) {
      appendSummary(tooltip, summary);
    }
    item.tooltip = tooltip;
    item.show();
  };

  const scheduleUpdate = debounce(UPDATE_DELAY_MS, update);
  return vscode.Disposable.from(
    item,
    scheduleUpdate,
    indexer.onDidChange(scheduleUpdate),
    comparison.onDidChange(scheduleUpdate),
    settings.onDidChange((change) => {
      if (change.affects('statusBar')) {
        update();
      }
    }),
  );
}

/** The normal state: verified requirements, then the errors (or warnings) there are. */
function showCoverage(item: vscode.StatusBarItem, { requirements, findings, testResults }: TraceSummary): void {
  const problems = findings.error > 0 ? ` $(error) ${findings.error}` : findings.warning > 0 ? ` $(warning) ${findings.warning}` : '';
  const passing = testResults ? ` · ${requirements.passing} passing` : '';
  item.text = `$(shield) JSP ${requirements.verified}/${requirements.total} verified${passing}${problems}`;
  item.backgroundColor = findings.error > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : findings.warning > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  item.accessibilityInformation = {
    label: `JSP Trace: ${requirements.verified} of ${requirements.total} requirements verified${testResults ? `, ${requirements.passing} passing` : ''}, ${countOf(findings.error, 'error')}, ${countOf(findings.warning, 'warning')}`,
  };
  item.command = CommandId.OpenMatrix;
}

/** While comparing with a branch: the new and fixed gaps in the text, and each measure's move in the tooltip. */
function showComparison(item: vscode.StatusBarItem, tooltip: vscode.MarkdownString, { ref, commit, changes, coverage }: FolderComparison): void {
  const counts = changeCountText(changes, ref);
  item.text += ` · ${counts}`;
  item.accessibilityInformation = { label: `${item.accessibilityInformation?.label ?? ''}; ${counts}` };
  tooltip.appendMarkdown(
    `**Compared with ${escapeMarkdown(ref)}** (${commit.slice(0, 12)}): ${countOf(changes.added.length, 'new gap')} · ${changes.unchanged.length} unchanged · ${changes.fixed.length} fixed\n\n`,
  );
  tooltip.appendMarkdown(`${coverage.map((move) => `- ${escapeMarkdown(coverageChangeText(move))} ${coverageTrend(move)}`.trimEnd()).join('\n')}\n\n`);
}

/** A configuration with errors: said in error colours, and a click opens the file (one folder) or Problems. */
function showConfigErrors(item: vscode.StatusBarItem, tooltip: vscode.MarkdownString, broken: readonly FolderIndex[], showingLast: boolean): void {
  item.text = showingLast ? '$(error) JSP config error — showing the last valid results' : '$(error) JSP config error';
  item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  item.accessibilityInformation = { label: `JSP Trace: ${CONFIG_FILE_NAME} has errors${showingLast ? '; showing the last valid results' : ''}` };
  for (const folder of broken) {
    const consequence = folder.stale ? 'the figures below are the results of its last valid configuration' : 'the folder is not indexed until they are fixed';
    tooltip.appendMarkdown(`${CONFIG_FILE_NAME} in ${folder.folder.name} has ${countOf(folder.configErrors.length, 'error')}: ${consequence}.\n\n`);
  }
  const [only] = broken;
  if (broken.length === 1 && only) {
    item.command = { command: 'vscode.open', title: `Open ${CONFIG_FILE_NAME}`, arguments: [only.configUri] };
    tooltip.appendMarkdown(`Click to open ${CONFIG_FILE_NAME} and fix them.\n\n`);
  } else {
    item.command = { command: 'workbench.actions.view.problems', title: 'Show Problems' };
    tooltip.appendMarkdown('Click to see them in the Problems panel.\n\n');
  }
}

/** The coverage measures in the core's words, the findings, and the findings per rule. */
function appendSummary(tooltip: vscode.MarkdownString, summary: TraceSummary): void {
  tooltip.appendMarkdown(`| | | |\n|---|---:|---:|\n`);
  for (const { label, done, total, percent } of coverageFigures(summary)) {
    tooltip.appendMarkdown(`| ${label} | ${done}/${total} | ${percentText(percent)} |\n`);
  }
  const { findings, byRule } = summary;
  tooltip.appendMarkdown(`\n${countOf(findings.error, 'error')} · ${countOf(findings.warning, 'warning')}\n\n`);
  for (const rule of RULES) {
    const count = byRule[rule.name] ?? 0;
    if (count > 0) {
      tooltip.appendMarkdown(`- ${rule.title}: ${count}\n`);
    }
  }
}
