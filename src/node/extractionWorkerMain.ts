// The extraction worker's entry (dist/extractionWorker.js, its own bundle): it runs the core's extractors
// off the extension host's thread, so that parsing a large document never holds up hover, completion or
// opening a file (issue 13, item 10). It imports the extractors only; the host side is extractionWorker.ts.
import { errorMessage } from '../core/util/errors';
import { parentPort } from 'node:worker_threads';
import type { TraceConfig } from '../core/config/config';
import { IdMatcher } from '../core/config/ids';
import { extractFile } from '../core/extract/extractFile';
import { ParsedSectionCache } from '../core/extract/markdownBlocks';
import { TraceConventions, type ConventionSettings } from '../core/extract/linkKeys';
import type { FileContributions } from '../core/model';
import { SentContributions, type ContributionsDelta } from '../core/extract/contributionsDelta';
import { EditedFiles } from './editedFiles';
import type { FileRole } from '../core/extract/context';
import { readForIndex, type FileRead, type ReadRequest } from '../core/workspace/workspaceReader';
import { NodeWorkspaceReader } from './nodeWorkspace';

/** Messages from the extension host to the worker; the worker answers them in the order they came. */
export type ToWorker =
  /** Opens a scope: one index's ID patterns, conventions and parsed sections (a rebuild opens a new one). */
  | { readonly type: 'configure'; readonly scope: number; readonly settings: ScopeSettings }
  /** Extracts an editor's text; the answer is a delta against the last one for the file unless `full`. */
  | { readonly type: 'extract'; readonly id: number; readonly scope: number; readonly path: string; readonly text: string; readonly role: FileRole; readonly full?: true }
  /** Reads the file from the scope's folder, then extracts it. */
  | { readonly type: 'read'; readonly id: number; readonly scope: number; readonly path: string; readonly request: ReadRequest; readonly role: FileRole }
  /** The file is gone: its parsed sections are dropped. */
  | { readonly type: 'forget'; readonly scope: number; readonly path: string }
  /** The index is replaced or closed. */
  | { readonly type: 'close'; readonly scope: number };

/** What of an index's configuration extraction depends on, and the folder on disk when the worker reads it. */
export type ScopeSettings = Pick<TraceConfig, 'kinds'> & ConventionSettings & { readonly root?: string };

/**
 * The worker's answer to one `extract` message. The contributions travel as JSON text: for a document with
 * 10,000 items, `JSON.parse` on the host's thread costs about a quarter of structured clone's deserializing.
 */
export type FromWorker =
  | { readonly id: number; readonly json: string; readonly mtime?: number }
  /** The changes against the answer with the ID `base`, the last one sent for the file (see contributionsDelta.ts). */
  | { readonly id: number; readonly delta: ContributionsDelta; readonly base: number }
  /** A read that gave no text: gone, too large, binary or failed. */
  | { readonly id: number; readonly read: Exclude<FileRead, { type: 'text' }> }
  | { readonly id: number; readonly error: string };

interface Scope {
  readonly reader: NodeWorkspaceReader | undefined;
  readonly matcher: IdMatcher;
  readonly conventions: TraceConventions;
  /** Sections parsed before, by path, so that an edit re-parses only the sections it changed. */
  readonly parsedSections: ParsedSectionCache;
  /** The last answers to `extract` of the files edited lately, by path, to send the next as a delta. */
  readonly sent: EditedFiles<SentContributions>;
}

const scopes = new Map<number, Scope>();

function extract(scope: Scope, path: string, text: string, role: FileRole): FileContributions {
  const { matcher, conventions, parsedSections } = scope;
  return extractFile(path, text, { matcher, conventions, ...role, parsedSections });
}

/** The answer to a read: the contributions of the file as read. */
function extractedRead(scope: Scope, id: number, path: string, text: string, role: FileRole, mtime: number | undefined): FromWorker {
  try {
    return { id, json: JSON.stringify(extract(scope, path, text, role)), ...(mtime === undefined ? {} : { mtime }) };
  } catch (error) {
    return { id, error: errorMessage(error) };
  }
}

/** The answer to an editor's text: a delta against the last answer for the file when there is one and it may be. */
function extractedEdit(scope: Scope, message: Extract<ToWorker, { type: 'extract' }>): FromWorker {
  const { id, path } = message;
  try {
    const contributions = extract(scope, path, message.text, message.role);
    const last = message.full ? undefined : scope.sent.get(path);
    if (last === undefined) {
      scope.sent.set(path, id, SentContributions.of(contributions));
      return { id, json: JSON.stringify(contributions) };
    }
    const { delta, sent } = last.value.deltaTo(contributions);
    scope.sent.set(path, id, sent);
    return { id, delta, base: last.revision };
  } catch (error) {
    scope.sent.forget(path);
    return { id, error: errorMessage(error) };
  }
}

/**
 * Starts answering a request: a read starts at once, so that reads overlap; extraction and the answer
 * wait their turn ({@link answered}).
 */
function answer(message: Extract<ToWorker, { type: 'extract' | 'read' }>): () => Promise<FromWorker> {
  const scope = scopes.get(message.scope);
  if (!scope) {
    return async () => ({ id: message.id, error: 'the index it was read for was replaced' });
  }
  if (message.type === 'extract') {
    return async () => extractedEdit(scope, message);
  }
  const reader = scope.reader;
  if (!reader) {
    return async () => ({ id: message.id, error: 'this worker was not given the folder to read' });
  }
  const reading = readForIndex(reader, message.path, message.request);
  return async () => {
    const read = await reading;
    return read.type === 'text' ? extractedRead(scope, message.id, message.path, read.text, message.role, read.mtime) : { id: message.id, read };
  };
}

/**
 * Requests are extracted and answered one at a time in the order they came, also while reads wait on the
 * disk: the host takes the oldest unanswered request for the one a crash interrupted.
 */
let answered: Promise<void> = Promise.resolve();

parentPort?.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'configure': {
      const { settings } = message;
      const reader = settings.root === undefined ? undefined : new NodeWorkspaceReader(settings.root);
      scopes.set(message.scope, { reader, matcher: new IdMatcher(settings.kinds), conventions: new TraceConventions(settings), parsedSections: new ParsedSectionCache(), sent: new EditedFiles() });
      break;
    }
    case 'extract':
    case 'read': {
      const reply = answer(message);
      // Every request gets an answer, also when something unforeseen throws: a lost one would leave the
      // host waiting, and a rejected chain would lose every answer after it.
      answered = answered.then(async () => {
        let result: FromWorker;
        try {
          result = await reply();
        } catch (error) {
          result = { id: message.id, error: errorMessage(error) };
        }
        parentPort?.postMessage(result);
      });
      break;
    }
    case 'forget':
      scopes.get(message.scope)?.parsedSections.forget(message.path);
      scopes.get(message.scope)?.sent.forget(message.path);
      break;
    case 'close':
      scopes.delete(message.scope);
      break;
  }
});
