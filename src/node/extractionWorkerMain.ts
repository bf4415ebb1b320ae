// The extraction worker's entry (dist/extractionWorker.js, its own bundle): it runs the core's extractors
// off the extension host's thread, so that parsing a large document never holds up hover, completion or
// opening a file (issue 13, item 10). It imports the extractors only; the host side is extractionWorker.ts.
import { parentPort } from 'node:worker_threads';
import type { TraceConfig } from '../core/config/config';
import { IdMatcher } from '../core/config/ids';
import { extractFile } from '../core/extract/extractFile';
import { ParsedSectionCache } from '../core/extract/markdownBlocks';
import { TraceConventions, type ConventionSettings } from '../core/extract/linkKeys';
import type { FileContributions } from '../core/model';
import type { FileRole } from '../core/extract/context';

/** Messages from the extension host to the worker; the worker answers them in the order they came. */
export type ToWorker =
  /** Opens a scope: one index's ID patterns, conventions and parsed sections (a rebuild opens a new one). */
  | { readonly type: 'configure'; readonly scope: number; readonly settings: ScopeSettings }
  | { readonly type: 'extract'; readonly id: number; readonly scope: number; readonly path: string; readonly text: string; readonly role: FileRole }
  /** The file is gone: its parsed sections are dropped. */
  | { readonly type: 'forget'; readonly scope: number; readonly path: string }
  /** The index is replaced or closed. */
  | { readonly type: 'close'; readonly scope: number };

/** What of an index's configuration extraction depends on. */
export type ScopeSettings = Pick<TraceConfig, 'kinds'> & ConventionSettings;

/**
 * The worker's answer to one `extract` message. The contributions travel as JSON text: for a document with
 * 10,000 items, `JSON.parse` on the host's thread costs about a quarter of structured clone's deserializing.
 */
export type FromWorker = { readonly id: number; readonly json: string } | { readonly id: number; readonly error: string };

interface Scope {
  readonly matcher: IdMatcher;
  readonly conventions: TraceConventions;
  /** Sections parsed before, by path, so that an edit re-parses only the sections it changed. */
  readonly parsedSections: ParsedSectionCache;
}

const scopes = new Map<number, Scope>();

function answer(message: Extract<ToWorker, { type: 'extract' }>): FromWorker {
  const scope = scopes.get(message.scope);
  if (!scope) {
    return { id: message.id, error: 'the index it was read for was replaced' };
  }
  try {
    const { matcher, conventions, parsedSections } = scope;
    const contributions: FileContributions = extractFile(message.path, message.text, { matcher, conventions, ...message.role, parsedSections });
    return { id: message.id, json: JSON.stringify(contributions) };
  } catch (error) {
    return { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'configure':
      scopes.set(message.scope, { matcher: new IdMatcher(message.settings.kinds), conventions: new TraceConventions(message.settings), parsedSections: new ParsedSectionCache() });
      break;
    case 'extract':
      parentPort?.postMessage(answer(message));
      break;
    case 'forget':
      scopes.get(message.scope)?.parsedSections.forget(message.path);
      break;
    case 'close':
      scopes.delete(message.scope);
      break;
  }
});
