import type { FileProblem } from '../model';
import { LineIndex } from '../util/text';
import { markdownLines } from './markdownLines';

/**
 * The resource caps of the Markdown reader. The parser's cost grows faster than the input in each of
 * these shapes (a 10,000-level nested line takes minutes and overflows the stack), so a line scan checks
 * them before parsing, and whatever lies beyond a cap is reported as a {@link FileProblem}, not parsed.
 */
export const MARKDOWN_LIMITS = {
  /** Block quotes and list items nested in one another. */
  nestingDepth: 32,
  /** Columns of one table. */
  tableColumns: 256,
  /** Headings (ATX and setext) in one file. */
  headings: 10_000,
} as const;

/** A document cut down to what the Markdown reader may parse, with the problems the cuts caused. */
export interface LimitedMarkdown {
  /** The text with over-deep lines and over-wide tables blanked (offsets kept) and cut after the last heading allowed. */
  readonly text: string;
  readonly problems: readonly FileProblem[];
}

const ATX_OR_SETEXT_HEADING = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)/;
const TABLE_DELIMITER_ROW = /^[ \t|:-]+$/;
const BLANK = /^[ \t]*$/;

/**
 * Applies {@link MARKDOWN_LIMITS} to a document with one pass over its lines. Lines are judged on their
 * own, code blocks included, so that no construct can hide a hazard from the scan: a false alarm needs
 * 32 levels of nesting or a 10,000th heading, which real documents do not have.
 */
export function limitMarkdown(text: string): LimitedMarkdown {
  const blanked: { start: number; end: number }[] = [];
  const tooDeep: number[] = [];
  const tooWide: number[] = [];
  let headings = 0;
  let cutAt: number | undefined;
  let tableUntilBlank = false;
  let previous: { start: number; end: number } | undefined;
  for (const line of markdownLines(text)) {
    const span = { start: line.start, end: line.start + line.text.length };
    if (tableUntilBlank && (BLANK.test(line.text) || ATX_OR_SETEXT_HEADING.test(line.text))) {
      tableUntilBlank = false;
    }
    if (ATX_OR_SETEXT_HEADING.test(line.text) && ++headings > MARKDOWN_LIMITS.headings) {
      cutAt = line.start;
      break;
    }
    if (tableUntilBlank) {
      blanked.push(span);
    } else if (nestingDepth(line.text) > MARKDOWN_LIMITS.nestingDepth) {
      tooDeep.push(line.start);
      blanked.push(span);
    } else if (tableColumns(line.text) > MARKDOWN_LIMITS.tableColumns) {
      // The whole table goes: its header above, this delimiter row, and its rows up to a blank line.
      tooWide.push(line.start);
      blanked.push(...(previous ? [previous] : []), span);
      tableUntilBlank = true;
    }
    previous = span;
  }
  const lines = new LineIndex(text);
  const problemAt = (offset: number, message: string): FileProblem => {
    const start = lines.positionAt(offset);
    return { message, range: { start, end: { line: start.line, character: lines.lineText(start.line).length } } };
  };
  const problems: FileProblem[] = [];
  if (tooDeep.length > 0) {
    problems.push(problemAt(tooDeep[0]!, `${nestingLinesText(tooDeep.length)} block quotes or lists more than ${MARKDOWN_LIMITS.nestingDepth} levels deep, the most JSP Trace reads, and ${tooDeep.length === 1 ? 'was' : 'were'} skipped. Flatten the nesting so that these lines are traced.`));
  }
  if (tooWide.length > 0) {
    problems.push(problemAt(tooWide[0]!, `${tooWide.length === 1 ? 'A table has' : `${tooWide.length} tables have`} more than ${MARKDOWN_LIMITS.tableColumns} columns, the most JSP Trace reads, and ${tooWide.length === 1 ? 'was' : 'were'} skipped. Split the table so that its rows are traced.`));
  }
  if (cutAt !== undefined) {
    problems.push(problemAt(cutAt, `This file has more than ${MARKDOWN_LIMITS.headings.toLocaleString('en-US')} headings, the most JSP Trace reads in one file; the rest of the file from this heading on was skipped. Split the document into smaller files so that all of it is traced.`));
  }
  return { text: blank(cutAt === undefined ? text : text.slice(0, cutAt), blanked), problems };
}

function nestingLinesText(count: number): string {
  return count === 1 ? 'A line nests' : `${count.toLocaleString('en-US')} lines nest`;
}

/** The text with each span replaced by spaces, so that every offset outside the spans keeps its meaning. */
function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  if (spans.length === 0) {
    return text;
  }
  const parts: string[] = [];
  let at = 0;
  for (const span of spans) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, text.length);
    if (start < end) {
      parts.push(text.slice(at, start), ' '.repeat(end - start));
      at = end;
    }
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * How deeply a line's block quote and list markers nest, counted generously: every `>` and list marker
 * before the content, plus one level for each two columns of indentation before them (how a nested list
 * continues on its own line).
 */
export function nestingDepth(line: string): number {
  let columns = 0;
  let at = 0;
  for (; at < line.length && (line[at] === ' ' || line[at] === '\t'); at++) {
    columns += line[at] === '\t' ? 4 : 1;
  }
  let depth = Math.floor(columns / 2);
  for (;;) {
    while (line[at] === ' ' || line[at] === '\t') {
      at++;
    }
    const marker = containerMarkerLength(line, at);
    if (marker === 0) {
      return depth;
    }
    depth++;
    at += marker;
  }
}

/** The length of the block quote or list marker at `at`, or 0 when none starts there. */
function containerMarkerLength(line: string, at: number): number {
  const char = line[at];
  if (char === '>') {
    return 1;
  }
  const afterMarker = (length: number) => (at + length === line.length || line[at + length] === ' ' || line[at + length] === '\t' ? length : 0);
  if (char === '-' || char === '*' || char === '+') {
    return afterMarker(1);
  }
  let digits = 0;
  while (digits < 10 && line[at + digits]! >= '0' && line[at + digits]! <= '9') {
    digits++;
  }
  return digits > 0 && digits < 10 && (line[at + digits] === '.' || line[at + digits] === ')') ? afterMarker(digits + 1) : 0;
}

/** The number of columns a table delimiter row (`| --- | :-: |`) declares, or 0 for any other line. */
function tableColumns(line: string): number {
  if (!line.includes('|') || !line.includes('-') || !TABLE_DELIMITER_ROW.test(line)) {
    return 0;
  }
  const trimmed = line.trim();
  const pipes = trimmed.split('|').length - 1;
  return pipes + 1 - (trimmed.startsWith('|') ? 1 : 0) - (trimmed.endsWith('|') && trimmed.length > 1 ? 1 : 0);
}
