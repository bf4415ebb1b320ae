import * as vscode from 'vscode';
import { MATRIX_VIEWS, buildMatrix, jspPhases, matrixToCsv, matrixToHtml, matrixToJson, type ExportFormat, type MatrixView } from '../core';
import type { FolderChoice, FromWebview, Json, PanelModel, PanelNotice, ToWebview, ViewDelta } from '../protocol';
import { diffRows, itemAtPosition, viewOfKind } from '../../webview/model';
import type { FolderIndex } from './indexer';
import { idAtCursor } from './languageFeatures';
import { toVsRange } from './diagnostics';
import { ExtensionConfig } from './config';
import { buildPanelModel, createNonce, matrixPageHtml, type PanelFolder } from './matrix/matrixPage';
import type { SurfaceContext } from './surfaceContext';

/** Index changes come in bursts (a save, a rebuild): the panel updates once they settle. */
const UPDATE_DELAY_MS = 200;
/** Cursor moves are followed once the cursor rests. */
const FOLLOW_DELAY_MS = 150;

/** Options of `jspTrace.openMatrix`: the quick fix passes `{ filter: 'SR-4' }`, the editor title button a file. */
export interface OpenMatrixOptions {
  readonly filter?: string;
  /** Show the folder this file belongs to. */
  readonly folder?: vscode.Uri;
}

const EXPORT_FILTERS: Readonly<Record<ExportFormat, Record<string, string[]>>> = {
  html: { 'HTML page': ['html'] },
  csv: { 'CSV table': ['csv'] },
  json: { JSON: ['json'] },
};

/**
 * The traceability matrix panel: one per window. It sends the webview the model the core computes for
 * the folder shown — the four views' matrices and the JSP phases — then keyed row updates as the index
 * changes, follows the editor's cursor when asked, opens locations and exports with the CLI's exporters.
 */
export class MatrixPanel {
  static currentPanel: MatrixPanel | undefined;
  static readonly viewType = 'jspTrace.matrix';

  readonly #panel: vscode.WebviewPanel;
  readonly #ctx: SurfaceContext;
  readonly #disposables: vscode.Disposable[] = [];
  /** The folder shown (its URI); undefined until one is chosen. */
  #folderKey: string | undefined;
  /** True between the webview's `ready` and the panel being hidden (hiding destroys the webview). */
  #ready = false;
  /** What the webview holds: row signatures per view, to send only what changed. */
  #sent: { folder: string; folders: string; signatures: Map<MatrixView, Map<string, string>>; kinds: string } | undefined;
  /** Folders whose index changed since the last update. */
  #changed = new Set<string>();
  #pendingFilter: string | undefined;
  /** The panel's own "Follow editor" toggle; undefined: the setting decides. */
  #followOverride: boolean | undefined;
  #lastFollowed: string | undefined;
  #updateTimer: ReturnType<typeof setTimeout> | undefined;
  #followTimer: ReturnType<typeof setTimeout> | undefined;

