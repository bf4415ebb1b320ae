import * as vscode from 'vscode';
import { MATRIX_VIEWS, coverageChangeText, coverageTrend, diffRows, type MatrixDelta, type MatrixView } from '../../core';
import type { FolderChoice, Json, PanelComparison, PanelModel, PanelNotice, ToWebview } from '../../protocol';
import type { FolderComparison } from '../comparison';
import type { FolderIndex } from '../indexer';
import type { SurfaceContext } from '../surfaceContext';
import { debounce } from '../vscodeUtils';
import { buildPanelModel, type PanelFolder } from './matrixPage';

/** Index changes come in bursts (a save, a rebuild): the panel updates once they settle. */
const UPDATE_DELAY_MS = 200;

/** What the matrix panel gives its model sync. */
export interface SyncTarget {
  /** True between the webview's `ready` and the panel being hidden (hiding destroys the webview). */
  isReady(): boolean;
  post(message: ToWebview.Type): void;
  setTitle(title: string): void;
  /** Whether the panel follows the editor's cursor: the model message starts the panel's toggle from it. */
  followCursor(): boolean;
}

/** What the webview holds: the folder and folder list it was sent, and row signatures per view. */
interface SentModel {
  readonly folder: string;
  readonly folders: string;
  readonly signatures: Map<MatrixView, Map<string, string>>;
  kinds: string;
}

/**
 * Keeps the webview's model in step with the index: the whole model of the folder shown when the webview
 * is ready and when the folder changes, then keyed row updates (only the rows that changed) as the index
 * changes. What it listens to goes into the panel's `disposables`.
 */
export class MatrixSync {
  readonly #ctx: SurfaceContext;
  readonly #target: SyncTarget;
  /** The folder shown (its URI); undefined until one is chosen. */
  #folderKey: string | undefined;
  #sent: SentModel | undefined;
  /** Folders whose index changed since the last update. */
  #changed = new Set<string>();
  readonly #scheduleUpdate = debounce(UPDATE_DELAY_MS, () => this.#sendUpdate());

