import * as vscode from 'vscode';
import { OUTCOME_WORDS, escapeMarkdown, hoverMarkdown, traceStatusLine, type Finding, type ItemKind, type Location, type Severity, type TestOutcome } from '../core';
import { TraceTree, worstSeverity, type TraceGroup, type TraceItemNode, type TraceLocationNode, type TraceNode, type TraceTreeFilter } from '../core/report/traceTreeModel';
import type { FolderIndex, Indexer } from './indexer';
import { ComparisonTree, type ComparisonElement } from './comparisonTree';
import type { SurfaceContext } from './surfaceContext';
import { CommandId } from './commands';
import { debounce, idAtCursor, isUserSelectionChange, toVsRange } from './vscodeUtils';

/** The view of the trace tree, as contributed in package.json. */
const VIEW_ID = 'jspTrace.traceTree';
/** Context key for the view title's toggle: `all` or `untraced`. */
const FILTER_CONTEXT_KEY = 'jspTrace.treeFilter';

/** Index changes come in bursts (a save touches several files' findings): rebuild once they settle. */
const REFRESH_DELAY_MS = 200;
/** Moving the cursor through a line should not reveal every ID it passes. */
const FOLLOW_DELAY_MS = 150;

const KIND_ICONS: Readonly<Record<ItemKind, string>> = {
  objective: 'shield',
  misuse: 'person',
  threat: 'flame',
  requirement: 'checklist',
  control: 'lock',
  test: 'beaker',
  vulnerability: 'bug',
  risk: 'law',
  component: 'package',
  specification: 'list-tree',
};

const GROUP_ICONS: Readonly<Record<TraceGroup, string>> = {
  objectives: 'shield',
  misuse: 'person',
  threats: 'flame',
  underived: 'checklist',
  other: 'list-unordered',
  unknown: 'question',
};

const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  error: 'problemsErrorIcon.foreground',
  warning: 'list.warningForeground',
  info: 'problemsInfoIcon.foreground',
};

/** A verifying test's latest outcome, in the Testing view's icons and colours. */
const OUTCOME_ICONS: Readonly<Record<TestOutcome, readonly [icon: string, color: string]>> = {
  passed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  error: ['error', 'testing.iconErrored'],
  skipped: ['circle-slash', 'testing.iconSkipped'],
};

const SEVERITY_NAMES: Readonly<Record<Severity, string>> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** A workspace folder, the top level when the workspace has more than one. */
interface FolderElement {
  readonly type: 'folder';
  readonly folder: FolderIndex;
}

/** A line of text in place of a folder's tree: it is being indexed, or its configuration is invalid. */
interface MessageElement {
  readonly type: 'message';
  readonly folder: FolderIndex;
  readonly text: string;
}

type Element = FolderElement | MessageElement | TraceNode | ComparisonElement;

/**
 * The "JSP Traceability" view in the Explorer: objectives, misuse cases and threats down to the code and
 * tests that trace them, one tree per workspace folder, with a filter that keeps only the gaps. It follows
 * the cursor: an ID under the cursor is revealed in the tree while the view is visible.
 */
