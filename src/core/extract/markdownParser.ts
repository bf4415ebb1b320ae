// Markdown's blocks as markdown-it parses them, with the offsets, depths and plain texts that
// markdownBlocks.ts hands the reader (the shapes remark gave; test/unit/markdownDifferential.test.ts).
import MarkdownIt, { type StateBlock, type Token } from 'markdown-it';
import type { MarkdownBlock, Span, TableCell, TableRow } from './markdownBlocks';
import { MARKDOWN_LIMITS } from './markdownLimits';
import { FENCE_OPENING } from './markdownLines';

/** A blank line: what ends an HTML block or lets a section's last block end where the section does. */
const BLANK_LINE_AFTER = /(?:\r\n|\r(?!\n)|\n)[ \t]*[\r\n]/;

/** A text's blocks, and whether its last block would go on past its end in a longer text ({@link runsOn}). */
export interface ParsedText {
  readonly blocks: MarkdownBlock[];
  readonly unfinished: boolean;
}

/**
 * markdown-it, the parser of VS Code's own Markdown support, in its CommonMark preset with GFM tables: 13 to
 * 26 times faster than remark on real READMEs and the benchmark's documents (README, design notes). Only its
 * block parser runs on the whole text; headings and table cells get the inline parser for their plain text.
 * It stops reading a container nested deeper than `maxNesting` levels (a list takes two, the list and its
 * item): room for every nesting that limitMarkdown lets through.
 */
const markdownIt = new MarkdownIt('commonmark', { maxNesting: 4 * MARKDOWN_LIMITS.nestingDepth }).enable('table');
// Facts, not HTML: an autolink's text as written (not percent-decoded), and every link kept as a link
// (markdown-it turns a `javascript:` link back into literal text, which would change a heading's text).
markdownIt.normalizeLinkText = (url) => url;
markdownIt.validateLink = () => true;

/** Where a block token stands in the parsed text: markdown-it's tokens carry lines only, the blocks offsets. */
interface TokenSpan extends Span {
  /** A fence that has its closing fence. */
  readonly closed?: boolean;
}

const SPAN = Symbol('span');
type SpannedToken = Token & { [SPAN]?: TokenSpan };
const SPANNED = new Set(['heading_open', 'table_open', 'tr_open', 'fence', 'code_block', 'reference_definition']);

/**
 * Wraps the block rules that make the tokens we read, so that each token gets its offsets while the rule's
 * state still knows where the line's content starts inside its containers (a quote's `>`, a list item's
 * indent): the same offsets remark gave. markdown-it has no public hook for this; its rules are replaced by
 * name through the ruler, as its plugins do.
 */
function recordSpans(ruleName: string): void {
  const rule = markdownIt.block.ruler.__rules__.find((candidate) => candidate.name === ruleName);
  if (!rule) {
    throw new Error(`markdown-it has no block rule "${ruleName}"`);
  }
  const parse = rule.fn;
  markdownIt.block.ruler.at(
    ruleName,
    (state, startLine, endLine, silent) => {
      const before = state.tokens.length;
      if (!parse(state, startLine, endLine, silent)) {
        return false;
      }
      for (let index = before; index < state.tokens.length; index++) {
        const token: SpannedToken = state.tokens[index]!;
        if (token.map && SPANNED.has(token.type)) {
          token[SPAN] = spanOfToken(state, token, token.map);
        }
      }
      return true;
    },
    { alt: rule.alt },
  );
}
['heading', 'lheading', 'table', 'fence', 'code', 'reference'].forEach(recordSpans);

function spanOfToken(state: StateBlock, token: Token, [first, next]: [number, number]): TokenSpan {
  const last = next - 1;
  const contentStart = state.bMarks[first]! + state.tShift[first]!;
  if (token.type === 'code_block') {
    // Indented code owns its four columns of indent, counted from where its container's content starts.
    const indent = state.sCount[first]! - state.blkIndent;
    return { start: Math.max(state.bMarks[first]!, contentStart - indent), end: state.eMarks[last]! };
  }
  if (token.type === 'fence') {
    const opening = FENCE_OPENING.exec(state.src.slice(state.bMarks[first]!, state.eMarks[first]!));
    // As markdown-it closes a fence: a line of its marker, indented less than four columns in the container.
    const closes = last > first && state.sCount[last]! - state.blkIndent < 4;
    const closing = closes && FENCE_OPENING.exec(state.src.slice(state.bMarks[last]! + state.tShift[last]!, state.eMarks[last]!));
    const closed = !!opening && !!closing && closing[1]![0] === opening[1]![0] && closing[1]!.length >= opening[1]!.length && !closing[2]!.trim();
    // A fence left open at the top level runs to the end of the document.
    const end = !closed && token.level === 0 && next >= state.lineMax ? state.src.length : state.eMarks[last]!;
    return { start: contentStart, end, closed };
  }
  return { start: contentStart, end: state.eMarks[last]! };
}

