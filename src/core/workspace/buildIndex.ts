import { errorMessage } from '../util/errors';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type ConfigError, type TraceConfig } from '../config/config';
import { FileSelector, type EvidenceKind, type SkipReason } from '../config/files';
import { TraceIndex, nothingChanged, type IndexChange } from '../graph/traceIndex';
import { SLICE_MS } from '../util/steps';
import { nullLogger, type Logger } from '../util/logger';
import type { ExtractionCache } from '../extract/extractionCache';
import { failedExtraction, type ExtractedRead, type FileExtractor } from '../extract/extractFile';
import { decodeText, readForIndex, type FileRead, type ReadRequest, type WorkspaceReader } from './workspaceReader';

/** The configuration of a folder, as read from its `jsp-trace.jsonc` (defaults when there is none). */
export interface LoadedConfig {
  readonly config: TraceConfig;
  readonly errors: readonly ConfigError[];
  /** The path read, or undefined when there was no file and the defaults apply. */
  readonly path: string | undefined;
}

/** Reads and validates the configuration; `path` overrides the default `jsp-trace.jsonc` at the root. */
export async function loadConfig(reader: WorkspaceReader, path: string = CONFIG_FILE_NAME): Promise<LoadedConfig> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await reader.readFile(path);
  } catch (error) {
    // A file that is there but cannot be read must not turn into the defaults: that would check other rules.
    return { config: DEFAULT_CONFIG, errors: [unreadableConfigError(path, error)], path };
  }
  if (!bytes) {
    return { config: DEFAULT_CONFIG, errors: [], path: undefined };
  }
  return configFromText(decodeText(bytes) ?? '', path);
}

/** The configuration error of a configuration file that exists but cannot be read. */
export function unreadableConfigError(path: string, error: unknown): ConfigError {
  const origin = { line: 0, character: 0 };
  return {
    field: '',
    message: `JSP Trace cannot read the configuration file ${path}: ${errorMessage(error)}. Make it a readable file, or remove it to use the defaults.`,
    range: { start: origin, end: origin },
  };
}

/** Validates a configuration's text, read from `path`. */
export function configFromText(text: string, path: string): LoadedConfig {
  return { ...parseConfig(text), path };
}

/** A file the index did not read, and why. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
}

/** What {@link buildIndex} made: the index, the files it passed over, and how long it took. */
export interface BuildResult {
  readonly index: TraceIndex;
  /** Files passed over for their size or content; files excluded by name are only counted. */
  readonly skipped: readonly SkippedFile[];
  readonly excludedCount: number;
  readonly durationMs: number;
}

/** How {@link buildIndex} runs: logging, parallel reads, cancellation, progress, the extraction cache and the extractor. */
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
  /** Where files are extracted (see {@link TraceIndex.indexText}); without one, in the caller's thread. */
  readonly extractor?: FileExtractor;
  /** The configuration file, where workspace-wide findings (an empty FDA category) are reported. */
  readonly configPath?: string;
  /**
   * Gives the caller's event loop a turn: with it, the walk, the checks at the end of the build and those
   * after each later edit run in slices of a few milliseconds (the extension host's thread is shared with
   * every other extension).
   */
  readonly pause?: () => Promise<void>;
}


/** The file selector of a configuration, with the folder's root `.gitignore` when the configuration uses it. */
export async function loadFileSelector(reader: WorkspaceReader, config: TraceConfig): Promise<FileSelector> {
  const gitignore = config.useGitignore ? await readGitignore(reader) : undefined;
  return new FileSelector(config, gitignore ? decodeText(gitignore) : undefined);
}

/** The root `.gitignore`; one that cannot be read ignores nothing, so more files are checked, never fewer. */
async function readGitignore(reader: WorkspaceReader): Promise<Uint8Array | undefined> {
  try {
    return await reader.readFile('.gitignore');
  } catch {
    return undefined;
  }
}

/** What a walk of a folder found: the files to read, sorted, and the evidence files by path. */
export interface FolderListing {
  readonly paths: readonly string[];
  readonly evidence: ReadonlyMap<string, EvidenceKind>;
  /** Folders and files passed over by name (counted, not read). */
  readonly excludedCount: number;
}

/**
 * Lists the files of a folder that the selector lets through, without entering excluded folders. With
 * `pause`, a folder of thousands of files is judged in slices that give the caller's event loop a turn.
 */
