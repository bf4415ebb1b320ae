import { CONFIG_FILE_NAME, type ConfigError, type TraceConfig } from '../config/config';
import { runStepsInSlices } from '../util/steps';
import type { SkipReason } from '../config/files';
import { ExtractionCache, cacheFingerprint, type CacheStats } from '../extract/extractionCache';
import type { FileExtractor } from '../extract/extractFile';
import type { TraceIndex } from '../graph/traceIndex';
import type { Finding, SeveritySetting } from '../model';
import { summarize, type TraceSummary } from '../report/summary';
import type { Logger } from '../util/logger';
import { buildIndex, configFromText, indexFile, loadConfig, type BuildResult, type LoadedConfig } from './buildIndex';
import type { WorkspaceReader } from './workspaceReader';

/**
 * Where a host keeps the {@link ExtractionCache} of a folder between runs: the CLI in a file beside the
 * workspace, the extension in its workspace storage. The core only hands over and takes back the JSON.
 */
export interface ExtractionCacheStore {
  /** The version of the tool: a cache written by another version is dropped, not trusted. */
  readonly toolVersion: string;
  /** The JSON stored last, or undefined when there is none or it cannot be read. */
  read(): Promise<string | undefined>;
  /** Stores the JSON; a host reports its own write errors, the index does not depend on them. */
  write(json: string): Promise<void>;
}

/** What {@link openTraceWorkspace} needs: how to read the folder and, optionally, where things come from. */
export interface TraceWorkspaceOptions {
  readonly reader: WorkspaceReader;
  readonly logger?: Logger;
  /** Without a store, nothing is cached: every document is parsed on every rebuild. */
  readonly cache?: ExtractionCacheStore;
  /** Rule severities that win over the configuration file's (the editor's settings), asked at each rebuild. */
  readonly ruleOverrides?: () => Readonly<Record<string, SeveritySetting>>;
  /**
   * A date fixed by the person (`jsp-trace check --today`), `YYYY-MM-DD`: rules measure expiry against
   * it, over the configuration's test-only `today` and the {@link clock}.
   */
  readonly today?: string;
  /**
   * The host's calendar date, `YYYY-MM-DD`, asked once per rebuild when neither {@link today} nor the
   * configuration fixes one. The core never reads the clock itself; without either, expiry is not checked.
   */
  readonly clock?: () => string;
  /** The configuration file: relative to the folder, or as the host names it when it gives `configText`. */
  readonly configPath?: string;
  /** The configuration's text, when the host reads it itself (a file outside the folder). */
  readonly configText?: string;
  /**
   * Where files are extracted, made once per rebuild for its configuration and disposed with its index:
   * the extension's worker thread. Without it, files are extracted in the caller's thread (the CLI).
   */
  readonly extractor?: (config: TraceConfig) => FileExtractor;
  /** Gives the host's event loop a turn during the checks that end a rebuild (see {@link BuildOptions.pause}). */
  readonly pause?: () => Promise<void>;
}

/** What a rebuild that no newer rebuild overtook did. */
export interface RebuildResult {
  /** The walk's result; undefined when the configuration has errors and nothing was indexed. */
  readonly build: BuildResult | undefined;
  /** Markdown documents taken from the cache and parsed; undefined without an {@link ExtractionCacheStore}. */
  readonly cacheStats: CacheStats | undefined;
}

/** What re-indexing one file did: the files whose findings changed, and why the file was skipped if it was. */
export interface FileUpdate {
  readonly affectedPaths: ReadonlySet<string>;
  /** Whether the index says anything else now: an item, link or finding changed (also when no finding did). */
  readonly changed: boolean;
  readonly skipped: SkipReason | undefined;
}

/**
 * One workspace folder's traceability, the way in for the CLI, the extension and the bench: it loads the
 * configuration, reads and writes the extraction cache, builds the {@link TraceIndex} and keeps it current.
 */
export interface TraceWorkspace {
  /**
   * The index of the last rebuild whose configuration was valid, kept current; undefined before it. While
   * the configuration has errors it stays, built with the last valid configuration: see {@link stale}.
   */
  readonly index: TraceIndex | undefined;
  /** The errors of the configuration the last rebuild read; the folder is not re-indexed until they are fixed. */
  readonly configErrors: readonly ConfigError[];
  /** True while the configuration has errors and {@link index} is the one built with the last valid configuration. */
  readonly stale: boolean;
  /** The configuration file the last rebuild read, or undefined when there was none and the defaults apply. */
  readonly configPath: string | undefined;
  /**
   * Reads the configuration and indexes the whole folder. Resolves to undefined when a newer rebuild
   * started meanwhile: the newer one wins, and this one stops early.
   */
  rebuild(onProgress?: (done: number, total: number) => void): Promise<RebuildResult | undefined>;
  /** Re-indexes one file from `text` (an open editor's) or from the folder; a deleted file is dropped. */
  update(path: string, text?: string): Promise<FileUpdate>;
  /** Every finding of the index, ordered by file and position; none without an index. */
  findings(): readonly Finding[];
  /** The counts of the index (with `findings` when the caller has them already); undefined without an index. */
  summary(findings?: readonly Finding[]): TraceSummary | undefined;
  /** Forgets the index and the configuration, and drops a rebuild under way: the folder is gone. */
  close(): void;
}

