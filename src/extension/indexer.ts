import * as vscode from 'vscode';
import { buildIndex, CONFIG_FILE_NAME, indexFile, loadConfig, summarize, type ConfigError, type TraceIndex } from '../core';
import { VsCodeWorkspaceReader } from './workspaceReader';
import type { Log } from './log';

/** What changed in one folder's index: `paths` are the files whose findings changed, or `all`. */
export interface IndexChangeEvent {
  readonly folder: FolderIndex;
  readonly paths: ReadonlySet<string> | 'all';
}

/** The index of one workspace folder: each folder has its own graph and configuration. */
export class FolderIndex {
  readonly reader: VsCodeWorkspaceReader;
  index: TraceIndex | undefined;
  configErrors: readonly ConfigError[] = [];
  /** Bumped by every rebuild, so that a slower, older rebuild cannot overwrite a newer one. */
  #generation = 0;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly log: Log,
  ) {
    this.reader = new VsCodeWorkspaceReader(folder.uri);
  }

  /** The path of a URI relative to this folder, with `/`, or undefined when it is outside. */
  relativePath(uri: vscode.Uri): string | undefined {
    const root = this.folder.uri.path.endsWith('/') ? this.folder.uri.path : `${this.folder.uri.path}/`;
    return uri.scheme === this.folder.uri.scheme && uri.authority === this.folder.uri.authority && uri.path.startsWith(root)
      ? uri.path.slice(root.length)
      : undefined;
  }

  /** Re-reads the configuration and indexes the whole folder. Returns false when a newer rebuild won. */
  async rebuild(): Promise<boolean> {
    const generation = ++this.#generation;
    const loaded = await loadConfig(this.reader);
    if (generation !== this.#generation) {
      return false;
    }
    this.configErrors = loaded.errors;
    if (loaded.errors.length > 0) {
      this.log.warn(`${this.folder.name}: ${CONFIG_FILE_NAME} has ${loaded.errors.length} error(s); the folder is not indexed until they are fixed.`);
      this.index = undefined;
      return true;
    }
    const result = await buildIndex(this.reader, loaded.config, {
      logger: this.log.coreLogger(),
      isCancelled: () => generation !== this.#generation,
    });
    if (generation !== this.#generation) {
      return false;
    }
    this.index = result.index;
    const summary = summarize(result.index);
    const { error, warning, info } = summary.findings;
    this.log.info(
      `Index complete: ${summary.files} files, ${[...result.index.graph.ids()].length} items, ${summary.findings.total} findings ` +
        `(${error} errors, ${warning} warnings, ${info} info) in ${result.durationMs} ms` +
        `${vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders.length > 1 ? ` [${this.folder.name}]` : ''}`,
    );
    for (const skipped of result.skipped) {
      this.log.info(`Skipped ${skipped.path}: ${skipped.reason}`);
    }
    return true;
  }

  /** Re-reads one file (or drops it, when it was deleted); returns the paths whose findings changed. */
  async update(path: string): Promise<ReadonlySet<string>> {
    const index = this.index;
    if (!index || index.selector.skipReason(path)) {
      return new Set();
    }
    const { change, skipped } = await indexFile(this.reader, index, path);
    if (skipped) {
      this.log.info(`Skipped ${path}: ${skipped}`);
    }
    return change.affectedPaths;
  }
}

/**
 * Keeps one {@link FolderIndex} per workspace folder current: a full index at start and on configuration
 * changes, and file by file as the watcher reports changes (batched, because saves come in bursts).
 */
export class Indexer implements vscode.Disposable {
  readonly #folders = new Map<string, FolderIndex>();
  readonly #onDidChange = new vscode.EventEmitter<IndexChangeEvent>();
  readonly onDidChange = this.#onDidChange.event;
  readonly #disposables: vscode.Disposable[] = [this.#onDidChange];
  readonly #pending = new Map<string, vscode.Uri>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly log: Log) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.#disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.#schedule(uri)),
      watcher.onDidChange((uri) => this.#schedule(uri)),
      watcher.onDidDelete((uri) => this.#schedule(uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.start()),
    );
  }

  folders(): FolderIndex[] {
    return [...this.#folders.values()];
  }

  /** Indexes every workspace folder from scratch. */
  async start(): Promise<void> {
    const current = new Set((vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()));
    for (const [key, folderIndex] of this.#folders) {
      if (!current.has(key)) {
        this.#folders.delete(key);
        folderIndex.index = undefined;
        folderIndex.configErrors = [];
        this.#onDidChange.fire({ folder: folderIndex, paths: 'all' });
      }
    }
    await Promise.all(
      (vscode.workspace.workspaceFolders ?? []).map(async (folder) => {
        let folderIndex = this.#folders.get(folder.uri.toString());
        if (!folderIndex) {
          folderIndex = new FolderIndex(folder, this.log);
          this.#folders.set(folder.uri.toString(), folderIndex);
        }
        await this.#rebuild(folderIndex);
      }),
    );
  }

  async #rebuild(folderIndex: FolderIndex): Promise<void> {
    try {
      if (await folderIndex.rebuild()) {
        this.#onDidChange.fire({ folder: folderIndex, paths: 'all' });
      }
    } catch (error) {
      this.log.error(`Indexing ${folderIndex.folder.name} failed`, error);
    }
  }

  #schedule(uri: vscode.Uri): void {
    this.#pending.set(uri.toString(), uri);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#flush(), 100);
  }

  async #flush(): Promise<void> {
    const uris = [...this.#pending.values()];
    this.#pending.clear();
    for (const folderIndex of this.#folders.values()) {
      const paths = uris.map((uri) => folderIndex.relativePath(uri)).filter((path): path is string => path !== undefined);
      if (paths.some((path) => path === CONFIG_FILE_NAME || path === '.gitignore')) {
        await this.#rebuild(folderIndex);
        continue;
      }
      const affected = new Set<string>();
      for (const path of paths) {
        try {
          for (const changed of await folderIndex.update(path)) {
            affected.add(changed);
          }
        } catch (error) {
          this.log.error(`Updating ${path} failed`, error);
        }
      }
      if (affected.size > 0) {
        this.#onDidChange.fire({ folder: folderIndex, paths: affected });
      }
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#disposables.forEach((disposable) => disposable.dispose());
  }
}