export async function listFiles(reader: WorkspaceReader, selector: FileSelector, pause?: () => Promise<void>): Promise<FolderListing> {
  const paths: string[] = [];
  const evidence = new Map<string, EvidenceKind>();
  let excludedCount = 0;
  let sliceStart = Date.now();
  const walk = async (folder: string): Promise<void> => {
    const entries = await reader.readDirectory(folder);
    const subfolders: Promise<void>[] = [];
    for (const entry of entries) {
      if (pause && Date.now() - sliceStart >= SLICE_MS) {
        await pause();
        sliceStart = Date.now();
      }
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.type === 'directory') {
        if (selector.isFolderExcluded(path)) {
          excludedCount++;
        } else {
          subfolders.push(walk(path));
        }
      } else if (entry.type === 'file') {
        const kind = selector.evidenceKind(path);
        if (kind) {
          evidence.set(path, kind);
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
  return { paths, evidence, excludedCount };
}

/** Walks a folder, reads every file the configuration selects and indexes it. */
export async function buildIndex(reader: WorkspaceReader, config: TraceConfig, options: BuildOptions = {}): Promise<BuildResult> {
  const logger = options.logger ?? nullLogger;
  const now = options.now ?? (() => Date.now());
  const started = now();
  const selector = await loadFileSelector(reader, config);
  const index = new TraceIndex(config, selector, logger, options.extractionCache, options.extractor, options.configPath, options.pause);
  const { paths, evidence, excludedCount } = await listFiles(reader, selector, options.pause);
  for (const [path, kind] of evidence) {
    index.evidence.set(path, kind);
  }

  const skipped: SkippedFile[] = [];
  const readOne = async (path: string): Promise<void> => {
    const { skipped: reason } = await indexFile(reader, index, path);
    if (reason) {
      skipped.push({ path, reason });
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
    await (options.pause ? index.endBulkInSlices(options.pause) : index.endBulk());
  }
  for (const finding of index.unreadableFiles()) {
    logger.warn('buildIndex.unreadableFile', { path: finding.location.path, message: finding.message });
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
 * Reads one file into the index. A file that is gone (deleted) is removed from the index. A file that is
 * too large, binary or unreadable is removed too, and becomes an `unreadable-file` finding that says why.
 * An extractor that reads the folder itself (the CLI's workers) reads and extracts the file in one step,
 * unless the extraction cache needs the text here.
 */
export async function indexFile(reader: WorkspaceReader, index: TraceIndex, path: string): Promise<FileIndexResult> {
  const request: ReadRequest = { maxBytes: maxFileSizeOf(index, path), withMtime: index.selector.isTestResults(path) };
  const readAndExtract = index.extractionCache ? undefined : index.extractor?.readAndExtract;
  if (readAndExtract) {
    const isCurrent = index.claimChange(path);
    // A worker that stopped on this file makes it unreadable, as a failed extraction does (TraceIndex.indexText).
    const read = await readAndExtract(path, request, index.roleOf(path)).catch((error: unknown): ExtractedRead => ({ type: 'extracted', contributions: failedExtraction(path, errorMessage(error)) }));
    if (!isCurrent()) {
      return { change: nothingChanged(), skipped: undefined };
    }
    return read.type === 'extracted' ? { change: index.setContributions(read.contributions, read.mtime), skipped: undefined } : withoutText(index, path, read, request);
  }
  const read = await readForIndex(reader, path, request);
  return read.type === 'text' ? { change: await index.indexText(path, read.text, read.mtime), skipped: undefined } : withoutText(index, path, read, request);
}

/** A file read without text: gone, or unreadable for the reason the read gave. */
function withoutText(index: TraceIndex, path: string, read: Exclude<FileRead, { type: 'text' }>, { maxBytes }: ReadRequest): FileIndexResult {
  switch (read.type) {
    case 'gone':
      return { change: index.removeFile(path), skipped: undefined };
    case 'failed':
      return { change: unreadable(index, path, `${read.reason}. Check that it is a regular file you can read`), skipped: undefined };
    case 'binary': {
      const reason = 'it holds binary content (a NUL byte) but is selected as text. Exclude it in "exclude", or save it as text';
      return { change: unreadable(index, path, reason), skipped: 'binary' };
    }
    case 'too-large': {
      if (isOnlyThreatModelCandidate(index, path)) {
        // Read only to see whether it is a threat model: a JSON file this large (data, a fixture) is logged, not reported.
        return { change: index.removeFile(path), skipped: 'too-large' };
      }
      const limit = maxBytes === index.config.maxFileSize ? `maxFileSize (${maxBytes} bytes)` : `${maxBytes} bytes, the limit for evidence files`;
      const reason = `it is larger than ${limit}. Split it, exclude it, or raise "maxFileSize" in ${CONFIG_FILE_NAME}`;
      return { change: unreadable(index, path, reason), skipped: 'too-large' };
    }
  }
}

/**
 * Evidence files — SBOMs, VEX, test results, lockfiles, threat models — are generated and often larger than documents (a
 * pretty-printed SBOM of 2,000 components is about 1.4 MB): they may be this large whatever `maxFileSize`
 * says, since their readers are linear and a file skipped for its size would leave its evidence out.
 */
export const EVIDENCE_MAX_FILE_SIZE = 64 * 1024 * 1024;

function maxFileSizeOf(index: TraceIndex, path: string): number {
  const { selector, config } = index;
  const isEvidence = selector.evidenceKind(path) !== undefined || selector.isLockfile(path) || selector.isThreatModel(path);
  return isEvidence ? Math.max(config.maxFileSize, EVIDENCE_MAX_FILE_SIZE) : config.maxFileSize;
}

/** A JSON file no other reader wants: its content alone says whether it is a threat model. */
function isOnlyThreatModelCandidate({ selector }: TraceIndex, path: string): boolean {
  return selector.isThreatModel(path) && !selector.isSbom(path) && !selector.isLockfile(path);
}

function unreadable(index: TraceIndex, path: string, reason: string): IndexChange {
  const origin = { line: 0, character: 0 };
  return index.markUnreadable(path, [{ message: `JSP Trace could not read this file, so nothing in it is traced: ${reason}.`, range: { start: origin, end: origin } }]);
}