/** Opens a workspace folder; nothing is read until the first {@link TraceWorkspace.rebuild}. */
export function openTraceWorkspace(options: TraceWorkspaceOptions): TraceWorkspace {
  return new FolderWorkspace(options);
}

const NOTHING_CHANGED: FileUpdate = { affectedPaths: new Set(), changed: false, skipped: undefined };

class FolderWorkspace implements TraceWorkspace {
  readonly #options: TraceWorkspaceOptions;
  #index: TraceIndex | undefined;
  #loaded: LoadedConfig | undefined;
  /** Bumped by every rebuild, so that a slower, older rebuild cannot overwrite a newer one. */
  #generation = 0;

  constructor(options: TraceWorkspaceOptions) {
    this.#options = options;
  }

  get index(): TraceIndex | undefined {
    return this.#index;
  }

  get configErrors(): readonly ConfigError[] {
    return this.#loaded?.errors ?? [];
  }

  get configPath(): string | undefined {
    return this.#loaded?.path;
  }

  get stale(): boolean {
    return this.#index !== undefined && this.configErrors.length > 0;
  }

  async rebuild(onProgress?: (done: number, total: number) => void): Promise<RebuildResult | undefined> {
    const generation = ++this.#generation;
    const isCancelled = () => generation !== this.#generation;
    const loaded = await this.#loadConfig();
    if (isCancelled()) {
      return undefined;
    }
    this.#loaded = loaded;
    if (loaded.errors.length > 0) {
      // The last valid index stays: a half-edited or conflicting configuration must not hide every finding.
      return { build: undefined, cacheStats: undefined };
    }
    const config = this.#withRuleOverrides(loaded.config);
    const store = this.#options.cache;
    const extractionCache = store && ExtractionCache.fromJson(await store.read(), cacheFingerprint(store.toolVersion, config));
    const extractor = this.#options.extractor?.(config);
    // After the fingerprint: the date changes daily, what extraction produces does not.
    const today = this.#options.today ?? config.today ?? this.#options.clock?.();
    const build = await buildIndex(this.#options.reader, { ...config, today }, {
      configPath: loaded.path, logger: this.#options.logger, isCancelled, extractionCache, onProgress, extractor, pause: this.#options.pause });
    if (isCancelled()) {
      extractor?.dispose();
      return undefined;
    }
    this.#index?.extractor?.dispose();
    this.#index = build.index;
    if (!store || !extractionCache) {
      return { build, cacheStats: undefined };
    }
    // The stats of the build itself, before later edits go through the same cache.
    const cacheStats = extractionCache.stats;
    const pause = this.#options.pause;
    await store.write(pause ? await runStepsInSlices(extractionCache.toJsonSteps(), pause) : extractionCache.toJson());
    return { build, cacheStats };
  }

  async update(path: string, text?: string): Promise<FileUpdate> {
    const index = this.#index;
    if (!index) {
      return NOTHING_CHANGED;
    }
    const evidenceChanged = await this.#updateEvidence(index, path);
    if (index.selector.skipReason(path)) {
      return evidenceChanged ? { affectedPaths: new Set([path]), changed: true, skipped: undefined } : NOTHING_CHANGED;
    }
    const { change, skipped } = text === undefined ? await indexFile(this.#options.reader, index, path) : { change: await index.indexText(path, text), skipped: undefined };
    for (const finding of index.unreadableFindingsIn(path)) {
      this.#options.logger?.warn('TraceWorkspace.update', { path, message: finding.message });
    }
    return { affectedPaths: change.affectedPaths, changed: evidenceChanged || change.changedIds.size > 0 || change.affectedPaths.size > 0, skipped };
  }

  findings(): readonly Finding[] {
    return this.#index?.findings() ?? [];
  }

  summary(findings?: readonly Finding[]): TraceSummary | undefined {
    return this.#index && summarize(this.#index, findings);
  }

  close(): void {
    this.#generation++;
    this.#index?.extractor?.dispose();
    this.#index = undefined;
    this.#loaded = undefined;
  }

  #loadConfig(): Promise<LoadedConfig> {
    const { reader, configPath = CONFIG_FILE_NAME, configText } = this.#options;
    return configText === undefined ? loadConfig(reader, configPath) : Promise.resolve(configFromText(configText, configPath));
  }

  #withRuleOverrides(config: TraceConfig): TraceConfig {
    const overrides = this.#options.ruleOverrides?.();
    return overrides ? { ...config, rules: { ...config.rules, ...overrides } } : config;
  }

  /** Records whether an evidence file (SBOM, test results) exists now; returns true when that changed. */
  async #updateEvidence(index: TraceIndex, path: string): Promise<boolean> {
    const kind = index.selector.evidenceKind(path);
    if (!kind) {
      return false;
    }
    const exists = (await this.#options.reader.fileSize(path)) !== undefined;
    if (exists === index.evidence.has(path)) {
      return false;
    }
    if (exists) {
      index.evidence.set(path, kind);
    } else {
      index.evidence.delete(path);
    }
    return true;
  }
}
