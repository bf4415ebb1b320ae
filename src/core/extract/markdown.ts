import type { FileContributions, FileProblem, ItemDefinition, Link, LinkDeclaration, Range, Reference } from '../model';
import type { IdMatch } from '../config/ids';
import { LineIndex } from '../util/text';
import type { ExtractContext } from './context';
import { TraceConventions, normalizedKey, type KeyLink } from './linkKeys';
import { limitMarkdown } from './markdownLimits';
import { parseBlocks, type HeadingBlock, type TableBlock, type TableRow } from './markdownBlocks';
import { NeedCollector } from './needs';
import { addMystNeed, mayHoldMystDirective, withColonFenceNeeds } from './mystNeeds';
import { readFrontMatter, type FrontMatter } from './markdownFrontMatter';
import { KEY_VALUE_LINE, LEADING_DECORATION, headingContentStart, stripDecoration, titleAfterId, trimEnd } from './markdownText';

/** A link key as a line, cell or front-matter field wrote it, with the link it declares. */
interface DeclaredKey extends KeyLink {
  readonly declaration: LinkDeclaration;
}

/** What a table's header says of its columns. */
interface TableLayout {
  readonly columns: readonly string[];
  /** The link key of each column, by index; the first column never declares links. */
  readonly keys: readonly (DeclaredKey | undefined)[];
  readonly titleColumn: number;
  readonly definesItems: boolean;
}

interface Section {
  readonly depth: number;
  readonly owner: ItemBuilder | undefined;
}

interface ItemBuilder {
  readonly match: IdMatch;
  /** Undefined for a front-matter item without `title:` until the document's first heading gives one. */
  title: string | undefined;
  readonly start: number;
  end: number;
  readonly attributes: Record<string, string>;
}

/**
 * Extracts items, links and references from a Markdown document (see DESIGN.md section 4): YAML front
 * matter with an `id:` defines an item of the whole document, headings that begin with an ID define items,
 * `Key: ID` lines in their sections declare links, tables whose first column holds IDs and that have a
 * link or title column define one item per row, and every other ID is a plain reference. What lies beyond
 * the reader's caps ({@link limitMarkdown}) is skipped and reported as a problem of the file.
 */
export function extractMarkdown(path: string, text: string, context: ExtractContext): FileContributions {
  if (!context.matcher.containsId(text) && !(context.needs && mayHoldMystDirective(text))) {
    return { path, items: [], links: [], references: [], problems: [] };
  }
  const limited = limitMarkdown(text);
  const contributions = new MarkdownExtractor(path, limited.text, context).extract();
  const problems = [...limited.problems, ...contributions.problems];
  return problems.length === 0 ? contributions : { ...contributions, problems };
}

/** One document's extraction: one method per construct, sharing the document's IDs, sections and results. */
class MarkdownExtractor {
  readonly #path: string;
  readonly #text: string;
  readonly #context: ExtractContext;
  readonly #conventions: TraceConventions;
  readonly #lines: LineIndex;
  /** Every ID once, in order; each block and line then takes its share by binary search. */
  readonly #ids: readonly IdMatch[];
  readonly #builders: ItemBuilder[] = [];
  readonly #links: Link[] = [];
  readonly #references: Reference[] = [];
  readonly #problems: FileProblem[] = [];
  /** The item the front matter defines, whose section is the whole document. */
  #documentItem: ItemBuilder | undefined;
  #beforeFirstHeading = true;
  /** The headings enclosing the current position, outermost first. */
  readonly #sections: Section[] = [];
  /** The sphinx-needs MyST directives' needs, when the configuration reads needs. */
  readonly #needs: NeedCollector | undefined;

  constructor(path: string, text: string, context: ExtractContext) {
    this.#path = path;
    this.#text = text;
    this.#context = context;
    this.#conventions = context.conventions ?? TraceConventions.builtIn;
    this.#lines = new LineIndex(text);
    this.#ids = [...context.matcher.matches(text)];
    this.#needs = context.needs && new NeedCollector(path, { needs: context.needs, matcher: context.matcher, isTest: context.isTest });
  }

