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
