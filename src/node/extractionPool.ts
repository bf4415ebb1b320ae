import { availableParallelism } from 'node:os';
import type { FileExtractor, TraceConfig } from '../core';
import { ExtractionWorker } from './extractionWorker';

/**
 * Extraction on several worker threads (`node:worker_threads`), for the CLI and the extension host alike.
 * Each file goes to one worker and stays with it, so that an edit finds the sections parsed before in that
 * worker; a file seen for the first time goes to the worker with the least text waiting. The result is the
 * single thread's: extraction is per file, and the index applies each file's result whatever the order.
 * Workers start on their first file, so a small workspace starts only what it uses.
 */
export class ExtractionPool {
  readonly #workers: readonly ExtractionWorker[];
  /** The worker each file was first sent to, by path: it keeps the file's parsed sections, so the file stays there. */
  readonly #assigned = new Map<string, number>();
  /** Characters of text sent to each worker and not answered yet. */
  readonly #waiting: number[];

  /** `script` is the worker bundle's path; `onCrash` logs a worker that stopped. */
  constructor(script: string, size: number, onCrash: (message: string) => void) {
    this.#workers = Array.from({ length: Math.max(1, size) }, () => new ExtractionWorker(script, onCrash));
    this.#waiting = this.#workers.map(() => 0);
  }

  get size(): number {
    return this.#workers.length;
  }

  /**
   * An extractor for one index built with `config`: a scope in each worker, all closed on dispose. With the
   * folder's `root` on disk, the workers read the files there themselves.
   */
  extractorFor(config: TraceConfig, root?: string): FileExtractor {
    const extractors = this.#workers.map((worker) => worker.extractorFor(config, root));
    const routed = async <T>(path: string, weight: number, run: (extractor: FileExtractor) => Promise<T>): Promise<T> => {
      const worker = this.#workerFor(path);
      this.#waiting[worker]! += weight;
      try {
        return await run(extractors[worker]!);
      } finally {
        this.#waiting[worker]! -= weight;
      }
    };
    const extractor: FileExtractor = {
      extract: (path, text, role) => routed(path, text.length, (to) => to.extract(path, text, role)),
      forget: (path) => {
        const worker = this.#assigned.get(path);
        if (worker !== undefined) {
          extractors[worker]!.forget(path);
        }
      },
      dispose: () => extractors.forEach((to) => to.dispose()),
    };
    if (root === undefined) {
      return extractor;
    }
    // The size of a file not read yet is unknown: each counts as a typical source file.
    return { ...extractor, readAndExtract: (path, request, role) => routed(path, TYPICAL_FILE_LENGTH, (to) => to.readAndExtract!(path, request, role)) };
  }

  #workerFor(path: string): number {
    let worker = this.#assigned.get(path);
    if (worker === undefined) {
      worker = this.#waiting.indexOf(Math.min(...this.#waiting));
      this.#assigned.set(path, worker);
    }
    return worker;
  }

  /** Stops every worker; requests still waiting are rejected. */
  dispose(): void {
    this.#workers.forEach((worker) => worker.dispose());
  }
}

/** Characters of a typical source file: the weight of a read whose size is not known yet. */
const TYPICAL_FILE_LENGTH = 4096;

/**
 * How many extraction workers to start: one per core the process may use, less the threads that already
 * work (`reserved`: the caller's own thread), at least one, and no more than `most` (each worker holds its
 * own copy of the extractors and of the parsed sections of its files).
 */
export function workerCount(reserved: number, most = 8): number {
  return Math.min(most, Math.max(1, availableParallelism() - reserved));
}

/**
 * The CLI's default: no workers on one or two cores, where the main thread, V8's garbage collector and the
 * file system's threads already keep both cores busy (measured on the 10,000-file bench: workers made a check
 * about 20% slower there); one per core but the main thread's above that.
 */
export function defaultCliWorkers(): number {
  return availableParallelism() <= 2 ? 0 : workerCount(1);
}
