import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import type { Nodes, Root, RootContent } from 'mdast';
import { FENCE_OPENING, linesOutsideFences, listCutCandidates, listItemMarker } from './markdownLines';

const LINE_ENDING = /\r\n|\r|\n/;
/** A blank line: what ends an HTML block or lets a section's last block end where the section does. */
const BLANK_LINE_AFTER = /(?:\r\n|\r(?!\n)|\n)[ \t]*[\r\n]/;

/**
 * The blocks of a Markdown document that traceability reads, with offsets into the document: headings
 * (with their plain text), tables (rows of cells with plain text) and code blocks (whose IDs are ignored).
 * Everything else is prose, read line by line.
 */
export type MarkdownBlock = HeadingBlock | TableBlock | CodeBlock;

/** Offsets into the document, end-exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** An ATX or setext heading with its depth (1–6) and plain text. */
export interface HeadingBlock extends Span {
  readonly type: 'heading';
  readonly depth: number;
  readonly text: string;
}

/** One cell of a table row, with its plain text. */
export interface TableCell extends Span {
  readonly text: string;
}

/** One row of a table. */
export interface TableRow extends Span {
  readonly cells: readonly TableCell[];
}

/** A GFM table. */
export interface TableBlock extends Span {
  readonly type: 'table';
  /** The header row first. */
  readonly rows: readonly TableRow[];
}

/** A fenced or indented code block, whose IDs are examples and not traced. */
export interface CodeBlock extends Span {
  readonly type: 'code';
}

/**
 * Of GFM, only tables carry traceability (items per row); the rest of remark-gfm (autolinks above all)
 * cost about 40% of the parse time in the benchmark, so only the table extension is loaded.
 */
function remarkGfmTables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

const parser = unified().use(remarkParse).use(remarkGfmTables);

/**
 * Each Markdown file's sections as last parsed, keyed by their text: an edit re-parses only the sections
 * whose text changed (DESIGN.md section 7). It holds the current version of each file only.
 */
export class ParsedSectionCache {
  readonly #byPath = new Map<string, ReadonlyMap<string, readonly MarkdownBlock[]>>();

  sections(path: string): ReadonlyMap<string, readonly MarkdownBlock[]> | undefined {
    return this.#byPath.get(path);
  }

  remember(path: string, sections: ReadonlyMap<string, readonly MarkdownBlock[]>): void {
    if (sections.size === 0) {
      this.#byPath.delete(path);
    } else {
      this.#byPath.set(path, sections);
    }
  }

  forget(path: string): void {
    this.#byPath.delete(path);
  }
}

/**
 * Documents longer than this are parsed section by section even the first time: the parser's time and
 * memory grow faster than the text (a 50 MB document ran out of memory), a section's do not.
 */
const WHOLE_PARSE_MAX_LENGTH = 1_000_000;
const BYTE_ORDER_MARK = 0xfeff;

/**
 * The document's blocks in document order. A document seen for the first time is parsed whole (one
 * remark parse costs less than many small ones) and its sections remembered; an edited or very long one
 * is parsed section by section, re-parsing only the sections whose text is new.
 */
export function parseBlocks(text: string, cache?: { path: string; store: ParsedSectionCache }): MarkdownBlock[] {
  if (text.charCodeAt(0) === BYTE_ORDER_MARK) {
    // remark drops a leading byte order mark and counts its offsets without it.
    return parseBlocks(text.slice(1), cache).map((block) => shifted(block, 1));
  }
  const previous = cache?.store.sections(cache.path);
  if (!previous && text.length <= WHOLE_PARSE_MAX_LENGTH) {
    const { blocks, unfinished } = parseText(text);
    cache?.store.remember(cache.path, sectionsOf(text, blocks, !unfinished));
    return blocks;
  }
  return parseBySection(text, previous ?? new Map(), cache);
}