/**
 * The span of the link reference definitions right above a setext heading, if any. CommonMark reads them off
 * the start of the heading's paragraph, so the heading starts where the first of them does (remark's offsets);
 * markdown-it reads them as blocks of their own.
 */
function definitionsBefore(tokens: readonly SpannedToken[], headingIndex: number): TokenSpan | undefined {
  const heading = tokens[headingIndex]!;
  if (heading.markup !== '=' && heading.markup !== '-') {
    return undefined;
  }
  let first: SpannedToken | undefined;
  let line = heading.map![0];
  for (let index = headingIndex - 1; index >= 0; index--) {
    const token = tokens[index]!;
    if (token.type !== 'reference_definition' || token.map?.[1] !== line || token.level !== heading.level) {
      break;
    }
    first = token;
    line = token.map[0];
  }
  return first?.[SPAN];
}

/** A text's blocks, and whether its last block runs on past its end. */
export function parseText(text: string): ParsedText {
  const source = new ParseSource(text);
  const env = {};
  const tokens: SpannedToken[] = [];
  markdownIt.block.parse(source.text, markdownIt, env, tokens);
  const blocks: MarkdownBlock[] = [];
  const inline = (content: string, lineEndings: readonly string[] = []): string => {
    const children: Token[] = [];
    markdownIt.inline.parse(content, markdownIt, env, children);
    return plainText(children, lineEndings);
  };
  let lastTopLevel: SpannedToken | undefined;
  let table: { span: TokenSpan; rows: TableRow[] } | undefined;
  tokens.forEach((token, index) => {
    if (token.level === 0 && token.map) {
      lastTopLevel = token;
    }
    const span = token[SPAN];
    if (!span) {
      if (token.type === 'table_close' && table) {
        blocks.push({ type: 'table', start: source.offset(table.span.start), end: source.offset(table.span.end), rows: table.rows });
        table = undefined;
      }
      return;
    }
    if (token.type === 'heading_open') {
      const content = tokens[index + 1]?.content ?? '';
      const start = source.offset(definitionsBefore(tokens, index)?.start ?? span.start);
      const end = source.offset(span.end);
      // A setext heading's lines keep the document's own line endings in its text (its own lines, not those
      // of definitions above it).
      const lineEndings = token.markup === '=' || token.markup === '-' ? source.lineEndingsIn(source.offset(span.start), end) : [];
      blocks.push({ type: 'heading', start, end, depth: Number(token.tag.slice(1)), text: inline(content, lineEndings) });
    } else if (token.type === 'table_open') {
      table = { span, rows: [] };
    } else if (token.type === 'tr_open') {
      table?.rows.push({ start: source.offset(span.start), end: source.offset(span.end), cells: tableCells(source, span, inline) });
    } else if (token.type !== 'reference_definition') {
      blocks.push({ type: 'code', start: source.offset(span.start), end: source.offset(span.end) });
    }
  });
  return { blocks, unfinished: runsOn(lastTopLevel, source) };
}

/**
 * The text markdown-it parses — line endings made `\n` and NUL made U+FFFD, as its own normalisation does —
 * and the way back to offsets in the document. Only `\r\n` changes the length; offsets within a line do not
 * move, so an offset maps back through its line.
 */
class ParseSource {
  readonly text: string;
  readonly #document: string;
  #lineStarts: { parsed: number[]; document: number[] } | undefined;

  constructor(document: string) {
    this.#document = document;
    this.text = document.replace(/\r\n?|\0/g, (found) => (found === '\0' ? '\uFFFD' : '\n'));
  }

  /** The document offset of an offset in the parsed text. */
  offset(parsed: number): number {
    if (this.text.length === this.#document.length) {
      return parsed;
    }
    this.#lineStarts ??= { parsed: lineStarts(this.text), document: lineStarts(this.#document) };
    const { parsed: starts, document } = this.#lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= parsed) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return document[low]! + (parsed - starts[low]!);
  }

