/**
 * OpenFastTrace's specification item IDs (`req~pump-auth~1`: artifact type, name, revision) and the pieces of
 * its regular expressions that its readers share, written as OpenFastTrace's Java sources write them
 * (`SpecificationItemId`, `MdPattern`). Java's `\s`, `\w` and `\p{Alpha}` are ASCII unless `(?U)` is on,
 * which OpenFastTrace turns on for an ID's name only; the constants below spell that out for JavaScript.
 */

/** Java's `\s`: ASCII whitespace. A line never holds a line break, so this never crosses one. */
export const SPACE = '[ \\t\\x0B\\f]';
/** Java's `\w` under `(?U)`: letters, marks, decimal digits, connector punctuation and the joiners. */
const UNICODE_WORD = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u200C\\u200D';
/** An artifact type: ASCII letters (`req`, `dsn`, `impl`, `utest`). */
export const ARTIFACT_TYPE = '[A-Za-z]+';
/** An item name: a letter first, then words joined by `-`, `_` and single dots (`exporter.html5.folding`). */
export const ITEM_NAME = `\\p{Alphabetic}[${UNICODE_WORD}-]*(?:\\.[${UNICODE_WORD}-]+)*`;
/** A revision, written in ASCII digits. */
export const ITEM_REVISION = '[0-9]+';
/** A whole ID, with its three parts as groups. */
export const ITEM_ID = `(${ARTIFACT_TYPE})~(${ITEM_NAME})~(${ITEM_REVISION})`;

const ID_ONLY = new RegExp(`^${ITEM_ID}$`, 'u');

/** The three parts of an OpenFastTrace ID. */
export interface OftId {
  readonly artifactType: string;
  readonly name: string;
  readonly revision: number;
}

/** The parts of an ID, or undefined when `id` is not written as OpenFastTrace writes IDs. */
export function parseOftId(id: string): OftId | undefined {
  const match = ID_ONLY.exec(id);
  return match ? { artifactType: match[1]!, name: match[2]!, revision: Number(match[3]) } : undefined;
}

/** An ID as OpenFastTrace prints it: the revision as a number, so `req~x~01` is `req~x~1`. */
export function formatOftId({ artifactType, name, revision }: OftId): string {
  return `${artifactType}~${name}~${revision}`;
}

/** The ID written as `text` (a whole ID), in the form OpenFastTrace gives it. */
export function normalizeOftId(text: string): string {
  const id = parseOftId(text);
  return id ? formatOftId(id) : text;
}

/** The ID without its revision (`req~x`): every revision of one item shares it. */
export function unrevisedOftId(id: OftId): string {
  return `${id.artifactType}~${id.name}`;
}

/** One line of a text, with the offset where it starts. */
export interface TextLine {
  readonly text: string;
  readonly start: number;
}

/** The lines of a text as Java's readers split them: at `\r\n`, `\r` or `\n`; no line after a final break. */
export function javaLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) {
    lines.push({ text: text.slice(start, match.index), start });
    start = match.index + match[0].length;
  }
  if (start < text.length) {
    lines.push({ text: text.slice(start), start });
  }
  return lines;
}