class TraceTreeProvider implements vscode.TreeDataProvider<Element>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<Element | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  /** The tree of each folder for the current index and filter; dropped on every change. */
  readonly #trees = new Map<FolderIndex, TraceTree>();
  /** The folder of each tree's roots, to find a node's folder by walking up. */
  readonly #owners = new WeakMap<TraceNode, FolderIndex>();
  readonly #folderElements = new Map<FolderIndex, FolderElement>();
  readonly #messages = new Map<FolderIndex, MessageElement>();
  #filter: TraceTreeFilter = 'all';

  constructor(
    readonly indexer: Indexer,
    readonly comparison: ComparisonTree,
  ) {}

  get filter(): TraceTreeFilter {
    return this.#filter;
  }

  set filter(filter: TraceTreeFilter) {
    this.#filter = filter;
    this.refresh();
  }

  /** Forgets every tree: the view asks again for what it shows, and reveals find the new nodes. */
  refresh(): void {
    this.#trees.clear();
    this.#messages.clear();
    const current = new Set(this.indexer.folders());
    for (const folder of this.#folderElements.keys()) {
      if (!current.has(folder)) {
        this.#folderElements.delete(folder);
      }
    }
    this.#onDidChangeTreeData.fire(undefined);
  }

  /** The node to reveal for an ID of a folder, in the tree the view currently shows. */
  find(folder: FolderIndex, id: string): TraceItemNode | undefined {
    return this.#tree(folder)?.find(id);
  }

  getChildren(element?: Element): Element[] {
    if (!element) {
      const folders = this.indexer.folders();
      if (folders.length > 1) {
        return folders.map((folder) => this.#folderElement(folder));
      }
      return folders.length === 1 ? this.#folderChildren(folders[0]!) : [];
    }
    switch (element.type) {
      case 'folder':
        return this.#folderChildren(element.folder);
      case 'message':
        return [];
      case 'compared':
      case 'comparedGroup':
      case 'comparedFinding':
        return this.comparison.children(element);
      default: {
        const folder = this.#ownerOf(element);
        return (folder && this.#trees.get(folder)?.children(element).slice()) ?? [];
      }
    }
  }

  getParent(element: Element): Element | undefined {
    if (element.type === 'folder') {
      return undefined;
    }
    if (element.type === 'comparedGroup' || element.type === 'comparedFinding') {
      return element.parent;
    }
    const parent = element.type === 'message' || element.type === 'compared' ? undefined : element.parent;
    if (parent) {
      return parent;
    }
    const folder = element.type === 'message' || element.type === 'compared' ? element.folder : this.#ownerOf(element);
    return folder && this.indexer.folders().length > 1 ? this.#folderElement(folder) : undefined;
  }

  getTreeItem(element: Element): vscode.TreeItem {
    switch (element.type) {
      case 'folder':
        return this.#folderItem(element);
      case 'message': {
        const item = new vscode.TreeItem(element.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = this.#treeItemId(element);
        item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[element.group]);
        item.contextValue = 'jspTrace.group';
        return item;
      }
      case 'item':
        return this.#itemTreeItem(element);
      case 'location':
        return this.#locationTreeItem(element);
      default:
        return this.comparison.treeItem(element);
    }
  }

  #folderChildren(folder: FolderIndex): Element[] {
    const tree = this.#tree(folder);
    if (!tree) {
      let message = this.#messages.get(folder);
      if (!message) {
        const text =
          folder.configErrors.length > 0
            ? 'jsp-trace.jsonc has errors: fix them (see Problems) to see the trace.'
            : 'Indexing the workspace…';
        message = { type: 'message', folder, text };
        this.#messages.set(folder, message);
      }
      return [message];
    }
    return [...this.comparison.rootsOf(folder), ...tree.roots()];
  }

  #tree(folder: FolderIndex): TraceTree | undefined {
    const index = folder.index;
    if (!index) {
      return undefined;
    }
    let tree = this.#trees.get(folder);
    if (!tree) {
      tree = new TraceTree(index.graph, index.findings(), this.#filter, index.testResults);
      for (const root of tree.roots()) {
        this.#owners.set(root, folder);
      }
      this.#trees.set(folder, tree);
    }
    return tree;
  }

  #ownerOf(node: TraceNode): FolderIndex | undefined {
    let root = node;
    while (root.parent) {
      root = root.parent;
    }
    return this.#owners.get(root);
  }

  #folderElement(folder: FolderIndex): FolderElement {
    let element = this.#folderElements.get(folder);
    if (!element) {
      element = { type: 'folder', folder };
      this.#folderElements.set(folder, element);
    }
    return element;
  }

  #folderItem({ folder }: FolderElement): vscode.TreeItem {
    const empty = this.#tree(folder)?.roots().length === 0;
    const item = new vscode.TreeItem(folder.folder.name, empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
    item.id = `${this.#filter}|${folder.folder.uri.toString()}`;
    item.iconPath = new vscode.ThemeIcon('root-folder');
    item.resourceUri = folder.folder.uri;
    if (empty) {
      item.description = this.#filter === 'untraced' ? 'no gaps' : 'no traced items';
    }
    return item;
  }

  #itemTreeItem(node: TraceItemNode): vscode.TreeItem {
    const folder = this.#ownerOf(node);
    const tree = folder && this.#trees.get(folder);
    const hasChildren = (tree?.children(node).length ?? 0) > 0;
    const item = new vscode.TreeItem(node.label, hasChildren ? this.#collapsedOrExpanded() : vscode.TreeItemCollapsibleState.None);
    item.id = this.#treeItemId(node);
    item.iconPath = icon(node.item ? KIND_ICONS[node.item.kind] : 'question', node.findings);
    item.contextValue = node.item ? 'jspTrace.item' : 'jspTrace.unknownItem';
    if (node.item && tree) {
      item.description = traceStatusLine(tree.graph, node.item, tree.results);
      const markdown = new vscode.MarkdownString(hoverMarkdown(tree.graph, node.id, tree.results));
      appendFindings(markdown, node.findings);
      item.tooltip = markdown;
    } else {
      item.description = 'not defined';
      const markdown = new vscode.MarkdownString(`**${escapeMarkdown(node.id)}** is not defined anywhere in the workspace.`);
      appendFindings(markdown, node.findings);
      item.tooltip = markdown;
    }
    if (node.item && folder) {
      item.command = openCommand(folder, node.item.location, `Open the definition of ${node.id}`);
    }
    return item;
  }

  #locationTreeItem(node: TraceLocationNode): vscode.TreeItem {
    const folder = this.#ownerOf(node);
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.#treeItemId(node);
    item.description = [describeRelation(node), node.outcome && `latest result: ${OUTCOME_WORDS[node.outcome].word}`].filter(Boolean).join(' · ');
    item.iconPath = node.outcome ? outcomeIcon(node.outcome) : icon(node.relation === 'verifies' || node.inTest ? 'beaker' : node.relation === 'duplicate' ? 'copy' : node.relation === 'reference' ? 'references' : 'code', node.findings);
    item.contextValue = 'jspTrace.location';
    const markdown = new vscode.MarkdownString(`\`${escapeMarkdown(node.label)}\` · ${escapeMarkdown(describeRelation(node))}`);
    appendFindings(markdown, node.findings);
    item.tooltip = markdown;
    if (folder) {
      item.command = openCommand(folder, node.location, `Open ${node.label}`);
    }
    return item;
  }

  /** Unique in the view; it carries the filter so that each mode keeps its own expansion state. */
  #treeItemId(node: TraceNode): string {
    const folder = this.#ownerOf(node);
    return `${this.#filter}|${folder?.folder.uri.toString() ?? ''}|${node.key}`;
  }

  /** Gaps are few when filtered, so the filtered tree opens all the way down to them. */
  #collapsedOrExpanded(): vscode.TreeItemCollapsibleState {
    return this.#filter === 'untraced' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  }

  dispose(): void {
    this.#onDidChangeTreeData.dispose();
  }
}

