/** Quick fixes of `control-category-unknown`: the unknown value of a `Category:` line changed to FDA's name. */
import type { ItemDefinition, Range } from '../model';
import { categoriesOf, closestCategories } from '../graph/categories';
import { LineIndex } from '../util/text';

/**
 * A line of a section whose key is `Category`, up to where its value starts: list markers, quotes and
 * emphasis may stand around the key (`- **Category:** Privacy`), as the Markdown reader allows.
 */
const CATEGORY_LINE = /^[^A-Za-z\n]*category[ \t*_]*:[ \t*_]*/i;
/** Emphasis and code marks around a value, which the Markdown reader strips too. */
const DECORATION = /^[\s*_`]+|[\s*_`]+$/g;

/** One fix of an unknown category: what to write over a range of the item's document. */
export interface CategoryFix {
  readonly title: string;
  readonly range: Range;
  readonly newText: string;
}

/** One value of a `Category:` list as written: its text without emphasis, and where that text is. */
interface WrittenValue {
  readonly text: string;
  readonly range: Range;
}

/**
 * For each value of an item's `Category:` line that FDA's guidance does not list, the categories closest to
 * it ({@link closestCategories}, best first), each replacing that value alone: the other values of the list
 * stay. A category the line already names is offered as removing the value instead. `text` is the document
 * that defines the item, whose `sectionRange` holds the line. A `Category` column of a table is not edited.
 */
export function categoryFixes(text: string, item: ItemDefinition): CategoryFix[] {
  const { known, unknown } = categoriesOf(item);
  const values = unknown.length > 0 ? writtenValues(text, item) : [];
  return unknown.flatMap((value) => {
    const at = values.findIndex((written) => written.text === value.replace(DECORATION, ''));
    if (at === -1) {
      return [];
    }
    const change = unknown.length > 1 ? `Change "${value}" to` : 'Change to';
    return closestCategories(value).map((name) =>
      known.includes(name)
        ? { title: `Remove "${value}": ${name} is already listed`, range: removalRange(values, at), newText: '' }
        : { title: `${change} ${name}`, range: values[at]!.range, newText: name },
    );
  });
}

/** The values of the first `Category:` line in the item's section (the one the Markdown reader keeps), split at commas and semicolons. */
function writtenValues(text: string, item: ItemDefinition): WrittenValue[] {
  const lines = new LineIndex(text);
  const last = Math.min(item.sectionRange.end.line, lines.lineCount - 1);
  for (let line = item.sectionRange.start.line; line <= last; line++) {
    const lineText = lines.lineText(line);
    const key = CATEGORY_LINE.exec(lineText);
    if (!key) {
      continue;
    }
    const values: WrittenValue[] = [];
    let offset = key[0].length;
    for (const piece of lineText.slice(offset).split(/[,;]/)) {
      const lead = /^[\s*_`]*/.exec(piece)![0].length;
      const value = piece.replace(DECORATION, '');
      if (value) {
        values.push({ text: value, range: { start: { line, character: offset + lead }, end: { line, character: offset + lead + value.length } } });
      }
      offset += piece.length + 1;
    }
    return values;
  }
  return [];
}

/** A value with the separator before it (after it, for the first value): `Cryptography, Crypto` → `Cryptography`. */
function removalRange(values: readonly WrittenValue[], at: number): Range {
  const value = values[at]!.range;
  return at > 0 ? { start: values[at - 1]!.range.end, end: value.end } : { start: value.start, end: values[at + 1]?.range.start ?? value.end };
}
