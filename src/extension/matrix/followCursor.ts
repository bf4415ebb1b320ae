import * as vscode from 'vscode';
import { itemAtPosition, viewOfKind } from '../../core';
import type { ToWebview } from '../../protocol';
import type { SurfaceContext } from '../surfaceContext';
import { debounce, idAtCursor, isUserSelectionChange } from '../vscodeUtils';

/** Cursor moves are followed once the cursor rests. */
const FOLLOW_DELAY_MS = 150;

/** What the matrix panel gives its cursor follower. */
export interface FollowTarget {
  /** True between the webview's `ready` and the panel being hidden. */
  isReady(): boolean;
  isVisible(): boolean;
  post(message: ToWebview.Type): void;
  /** Shows the folder (by its URI) the followed item is in. */
  showFolder(key: string): void;
}

/**
 * Follows the editor: when following is on (the panel's "Follow editor" toggle, else the
 * `jspTrace.matrix.followCursor` setting), the panel reveals the row of the item the cursor rests on.
 * What it listens to goes into the panel's `disposables`.
 */
export class CursorFollower {
  readonly #ctx: SurfaceContext;
  readonly #target: FollowTarget;
  /** The panel's own "Follow editor" toggle; undefined: the setting decides. */
  #override: boolean | undefined;
  #lastFollowed: string | undefined;
  readonly #followLater = debounce(FOLLOW_DELAY_MS, (document: vscode.TextDocument, position: vscode.Position) => this.#follow(document, position));

  constructor(ctx: SurfaceContext, target: FollowTarget, disposables: vscode.Disposable[]) {
    this.#ctx = ctx;
    this.#target = target;
    disposables.push(this.#followLater);
    vscode.window.onDidChangeTextEditorSelection((event) => this.#onSelection(event), null, disposables);
    ctx.settings.onDidChange(
      (change) => {
        if (change.affects('matrix.followCursor')) {
          // A change of the setting wins over the panel's toggle.
          this.#override = undefined;
          target.post({ type: 'followCursor', enabled: this.#setting() });
        }
      },
      null,
      disposables,
    );
  }

  /** Whether the panel follows the cursor: its own toggle, else the setting. */
  get enabled(): boolean {
    return this.#override ?? this.#setting();
  }

  /** The webview (re)loaded with the toggle its saved state holds, if any. */
  restore(savedToggle: unknown): void {
    if (typeof savedToggle === 'boolean') {
      this.#override = savedToggle;
    }
  }

  /** The panel's "Follow editor" toggle changed (for this panel only; the setting is the default). */
  toggle(enabled: boolean): void {
    this.#override = enabled;
    this.#lastFollowed = undefined;
  }

  #setting(): boolean {
    return this.#ctx.settings.for().matrixFollowCursor;
  }

  #onSelection(event: vscode.TextEditorSelectionChangeEvent): void {
    if (!isUserSelectionChange(event) || !this.#target.isReady() || !this.#target.isVisible() || !this.enabled) {
      return;
    }
    this.#followLater(event.textEditor.document, event.selections[0]!.active);
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
    this.#target.showFolder(located.folder.folder.uri.toString());
    this.#target.post({ type: 'reveal', id });
  }
}
