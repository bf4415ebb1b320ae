/** How the Markdown reader reads the text of a line, heading or cell. */

/**
 * A `Key: value` line: optional blockquote and list markers, the key (optionally bold, with the colon
 * inside or outside the bold), then the value.
 */
export const KEY_VALUE_LINE =
  /^[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|__)?([A-Za-z][A-Za-z /()-]{0,40}?)(?:(?:\*\*|__)[ \t]*:|[ \t]*:(?:\*\*|__)?)[ \t]*(.*)$/;

/** Characters that may stand before the defining ID in a heading or cell: emphasis, code, link brackets. */
export const LEADING_DECORATION = /^[\s*_`[]*$/;
/** Separators between an ID and its title: `SR-1: Title`, `SR-1 - Title`, `**SR-1** — Title`. */
const TITLE_SEPARATOR = /^[\s*_`\]]*[:\-–—.)]?\s*/;

/** The offset where a heading's text starts, after `#` markers of an ATX heading. */
export function headingContentStart(text: string, start: number): number {
  const atx = /^[ \t]{0,3}#{1,6}[ \t]*/.exec(text.slice(start, start + 80));
  return start + (atx ? atx[0].length : /^[ \t]*/.exec(text.slice(start, start + 80))![0].length);
}

/** The text after `id` in a heading or cell, without the separator: `SR-1: Title` → `Title`. */
export function titleAfterId(text: string, id: string): string {
  const at = text.indexOf(id);
  const rest = at >= 0 ? text.slice(at + id.length) : text;
  return rest.replace(TITLE_SEPARATOR, '').trim();
}

const DECORATION = /[\s*_`]/;

/**
 * A cell's or value's text without surrounding emphasis, code marks and spaces. Scanned from both ends: a
 * regular expression anchored at the end (`[…]+$`) tries every run inside the value, which costs the square
 * of a long run of spaces in the middle.
 */
export function stripDecoration(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && DECORATION.test(value[start]!)) {
    start++;
  }
  while (end > start && DECORATION.test(value[end - 1]!)) {
    end--;
  }
  return value.slice(start, end);
}

/** `end` moved back over trailing white space. */
export function trimEnd(text: string, end: number): number {
  let offset = end;
  while (offset > 0 && /\s/.test(text[offset - 1]!)) {
    offset--;
  }
  return offset;
}
