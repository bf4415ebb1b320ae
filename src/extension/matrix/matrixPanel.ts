import * as vscode from 'vscode';
import { EXPORT_FORMATS, MATRIX_VIEWS } from '../../core';
import type { FromWebview, ToWebview } from '../../protocol';
import type { SurfaceContext } from '../surfaceContext';
import { CursorFollower } from './followCursor';
import { exportMatrixView } from './matrixExport';
import { createNonce, matrixPageHtml } from './matrixPage';
import { MatrixSync } from './matrixSync';
import { openLocation } from './openLocation';

/** Options of `jspTrace.openMatrix`: the quick fix passes `{ filter: 'SR-4' }`, the editor title button a file. */
export interface OpenMatrixOptions {
  readonly filter?: string;
  /** Show the folder this file belongs to. */
  readonly folder?: vscode.Uri;
}

/**
 * The traceability matrix panel: one per window. It hosts the webview and routes its messages; the model
 * it shows is kept in step by {@link MatrixSync}, the editor's cursor is followed by
 * {@link CursorFollower}, and exports are written by matrixExport.ts.
 */
export class MatrixPanel {
  static currentPanel: MatrixPanel | undefined;
  static readonly viewType = 'jspTrace.matrix';

  readonly #panel: vscode.WebviewPanel;
  readonly #ctx: SurfaceContext;
  readonly #sync: MatrixSync;
  readonly #follower: CursorFollower;
  readonly #disposables: vscode.Disposable[] = [];
  /** True between the webview's `ready` and the panel being hidden (hiding destroys the webview). */
  #ready = false;
  #pendingFilter: string | undefined;

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
    const isReady = () => this.#ready;
    const post = (message: ToWebview.Type) => this.#post(message);
    const setTitle = (title: string) => (panel.title = title);
    this.#sync = new MatrixSync(ctx, { isReady, post, setTitle, followCursor: () => this.#follower.enabled }, folderKey, this.#disposables);
    this.#follower = new CursorFollower(ctx, { isReady, isVisible: () => panel.visible, post, showFolder: (key) => this.#sync.showFolder(key) }, this.#disposables);
    panel.webview.html = this.#html();
    panel.onDidDispose(() => this.dispose(), null, this.#disposables);
    panel.webview.onDidReceiveMessage((message: FromWebview.Type) => this.#onMessage(message), null, this.#disposables);
    panel.onDidChangeViewState(
      () => {
        // Without retainContextWhenHidden the webview is destroyed when hidden and sends `ready` again.
        if (!panel.visible) {
          this.#ready = false;
          this.#sync.forget();
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
    this.#ready = false;
    this.#panel.dispose();
    while (this.#disposables.length > 0) {
      this.#disposables.pop()?.dispose();
    }
  }

  /** Applies `createOrShow`'s options: a folder to show, a filter to set. */
  #apply(options: OpenMatrixOptions): void {
    if (options.folder) {
      const located = this.#ctx.indexer.locate(options.folder);
      if (located) {
        this.#sync.showFolder(located.folder.folder.uri.toString());
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
        this.#sync.restart(message.folder);
        this.#follower.restore(message.followCursor);
        this.#sync.sendModel();
        this.#flushFilter();
        break;
      case 'open':
        void openLocation(this.#sync.folder(), message.location, this.#panel.viewColumn);
        break;
      case 'export':
        if (MATRIX_VIEWS.includes(message.view) && EXPORT_FORMATS.includes(message.format)) {
          void exportMatrixView(this.#sync.folder(), message.view, message.format, this.#ctx.workspaceState);
        }
        break;
      case 'selectFolder':
        if (typeof message.folder === 'string') {
          this.#sync.showFolder(message.folder);
        }
        break;
      case 'followCursor':
        this.#follower.toggle(message.enabled === true);
        break;
    }
  }

  #post(message: ToWebview.Type): void {
    if (this.#ready) {
      void this.#panel.webview.postMessage(message);
    }
  }

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
