import * as vscode from 'vscode';
import { compareTrace, summarize, type TraceChange } from '../core';
import type { RevisionState } from '../node/gitRevision';
import type { FolderIndex, Indexer } from './indexer';

/** What a folder's live index changed against the base the person picked. */
export interface FolderComparison extends TraceChange {
  /** The ref as picked (`main`, `origin/main`), or the merge base's words. */
  readonly ref: string;
  readonly commit: string;
}

/**
 * The comparison with a branch ("JSP Trace: Compare with Branch…"): the base of one folder, indexed once
 * per pick, and its comparison with the live index, computed again when that index changes (lazily, by
 * the surfaces that show it). `onDidChange` fires when a comparison starts or stops; index changes reach
 * the surfaces through the indexer as always.
 */
export class Comparison implements vscode.Disposable {
  readonly #onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this.#onDidChange.event;
  #base: { readonly folder: FolderIndex; readonly state: RevisionState; readonly label: string } | undefined;
  #cached: FolderComparison | undefined;
  /** Bumped by each pick and by stopping: a base that finishes indexing after a later pick or a stop is dropped. */
  #pick = 0;
  readonly #disposables: vscode.Disposable[] = [this.#onDidChange];

  constructor(indexer: Indexer) {
    // Registered before the surfaces' listeners (activate builds this first), so they read a fresh comparison.
    indexer.onDidChange(
      (event) => {
        if (event.folder !== this.#base?.folder) {
          return;
        }
        this.#cached = undefined;
        // The compared folder left the workspace: there is nothing to compare any more.
        if (!indexer.folders().includes(event.folder)) {
          this.stop();
        }
      },
      null,
      this.#disposables,
    );
  }

  /** The folder compared, while a comparison is on. */
  get folder(): FolderIndex | undefined {
    return this.#base?.folder;
  }

  /** A new pick begins: the token `start` takes, so that only the latest pick's base is used. */
  beginPick(): number {
    return ++this.#pick;
  }

  /** Compares `folder` with `state` from now on, unless a later pick or a stop came first; `label` is how the surfaces name the base. */
  start(folder: FolderIndex, state: RevisionState, label: string, pick: number): void {
    if (pick !== this.#pick) {
      return;
    }
    this.#base = { folder, state, label };
    this.#cached = undefined;
    this.#onDidChange.fire();
  }

  stop(): void {
    this.#pick++;
    this.#base = undefined;
    this.#cached = undefined;
    this.#onDidChange.fire();
  }

  /** The comparison of `folder` with its base, or undefined when it is not compared (or not indexed). */
  of(folder: FolderIndex): FolderComparison | undefined {
    const base = this.#base;
    const index = folder.index;
    if (!base || base.folder !== folder || !index) {
      return undefined;
    }
    if (!this.#cached) {
      const findings = index.findings();
      this.#cached = { ref: base.label, commit: base.state.commit, ...compareTrace(base.state, { findings, summary: summarize(index, findings) }) };
    }
    return this.#cached;
  }

  dispose(): void {
    this.#disposables.forEach((disposable) => disposable.dispose());
  }
}
