import { linesOutsideFences } from './markdownLines';
import { parseText } from './markdownParser';

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
 * parse costs less than many small ones) and its sections remembered; an edited or very long one
 * is parsed section by section, re-parsing only the sections whose text is new.
 */
export function parseBlocks(text: string, cache?: { path: string; store: ParsedSectionCache }): MarkdownBlock[] {
  if (text.charCodeAt(0) === BYTE_ORDER_MARK) {
    // A byte order mark is not text: the line it stands on is read without it.
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
 * section's end is caught after parsing (`ParsedText.unfinished`).
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
