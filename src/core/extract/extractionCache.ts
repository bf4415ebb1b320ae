import type { FileContributions } from '../model';
import { runSteps, type Steps } from '../util/steps';
import { isCacheEntryFor, type CacheEntry } from './cacheEntryCheck';
import type { TraceConfig } from '../config/config';
import { isMarkdown } from '../config/files';

/**
 * Bump whenever the extractors' output for the same text changes, so that caches written by an older
 * build are dropped rather than trusted.
 */
const EXTRACTION_FORMAT = 8;


/** What a cache did in one run: documents taken from it and documents parsed. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
}

/**
 * Markdown extraction results by path and content hash, kept between runs (the CLI's `--cache`): a warm
 * start parses only the documents that changed (DESIGN.md section 7). Only Markdown is cached: code
 * files extract faster than they hash. A cache written for another version or configuration is ignored;
 * an entry read from it is used only for the text it was written for and only once it passes
 * {@link isCacheEntryFor}, otherwise that one document is parsed again.
 */
export class ExtractionCache {
  /** Entries extracted in this process: trusted. */
  readonly #entries = new Map<string, CacheEntry>();
  /** Entries read from the stored JSON: untrusted until checked against the text they claim to describe. */
  readonly #stored = new Map<string, unknown>();
  /** Paths extracted in this run: only these are written back, so deleted files drop out. */
  readonly #used = new Set<string>();
  /** The hash of the text last extracted per path: an older extraction finishing late is not kept. */
  readonly #latest = new Map<string, string>();
  #hits = 0;
  #misses = 0;

  constructor(readonly fingerprint: string) {}

  /** The cache a previous run wrote, or an empty one when the text is missing, corrupt or for other settings. */
  static fromJson(json: string | undefined, fingerprint: string): ExtractionCache {
    const cache = new ExtractionCache(fingerprint);
    if (json === undefined) {
      return cache;
    }
    try {
      const data = JSON.parse(json) as { fingerprint?: unknown; entries?: unknown };
      if (data.fingerprint === fingerprint && typeof data.entries === 'object' && data.entries !== null) {
        for (const [path, entry] of Object.entries(data.entries)) {
          cache.#stored.set(path, entry);
        }
      }
    } catch {
      // A corrupt cache costs a cold start, nothing more.
    }
    return cache;
  }

  /** The contributions of `text` at `path`: from the cache when the text is unchanged, else from `extract`. */
  extract(path: string, text: string, extract: () => FileContributions): FileContributions {
    const lookup = this.#lookup(path, text);
    return lookup.hit ?? this.#keep(path, lookup.hash, extract());
  }

  /** {@link extract} with an extraction that runs elsewhere (a worker thread). */
  async extractAsync(path: string, text: string, extract: () => Promise<FileContributions>): Promise<FileContributions> {
    const lookup = this.#lookup(path, text);
    return lookup.hit ?? this.#keep(path, lookup.hash, await extract());
  }

  /** The cached contributions of `text` (a hit), or the hash to keep a fresh result under (a miss). */
  #lookup(path: string, text: string): { hit?: FileContributions; hash?: string } {
    if (!isMarkdown(path)) {
      return {};
    }
    this.#used.add(path);
    const hash = contentHash(text);
    const entry = this.#entries.get(path) ?? this.#checkedStoredEntry(path, hash, text);
    if (entry?.hash === hash) {
      this.#hits++;
      return { hit: entry.contributions };
    }
    this.#misses++;
    this.#latest.set(path, hash);
    return { hash };
  }

  /** Keeps a fresh result, unless a later text of the same path was asked for meanwhile (it will be kept). */
  #keep(path: string, hash: string | undefined, contributions: FileContributions): FileContributions {
    if (hash === undefined || this.#latest.get(path) !== hash) {
      return contributions;
    }
    if (contributions.problems.length === 0) {
      this.#entries.set(path, { hash, contributions });
    } else {
      this.#entries.delete(path);
    }
    return contributions;
  }

  /** The stored entry of `path` when it was written for this very text and checks out; each is looked at once. */
  #checkedStoredEntry(path: string, hash: string, text: string): CacheEntry | undefined {
    const stored = this.#stored.get(path);
    this.#stored.delete(path);
    if (!isCacheEntryFor(stored, path, hash, text)) {
      return undefined;
    }
    this.#entries.set(path, stored);
    return stored;
  }

  get stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses };
  }

  /** The cache as JSON, with the entries of the files seen in this run only. */
  toJson(): string {
    return runSteps(this.toJsonSteps());
  }

  /** {@link toJson} a step per entry: a large cache takes a few hundred milliseconds to write out. */
  *toJsonSteps(): Steps<string> {
    const entries: string[] = [];
    for (const path of [...this.#used].sort()) {
      const entry = this.#entries.get(path);
      if (entry) {
        yield;
        entries.push(`${JSON.stringify(path)}:${JSON.stringify(entry)}`);
      }
    }
    return `{"fingerprint":${JSON.stringify(this.fingerprint)},"entries":{${entries.join(',')}}}`;
  }
}

/** What a cache must match: the tool's version, the extractors' format and the whole configuration. */
export function cacheFingerprint(toolVersion: string, config: TraceConfig): string {
  return `${toolVersion}/${EXTRACTION_FORMAT}/${contentHash(JSON.stringify(config))}`;
}

/** Two 32-bit FNV-style hashes and the length: enough to tell versions of one file apart. */
export function contentHash(text: string): string {
  let first = 0x811c9dc5;
  let second = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995);
    second ^= second >>> 15;
  }
  return `${text.length.toString(36)}.${(first >>> 0).toString(36)}.${(second >>> 0).toString(36)}`;
}
