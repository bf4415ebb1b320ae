import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  CONFIG_FILE_NAME,
  countOf,
  hasJspEvidence,
  openTraceWorkspace,
  isoDateOf,
  type BuildResult,
  type CacheStats,
  type ConfigError,
  type FileUpdate,
  type TraceIndex,
  type TraceWorkspace,
  type TraceWorkspaceOptions,
  type WorkspaceReader,
} from '../core';
import { VsCodeWorkspaceReader } from './workspaceReader';
import { CalendarWatch, SYSTEM_CLOCK, type HostClock } from './calendarWatch';
import { ExtractionPool, workerCount } from '../node/extractionPool';
import { watchEventLoop, yieldToHost, type EventLoopDelay } from './eventLoopWatch';
import { ContextKey } from './commands';
import { IndexingProgress } from './indexingProgress';
import { storageCacheStore, type IndexStorage } from './storageCache';
import type { Settings } from './config';
import type { Log } from './log';

/** What changed in one folder's index: `paths` are the files whose findings changed (maybe none), or `all`. */
export interface IndexChangeEvent {
  readonly folder: FolderIndex;
  readonly paths: ReadonlySet<string> | 'all';
}

/** How long after a rebuild is announced the event loop is still watched: the surfaces refresh on timers. */
const SURFACES_SETTLE_MS = 1000;

/** Why a folder shows nothing, and how to change that. */
const QUIET_REASON =
  `it has no ${CONFIG_FILE_NAME} and no JSP evidence (a link line such as "Mitigates: TM-1" or an annotation such as ` +
  '"@implements SR-1"). Run "JSP Trace: Enable in This Workspace" to turn it on.';


/**
 * The index of one workspace folder: each folder has its own graph and configuration. A folder reports
 * (diagnostics, CodeLens, status bar, views) only when it has a `jsp-trace.jsonc` or holds JSP evidence;
 * elsewhere it is indexed, to notice evidence as it appears, and stays quiet.
 */
