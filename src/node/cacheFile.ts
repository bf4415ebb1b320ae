import { promises as fs, constants as fsConstants } from 'node:fs';
import type { ExtractionCacheStore } from '../core';
import { FileWriteError, fileErrorReason, writeFileAtomic } from './atomicWrite';

/** How every cache file begins, whatever its format: the CLI overwrites only files that begin so. */
const CACHE_MAGIC = 'JSP Trace extraction cache';
/** The first line of the cache files this build reads and writes; the JSON follows on the next line. */
const CACHE_HEADER = `${CACHE_MAGIC}, format 1`;

/** The cache file named on the command line holds something else: it is neither read nor overwritten. */
export class NotACacheFileError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path} ${detail} and is not a JSP Trace cache, so it is neither read nor overwritten. Name another file with --cache-location, or move this one away.`);
    this.name = 'NotACacheFileError';
  }
}

/** What is at the cache path: nothing yet, a cache (with its JSON when this build can read it), or something else. */
type CacheFileState = { readonly kind: 'missing' } | { readonly kind: 'cache'; readonly json: string | undefined } | { readonly kind: 'foreign'; readonly detail: string };

/**
 * The CLI's `--cache` file as an {@link ExtractionCacheStore}: a header line that says what the file is,
 * then the cache's JSON. Opening it fails with a {@link NotACacheFileError} when the path holds anything
 * but a cache (a document named by mistake, a folder, a FIFO, a file it cannot read), so the CLI never
 * reads such a file as a cache nor writes over it. Later problems (the file replaced meanwhile, a failed
 * write) only cost the cache and are passed to `warn`.
 */
export async function nodeCacheStore(path: string, toolVersion: string, warn: (message: string) => void): Promise<ExtractionCacheStore> {
  const opened = await inspectCacheFile(path);
  if (opened.kind === 'foreign') {
    throw new NotACacheFileError(path, opened.detail);
  }
  return {
    toolVersion,
    read: async () => {
      const state = await inspectCacheFile(path);
      return state.kind === 'cache' ? state.json : undefined;
    },
    write: async (json) => {
      const state = await inspectCacheFile(path);
      if (state.kind === 'foreign') {
        warn(new NotACacheFileError(path, state.detail).message);
        return;
      }
      await writeFileAtomic(path, `${CACHE_HEADER}\n${json}`).catch((error: unknown) => {
        warn(`could not write the cache ${path}: ${error instanceof FileWriteError ? error.reason : String(error)}.`);
      });
    },
  };
}

/** Looks at the cache path without ever blocking on it (a FIFO) and reads it whole only when it is a cache. */
async function inspectCacheFile(path: string): Promise<CacheFileState> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. Windows has no such flag.
    handle = await fs.open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'missing' } : { kind: 'foreign', detail: `cannot be read (${fileErrorReason(error)})` };
  }
  try {
    if (!(await handle.stat()).isFile()) {
      return { kind: 'foreign', detail: 'is not a regular file' };
    }
    const magic = Buffer.alloc(CACHE_MAGIC.length);
    const { bytesRead } = await handle.read(magic, 0, magic.length, 0);
    if (magic.subarray(0, bytesRead).toString('utf8') !== CACHE_MAGIC) {
      return { kind: 'foreign', detail: 'exists' };
    }
    const text = await handle.readFile('utf8');
    const lineEnd = text.indexOf('\n');
    // A cache of another format is ours to overwrite, but not to read.
    return { kind: 'cache', json: lineEnd !== -1 && text.slice(0, lineEnd) === CACHE_HEADER ? text.slice(lineEnd + 1) : undefined };
  } catch (error) {
    return { kind: 'foreign', detail: `cannot be read (${fileErrorReason(error)})` };
  } finally {
    await handle.close();
  }
}