  constructor(ctx: SurfaceContext, target: SyncTarget, folderKey: string | undefined, disposables: vscode.Disposable[]) {
    this.#ctx = ctx;
    this.#target = target;
    this.#folderKey = folderKey;
    ctx.indexer.onDidChange((event) => this.#onIndexChange(event.folder), null, disposables);
    ctx.comparison.onDidChange(() => this.#sendComparison(), null, disposables);
    disposables.push(this.#scheduleUpdate);
  }

  /** The folder shown: the chosen one, else the active editor's, else the first. */
  folder(): FolderIndex | undefined {
    const folders = this.#ctx.indexer.folders();
    let folder = folders.find((candidate) => candidate.folder.uri.toString() === this.#folderKey);
    if (!folder) {
      const active = vscode.window.activeTextEditor?.document.uri;
      folder = (active && this.#ctx.indexer.locate(active)?.folder) ?? folders[0];
      this.#folderKey = folder?.folder.uri.toString() ?? this.#folderKey;
    }
    return folder;
  }

  /** Shows a folder (by its URI), sending its whole model when it is not the one shown. */
  showFolder(key: string): void {
    if (key !== this.#folderKey) {
      this.#folderKey = key;
      this.sendModel();
    }
  }

  /** The webview (re)loaded: it holds nothing, and shows the folder its saved state names unless one was chosen. */
  restart(savedFolder: unknown): void {
    this.#sent = undefined;
    if (typeof savedFolder === 'string' && this.#folderKey === undefined) {
      this.#folderKey = savedFolder;
    }
  }

  /** The webview was destroyed (the panel was hidden): it asks for the whole model when it is shown again. */
  forget(): void {
    this.#sent = undefined;
  }

  /** Sends the whole model of the folder shown, or the notice that says why there is none. */
  sendModel(): void {
    if (!this.#target.isReady()) {
      return;
    }
    const started = Date.now();
    const folder = this.folder();
    const folders: FolderChoice[] = this.#ctx.indexer.folders().map((candidate) => ({ key: candidate.folder.uri.toString(), name: candidate.folder.name }));
    this.#target.setTitle(folders.length > 1 && folder ? `Traceability Matrix: ${folder.folder.name}` : 'Traceability Matrix');
    const notice = noticeFor(folder);
    const index = folder?.index;
    let model: PanelModel | undefined;
    if (folder && index && notice?.kind !== 'indexing' && notice?.kind !== 'noFolder') {
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
    this.#target.post({
      type: 'model',
      folders,
      model: model && (JSON.stringify(model) as Json<PanelModel>),
      ...(notice ? { notice } : {}),
      followCursor: this.#target.followCursor(),
    });
    this.#sendComparison();
    if (model) {
      this.#ctx.log.info(`Matrix: sent ${model.matrices.requirements.rows.length} requirements and ${model.matrices.threats.rows.length} threats of ${model.folderName} in ${Date.now() - started} ms`);
    }
  }

  /** The comparison of the folder shown (none when it is not compared), which the webview keeps until the next one. */
  #sendComparison(): void {
    const folder = this.folder();
    if (!this.#target.isReady() || !folder) {
      return;
    }
    const compared = this.#ctx.comparison.of(folder);
    this.#target.post({ type: 'comparison', folder: folder.folder.uri.toString(), comparison: compared && panelComparison(compared) });
  }

  #onIndexChange(folder: FolderIndex): void {
    if (!this.#target.isReady()) {
      return; // the webview asks for the whole model when it is shown again
    }
    this.#changed.add(folder.folder.uri.toString());
    this.#scheduleUpdate();
  }

  /** Sends what changed since the last model or update, row by row; a new folder or index gets the whole model. */
  #sendUpdate(): void {
    const changed = this.#changed;
    this.#changed = new Set();
    if (!this.#target.isReady()) {
      return;
    }
    const folder = this.folder();
    const index = folder?.index;
    const sent = this.#sent;
    const folders = this.#ctx.indexer.folders().map((candidate) => candidate.folder.uri.toString()).join('\n');
    if (!folder || !index || !sent || sent.folder !== folder.folder.uri.toString() || sent.folders !== folders || noticeFor(folder)) {
      this.sendModel();
      return;
    }
    if (!changed.has(sent.folder)) {
      return;
    }
    const started = Date.now();
    const model = buildPanelModel(panelFolder(folder), index);
    const views = {} as Record<MatrixView, MatrixDelta>;
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
    this.#target.post({ type: 'update', folder: model.folder, views, phases: model.phases, rules: model.rules, ...(kindsChanged ? { kinds: model.kinds } : {}) });
    this.#sendComparison();
    this.#ctx.log.channel.trace(`Matrix: update with ${changedRows} changed row(s) in ${Date.now() - started} ms`);
  }
}

/** The comparison as the panel shows it: figures and IDs, computed here so the webview only shows them. */
function panelComparison({ ref, changes, coverage }: FolderComparison): PanelComparison {
  return {
    ref,
    coverage: coverage.map((move) => ({ measure: move.after.measure, before: move.before && `${move.before.done}/${move.before.total}`, trend: coverageTrend(move), text: coverageChangeText(move) })),
    newGapItems: [...new Set(changes.added.map((finding) => finding.item))],
    added: changes.added.length,
    fixed: changes.fixed.length,
  };
}

/** A folder as the model names it: its URI (the key the webview sends back) and its name. */
function panelFolder(folder: FolderIndex): PanelFolder {
  return { key: folder.folder.uri.toString(), name: folder.folder.name };
}

/** Why a folder has no model to show, if it has none. */
function noticeFor(folder: FolderIndex | undefined): PanelNotice | undefined {
  if (!folder) {
    return vscode.workspace.workspaceFolders?.length
      ? { kind: 'indexing', message: 'Indexing the workspace…' }
      : { kind: 'noFolder', message: 'Open a folder to see its traceability matrix.' };
  }
  if (folder.configErrors.length > 0) {
    return {
      kind: 'configError',
      message: folder.index
        ? `${folder.folder.name}: jsp-trace.jsonc has errors, so these are the last valid results. Fix the errors (see the Problems panel) and the matrix follows.`
        : `${folder.folder.name}: jsp-trace.jsonc has errors. The matrix shows once they are fixed (see the Problems panel).`,
      details: folder.configErrors.map((error) => `${error.range.start.line + 1}:${error.range.start.character + 1} ${error.field ? `${error.field}: ` : ''}${error.message}`),
    };
  }
  if (!folder.index) {
    return { kind: 'indexing', message: `Indexing ${folder.folder.name}…` };
  }
  return undefined;
}