  /** The line endings of the document between two of its offsets, in order. */
  lineEndingsIn(start: number, end: number): string[] {
    return this.#document.slice(start, end).match(/\r\n|\r|\n/g) ?? [];
  }

  /** The parsed text from an offset to the end, for what follows a block. */
  after(parsed: number): string {
    return this.text.slice(parsed);
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const ending of text.matchAll(/\r\n|\r|\n/g)) {
    starts.push(ending.index + ending[0].length);
  }
  return starts;
}

/**
 * A row's cells as GFM tables cut them: at each pipe that no backslash escapes. A cell starts at the pipe
 * before it (at the row's start when the row has no leading pipe) and ends at the next; the last one takes
 * the trailing pipe and whitespace. Every cell of the row is kept, also those past the header's count. The
 * text is the cell's content with its escaped pipes unescaped, as GFM does before inline parsing, even in
 * code spans.
 */
function tableCells(source: ParseSource, row: Span, inline: (content: string) => string): TableCell[] {
  const text = source.text;
  const pipes: number[] = [];
  for (let at = row.start; at < row.end; at++) {
    const char = text.charCodeAt(at);
    if (char === BACKSLASH) {
      at++;
    } else if (char === PIPE) {
      pipes.push(at);
    }
  }
  const bounds = pipes[0] === row.start ? pipes : [row.start, ...pipes];
  const lastPipe = pipes[pipes.length - 1];
  if (lastPipe !== undefined && lastPipe > row.start && !text.slice(lastPipe + 1, row.end).trim()) {
    bounds.pop(); // a trailing pipe closes the last cell
  }
  return bounds.map((start, index) => {
    const end = bounds[index + 1] ?? row.end;
    const contentStart = text.charCodeAt(start) === PIPE ? start + 1 : start;
    const content = text.slice(contentStart, index + 1 < bounds.length ? end : closingPipeStart(text, contentStart, end));
    return { start: source.offset(start), end: source.offset(end), text: inline(content.replace(/\\\|/g, '|').replace(/^[ \t]+|[ \t]+$/g, '')) };
  });
}

const BACKSLASH = 0x5c;
const PIPE = 0x7c;

/** Where the last cell's content ends: before a closing pipe and the whitespace after it. */
function closingPipeStart(text: string, from: number, end: number): number {
  const trimmed = text.slice(from, end).replace(/[ \t]+$/, '');
  return trimmed.endsWith('|') && !trimmed.endsWith('\\|') ? from + trimmed.length - 1 : end;
}

/**
 * True when a section's last top-level block would go on past its end in the whole document: an HTML
 * block or an unclosed fence, with no blank line after it.
 */
function runsOn(last: SpannedToken | undefined, source: ParseSource): boolean {
  if (!last?.map) {
    return false;
  }
  const span = last[SPAN];
  if (last.type !== 'html_block' && !(last.type === 'fence' && !span?.closed)) {
    return false;
  }
  return !BLANK_LINE_AFTER.test(source.after(lineEndOf(source.text, last.map[1] - 1)));
}

/** The offset where a line of the parsed text ends (before its line ending). */
function lineEndOf(text: string, line: number): number {
  let at = 0;
  for (let current = 0; current < line; current++) {
    at = text.indexOf('\n', at) + 1;
  }
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/**
 * The plain text of inline tokens: text, code spans, escapes, character references and raw HTML, a soft line
 * break as the line ending it stands for (the nth break of the content ends its nth line); no markup, and
 * nothing of an image (its alt text is not text of the heading).
 */
function plainText(tokens: readonly Token[], lineEndings: readonly string[]): string {
  let text = '';
  let breaks = 0;
  for (const token of tokens) {
    if (token.type === 'text' || token.type === 'text_special' || token.type === 'code_inline' || token.type === 'html_inline') {
      text += token.content;
    } else if (token.type === 'softbreak') {
      // Whitespace before a line break is not text (markdown-it keeps a trailing tab).
      text = text.replace(/[ \t]+$/, '') + (lineEndings[breaks] ?? '\n');
    }
    if (token.type === 'softbreak' || token.type === 'hardbreak') {
      breaks++;
    }
  }
  return text;
}