  /** One ordered pass over the blocks (headings, tables, code) and the lines between them. */
  extract(): FileContributions {
    const text = this.#text;
    const frontMatter = readFrontMatter(text);
    let cursor = 0;
    let markdown = text;
    if (frontMatter?.type === 'front matter') {
      this.#frontMatter(frontMatter);
      cursor = frontMatter.end;
      // YAML is not Markdown: the parser sees blank lines there, at the same offsets.
      markdown = text.slice(0, cursor).replace(/[^\r\n]/g, ' ') + text.slice(cursor);
    } else if (frontMatter?.type === 'problem') {
      this.#problems.push({ message: frontMatter.message, range: this.#rangeAt(frontMatter.offset, 0) });
    }
    const parsed = parseBlocks(markdown, this.#context.parsedSections && { path: this.#path, store: this.#context.parsedSections });
    const needs = this.#needs;
    const blocks = needs ? withColonFenceNeeds(markdown, parsed, needs) : parsed;
    for (const block of blocks) {
      if (block.start < cursor) {
        continue; // nested inside a block already handled
      }
      this.#prose(cursor, block.start);
      cursor = block.end;
      if (block.type === 'heading') {
        this.#heading(block);
      } else if (block.type === 'table') {
        this.#table(block);
      } else if (needs) {
        addMystNeed(needs, text, this.#lines, block);
      }
      // Other code blocks: IDs in examples are not traced.
    }
    this.#prose(cursor, text.length);
    this.#closeSections(0, text.length);
    const items = this.#builders.map((builder): ItemDefinition => ({
      id: builder.match.id,
      kind: builder.match.kind,
      title: builder.title ?? '',
      location: { path: this.#path, range: this.#rangeAt(builder.match.offset, builder.match.id.length) },
      sectionRange: this.#rangeAt(builder.start, Math.max(0, trimEnd(text, builder.end) - builder.start)),
      attributes: builder.attributes,
    }));
    if (needs) {
      return { path: this.#path, items: [...items, ...needs.items], links: [...this.#links, ...needs.links], references: [...this.#references, ...needs.references], problems: this.#problems };
    }
    return { path: this.#path, items, links: this.#links, references: this.#references, problems: this.#problems };
  }

  /**
   * Front matter whose `id:` is one ID defines the document's item: `title:` gives its title (else the first
   * heading), fields named by a link key link it, other fields are its attributes, and any other ID in
   * the front matter is a mention.
   */
  #frontMatter(frontMatter: FrontMatter): void {
    const field = (name: string) => frontMatter.fields.find((candidate) => normalizedKey(candidate.key) === name);
    const [idField, titleField] = [field('id'), field('title')];
    const idValue = idField?.values.length === 1 ? idField.values[0]! : undefined;
    const [idMatch, ...others] = idValue ? this.#idsIn(idValue.start, idValue.end) : [];
    const item = idMatch && others.length === 0 && idMatch.id === idValue!.value.trim() ? this.#define(idMatch, undefined, 0, this.#text.length) : undefined;
    if (item) {
      item.title = titleField?.values.length === 1 ? titleField.values[0]!.value.trim() || undefined : undefined;
      this.#documentItem = item;
      this.#sections.push({ depth: 0, owner: item });
    }
    const keysByOffset = new Map<number, DeclaredKey>();
    for (const { key: written, values } of frontMatter.fields.filter((candidate) => candidate !== idField && candidate !== titleField)) {
      const key = this.#declaredKey(written, 'front matter');
      if (key) {
        values.forEach((value) => this.#idsIn(value.start, value.end).forEach((match) => keysByOffset.set(match.offset, key)));
      } else if (item && values.length > 0) {
        item.attributes[written.trim().toLowerCase()] ??= values.map((value) => value.value.trim()).join(', ');
      }
    }
    for (const match of this.#idsIn(frontMatter.start, frontMatter.end)) {
      if (match.offset !== item?.match.offset) {
        this.#link(item, keysByOffset.get(match.offset), match);
      }
    }
  }

  /** The lines of prose in `[start, end)`, each read on its own. */
  #prose(start: number, end: number): void {
    if (start >= end) {
      return;
    }
    const firstLine = this.#lines.positionAt(start).line;
    const lastLine = this.#lines.positionAt(end - 1).line;
    for (let line = firstLine; line <= lastLine; line++) {
      this.#proseLine(line, start, end);
    }
  }

  /**
   * A line of prose: on a `Key: value` line with a link key, the IDs in the value are links of the enclosing
   * item; another key with a value is an attribute of it; every other ID is a reference.
   */
  #proseLine(line: number, start: number, end: number): void {
    const lines = this.#lines;
    const lineStart = Math.max(lines.lineStart(line), start);
    const lineText = lines.lineText(line);
    const lineEnd = Math.min(lines.lineStart(line) + lineText.length, end);
    const keyValue = KEY_VALUE_LINE.exec(lineText);
    const current = this.#owner();
    let valueStart = lineEnd;
    let keyType: DeclaredKey | undefined;
    if (keyValue) {
      keyType = this.#declaredKey(keyValue[1]!, 'line');
      valueStart = lines.lineStart(line) + lineText.length - keyValue[2]!.length;
      if (current && !keyType && keyValue[2]!.trim()) {
        current.attributes[keyValue[1]!.trim().toLowerCase()] ??= stripDecoration(keyValue[2]!);
      }
    }
    for (const match of this.#idsIn(lineStart, lineEnd)) {
      if (match.offset >= valueStart) {
        this.#link(current, keyType, match);
      } else {
        this.#reference(match);
      }
    }
  }