  /** Shows the panel (creating it beside the editor when there is none), optionally filtered or for a folder. */
  static createOrShow(ctx: SurfaceContext, options: OpenMatrixOptions = {}): MatrixPanel {
    const existing = MatrixPanel.currentPanel;
    if (existing) {
      existing.#panel.reveal(existing.#panel.viewColumn);
      existing.#apply(options);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      MatrixPanel.viewType,
      'Traceability Matrix',
      // Beside the editor, so that following the cursor and opening locations keep both in view.
      { viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(ctx.extensionUri),
    );
    const created = new MatrixPanel(panel, ctx, undefined);
    created.#apply(options);
    return created;
  }

  /** Restores the panel after a window reload (the webview's saved state names the folder it showed). */
  static revive(panel: vscode.WebviewPanel, ctx: SurfaceContext, state: unknown): MatrixPanel {
    MatrixPanel.currentPanel?.dispose();
    panel.webview.options = webviewOptions(ctx.extensionUri);
    const folder = typeof state === 'object' && state !== null && typeof (state as { folder?: unknown }).folder === 'string' ? (state as { folder: string }).folder : undefined;
    return new MatrixPanel(panel, ctx, folder);
  }

  private constructor(panel: vscode.WebviewPanel, ctx: SurfaceContext, folderKey: string | undefined) {
    MatrixPanel.currentPanel = this;
    this.#panel = panel;
    this.#ctx = ctx;
    const { indexer, settings } = ctx;
    this.#folderKey = folderKey;
    panel.webview.html = this.#html();
    panel.onDidDispose(() => this.dispose(), null, this.#disposables);
    panel.webview.onDidReceiveMessage((message: FromWebview.Type) => this.#onMessage(message), null, this.#disposables);
    panel.onDidChangeViewState(
      () => {
        // Without retainContextWhenHidden the webview is destroyed when hidden and sends `ready` again.
        if (!panel.visible) {
          this.#ready = false;
          this.#sent = undefined;
        }
      },
      null,
      this.#disposables,
    );
    indexer.onDidChange((event) => this.#onIndexChange(event.folder), null, this.#disposables);
    vscode.window.onDidChangeTextEditorSelection((event) => this.#onSelection(event), null, this.#disposables);
    settings.onDidChange(
      (change) => {
        if (change.affects('matrix.followCursor')) {
          // A change of the setting wins over the panel's toggle.
          this.#followOverride = undefined;
          this.#post({ type: 'followCursor', enabled: new ExtensionConfig().matrixFollowCursor });
        }
      },
      null,
      this.#disposables,
    );
  }

  dispose(): void {
    if (MatrixPanel.currentPanel === this) {
      MatrixPanel.currentPanel = undefined;
    }
    clearTimeout(this.#updateTimer);
    clearTimeout(this.#followTimer);
    this.#ready = false;
    this.#sent = undefined;
    this.#panel.dispose();
    while (this.#disposables.length > 0) {
      this.#disposables.pop()?.dispose();
    }
  }

  /** Applies `createOrShow`'s options: a folder to show, a filter to set. */
  #apply(options: OpenMatrixOptions): void {
    if (options.folder) {
      const located = this.#ctx.indexer.locate(options.folder);
      if (located && located.folder.folder.uri.toString() !== this.#folderKey) {
        this.#folderKey = located.folder.folder.uri.toString();
        if (this.#ready) {
          this.#sendModel();
        }
      }
    }
    if (typeof options.filter === 'string') {
      this.#pendingFilter = options.filter;
      this.#flushFilter();
    }
  }

  #flushFilter(): void {
    if (this.#ready && this.#pendingFilter !== undefined) {
      this.#post({ type: 'applyFilter', text: this.#pendingFilter });
      this.#pendingFilter = undefined;
    }
  }

  #onMessage(message: FromWebview.Type): void {
    switch (message?.type) {
      case 'ready':
        this.#ready = true;
        this.#sent = undefined;
        if (typeof message.folder === 'string' && this.#folderKey === undefined) {
          this.#folderKey = message.folder;
        }
        if (typeof message.followCursor === 'boolean') {
          this.#followOverride = message.followCursor;
        }
        this.#sendModel();
        this.#flushFilter();
        break;
      case 'open':
        void this.#open(message.location);
        break;
      case 'export':
        if (MATRIX_VIEWS.includes(message.view) && (['html', 'csv', 'json'] as const).includes(message.format)) {
          void this.#export(message.view, message.format);
        }
        break;
      case 'selectFolder':
        if (typeof message.folder === 'string' && message.folder !== this.#folderKey) {
          this.#folderKey = message.folder;
          this.#sendModel();
        }
        break;
      case 'followCursor':
        this.#followOverride = message.enabled === true;
        this.#lastFollowed = undefined;
        break;
    }
  }

  // ------------------------------------------------------------------ model

  /** The folder shown: the chosen one, else the active editor's, else the first. */
  #folder(): FolderIndex | undefined {
    const folders = this.#ctx.indexer.folders();
    let folder = folders.find((candidate) => candidate.folder.uri.toString() === this.#folderKey);
    if (!folder) {
      const active = vscode.window.activeTextEditor?.document.uri;
      folder = (active && this.#ctx.indexer.locate(active)?.folder) ?? folders[0];
      this.#folderKey = folder?.folder.uri.toString() ?? this.#folderKey;
    }
    return folder;
  }

  #sendModel(): void {
    if (!this.#ready) {
      return;
    }
    const started = Date.now();
    const folder = this.#folder();
    const folders: FolderChoice[] = this.#ctx.indexer.folders().map((candidate) => ({ key: candidate.folder.uri.toString(), name: candidate.folder.name }));
    this.#panel.title = folders.length > 1 && folder ? `Traceability Matrix: ${folder.folder.name}` : 'Traceability Matrix';
    const notice = noticeFor(folder);
    const index = folder?.index;
    let model: PanelModel | undefined;
    if (folder && index && !notice) {
      model = buildPanelModel(panelFolder(folder), index);
      this.#sent = {
        folder: model.folder,
        folders: folders.map((choice) => choice.key).join('\n'),
        signatures: new Map(MATRIX_VIEWS.map((view) => [view, diffRows(new Map(), model!.matrices[view].rows).signatures])),
        kinds: JSON.stringify(model.kinds),
      };
    } else {
      this.#sent = undefined;
    }
    this.#post({
      type: 'model',
      folders,
      model: model && (JSON.stringify(model) as Json<PanelModel>),
      ...(notice ? { notice } : {}),
      followCursor: this.#followOverride ?? new ExtensionConfig().matrixFollowCursor,
    });
    if (model) {
      this.#ctx.indexer.log.info(`Matrix: sent ${model.matrices.requirements.rows.length} requirements and ${model.matrices.threats.rows.length} threats of ${model.folderName} in ${Date.now() - started} ms`);
    }
  }

  #onIndexChange(folder: FolderIndex): void {
    if (!this.#ready) {
      return; // the webview asks for the whole model when it is shown again
    }
    this.#changed.add(folder.folder.uri.toString());
    clearTimeout(this.#updateTimer);
    this.#updateTimer = setTimeout(() => this.#sendUpdate(), UPDATE_DELAY_MS);
  }

  /** Sends what changed since the last model or update, row by row; a new folder or index gets the whole model. */
  #sendUpdate(): void {
    const changed = this.#changed;
    this.#changed = new Set();
    if (!this.#ready) {
      return;
    }
    const folder = this.#folder();
    const index = folder?.index;
    const sent = this.#sent;
    const folders = this.#ctx.indexer.folders().map((candidate) => candidate.folder.uri.toString()).join('\n');
    if (!folder || !index || !sent || sent.folder !== folder.folder.uri.toString() || sent.folders !== folders || noticeFor(folder)) {
      this.#sendModel();
      return;
    }
    if (!changed.has(sent.folder)) {
      return;
    }
    const started = Date.now();
    const model = buildPanelModel(panelFolder(folder), index);
    const views = {} as Record<MatrixView, ViewDelta>;
    let changedRows = 0;
    for (const view of MATRIX_VIEWS) {
      const matrix = model.matrices[view];
      const { upserted, removed, signatures } = diffRows(sent.signatures.get(view) ?? new Map(), matrix.rows);
      sent.signatures.set(view, signatures);
      views[view] = { upserted, removed, summary: matrix.summary };
      changedRows += upserted.length + removed.length;
    }
    const kinds = JSON.stringify(model.kinds);
    const kindsChanged = kinds !== sent.kinds;
    sent.kinds = kinds;
    this.#post({ type: 'update', folder: model.folder, views, phases: model.phases, rules: model.rules, ...(kindsChanged ? { kinds: model.kinds } : {}) });
    this.#ctx.indexer.log.channel.trace(`Matrix: update with ${changedRows} changed row(s) in ${Date.now() - started} ms`);
  }