export class FolderIndex {
  readonly reader: VsCodeWorkspaceReader;
  readonly #log: Log;
  readonly #workspace: TraceWorkspace;
  readonly #options: TraceWorkspaceOptions;
  /** Undefined until the first rebuild decides, so that the first decision is logged either way. */
  #reporting: boolean | undefined;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    log: Log,
    storage: IndexStorage,
    settings: Settings,
    extraction: ExtractionPool,
    clock: HostClock,
  ) {
    this.reader = new VsCodeWorkspaceReader(folder.uri);
    this.#log = log;
    this.#options = {
      reader: this.reader,
      logger: log.coreLogger(),
      cache: storageCacheStore(folder, storage, log),
      ruleOverrides: () => settings.for(folder).ruleOverrides,
      // The host's date, read at each rebuild and passed in: the core never reads the clock.
      clock: () => isoDateOf(clock.now()),
      extractor: (config) => extraction.extractorFor(config),
      // The host's thread is every extension's: the checks that end a rebuild let it breathe.
      pause: yieldToHost,
    };
    this.#workspace = openTraceWorkspace(this.#options);
  }

  /** The folder as another reader sees it (a git revision), indexed as this one is (rules, date, extraction) but without the cache, which holds this folder's documents. */
  openElsewhere(reader: WorkspaceReader): TraceWorkspace {
    return openTraceWorkspace({ ...this.#options, cache: undefined, reader });
  }

  /**
   * The index the surfaces show: the last valid rebuild's, kept current; undefined before it and while the
   * folder is quiet. While the configuration has errors it is the last valid one ({@link stale}).
   */
  get index(): TraceIndex | undefined {
    return this.#reporting === true ? this.#workspace.index : undefined;
  }

  /** Whether the folder reports: it has a configuration file, or its index holds JSP evidence. */
  get reporting(): boolean {
    return this.#reporting === true;
  }

  /** Whether the folder is wanted as far as known now: it reports, or the last rebuild found a configuration file. */
  get wanted(): boolean {
    return this.reporting || this.#workspace.configPath !== undefined;
  }

  /** Decides again whether the folder reports, after its index changed; returns true when that changed. */
  refreshReporting(): boolean {
    const index = this.#workspace.index;
    const reporting = this.#workspace.configPath !== undefined || (index !== undefined && hasJspEvidence(index));
    if (reporting === this.#reporting) {
      return false;
    }
    this.#reporting = reporting;
    this.#log.info(
      reporting
        ? `JSP Trace reports in ${this.folder.name}: it has ${this.#workspace.configPath !== undefined ? CONFIG_FILE_NAME : 'JSP evidence'}.`
        : `JSP Trace is quiet in ${this.folder.name}: ${QUIET_REASON}`,
    );
    return true;
  }

  /** The errors of the folder's `jsp-trace.jsonc`; the folder is not re-indexed until they are fixed. */
  get configErrors(): readonly ConfigError[] {
    return this.#workspace.configErrors;
  }

  /** True while the configuration has errors and {@link index} shows the results of the last valid one. */
  get stale(): boolean {
    return this.#workspace.stale;
  }

  /** The URI of the folder's `jsp-trace.jsonc`. */
  get configUri(): vscode.Uri {
    return this.reader.uri(this.#workspace.configPath ?? CONFIG_FILE_NAME);
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
      const errors = countOf(this.configErrors.length, 'error');
      this.#log.warn(
        this.stale
          ? `${this.folder.name}: ${CONFIG_FILE_NAME} has ${errors}; showing the results of the last valid configuration until they are fixed.`
          : `${this.folder.name}: ${CONFIG_FILE_NAME} has ${errors}; the folder is not indexed until they are fixed.`,
      );
      return true;
    }
    await this.#readUnsavedEditors(result.build.index);
    // The folder always has a cache store, so the rebuild reports what the cache did.
    this.#logIndexComplete(result.build, result.cacheStats!);
    return true;
  }

  /** Unsaved editors count: the index shows what the user sees, not what is on disk. */
  async #readUnsavedEditors(index: TraceIndex): Promise<void> {
    for (const document of vscode.workspace.textDocuments) {
      const path = document.isDirty ? this.relativePath(document.uri) : undefined;
      if (path !== undefined && !index.selector.skipReason(path)) {
        await index.indexText(path, document.getText());
      }
    }
  }

  #logIndexComplete({ index, durationMs, skipped }: BuildResult, { hits, misses }: CacheStats): void {
    const summary = this.#workspace.summary()!; // called with the index just built
    const { error, warning, info } = summary.findings;
    this.#log.info(
      `Index complete: ${summary.files} files, ${[...index.graph.ids()].length} items, ${summary.findings.total} findings ` +
        `(${error} errors, ${warning} warnings, ${info} info) in ${durationMs} ms [${this.folder.name}]; ` +
        `Markdown documents: ${hits} from the cache, ${misses} parsed; dates checked against ${index.config.today ?? 'no date'}`,
    );
    for (const file of skipped) {
      this.#log.info(`Skipped ${file.path}: ${file.reason}`);
    }
  }

  /** Re-indexes one file from `text` (an open editor's) or from disk; a deleted file is dropped. */
  async update(path: string, text?: string): Promise<FileUpdate> {
    const update = await this.#workspace.update(path, text);
    if (update.skipped) {
      this.#log.info(`Skipped ${path}: ${update.skipped}`);
    }
    return update;
  }

  /** Forgets the index and the configuration errors: the folder left the workspace. */
  close(): void {
    this.#workspace.close();
    this.#reporting = undefined;
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
  /** URIs waiting to be re-read: from a dirty editor's text, or from disk, as they are when the batch runs. */
  readonly #pending = new Map<string, vscode.Uri>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #queue: Promise<void> = Promise.resolve();
  readonly #settings: Settings;
  /** Where every folder's files are extracted, off this thread; the bundle sits beside dist/extension.js. */
  readonly #extraction: ExtractionPool;

  constructor(
    readonly log: Log,
    readonly storage: IndexStorage,
    settings: Settings,
    /** The system's; tests pass one they set, to change the date. */
    readonly clock: HostClock = SYSTEM_CLOCK,
  ) {
    this.#settings = settings;
    // The host's own thread is shared with every other extension: leave it one core.
    this.#extraction = new ExtractionPool(join(__dirname, 'extractionWorker.js'), workerCount(1), (message) => log.error(message));
    this.#disposables.push({ dispose: () => this.#extraction.dispose() });
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const fromDisk = (uri: vscode.Uri) => this.#schedule(uri, 100);
    this.#disposables.push(
      watcher,
      watcher.onDidCreate(fromDisk),
      watcher.onDidChange(fromDisk),
      watcher.onDidDelete(fromDisk),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) {
          this.#schedule(event.document.uri, 150);
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
      // A new day: expiry dates are checked again (the extraction cache keeps that rebuild cheap).
      new CalendarWatch(clock, vscode.window.onDidChangeWindowState, () => void this.start()),
    );
  }

  /** The folders that report; a quiet folder is left out of every surface. */
  folders(): FolderIndex[] {
    return [...this.#folders.values()].filter((folder) => folder.reporting);
  }

  /** The reporting folder a URI belongs to, with the URI's path in it. */
  locate(uri: vscode.Uri): { folder: FolderIndex; path: string } | undefined {
    for (const folder of this.folders()) {
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
      this.#updateContextKeys();
      await Promise.all(
        (vscode.workspace.workspaceFolders ?? []).map((folder) => {
          let folderIndex = this.#folders.get(folder.uri.toString());
          if (!folderIndex) {
            folderIndex = new FolderIndex(folder, this.log, this.storage, this.#settings, this.#extraction, this.clock);
            this.#folders.set(folder.uri.toString(), folderIndex);
          }
          return this.#rebuild(folderIndex);
        }),
      );
    });
  }

  async #rebuild(folderIndex: FolderIndex): Promise<void> {
    const progress = new IndexingProgress(folderIndex);
    const name = folderIndex.folder.name;
    const logDelay = ({ maxMs, p99Ms }: EventLoopDelay) =>
      this.log.info(`Extension host while indexing ${name}: longest event-loop stall ${maxMs} ms, 99th percentile ${p99Ms} ms`);
    try {
      await watchEventLoop(
        async () => {
          if (await folderIndex.rebuild((done, total) => progress.report(done, total))) {
            this.#announce(folderIndex, 'all');
          }
        },
        SURFACES_SETTLE_MS,
        logDelay,
      );
    } catch (error) {
      this.log.error(`Indexing ${name} failed`, error);
    } finally {
      progress.dispose();
    }
  }

  /**
   * Tells the surfaces that a folder's index changed: everything when it started or stopped reporting (so
   * they show or clear it), the paths whose findings changed while it reports (none when only items or
   * links did), nothing while it is quiet.
   */
  #announce(folderIndex: FolderIndex, paths: ReadonlySet<string> | 'all'): void {
    if (folderIndex.refreshReporting()) {
      this.#updateContextKeys();
      this.#onDidChange.fire({ folder: folderIndex, paths: 'all' });
    } else if (folderIndex.reporting) {
      this.#onDidChange.fire({ folder: folderIndex, paths });
    }
  }

  /** The context keys behind package.json's `when` clauses: views, editor buttons and palette entries. */
  #updateContextKeys(): void {
    const folders = [...this.#folders.values()];
    void vscode.commands.executeCommand('setContext', ContextKey.Active, folders.some((folder) => folder.reporting));
    void vscode.commands.executeCommand('setContext', ContextKey.HasQuietFolder, folders.some((folder) => !folder.reporting));
  }

  #schedule(uri: vscode.Uri, delayMs: number): void {
    this.#pending.set(uri.toString(), uri);
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
      // Whatever told us (the watcher, an editor), the file is what it is now: a dirty editor's text, or the
      // file on disk. An editor that is not dirty after a change (a reload after a checkout, an undo back
      // to the saved text) holds the file, not an unsaved edit. The text is taken once per batch, not per keystroke.
      const changes = pending.flatMap((uri) => {
        const path = folderIndex.relativePath(uri);
        const text = path === undefined ? undefined : openDirtyText(uri);
        return path === undefined ? [] : [{ path, text, saved: text === undefined }];
      });
      // The configuration counts once saved: a half-typed file would fail on every keystroke.
      if (changes.some(({ path, saved }) => saved && (path === CONFIG_FILE_NAME || path === '.gitignore'))) {
        await this.#rebuild(folderIndex);
        continue;
      }
      const affected = new Set<string>();
      let changed = false;
      for (const { path, text } of changes) {
        try {
          const update = await folderIndex.update(path, text);
          update.affectedPaths.forEach((affectedPath) => affected.add(affectedPath));
          changed ||= update.changed;
        } catch (error) {
          this.log.error(`Updating ${path} failed`, error);
        }
      }
      if (changed) {
        this.#announce(folderIndex, affected);
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