/** The document's blocks, parsed one section at a time; sections in `previous` are not parsed again. */
function parseBySection(text: string, previous: ReadonlyMap<string, readonly MarkdownBlock[]>, cache?: { path: string; store: ParsedSectionCache }): MarkdownBlock[] {
  const parsed = new Map<string, readonly MarkdownBlock[]>();
  const blocks: MarkdownBlock[] = [];
  const starts = sectionStarts(text);
  for (let index = 0; index < starts.length; ) {
    const start = starts[index]!;
    let next = index + 1;
    let sectionText = text.slice(start, starts[next] ?? text.length);
    const known = (candidate: string) => previous.get(candidate) ?? parsed.get(candidate);
    let sectionBlocks = known(sectionText);
    let reusable = true;
    while (!sectionBlocks) {
      const parsedText = parseText(sectionText);
      const unfinished = parsedText.unfinished;
      if (unfinished && next < starts.length) {
        // The split was wrong (an unclosed fence or HTML block goes on): join the next section.
        next++;
        sectionText = text.slice(start, starts[next] ?? text.length);
        sectionBlocks = known(sectionText);
        continue;
      }
      sectionBlocks = parsedText.blocks;
      reusable = !unfinished;
    }
    if (reusable) {
      parsed.set(sectionText, sectionBlocks);
    }
    for (const block of sectionBlocks) {
      blocks.push(start === 0 ? block : shifted(block, start));
    }
    index = next;
  }
  cache?.store.remember(cache.path, parsed);
  return blocks;
}

/**
 * How many first-column items of one list a parse is given at most, and a probe for tests. micromark
 * splices into all its events each time a list item closes, so a list's parse time grows with the square
 * of its items (4,000 items holding nested lists took 6 s); cut into runs of this many, it grows linearly.
 */
export const listParsing: { itemsPerParse: number; onParse?: (text: string) => void } = { itemsPerParse: 100 };

/** A text's blocks, and whether its last block would go on past its end ({@link runsOn}). */
interface ParsedText {
  readonly blocks: MarkdownBlock[];
  readonly unfinished: boolean;
}

/**
 * A text's blocks, parsed in pieces cut before first-column list items ({@link listCutCandidates}). A cut
 * stands only where the piece above it ends in a list that the item continues ({@link continuesList});
 * otherwise the piece grows to a later cut, twice as far each time, so that a refused cut costs little.
 */
function parseText(text: string): ParsedText {
  const cuts = listCutCandidates(text, listParsing.itemsPerParse);
  const blocks: MarkdownBlock[] = [];
  let start = 0;
  for (let index = 0, step = 1; index + step - 1 < cuts.length; ) {
    const end = cuts[index + step - 1]!;
    const pieceText = text.slice(start, end);
    const tree = parse(pieceText);
    if (!continuesList(tree, pieceText, text.slice(end, lineEnd(text, end)))) {
      step *= 2;
      continue;
    }
    for (const block of collectBlocks(tree)) {
      blocks.push(start === 0 ? block : shifted(block, start));
    }
    start = end;
    index += step;
    step = 1;
  }
  const rest = start === 0 ? text : text.slice(start);
  const tree = parse(rest);
  for (const block of collectBlocks(tree)) {
    blocks.push(start === 0 ? block : shifted(block, start));
  }
  return { blocks, unfinished: runsOn(tree, rest) };
}

function parse(text: string): Root {
  listParsing.onParse?.(text);
  return parser.parse(text);
}

function lineEnd(text: string, from: number): number {
  const ending = /[\r\n]/g;
  ending.lastIndex = from;
  return ending.exec(text)?.index ?? text.length;
}

const ONLY_BLANK_LINES = /^[ \t\r\n]*$/;

/**
 * True when a piece can end where `nextLine` begins: the piece ends in a list, at the top level, with the
 * marker that the next line's item has. micromark then opens that item as the list's next one (its
 * `notInCurrentItem`), which closes everything open in the list above, as the end of the piece does, and
 * starts the item afresh, as the start of the next piece does: no paragraph it could continue lazily or
 * be the underline of, no fence or HTML block to run on in, no interruption rule for what the line holds.
 */
function continuesList(tree: Root, pieceText: string, nextLine: string): boolean {
  const last = tree.children[tree.children.length - 1];
  const start = last?.position?.start.offset;
  const end = last?.position?.end.offset;
  if (last?.type !== 'list' || start === undefined || end === undefined || !ONLY_BLANK_LINES.test(pieceText.slice(end))) {
    return false;
  }
  const marker = listItemMarker(nextLine);
  return marker !== undefined && marker === listItemMarker(pieceText.slice(start, lineEnd(pieceText, start)));
}

/**
 * A whole document's blocks cut into its sections, each with offsets from its own start. A cut counts
 * only where the whole parse found a heading; the last section is kept only when it ends cleanly (at the
 * document's end running on is right, but not for a version where more follows).
 */
