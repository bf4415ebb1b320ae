import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type ConfigError, type TraceConfig } from '../config/config';
import { FileSelector, evidenceKind, isBinary, type SkipReason } from '../config/files';
import { TraceIndex, type IndexChange } from '../graph/traceIndex';
import { nullLogger, type Logger } from '../util/logger';
import type { ExtractionCache } from '../extract/extractionCache';

/** A folder entry as a host lists it. */
export interface DirectoryEntry {
  readonly name: string;
  readonly type: 'file' | 'directory' | 'other';
}

/**
 * How the core reads a workspace folder. Paths are relative to the folder's root and use `/`; `''` is the
 * root. The CLI implements it with Node's file system, the extension with `vscode.workspace.fs`. Methods
 * return `undefined` (or an empty list) for anything that cannot be read, rather than throwing.
 */
export interface WorkspaceReader {
  readDirectory(path: string): Promise<readonly DirectoryEntry[]>;
  fileSize(path: string): Promise<number | undefined>;
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Reads a file unless it has more than `maxBytes`; a host that can should check the size on the open file. */
  readFileUpTo(path: string, maxBytes: number): Promise<Uint8Array | 'too-large' | undefined>;
}

/** The configuration of a folder, as read from its `jsp-trace.jsonc` (defaults when there is none). */
export interface LoadedConfig {
  readonly config: TraceConfig;
  readonly errors: readonly ConfigError[];
  /** The path read, or undefined when there was no file and the defaults apply. */
  readonly path: string | undefined;
}

/** Reads and validates the configuration; `path` overrides the default `jsp-trace.jsonc` at the root. */
export async function loadConfig(reader: WorkspaceReader, path: string = CONFIG_FILE_NAME): Promise<LoadedConfig> {
  const bytes = await reader.readFile(path);
  if (!bytes) {
    return { config: DEFAULT_CONFIG, errors: [], path: undefined };
  }
  return { ...parseConfig(decodeText(bytes) ?? ''), path };
}

/** A file the index did not read, and why. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
}

export interface BuildResult {
  readonly index: TraceIndex;
  /** Files passed over for their size or content; files excluded by name are only counted. */
  readonly skipped: readonly SkippedFile[];
  readonly excludedCount: number;
  readonly durationMs: number;
}

export interface BuildOptions {
  readonly logger?: Logger;
  /** How many files are read at once. */
  readonly concurrency?: number;
  /** Asked between files; when it answers true the build stops early and its result is to be dropped. */
  readonly isCancelled?: () => boolean;
  /** Called once the walk knows how many files there are, and after each file. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly now?: () => number;
  /** Extraction results of an earlier run (see {@link ExtractionCache}). */
  readonly extractionCache?: ExtractionCache;
}

/** Walks a folder, reads every file the configuration selects and indexes it. */
export async function buildIndex(reader: WorkspaceReader, config: TraceConfig, options: BuildOptions = {}): Promise<BuildResult> {
  const logger = options.logger ?? nullLogger;
  const now = options.now ?? (() => Date.now());
  const started = now();
  const gitignore = config.useGitignore ? await reader.readFile('.gitignore') : undefined;
  const selector = new FileSelector(config, gitignore ? decodeText(gitignore) : undefined);
  const index = new TraceIndex(config, selector, logger, options.extractionCache);
  const skipped: SkippedFile[] = [];
  let excludedCount = 0;

  const paths: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await reader.readDirectory(folder);
    const subfolders: Promise<void>[] = [];
    for (const entry of entries) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.type === 'directory') {
        if (selector.isFolderExcluded(path)) {
          excludedCount++;
        } else {
          subfolders.push(walk(path));
        }
      } else if (entry.type === 'file') {
        const evidence = evidenceKind(path);
        if (evidence && !selector.isExcluded(path)) {
          index.evidence.set(path, evidence);
        }
        if (selector.skipReason(path)) {
          excludedCount++;
        } else {
          paths.push(path);
        }
      }
    }
    await Promise.all(subfolders);
  };
  await walk('');
  paths.sort();

  const readOne = async (path: string): Promise<void> => {
    const { skipped: reason } = await indexFile(reader, index, path);
    if (reason) {
      skipped.push({ path, reason });
      logger.info('buildIndex.skip', { path, reason });
    }
  };

  let next = 0;
  let done = 0;
  options.onProgress?.(0, paths.length);
  const worker = async (): Promise<void> => {
    while (next < paths.length && !options.isCancelled?.()) {
      await readOne(paths[next++]!);
      options.onProgress?.(++done, paths.length);
    }
  };
  index.beginBulk();
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 32 }, worker));
  } finally {
    index.endBulk();
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { index, skipped, excludedCount, durationMs: now() - started };
}

/** What reading one file did: the index change, and why the file was skipped if it was. */
export interface FileIndexResult {
  readonly change: IndexChange;
  readonly skipped: SkipReason | undefined;
}

/**
 * Reads one file into the index. A file that is too large, binary or gone (deleted) is removed from the
 * index, with the reason when it was skipped.
 */
export async function indexFile(reader: WorkspaceReader, index: TraceIndex, path: string): Promise<FileIndexResult> {
  const bytes = await reader.readFileUpTo(path, index.config.maxFileSize);
  if (bytes === 'too-large') {
    return { change: index.removeFile(path), skipped: 'too-large' };
  }
  const text = bytes && decodeText(bytes);
  if (text === undefined) {
    return { change: index.removeFile(path), skipped: bytes ? 'binary' : undefined };
  }
  return { change: index.updateFile(path, text), skipped: undefined };
}

const decoder = new TextDecoder('utf-8');

/** Decodes a file's bytes as UTF-8 (without a BOM), or undefined when they look binary. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (isBinary(bytes)) {
    return undefined;
  }
  const text = decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Records whether an evidence file (SBOM, test results) exists now; returns true when that changed. */
export async function updateEvidence(reader: WorkspaceReader, index: TraceIndex, path: string): Promise<boolean> {
  const kind = evidenceKind(path);
  if (!kind || index.selector.isExcluded(path)) {
    return false;
  }
  const exists = (await reader.fileSize(path)) !== undefined;
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
