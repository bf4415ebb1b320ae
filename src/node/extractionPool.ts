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
  /** The worker each file was sent to, by path, until the file is forgotten. */
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

  /** An extractor for one index built with `config`: a scope in each worker, all closed on dispose. */
  extractorFor(config: TraceConfig): FileExtractor {
    const extractors = this.#workers.map((worker) => worker.extractorFor(config));
    return {
      extract: async (path, text, role) => {
        const worker = this.#workerFor(path);
        this.#waiting[worker]! += text.length;
        try {
          return await extractors[worker]!.extract(path, text, role);
        } finally {
          this.#waiting[worker]! -= text.length;
        }
      },
      forget: (path) => {
        const worker = this.#assigned.get(path);
        if (worker !== undefined) {
          extractors[worker]!.forget(path);
        }
      },
      dispose: () => extractors.forEach((extractor) => extractor.dispose()),
    };
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

/**
 * How many extraction workers to start: one per core the process may use, less the threads that already
 * work (`reserved`: the extension host's own thread), at least one, and no more than `most` (each worker
 * holds its own copy of the extractors and of the parsed sections of its files).
 */
export function workerCount(reserved: number, most = 8): number {
  return Math.min(most, Math.max(1, availableParallelism() - reserved));
}
