import * as vscode from 'vscode';
import {
  buildIndex,
  cacheFingerprint,
  contentHash,
  CONFIG_FILE_NAME,
  ExtractionCache,
  indexFile,
  loadConfig,
  summarize,
  updateEvidence,
  type ConfigError,
  type IndexChange,
  type TraceIndex,
} from '../core';
import { VsCodeWorkspaceReader } from './workspaceReader';
import { ExtensionConfig, type Settings } from './config';
import type { Log } from './log';

/** What changed in one folder's index: `paths` are the files whose findings changed, or `all`. */
export interface IndexChangeEvent {
  readonly folder: FolderIndex;
  readonly paths: ReadonlySet<string> | 'all';
}

/** Above this many files the first index shows a progress notification; below, the status bar spinner. */
const LARGE_WORKSPACE_FILES = 2000;

/** Where the extension keeps what outlives a window: the workspace storage and the extension's version. */
export interface IndexStorage {
  readonly folder: vscode.Uri | undefined;
  readonly version: string;
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
    readonly storage: IndexStorage,
  ) {
    this.reader = new VsCodeWorkspaceReader(folder.uri);
  }

  /** The extraction cache of this folder in the workspace storage (not in the user's files). */
  get #cacheUri(): vscode.Uri | undefined {
    return this.storage.folder && vscode.Uri.joinPath(this.storage.folder, `extraction-${contentHash(this.folder.uri.toString())}.json`);
  }

  async #readCache(fingerprint: string): Promise<ExtractionCache> {
    const uri = this.#cacheUri;
    const bytes = uri && (await vscode.workspace.fs.readFile(uri).then(undefined, () => undefined));
    return ExtractionCache.fromJson(bytes && new TextDecoder().decode(bytes), fingerprint);
  }

  async #writeCache(cache: ExtractionCache): Promise<void> {
    const uri = this.#cacheUri;
    if (!uri || !this.storage.folder) {
      return;
    }
    try {
      await vscode.workspace.fs.createDirectory(this.storage.folder);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(cache.toJson()));
    } catch (error) {
      this.log.warn(`Could not write the extraction cache ${uri.toString()}: ${(error as Error).message}`);
    }
  }

  /** The path of a URI relative to this folder, with `/`, or undefined when it is outside. */
  relativePath(uri: vscode.Uri): string | undefined {
    const root = this.folder.uri.path.endsWith('/') ? this.folder.uri.path : `${this.folder.uri.path}/`;
    return uri.scheme === this.folder.uri.scheme && uri.authority === this.folder.uri.authority && uri.path.startsWith(root)
      ? uri.path.slice(root.length)
      : undefined;
  }

  /** Re-reads the configuration and indexes the whole folder. Returns false when a newer rebuild won. */
  async rebuild(onProgress?: (done: number, total: number) => void): Promise<boolean> {
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
    const config = { ...loaded.config, rules: { ...loaded.config.rules, ...new ExtensionConfig(this.folder).ruleOverrides } };
    const extractionCache = await this.#readCache(cacheFingerprint(this.storage.version, config));
    const result = await buildIndex(this.reader, config, {
      extractionCache,
      logger: this.log.coreLogger(),
      isCancelled: () => generation !== this.#generation,
      ...(onProgress ? { onProgress } : {}),
    });
    if (generation !== this.#generation) {
      return false;
    }
    this.index = result.index;
    const { hits, misses } = extractionCache.stats;
    void this.#writeCache(extractionCache);
    // Unsaved editors count: the index shows what the user sees, not what is on disk.
    for (const document of vscode.workspace.textDocuments) {
      const path = document.isDirty ? this.relativePath(document.uri) : undefined;
      if (path !== undefined && !result.index.selector.skipReason(path)) {
        result.index.updateFile(path, document.getText());
      }
    }
    const summary = summarize(result.index);
    const { error, warning, info } = summary.findings;
    this.log.info(
      `Index complete: ${summary.files} files, ${[...result.index.graph.ids()].length} items, ${summary.findings.total} findings ` +
        `(${error} errors, ${warning} warnings, ${info} info) in ${result.durationMs} ms [${this.folder.name}]; ` +
        `Markdown documents: ${hits} from the cache, ${misses} parsed`,
    );
    for (const skipped of result.skipped) {
      this.log.info(`Skipped ${skipped.path}: ${skipped.reason}`);
    }
    return true;
  }

  /** Re-indexes one file from `text` (an open editor's) or from disk; a deleted file is dropped. */
  async update(path: string, text?: string): Promise<ReadonlySet<string>> {
    const index = this.index;
    if (!index) {
      return new Set();
    }
    if (await updateEvidence(this.reader, index, path)) {
      return new Set([path]);
    }
    if (index.selector.skipReason(path)) {
      return new Set();
    }
    let change: IndexChange;
    if (text !== undefined) {
      change = index.updateFile(path, text);
    } else {
      const result = await indexFile(this.reader, index, path);
      if (result.skipped) {
        this.log.info(`Skipped ${path}: ${result.skipped}`);
      }
      change = result.change;
    }
    return change.affectedPaths;
  }
}