function sectionsOf(text: string, blocks: readonly MarkdownBlock[], lastEndsCleanly: boolean): Map<string, readonly MarkdownBlock[]> {
  const headingStarts = new Set(blocks.flatMap((block) => (block.type === 'heading' ? [block.start] : [])));
  const starts = sectionStarts(text).filter((start) => start === 0 || headingStarts.has(start));
  const sections = new Map<string, readonly MarkdownBlock[]>();
  let at = 0;
  starts.forEach((start, index) => {
    const end = starts[index + 1] ?? text.length;
    const inSection: MarkdownBlock[] = [];
    for (; at < blocks.length && blocks[at]!.start < end; at++) {
      inSection.push(start === 0 ? blocks[at]! : shifted(blocks[at]!, -start));
    }
    if (end < text.length || lastEndsCleanly) {
      sections.set(text.slice(start, end), inSection);
    }
  });
  return sections;
}

const ATX_HEADING_AT_LINE_START = /^#{1,6}(?:[ \t]|$)/;
/** A link reference definition: it can give meaning to a reference in another section, so no split. */
const LINK_DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

/**
 * Offsets where the document can be cut into independently parsed sections: lines that begin with `#`
 * in the first column, outside fenced code. Such a line ends any list, quote, indented code or paragraph
 * above it, so each section parses as it does in the whole document; an unclosed fence or HTML block at a
 * section's end is caught after parsing ({@link runsOn}).
 */
export function sectionStarts(text: string): number[] {
  const starts = [0];
  if (LINK_DEFINITION.test(text)) {
    return starts;
  }
  for (const line of linesOutsideFences(text)) {
    if (line.start > 0 && ATX_HEADING_AT_LINE_START.test(line.text)) {
      starts.push(line.start);
    }
  }
  return starts;
}

/** True when a section's last block would go on past its end in the whole document. */
function runsOn(tree: Root, sectionText: string): boolean {
  const last = tree.children[tree.children.length - 1];
  const end = last?.position?.end.offset;
  if (!last || end === undefined || BLANK_LINE_AFTER.test(sectionText.slice(end))) {
    return false;
  }
  if (last.type === 'html') {
    return true;
  }
  if (last.type !== 'code') {
    return false;
  }
  const lines = sectionText.slice(last.position!.start.offset, end).split(LINE_ENDING);
  const opening = FENCE_OPENING.exec(lines[0]!);
  if (!opening) {
    return false; // indented code: ended by the heading that follows
  }
  const closing = FENCE_OPENING.exec(lines[lines.length - 1]!);
  const closed = lines.length > 1 && !!closing && closing[1]![0] === opening[1]![0] && closing[1]!.length >= opening[1]!.length && !closing[2]!.trim();
  return !closed;
}

/** Headings, tables and code blocks at any depth, in document order. */
function collectBlocks(tree: Root): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const visit = (node: RootContent): void => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) {
      return;
    }
    if (node.type === 'heading') {
      blocks.push({ type: 'heading', start, end, depth: node.depth, text: plainText(node) });
    } else if (node.type === 'table') {
      const rows = node.children.map((row) => ({
        ...spanOf(row),
        cells: row.children.map((cell) => ({ ...spanOf(cell), text: plainText(cell) })),
      }));
      blocks.push({ type: 'table', start, end, rows });
    } else if (node.type === 'code') {
      blocks.push({ type: 'code', start, end });
    } else if ('children' in node) {
      (node.children as RootContent[]).forEach(visit);
    }
  };
  tree.children.forEach(visit);
  return blocks.sort((a, b) => a.start - b.start);
}

function spanOf(node: Nodes): Span {
  return { start: node.position!.start.offset!, end: node.position!.end.offset! };
}

function shifted(block: MarkdownBlock, by: number): MarkdownBlock {
  const start = block.start + by;
  const end = block.end + by;
  if (block.type !== 'table') {
    return { ...block, start, end };
  }
  const rows = block.rows.map((row) => ({
    start: row.start + by,
    end: row.end + by,
    cells: row.cells.map((cell) => ({ start: cell.start + by, end: cell.end + by, text: cell.text })),
  }));
  return { type: 'table', start, end, rows };
}

/** The plain text of a node: its text and inline code, without markup. */
function plainText(node: Nodes): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode' || node.type === 'html')) {
    return node.value;
  }
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : '';
}