  #post(message: ToWebview.Type): void {
    if (this.#ready) {
      void this.#panel.webview.postMessage(message);
    }
  }

  // ------------------------------------------------------------------ following the editor

  #followEnabled(): boolean {
    return this.#followOverride ?? new ExtensionConfig().matrixFollowCursor;
  }

  #onSelection(event: vscode.TextEditorSelectionChangeEvent): void {
    // Only the user's own moves: opening a location from the panel also sets a selection, and following
    // that would switch the panel away from the view the user clicked in.
    if (event.kind !== vscode.TextEditorSelectionChangeKind.Keyboard && event.kind !== vscode.TextEditorSelectionChangeKind.Mouse) {
      return;
    }
    if (!this.#ready || !this.#panel.visible || !this.#followEnabled()) {
      return;
    }
    clearTimeout(this.#followTimer);
    this.#followTimer = setTimeout(() => this.#follow(event.textEditor.document, event.selections[0]!.active), FOLLOW_DELAY_MS);
  }

  #follow(document: vscode.TextDocument, position: vscode.Position): void {
    const located = this.#ctx.indexer.locate(document.uri);
    const index = located?.folder.index;
    if (!located || !index) {
      return;
    }
    const isRow = (id: string | undefined): id is string => {
      const item = id === undefined ? undefined : index.graph.item(id);
      return item !== undefined && viewOfKind(item.kind) !== undefined;
    };
    // The ID under the cursor; else the annotation on the line or the section the cursor is in.
    let id: string | undefined = idAtCursor(this.#ctx.indexer, document, position)?.id;
    if (!isRow(id)) {
      const file = index.graph.file(located.path);
      id = file && itemAtPosition(file, { line: position.line, character: position.character });
    }
    if (!isRow(id) || id === this.#lastFollowed) {
      return;
    }
    this.#lastFollowed = id;
    const key = located.folder.folder.uri.toString();
    if (key !== this.#folderKey) {
      this.#folderKey = key;
      this.#sendModel();
    }
    this.#post({ type: 'reveal', id });
  }

  // ------------------------------------------------------------------ actions

  /** Opens a location of the folder shown, at its exact range, in an editor group beside the panel. */
  async #open(location: unknown): Promise<void> {
    const folder = this.#folder();
    if (!folder || !isLocation(location)) {
      return;
    }
    const uri = folder.reader.uri(location.path);
    const range = toVsRange(location.range);
    try {
      const editor = await vscode.window.showTextDocument(uri, { selection: range, viewColumn: this.#editorColumn(), preview: false });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not open ${location.path}: ${(error as Error).message}`);
    }
  }

  /** The column of a text editor beside the panel, or the one next to it. */
  #editorColumn(): vscode.ViewColumn {
    const panelColumn = this.#panel.viewColumn;
    const other = vscode.window.visibleTextEditors.find((editor) => editor.viewColumn !== undefined && editor.viewColumn !== panelColumn);
    if (other?.viewColumn !== undefined) {
      return other.viewColumn;
    }
    return panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
  }

  /** Exports a view with the CLI's exporters, to a file the user picks (written atomically). */
  async #export(view: MatrixView, format: ExportFormat): Promise<void> {
    const folder = this.#folder();
    const index = folder?.index;
    if (!folder || !index) {
      void vscode.window.showWarningMessage('The matrix cannot be exported yet: the folder is still being indexed, or its jsp-trace.jsonc has errors.');
      return;
    }
    const matrix = buildMatrix(index, view);
    const content =
      format === 'csv'
        ? matrixToCsv(matrix)
        : format === 'json'
          ? matrixToJson(matrix, jspPhases(index))
          : matrixToHtml(matrix, jspPhases(index), { title: folder.folder.name, generated: new Date().toISOString() });
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder.reader.uri(`traceability-${view}.${format}`),
      filters: EXPORT_FILTERS[format],
      saveLabel: 'Export',
      title: `Export the ${matrix.title.toLowerCase()} matrix as ${format.toUpperCase()}`,
    });
    if (!target) {
      return;
    }
    try {
      await writeAtomically(target, new TextEncoder().encode(content));
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not write ${target.fsPath}: ${(error as Error).message}`);
      return;
    }
    const rows = `${matrix.rows.length} row${matrix.rows.length === 1 ? '' : 's'}`;
    const choice = await vscode.window.showInformationMessage(`Exported the ${matrix.title.toLowerCase()} matrix (${rows}) to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (choice) {
      await vscode.commands.executeCommand('vscode.open', target);
    }
  }

  // ------------------------------------------------------------------ HTML

  /** The page of matrixPage.ts, with this webview's resource URIs and CSP source. */
  #html(): string {
    const webview = this.#panel.webview;
    return matrixPageHtml({
      script: webview.asWebviewUri(vscode.Uri.joinPath(this.#ctx.extensionUri, 'dist', 'webview.js')).toString(),
      style: webview.asWebviewUri(vscode.Uri.joinPath(this.#ctx.extensionUri, 'media', 'matrix.css')).toString(),
      cspSource: webview.cspSource,
      nonce: createNonce(),
    });
  }
}

/** Registers the serializer that restores the panel after a window reload. */
export function registerMatrixPanel(ctx: SurfaceContext): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(MatrixPanel.viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      MatrixPanel.revive(panel, ctx, state);
    },
  });
}

