import * as vscode from 'vscode';
import { escapeMarkdown, ruleTitle, type Finding } from '../core';
import type { Comparison } from './comparison';
import type { FolderIndex } from './indexer';
import { toVsRange } from './vscodeUtils';

/** The "Compared with <ref>" part of the trace view, at the top of the compared folder's tree. */
export interface ComparedElement {
  readonly type: 'compared';
  readonly folder: FolderIndex;
}

/** Its two lists: the gaps the change brought (`added`) and those it fixed. */
export interface ComparedGroupElement {
  readonly type: 'comparedGroup';
  readonly parent: ComparedElement;
  readonly group: 'added' | 'fixed';
}

/** One gap of a list. */
export interface ComparedFindingElement {
  readonly type: 'comparedFinding';
  readonly parent: ComparedGroupElement;
  readonly finding: Finding;
}

export type ComparisonElement = ComparedElement | ComparedGroupElement | ComparedFindingElement;

/** The comparison's part of the trace view: its elements, children and tree items. */
export class ComparisonTree {
  readonly #comparison: Comparison;
  /** The same element object per folder, so the view keeps its expansion state. */
  readonly #roots = new WeakMap<FolderIndex, ComparedElement>();

  constructor(comparison: Comparison) {
    this.#comparison = comparison;
  }

  /** The part to put on top of a folder's tree: none unless the folder is compared. */
  rootsOf(folder: FolderIndex): ComparedElement[] {
    if (!this.#comparison.of(folder)) {
      return [];
    }
    let root = this.#roots.get(folder);
    if (!root) {
      root = { type: 'compared', folder };
      this.#roots.set(folder, root);
    }
    return [root];
  }

  children(element: ComparisonElement): ComparisonElement[] {
    const compared = this.#comparison.of(folderOf(element));
    if (!compared || element.type === 'comparedFinding') {
      return [];
    }
    if (element.type === 'compared') {
      return (['added', 'fixed'] as const).map((group) => ({ type: 'comparedGroup', parent: element, group }));
    }
    return compared.changes[element.group].map((finding) => ({ type: 'comparedFinding', parent: element, finding }));
  }

  treeItem(element: ComparisonElement): vscode.TreeItem {
    const compared = this.#comparison.of(folderOf(element));
    const ref = compared?.ref ?? '';
    switch (element.type) {
      case 'compared': {
        const item = new vscode.TreeItem(`Compared with ${ref}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `compared|${element.folder.folder.uri.toString()}|${ref}`;
        item.iconPath = new vscode.ThemeIcon('git-compare');
        item.description = compared && `${compared.changes.added.length} new · ${compared.changes.fixed.length} fixed`;
        item.tooltip = `What changed since ${ref}${compared ? ` (${compared.commit.slice(0, 12)})` : ''}. Run "JSP Trace: Compare with Branch…" to pick another branch or to stop comparing.`;
        return item;
      }
      case 'comparedGroup': {
        const count = compared?.changes[element.group].length ?? 0;
        const item = new vscode.TreeItem(element.group === 'added' ? 'New gaps' : 'Fixed gaps', count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = `compared|${element.parent.folder.folder.uri.toString()}|${ref}|${element.group}`;
        item.iconPath = new vscode.ThemeIcon(element.group === 'added' ? 'diff-added' : 'pass');
        item.description = count === 0 ? 'none' : String(count);
        return item;
      }
      case 'comparedFinding':
        return findingItem(element, ref);
    }
  }
}

function folderOf(element: ComparisonElement): FolderIndex {
  return element.type === 'compared' ? element.folder : element.type === 'comparedGroup' ? element.parent.folder : element.parent.parent.folder;
}

/** A new gap opens where it is; a fixed one says where it was at the base (that text may be gone). */
function findingItem({ finding, parent }: ComparedFindingElement, ref: string): vscode.TreeItem {
  const { path, range } = finding.location;
  const item = new vscode.TreeItem(`${finding.item}: ${ruleTitle(finding.rule)}`, vscode.TreeItemCollapsibleState.None);
  const isNew = parent.group === 'added';
  item.description = isNew ? `${path}:${range.start.line + 1}` : `was at ${path}:${range.start.line + 1} in ${ref}`;
  item.iconPath = new vscode.ThemeIcon(isNew ? (finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info') : 'check');
  item.tooltip = new vscode.MarkdownString(`${isNew ? `**New since ${escapeMarkdown(ref)}**` : `**Fixed since ${escapeMarkdown(ref)}**`} (${finding.severity}): ${escapeMarkdown(finding.message)}`);
  if (isNew) {
    const folder = parent.parent.folder;
    item.command = { command: 'vscode.open', title: `Open ${path}`, arguments: [folder.reader.uri(path), { selection: toVsRange(range), preview: true }] };
  }
  return item;
}