function icon(name: string, findings: readonly Finding[]): vscode.ThemeIcon {
  const severity = worstSeverity(findings);
  return new vscode.ThemeIcon(name, severity ? new vscode.ThemeColor(SEVERITY_COLORS[severity]) : undefined);
}

function outcomeIcon(outcome: TestOutcome): vscode.ThemeIcon {
  const [name, color] = OUTCOME_ICONS[outcome];
  return new vscode.ThemeIcon(name, new vscode.ThemeColor(color));
}

function appendFindings(markdown: vscode.MarkdownString, findings: readonly Finding[]): void {
  if (findings.length > 0) {
    markdown.appendMarkdown('\n\n---\n\n');
    markdown.appendMarkdown(findings.map((f) => `- **${SEVERITY_NAMES[f.severity]}** (${escapeMarkdown(f.rule)}): ${escapeMarkdown(f.message)}`).join('\n'));
  }
}

/** How a location relates to its item: `@implements` in code, `TC-1 Verifies:` in a document, ... */
function describeRelation(node: TraceLocationNode): string {
  switch (node.relation) {
    case 'duplicate':
      return 'defined again';
    case 'reference':
      return 'mentioned';
    case 'derives':
      return `${node.from ?? ''} Derives from:`.trim();
    default: {
      const key = node.relation.charAt(0).toUpperCase() + node.relation.slice(1);
      return node.from === undefined ? `@${node.relation}` : `${node.from} ${key}:`;
    }
  }
}

function openCommand(folder: FolderIndex, location: Location, title: string): vscode.Command {
  const options: vscode.TextDocumentShowOptions = { selection: toVsRange(location.range), preview: true };
  return { command: 'vscode.open', title, arguments: [folder.reader.uri(location.path), options] };
}

/** The "JSP Traceability" view, its filter commands, refresh on index changes and cursor following. */
export function registerTraceTree({ indexer, comparison }: SurfaceContext): vscode.Disposable {
  const provider = new TraceTreeProvider(indexer, new ComparisonTree(comparison));
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  const setFilter = (filter: TraceTreeFilter): void => {
    provider.filter = filter;
    view.description = filter === 'untraced' ? 'gaps only' : undefined;
    void vscode.commands.executeCommand('setContext', FILTER_CONTEXT_KEY, filter);
  };
  setFilter('all');

  const refresh = debounce(REFRESH_DELAY_MS, () => provider.refresh());
  const follow = debounce(FOLLOW_DELAY_MS, ({ document, selection }: vscode.TextEditor): void => {
    if (!view.visible) {
      return;
    }
    const at = idAtCursor(indexer, document, selection.active);
    const selected = view.selection[0];
    if (!at || (selected?.type === 'item' && selected.id === at.id)) {
      return;
    }
    const node = provider.find(at.folder, at.id);
    if (node) {
      view.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => {
        // The tree was rebuilt in between: the next move reveals in the new one.
      });
    }
  });

  return vscode.Disposable.from(
    provider,
    view,
    vscode.commands.registerCommand(CommandId.TreeShowUntraced, () => setFilter('untraced')),
    vscode.commands.registerCommand(CommandId.TreeShowAll, () => setFilter('all')),
    indexer.onDidChange(() => refresh()),
    comparison.onDidChange(() => refresh()),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (isUserSelectionChange(event)) {
        follow(event.textEditor);
      }
    }),
    refresh,
    follow,
  );
}
