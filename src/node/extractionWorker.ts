import { Worker } from 'node:worker_threads';
import type { ExtractedRead, FileContributions, FileExtractor, FileRole, TraceConfig } from '../core';
import { applyContributionsDelta, parseContributions } from '../core/extract/contributionsDelta';
import { EditedFiles } from './editedFiles';
import type { FromWorker, ScopeSettings, ToWorker } from './extractionWorkerMain';

type RequestMessage = Extract<ToWorker, { type: 'extract' | 'read' }>;
type Answer = Exclude<FromWorker, { error: string }>;

interface PendingRequest {
  readonly message: RequestMessage;
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

/** Contributions as the worker sent them in full. */
function contributionsOf(answer: Answer): FileContributions {
  if (!('json' in answer)) {
    throw new Error('the extraction worker answered without contributions');
  }
  return parseContributions(answer.json);
}

/**
 * One extraction worker thread (dist/extractionWorker.js), one of an extraction pool's (extractionPool.ts): the files sent
 * to it are extracted one at a time in the order asked, so the caller's thread only applies results to the
 * graph (in the extension host, nothing the user does waits on a large document being parsed). Each index
 * keeps its own scope in it (ID patterns, conventions, parsed sections).
 *
 * A worker that dies is started again on the next request. The file it was working on (the oldest request:
 * it answers in order) is rejected, so that file becomes an `unreadable-file` finding and a file that
 * crashes the parser cannot crash it forever; the requests queued behind it are sent to the new worker.
 */
export class ExtractionWorker {
  #worker: Worker | undefined;
  /** Open scopes and their settings, sent again to a restarted worker. */
  readonly #scopes = new Map<number, ScopeSettings>();
  /** Requests not answered yet, oldest first (a Map keeps insertion order). */
  readonly #pending = new Map<number, PendingRequest>();
  #lastId = 0;
  #lastScope = 0;
  #disposed = false;
  readonly #onCrash: (message: string) => void;

  /** `script` is the worker bundle's path; `onCrash` logs a worker that stopped. */
  constructor(
    readonly script: string,
    onCrash: (message: string) => void,
  ) {
    this.#onCrash = onCrash;
  }

  /**
   * An extractor for one index built with `config`: its own scope in the worker, closed on dispose. With the
   * folder's `root` on disk, it also reads files there itself ({@link FileExtractor.readAndExtract}).
   */
  extractorFor(config: TraceConfig, root?: string): FileExtractor {
    const scope = ++this.#lastScope;
    const { kinds, linkKeys, reversedLinkKeys, annotationVerbs, tables } = config;
    const settings: ScopeSettings = { kinds, linkKeys, reversedLinkKeys, annotationVerbs, tables, ...(root === undefined ? {} : { root }) };
    this.#scopes.set(scope, settings);
    this.#worker?.postMessage({ type: 'configure', scope, settings } satisfies ToWorker);
    const edited = new EditedFiles<FileContributions>();
    const extract = async (path: string, text: string, role: FileRole, full?: true): Promise<FileContributions> => {
      const id = ++this.#lastId;
      const answer = await this.#request({ type: 'extract', id, scope, path, text, role, ...(full ? { full } : {}) });
      const base = 'delta' in answer ? edited.get(path) : undefined;
      if ('delta' in answer && base?.revision !== answer.base) {
        // The answer this delta was computed against is not here (a worker restarted, an error): ask for it whole.
        return extract(path, text, role, true);
      }
      const contributions = 'delta' in answer ? applyContributionsDelta(base!.value, answer.delta) : contributionsOf(answer);
      edited.set(path, id, contributions);
      return contributions;
    };
    const extractor: FileExtractor = {
      extract: (path, text, role) => extract(path, text, role),
      forget: (path) => {
        edited.forget(path);
        this.#worker?.postMessage({ type: 'forget', scope, path } satisfies ToWorker);
      },
      dispose: () => {
        this.#scopes.delete(scope);
        this.#worker?.postMessage({ type: 'close', scope } satisfies ToWorker);
      },
    };
    if (root === undefined) {
      return extractor;
    }
    return {
      ...extractor,
      readAndExtract: async (path, request, role): Promise<ExtractedRead> => {
        const answer = await this.#request({ type: 'read', id: ++this.#lastId, scope, path, request, role });
        if ('read' in answer) {
          return answer.read;
        }
        const mtime = 'mtime' in answer ? answer.mtime : undefined;
        return { type: 'extracted', contributions: contributionsOf(answer), ...(mtime === undefined ? {} : { mtime }) };
      },
    };
  }

  #request(message: RequestMessage): Promise<Answer> {
    if (this.#disposed) {
      return Promise.reject(new Error('JSP Trace is shutting down'));
    }
    return new Promise((resolve, reject) => {
      this.#pending.set(message.id, { message, resolve, reject });
      this.#running().postMessage(message);
    });
  }

  #running(): Worker {
    if (this.#worker) {
      return this.#worker;
    }
    const worker = new Worker(this.script);
    // An idle worker must not keep a process (a test run, the CLI's tests) alive.
    worker.unref();
    worker.on('message', (answer: FromWorker) => this.#settle(answer));
    worker.on('error', (error) => this.#stopped(worker, error.message));
    worker.on('exit', (code) => this.#stopped(worker, `it exited with code ${code}`));
    for (const [scope, settings] of this.#scopes) {
      worker.postMessage({ type: 'configure', scope, settings } satisfies ToWorker);
    }
    this.#worker = worker;
    return worker;
  }

  #settle(answer: FromWorker): void {
    const pending = this.#pending.get(answer.id);
    this.#pending.delete(answer.id);
    if ('error' in answer) {
      pending?.reject(new Error(answer.error));
    } else {
      pending?.resolve(answer);
    }
  }

  #stopped(worker: Worker, reason: string): void {
    if (worker !== this.#worker) {
      return; // already handled ('error' is followed by 'exit'), or terminated on purpose
    }
    this.#worker = undefined;
    const [culprit, ...queued] = this.#pending.values();
    this.#onCrash(`The JSP Trace extraction worker stopped (${reason})${culprit ? ` while reading ${culprit.message.path}` : ''}; it is restarted for the next file.`);
    if (!culprit) {
      return;
    }
    this.#pending.delete(culprit.message.id);
    culprit.reject(new Error(`the extraction worker stopped while reading it (${reason}). Edit or save the file to read it again`));
    if (queued.length > 0) {
      const restarted = this.#running();
      queued.forEach((pending) => restarted.postMessage(pending.message));
    }
  }

  /** Stops the worker; requests still waiting are rejected. */
  dispose(): void {
    this.#disposed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    for (const pending of this.#pending.values()) {
      pending.reject(new Error('JSP Trace is shutting down'));
    }
    this.#pending.clear();
    void worker?.terminate();
  }
}
