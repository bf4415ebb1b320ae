/**
 * A fenced code block's opening or closing line. `[^\r\n]*` rather than `.*`: a dot stops at `\r`,
 * U+2028 and U+2029, which Markdown treats as ordinary characters of the line.
 */
export const FENCE_OPENING = /^ {0,3}(`{3,}|~{3,})([^\r\n]*)$/;

/** One line of a Markdown document: its offset and its text without the line ending. */
export interface MarkdownLine {
  readonly start: number;
  readonly text: string;
}

/** Line endings as Markdown reads them: `\r\n`, `\r` or `\n`. */
const LINE_ENDING = /\r\n|\r|\n/g;

/** Every line of a document, in order, split where Markdown splits them. */
export function* markdownLines(text: string): Generator<MarkdownLine> {
  for (let start = 0; ; ) {
    LINE_ENDING.lastIndex = start;
    const ending = LINE_ENDING.exec(text);
    const end = ending ? ending.index : text.length;
    if (start < text.length || start === 0) {
      yield { start, text: text.slice(start, end) };
    }
    if (!ending) {
      return;
    }
    start = end + ending[0].length;
  }
}

/** The lines of a document that lie outside fenced code blocks, in order. Fence lines are not yielded. */
export function* linesOutsideFences(text: string): Generator<MarkdownLine> {
  let fence: { readonly marker: string; readonly length: number } | undefined;
  for (const line of markdownLines(text)) {
    const fenceLine = FENCE_OPENING.exec(line.text);
    if (fence) {
      if (fenceLine && fenceLine[1]![0] === fence.marker && fenceLine[1]!.length >= fence.length && !fenceLine[2]!.trim()) {
        fence = undefined;
      }
    } else if (fenceLine && !(fenceLine[1]![0] === '`' && fenceLine[2]!.includes('`'))) {
      fence = { marker: fenceLine[1]![0]!, length: fenceLine[1]!.length };
    } else {
      yield line;
    }
  }
}

/** A list item's opening marker in the first column: a bullet, or up to nine digits and `.` or `)`, then a space, a tab or the end. */
const LIST_ITEM_START = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const BLANK = /^[ \t]*$/;
const LEADING_SPACE = /^[ \t]*/;
/** The HTML blocks that may hold blank lines, with what ends each; any other `<` line ends at a blank line. */
const HTML_STARTS: readonly (readonly [RegExp, RegExp])[] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?=[ \t>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}</, BLANK],
];

/**
 * The marker of the list item a line opens in its first column: the bullet (`-`, `*`, `+`) or the `.` or
 * `)` after the number; undefined for any other line, a thematic break (`- - -`) included.
 */
export function listItemMarker(line: string): string | undefined {
  const match = LIST_ITEM_START.exec(line);
  return match && !THEMATIC_BREAK.test(line) ? match[0][match[0].length - 1] : undefined;
}

/** The first-column list item a line scan last saw, while the lines below it seem to continue it. */
interface OpenItem {
  readonly marker: string;
  /** The columns of indentation that continue the item. */
  readonly indent: number;
  /** Whether the item's first line is empty: a blank line then ends it. */
  initialBlank: boolean;
  broken: boolean;
}

/**
 * Offsets of lines where a long list may be cut, about `itemsPerCut` first-column items apart: first-column
 * list items outside fences and HTML blocks that, as far as a line scan can tell, continue the list above
 * them with the same marker. A guess, confirmed only by parsing the text above the cut.
 */
export function listCutCandidates(text: string, itemsPerCut: number): number[] {
  const cuts: number[] = [];
  let item: OpenItem | undefined;
  let htmlEnd: RegExp | undefined;
  let items = 0;
  let expected = 0;
  for (const line of linesOutsideFences(text)) {
    const skipped = line.start > expected;
    expected = line.start + line.text.length + (text.startsWith('\r\n', line.start + line.text.length) ? 2 : 1);
    if (skipped || htmlEnd) {
      item = undefined; // a fence or an HTML block: what it did to the list is unknown
      if (htmlEnd && htmlEnd.test(line.text)) {
        htmlEnd = undefined;
      }
      continue;
    }
    if (BLANK.test(line.text)) {
      if (item?.initialBlank) {
        item.broken = true;
      }
      continue;
    }
    const marker = listItemMarker(line.text);
    if (marker) {
      if (item?.marker === marker && items >= itemsPerCut) {
        cuts.push(line.start);
        items = 0;
      }
      items++;
      item = openItem(line.text, marker);
      continue;
    }
    const indent = LEADING_SPACE.exec(line.text)![0].length;
    if (item && !item.broken && indent >= item.indent) {
      item.initialBlank = false;
      continue;
    }
    item = undefined;
    htmlEnd = htmlBlockEnd(line.text);
  }
  return cuts;
}

function openItem(line: string, marker: string): OpenItem {
  const markerLength = LIST_ITEM_START.exec(line)![0].length;
  const rest = line.slice(markerLength);
  const spaces = LEADING_SPACE.exec(rest)![0].length;
  const blank = spaces === rest.length;
  return { marker, indent: markerLength + (blank || spaces > 4 ? 1 : spaces), initialBlank: blank, broken: false };
}

/** What ends the HTML block a line may open, or undefined when it opens none or closes it itself. */
function htmlBlockEnd(line: string): RegExp | undefined {
  for (const [start, end] of HTML_STARTS) {
    const opening = start.exec(line);
    if (opening) {
      return end !== BLANK && end.test(line.slice(opening[0].length)) ? undefined : end;
    }
  }
  return undefined;
}
