import * as vscode from 'vscode';
import {
  contentHash,
  CONFIG_FILE_NAME,
  openTraceWorkspace,
  type BuildResult,
  type CacheStats,
  type ConfigError,
  type ExtractionCacheStore,
  type TraceIndex,
  type TraceWorkspace,
} from '../core';
import { VsCodeWorkspaceReader } from './workspaceReader';
import type { Settings } from './config';
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
  readonly #log: Log;
  readonly #workspace: TraceWorkspace;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    log: Log,
    storage: IndexStorage,
    settings: Settings,
  ) {
    this.reader = new VsCodeWorkspaceReader(folder.uri);
    this.#log = log;
    this.#workspace = openTraceWorkspace({
      reader: this.reader,
      logger: log.coreLogger(),
      cache: storageCacheStore(folder, storage, log),
      ruleOverrides: () => settings.for(folder).ruleOverrides,
    });
  }

  /** The index of the last rebuild; undefined before it, and while the configuration has errors. */
  get index(): TraceIndex | undefined {
    return this.#workspace.index;
  }

  /** The errors of the folder's `jsp-trace.jsonc`; the folder is not indexed until they are fixed. */
  get configErrors(): readonly ConfigError[] {
    return this.#workspace.configErrors;
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
    const result = await this.#workspace.rebuild(onProgress);
    if (!result) {
      return false;
    }
    if (!result.build) {
      this.#log.warn(`${this.folder.name}: ${CONFIG_FILE_NAME} has ${this.configErrors.length} error(s); the folder is not indexed until they are fixed.`);
      return true;
    }
    this.#readUnsavedEditors(result.build.index);
    // The folder always has a cache store, so the rebuild reports what the cache did.
    this.#logIndexComplete(result.build, result.cacheStats!);
    return true;
  }

  /** Unsaved editors count: the index shows what the user sees, not what is on disk. */
  #readUnsavedEditors(index: TraceIndex): void {
    for (const document of vscode.workspace.textDocuments) {
      const path = document.isDirty ? this.relativePath(document.uri) : undefined;
      if (path !== undefined && !index.selector.skipReason(path)) {
        index.updateFile(path, document.getText());
      }
    }
  }

  #logIndexComplete({ index, durationMs, skipped }: BuildResult, { hits, misses }: CacheStats): void {
    const summary = this.#workspace.summary()!; // called with the index just built
    const { error, warning, info } = summary.findings;
    this.#log.info(
      `Index complete: ${summary.files} files, ${[...index.graph.ids()].length} items, ${summary.findings.total} findings ` +
        `(${error} errors, ${warning} warnings, ${info} info) in ${durationMs} ms [${this.folder.name}]; ` +
        `Markdown documents: ${hits} from the cache, ${misses} parsed`,
    );
    for (const file of skipped) {
      this.#log.info(`Skipped ${file.path}: ${file.reason}`);
    }
  }

  /** Re-indexes one file from `text` (an open editor's) or from disk; a deleted file is dropped. */
  async update(path: string, text?: string): Promise<ReadonlySet<string>> {
    const { affectedPaths, skipped } = await this.#workspace.update(path, text);
    if (skipped) {
      this.#log.info(`Skipped ${path}: ${skipped}`);
    }
    return affectedPaths;
  }

  /** Forgets the index and the configuration errors: the folder left the workspace. */
  close(): void {
    this.#workspace.close();
  }
}

/**
 * The extraction cache of a folder in the workspace storage (not in the user's files). Writing does not
 * hold up the rebuild: diagnostics and the "Index complete" line do not wait for the bytes to reach the disk.
 */
function storageCacheStore(folder: vscode.WorkspaceFolder, storage: IndexStorage, log: Log): ExtractionCacheStore {
  const uri = storage.folder && vscode.Uri.joinPath(storage.folder, `extraction-${contentHash(folder.uri.toString())}.json`);
  const save = async (json: string): Promise<void> => {
    if (!uri || !storage.folder) {
      return;
    }
    try {
      await vscode.workspace.fs.createDirectory(storage.folder);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
    } catch (error) {
      log.warn(`Could not write the extraction cache ${uri.toString()}: ${(error as Error).message}`);
    }
  };
  return {
    toolVersion: storage.version,
    read: async () => {
      const bytes = uri && (await vscode.workspace.fs.readFile(uri).then(undefined, () => undefined));
      return bytes && new TextDecoder().decode(bytes);
    },
    write: async (json) => void save(json),
  };
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
  readonly #settings: Settings;

  constructor(
    readonly log: Log,
    readonly storage: IndexStorage,
    settings: Settings,
  ) {
    this.#settings = settings;
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
      this.#settings.onDidChange((change) => {
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
          folderIndex.close();
          this.#onDidChange.fire({ folder: folderIndex, paths: 'all' });
        }
      }
      await Promise.all(
        (vscode.workspace.workspaceFolders ?? []).map((folder) => {
          let folderIndex = this.#folders.get(folder.uri.toString());
          if (!folderIndex) {
            folderIndex = new FolderIndex(folder, this.log, this.storage, this.#settings);
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