  /** A heading closes the sections at its depth or deeper and opens its own, defining an item if it starts with an ID. */
  #heading(heading: HeadingBlock): void {
    const lines = this.#lines;
    this.#closeSections(heading.depth, heading.start);
    const headingLine = lines.positionAt(heading.start).line;
    const lineEnd = lines.lineStart(headingLine) + lines.lineText(headingLine).length;
    const matches = this.#idsIn(heading.start, Math.min(lineEnd, heading.end));
    const contentStart = headingContentStart(this.#text, heading.start);
    const first = matches[0];
    const startsWithId = first !== undefined && LEADING_DECORATION.test(this.#text.slice(contentStart, first.offset));
    // The front matter's item may take its title from the first heading, which may repeat its ID.
    const documentItem = this.#beforeFirstHeading ? this.#documentItem : undefined;
    this.#beforeFirstHeading = false;
    const repeatsDocumentId = startsWithId && first.id === documentItem?.match.id;
    if (documentItem && documentItem.title === undefined) {
      documentItem.title = repeatsDocumentId ? titleAfterId(heading.text, first.id) : heading.text.trim();
    }
    let defined: ItemBuilder | undefined;
    if (startsWithId && !repeatsDocumentId) {
      defined = this.#define(first, titleAfterId(heading.text, first.id), heading.start, this.#text.length);
      matches.shift();
    }
    matches.forEach((match) => this.#reference(match));
    this.#sections.push({ depth: heading.depth, owner: defined });
  }

  /**
   * A table: its header names the columns, and each row is read by {@link MarkdownExtractor.#tableRow}. Its
   * rows define items only when a column says what they are (a link or title column): the rows of a status
   * table (`| SR-1 | verified |`) are mentions. Rows that name a component are a support addendum over the
   * SBOM's component, whatever the columns.
   */
  #table(table: TableBlock): void {
    const [header, ...rows] = table.rows;
    const columns = (header?.cells ?? []).map((cell) => stripDecoration(cell.text));
    const keys = columns.map((name, index) => (index > 0 ? this.#declaredKey(name, 'cell') : undefined));
    const titleColumn = columns.findIndex((name, index) => index > 0 && this.#conventions.isTitleColumn(name));
    const layout: TableLayout = { columns, keys, titleColumn, definesItems: titleColumn >= 0 || keys.some((key) => key) };
    // Header cells are names, not data; IDs written there are still mentions.
    for (const cell of header?.cells ?? []) {
      this.#idsIn(cell.start, cell.end).forEach((match) => this.#reference(match));
    }
    for (const row of rows) {
      this.#tableRow(row, layout);
    }
  }

  /**
   * A row whose first cell starts with an ID defines an item (in a table that defines items, or a component's
   * row); the IDs in a column named by a link key are links (of the row's item, else of the enclosing one),
   * and other named columns are attributes.
   */
  #tableRow(row: TableRow, layout: TableLayout): void {
    const cells = row.cells;
    const firstCell = cells[0];
    if (!firstCell) {
      return;
    }
    const firstMatches = this.#idsIn(firstCell.start, firstCell.end);
    const idMatch = firstMatches[0];
    const cellContentStart = firstCell.start + 1; // after the pipe
    let rowItem: ItemBuilder | undefined;
    const defines = idMatch && (layout.definesItems || idMatch.kind === 'component');
    if (defines && LEADING_DECORATION.test(this.#text.slice(cellContentStart, idMatch.offset))) {
      rowItem = this.#define(idMatch, this.#rowTitle(cells, layout, idMatch.id), row.start, row.end);
      firstMatches.shift();
    }
    firstMatches.forEach((match) => this.#reference(match));
    cells.slice(1).forEach((cell, index) => {
      const column = layout.columns[index + 1] ?? '';
      const key = layout.keys[index + 1];
      const from = rowItem ?? this.#owner();
      for (const match of this.#idsIn(cell.start, cell.end)) {
        this.#link(from, key, match);
      }
      const value = stripDecoration(cell.text);
      if (rowItem && !key && column && index + 1 !== layout.titleColumn && value) {
        rowItem.attributes[column.toLowerCase()] = value;
      }
    });
  }

  /**
   * A row's title: its title column's text; without one, the second column's unless that is a link column
   * or `tables.titleFallback` is `none`; else the text after the ID in the first cell.
   */
  #rowTitle(cells: TableRow['cells'], layout: TableLayout, id: string): string {
    const fallback = this.#conventions.titleFallback === 'second-column' && !layout.keys[1] ? 1 : -1;
    const titleCell = cells[layout.titleColumn >= 0 ? layout.titleColumn : fallback];
    return titleCell ? stripDecoration(titleCell.text) : titleAfterId(cells[0]!.text, id);
  }

  /** The IDs that lie wholly in `[start, end)`. */
  #idsIn(start: number, end: number): IdMatch[] {
    const ids = this.#ids;
    const matches: IdMatch[] = [];
    for (let at = firstIdFrom(ids, start); at < ids.length && ids[at]!.offset + ids[at]!.id.length <= end; at++) {
      matches.push(ids[at]!);
    }
    return matches;
  }

  #rangeAt(offset: number, length: number): Range {
    return { start: this.#lines.positionAt(offset), end: this.#lines.positionAt(offset + length) };
  }

  #reference(match: IdMatch): void {
    this.#references.push({ id: match.id, location: { path: this.#path, range: this.#rangeAt(match.offset, match.id.length) } });
  }

  /**
   * A link of `key`'s type from `owner` to the ID (from the ID to `owner` for a reversed key such as `Resolved
   * by:`); without a link key, or with a reversed key outside an item, the ID is only a reference.
   */
  #link(owner: ItemBuilder | undefined, key: DeclaredKey | undefined, match: IdMatch): void {
    if (!key || (key.reversed && !owner)) {
      this.#reference(match);
      return;
    }
    this.#links.push({
      type: key.type,
      from: key.reversed ? match.id : owner?.match.id,
      to: key.reversed ? owner!.match.id : match.id,
      location: { path: this.#path, range: this.#rangeAt(match.offset, match.id.length) },
      inTest: this.#context.isTest,
      declaration: key.declaration,
    });
  }

  /** The link a key written in a line, a table header or front matter declares, with how it was written. */
  #declaredKey(written: string, place: LinkDeclaration['place']): DeclaredKey | undefined {
    const key = this.#conventions.linkOfKey(written);
    return key && { ...key, declaration: { key: written.trim(), place, ...(key.reversed ? { reversed: true } : {}) } };
  }

  #define(match: IdMatch, title: string | undefined, start: number, end: number): ItemBuilder {
    const builder: ItemBuilder = { match, title, start, end, attributes: {} };
    this.#builders.push(builder);
    return builder;
  }

  /** The item of the innermost enclosing section that defines one. */
  #owner(): ItemBuilder | undefined {
    return this.#sections.findLast((section) => section.owner)?.owner;
  }

  /** Closes the sections at `depth` or deeper; their items end at `offset`. */
  #closeSections(depth: number, offset: number): void {
    const sections = this.#sections;
    while (sections.length > 0 && sections[sections.length - 1]!.depth >= depth) {
      const closed = sections.pop()!;
      if (closed.owner) {
        closed.owner.end = offset;
      }
    }
  }
}

/** The index of the first match at or after `offset`. */
function firstIdFrom(ids: readonly IdMatch[], offset: number): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ids[middle]!.offset < offset) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