/** Scripts for this panel only; local resources only from the extension's `dist` and `media`. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** A folder as the model names it: its URI (the key the webview sends back) and its name. */
function panelFolder(folder: FolderIndex): PanelFolder {
  return { key: folder.folder.uri.toString(), name: folder.folder.name };
}

function noticeFor(folder: FolderIndex | undefined): PanelNotice | undefined {
  if (!folder) {
    return vscode.workspace.workspaceFolders?.length
      ? { kind: 'indexing', message: 'Indexing the workspace…' }
      : { kind: 'noFolder', message: 'Open a folder to see its traceability matrix.' };
  }
  if (folder.configErrors.length > 0) {
    return {
      kind: 'configError',
      message: `${folder.folder.name}: jsp-trace.jsonc has errors. The matrix shows once they are fixed (see the Problems panel).`,
      details: folder.configErrors.map((error) => `${error.range.start.line + 1}:${error.range.start.character + 1} ${error.field ? `${error.field}: ` : ''}${error.message}`),
    };
  }
  if (!folder.index) {
    return { kind: 'indexing', message: `Indexing ${folder.folder.name}…` };
  }
  return undefined;
}

/** A location sent by the webview: a relative path inside the folder and a numeric range. */
function isLocation(value: unknown): value is { path: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } } {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { path, range } = value as { path?: unknown; range?: { start?: Record<string, unknown>; end?: Record<string, unknown> } };
  const isPosition = (p: Record<string, unknown> | undefined) => !!p && Number.isInteger(p['line']) && Number.isInteger(p['character']) && (p['line'] as number) >= 0 && (p['character'] as number) >= 0;
  return (
    typeof path === 'string' &&
    path.length > 0 &&
    !path.startsWith('/') &&
    !/^[a-z]+:/i.test(path) &&
    !path.split('/').some((segment) => segment === '..') &&
    isPosition(range?.start) &&
    isPosition(range?.end)
  );
}

/** Writes a file through a temporary sibling and a rename, so a reader never sees half an export. */
async function writeAtomically(target: vscode.Uri, content: Uint8Array): Promise<void> {
  const temporary = target.with({ path: `${target.path}.${createNonce().slice(0, 8)}.tmp` });
  await vscode.workspace.fs.writeFile(temporary, content);
  try {
    await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
  } catch {
    // A file system without rename: write in place.
    await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
    await vscode.workspace.fs.writeFile(target, content);
  }
}