/**
 * Keeps one {@link FolderIndex} per workspace folder current: a full index at start and on configuration
 * changes, then file by file from the file watcher and from edits in open editors, batched and debounced
 * because both come in bursts.
 */
export class Indexer implements vscode.Disposable {
  readonly #folders = new Map<string, FolderIndex>();
  readonly #onDidChange = new vscode.EventEmitter<IndexChangeEvent>();
  readonly onDidChange = this.#onDidChange.event;
  readonly #disposables: vscode.Disposable[] = [this.#onDidChange];
  /** URIs waiting to be re-read, with the editor text to use (undefined: read from disk). */
  readonly #pending = new Map<string, { uri: vscode.Uri; text: string | undefined }>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly log: Log,
    readonly storage: IndexStorage,
    settings: Settings,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const fromDisk = (uri: vscode.Uri) => this.#schedule(uri, undefined, 100);
    this.#disposables.push(
      watcher,
      watcher.onDidCreate(fromDisk),
      watcher.onDidChange(fromDisk),
      watcher.onDidDelete(fromDisk),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) {
          this.#schedule(event.document.uri, event.document.getText(), 150);
        }
      }),
      // Closing an editor without saving reverts to what is on disk.
      vscode.workspace.onDidCloseTextDocument((document) => fromDisk(document.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.start()),
      settings.onDidChange((change) => {
        if (change.affects('rules')) {
          void this.start();
        }
      }),
    );
  }

  folders(): FolderIndex[] {
    return [...this.#folders.values()];
  }

  /** The folder index a URI belongs to, with the URI's path in it. */
  locate(uri: vscode.Uri): { folder: FolderIndex; path: string } | undefined {
    for (const folder of this.#folders.values()) {
      const path = folder.relativePath(uri);
      if (path !== undefined) {
        return { folder, path };
      }
    }
    return undefined;
  }

  /** Indexes every workspace folder from scratch. */
  start(): Promise<void> {
    return this.#enqueue(async () => {
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
        (vscode.workspace.workspaceFolders ?? []).map((folder) => {
          let folderIndex = this.#folders.get(folder.uri.toString());
          if (!folderIndex) {
            folderIndex = new FolderIndex(folder, this.log, this.storage);
            this.#folders.set(folder.uri.toString(), folderIndex);
          }
          return this.#rebuild(folderIndex);
        }),
      );
    });
  }

  async #rebuild(folderIndex: FolderIndex): Promise<void> {
    try {
      const rebuilt = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'JSP Trace: indexing' },
        async (windowProgress) => {
          let notification: ((done: number, total: number) => void) | undefined;
          let finishNotification: (() => void) | undefined;
          return folderIndex.rebuild((done, total) => {
            windowProgress.report({ message: `${done}/${total}` });
            if (done === 0 && total > LARGE_WORKSPACE_FILES && !folderIndex.index) {
              void vscode.window.withProgress(
                { location: vscode.ProgressLocation.Notification, title: `JSP Trace: indexing ${folderIndex.folder.name}` },
                (progress) =>
                  new Promise<void>((resolve) => {
                    finishNotification = resolve;
                    notification = (now, all) => progress.report({ increment: 100 / all, message: `${now} of ${all} files` });
                  }),
              );
            }
            notification?.(done, total);
            if (done === total) {
              finishNotification?.();
            }
          });
        },
      );
      if (rebuilt) {
        this.#onDidChange.fire({ folder: folderIndex, paths: 'all' });
      }
    } catch (error) {
      this.log.error(`Indexing ${folderIndex.folder.name} failed`, error);
    }
  }

  #schedule(uri: vscode.Uri, text: string | undefined, delayMs: number): void {
    this.#pending.set(uri.toString(), { uri, text });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#enqueue(() => this.#flush()), delayMs);
  }

  /** Runs index work one piece at a time, so an update never interleaves with a rebuild. */
  #enqueue(work: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(work, work);
    return this.#queue;
  }

  async #flush(): Promise<void> {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const folderIndex of this.#folders.values()) {
      const changes = pending.flatMap(({ uri, text }) => {
        const path = folderIndex.relativePath(uri);
        return path === undefined ? [] : [{ path, text: text ?? openDirtyText(uri), saved: text === undefined }];
      });
      // The configuration counts once saved: a half-typed file would fail on every keystroke.
      if (changes.some(({ path, saved }) => saved && (path === CONFIG_FILE_NAME || path === '.gitignore'))) {
        await this.#rebuild(folderIndex);
        continue;
      }
      const affected = new Set<string>();
      for (const { path, text } of changes) {
        try {
          for (const changed of await folderIndex.update(path, text)) {
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

/** The text of an open editor with unsaved changes, which wins over the file on disk. */
function openDirtyText(uri: vscode.Uri): string | undefined {
  const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
  return document?.isDirty ? document.getText() : undefined;
}
