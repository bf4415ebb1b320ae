import type { FileContributions } from '../model';
import type { ExtractContext } from './context';
import { extractMarkdown } from './markdown';
import { extractCode } from './code';
import { commentSyntaxFor } from './comments';
import { isMarkdown } from '../config/files';

/** Extracts a file's contributions with the extractor its path calls for. Never throws. */
export function extractFile(path: string, text: string, context: ExtractContext): FileContributions {
  try {
    if (isMarkdown(path)) {
      return extractMarkdown(path, text, context);
    }
    const syntax = commentSyntaxFor(path);
    if (syntax) {
      return extractCode(path, text, syntax, context);
    }
  } catch (error) {
    // A parser failure must cost one file, not the index.
    return {
      path,
      items: [],
      links: [],
      references: [],
      problems: [{ message: `JSP Trace could not read this file: ${(error as Error).message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
    };
  }
  return { path, items: [], links: [], references: [], problems: [] };
}
