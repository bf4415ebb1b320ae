import type { FileContributions } from '../model';
import type { FileRead, ReadRequest } from '../workspace/workspaceReader';
import type { ExtractContext, FileRole } from './context';
import { readJUnit } from './junit';
import { looksLikeCycloneDx, readCycloneDx } from './cyclonedx';
import { looksLikeThreatDragon, readThreatDragon, type ThreatModelOptions } from './threatDragon';
import { looksLikeOtm, readOtm } from './otm';
import { readLockfile } from './lockfiles';
import { extractMarkdown } from './markdown';
import { extractCode } from './code';
import { commentSyntaxFor } from './comments';
import { isMarkdown, isRestructuredText } from '../config/files';
import { looksLikeNeedsExport, readNeedsExport } from './needsJson';
import { extractRestructuredText } from './needDirectives';
import { withOpenFastTrace } from './openFastTrace';

/** Extracts a file's contributions with the extractor its path calls for. Never throws. */
export function extractFile(path: string, text: string, context: ExtractContext): FileContributions {
  try {
    if (context.isTestResults) {
      const { testCases, problems } = readJUnit(path, text);
      return { path, items: [], links: [], references: [], problems, testCases };
    }
    if (context.isSbom && looksLikeCycloneDx(text)) {
      return readCycloneDx(path, text);
    }
    const threatModel = context.threatIdPrefix === undefined ? undefined : readThreatModel(path, text, { matcher: context.matcher, idPrefix: context.threatIdPrefix });
    if (threatModel) {
      return threatModel;
    }
    const needs = context.needs && { needs: context.needs, matcher: context.matcher, isTest: context.isTest };
    const needsExport = needs && path.toLowerCase().endsWith('.json') && looksLikeNeedsExport(text) ? readNeedsExport(path, text, needs) : undefined;
    if (needsExport) {
      return needsExport;
    }
    if (context.isSbom) {
      return readCycloneDx(path, text);
    }
    const lockfile = context.isLockfile ? readLockfile(path, text) : undefined;
    if (lockfile) {
      return { path, items: [], links: [], references: [], problems: lockfile.problems, packages: lockfile.packages };
    }
    if (needs && isRestructuredText(path)) {
      return extractRestructuredText(path, text, needs);
    }
    // OpenFastTrace's items and tags may stand in any document or code file, beside our own links.
    return withOpenFastTrace(readDocumentOrCode(path, text, context), text, context.isTest);
  } catch (error) {
    // A parser failure must cost one file, not the index.
    return failedExtraction(path, (error as Error).message);
  }
}

/** Our own reading of a Markdown document or of a file with known comments; nothing for other files. */
function readDocumentOrCode(path: string, text: string, context: ExtractContext): FileContributions {
  if (isMarkdown(path)) {
    return extractMarkdown(path, text, context);
  }
  const syntax = commentSyntaxFor(path);
  return syntax ? extractCode(path, text, syntax, context) : { path, items: [], links: [], references: [], problems: [] };
}

/** A Threat Dragon model or an OTM document, recognised by content; undefined for any other JSON. */
function readThreatModel(path: string, text: string, options: ThreatModelOptions): FileContributions | undefined {
  if (looksLikeThreatDragon(text)) {
    return readThreatDragon(path, text, options);
  }
  return looksLikeOtm(text) ? readOtm(path, text, options) : undefined;
}

/**
 * Extracts a file's contributions away from the caller's thread (the extension's worker thread), keeping
 * whatever it needs between calls per path; see `TraceIndex.indexText`. May reject: the file then
 * becomes an `unreadable-file` finding ({@link failedExtraction}).
 */
export interface FileExtractor {
  extract(path: string, text: string, role: FileRole): Promise<FileContributions>;
  /**
   * Reads the file from the folder and extracts it where the extractor runs (a worker thread that reads the
   * disk itself), so that the caller's thread never holds the text. Only extractors that can read the folder
   * being indexed have it.
   */
  readAndExtract?(path: string, request: ReadRequest, role: FileRole): Promise<ExtractedRead>;
  /** The file is gone or unreadable: drop what was kept for it. */
  forget(path: string): void;
  /** The index that used this extractor is replaced or closed. */
  dispose(): void;
}

/** A {@link FileRead} whose text was extracted where it was read. */
export type ExtractedRead = Exclude<FileRead, { type: 'text' }> | { readonly type: 'extracted'; readonly contributions: FileContributions; readonly mtime?: number };

/** The contributions of a file whose extraction failed: nothing, and one problem that says why. */
export function failedExtraction(path: string, reason: string): FileContributions {
  const origin = { line: 0, character: 0 };
  return { path, items: [], links: [], references: [], problems: [{ message: `JSP Trace could not read this file: ${reason}`, range: { start: origin, end: origin } }] };
}
