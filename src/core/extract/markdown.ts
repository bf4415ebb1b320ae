import type { FileContributions, ItemDefinition, Link, Range, Reference } from '../model';
import type { IdMatch, IdMatcher } from '../config/ids';
import { LineIndex } from '../util/text';
import { linkTypeOfKey } from './linkKeys';
import { parseBlocks, type ParsedSectionCache, type TableBlock } from './markdownBlocks';

/** What an extractor needs besides the file: how to find IDs and whether the file is a test. */
export interface ExtractContext {
  readonly matcher: IdMatcher;
  readonly isTest: boolean;
  /** Sections parsed before, so that an edit re-parses only what changed. */
  readonly parsedSections?: ParsedSectionCache;
}

/**
 * A `Key: value` line: optional blockquote and list markers, the key (optionally bold, with the colon
 * inside or outside the bold), then the value.
 */
const KEY_VALUE_LINE =
  /^[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|__)?([A-Za-z][A-Za-z /()-]{0,40}?)(?:(?:\*\*|__)[ \t]*:|[ \t]*:(?:\*\*|__)?)[ \t]*(.*)$/;

/** Characters that may stand before the defining ID in a heading or cell: emphasis, code, link brackets. */
const LEADING_DECORATION = /^[\s*_`[]*$/;
/** Separators between an ID and its title: `SR-1: Title`, `SR-1 - Title`, `**SR-1** — Title`. */
const TITLE_SEPARATOR = /^[\s*_`\]]*[:\-–—.)]?\s*/;

interface Section {
  readonly depth: number;
  readonly owner: ItemBuilder | undefined;
}

interface ItemBuilder {
  readonly match: IdMatch;
  readonly title: string;
  readonly start: number;
  end: number;
  readonly attributes: Record<string, string>;
}

/**
 * Extracts items, links and references from a Markdown document (see DESIGN.md section 4): headings that
 * begin with an ID define items, `Key: ID` lines in their sections declare links, tables whose first
 * column holds IDs define one item per row, and every other ID is a plain reference.
 */
export function extractMarkdown(path: string, text: string, context: ExtractContext): FileContributions {
  const { matcher } = context;
  const items: ItemDefinition[] = [];
  const links: Link[] = [];
  const references: Reference[] = [];
  if (!matcher.containsId(text)) {
    return { path, items, links, references, problems: [] };
  }
  const lines = new LineIndex(text);
  // Every ID once, in order; each block and line then takes its share by binary search.
  const ids = [...matcher.matches(text)];
  const idsIn = (start: number, end: number): IdMatch[] => {
    const matches: IdMatch[] = [];
    for (let at = firstIdFrom(ids, start); at < ids.length && ids[at]!.offset + ids[at]!.id.length <= end; at++) {
      matches.push(ids[at]!);
    }
    return matches;
  };
  const blocks = parseBlocks(text, context.parsedSections && { path, store: context.parsedSections });

  const rangeAt = (offset: number, length: number): Range => ({
    start: lines.positionAt(offset),
    end: lines.positionAt(offset + length),
  });
  const reference = (match: IdMatch): void => {
    references.push({ id: match.id, location: { path, range: rangeAt(match.offset, match.id.length) } });
  };
  const link = (owner: ItemBuilder | undefined, keyType: ReturnType<typeof linkTypeOfKey>, match: IdMatch): void => {
    if (!keyType) {
      reference(match);
      return;
    }
    links.push({
      type: keyType,
      from: owner?.match.id,
      to: match.id,
      location: { path, range: rangeAt(match.offset, match.id.length) },
      inTest: context.isTest,
    });
  };
  const builders: ItemBuilder[] = [];
  const define = (match: IdMatch, title: string, start: number, end: number): ItemBuilder => {
    const builder: ItemBuilder = { match, title, start, end, attributes: {} };
    builders.push(builder);
    return builder;
  };

  const sections: Section[] = [];
  const owner = (): ItemBuilder | undefined => sections.findLast((section) => section.owner)?.owner;
  const closeSections = (depth: number, offset: number): void => {
    while (sections.length > 0 && sections[sections.length - 1]!.depth >= depth) {
      const closed = sections.pop()!;
      if (closed.owner) {
        closed.owner.end = offset;
      }
    }
  };

  // One ordered pass over the blocks (headings, tables, code) and the lines between them.
  let cursor = 0;
  const scanProse = (start: number, end: number): void => {
    if (start >= end) {
      return;
    }
    const firstLine = lines.positionAt(start).line;
    const lastLine = lines.positionAt(end - 1).line;
    for (let line = firstLine; line <= lastLine; line++) {
      const lineStart = Math.max(lines.lineStart(line), start);
      const lineText = lines.lineText(line);
      const lineEnd = Math.min(lines.lineStart(line) + lineText.length, end);
      const keyValue = KEY_VALUE_LINE.exec(lineText);
      const current = owner();
      let valueStart = lineEnd;
      let keyType: ReturnType<typeof linkTypeOfKey>;
      if (keyValue) {
        keyType = linkTypeOfKey(keyValue[1]!);
        valueStart = lines.lineStart(line) + lineText.length - keyValue[2]!.length;
        if (current && !keyType && keyValue[2]!.trim()) {
          current.attributes[keyValue[1]!.trim().toLowerCase()] ??= stripDecoration(keyValue[2]!);
        }
      }
      for (const match of idsIn(lineStart, lineEnd)) {
        if (match.offset >= valueStart) {
          link(current, keyType, match);
        } else {
          reference(match);
        }
      }
    }
  };

  for (const block of blocks) {
    if (block.start < cursor) {
      continue; // nested inside a block already handled
    }
    scanProse(cursor, block.start);
    cursor = block.end;
    if (block.type === 'heading') {
      closeSections(block.depth, block.start);
      const headingLine = lines.positionAt(block.start).line;
      const lineEnd = lines.lineStart(headingLine) + lines.lineText(headingLine).length;
      const matches = idsIn(block.start, Math.min(lineEnd, block.end));
      const contentStart = headingContentStart(text, block.start);
      const first = matches[0];
      let defined: ItemBuilder | undefined;
      if (first && LEADING_DECORATION.test(text.slice(contentStart, first.offset))) {
        defined = define(first, titleAfterId(block.text, first.id), block.start, text.length);
        matches.shift();
      }
      matches.forEach(reference);
      sections.push({ depth: block.depth, owner: defined });
    } else if (block.type === 'table') {
      scanTable(block);
    }
    // Code blocks: IDs in examples are not traced.
  }
  scanProse(cursor, text.length);
  closeSections(0, text.length);

  function scanTable(table: TableBlock): void {
    const [header, ...rows] = table.rows;
    const columns = (header?.cells ?? []).map((cell) => stripDecoration(cell.text));
    const titleColumn = columns.findIndex((name, index) => index > 0 && /^(title|name|summary|description)$/i.test(name));
    // Header cells are names, not data; IDs written there are still mentions.
    for (const cell of header?.cells ?? []) {
      idsIn(cell.start, cell.end).forEach(reference);
    }
    for (const row of rows) {
      const cells = row.cells;
      const firstCell = cells[0];
      if (!firstCell) {
        continue;
      }
      const firstMatches = idsIn(firstCell.start, firstCell.end);
      const idMatch = firstMatches[0];
      const cellContentStart = firstCell.start + 1; // after the pipe
      let rowItem: ItemBuilder | undefined;
      if (idMatch && LEADING_DECORATION.test(text.slice(cellContentStart, idMatch.offset))) {
        const titleCell = titleColumn >= 0 ? cells[titleColumn] : cells[1];
        const title = titleCell ? stripDecoration(titleCell.text) : titleAfterId(firstCell.text, idMatch.id);
        rowItem = define(idMatch, title, row.start, row.end);
        firstMatches.shift();
      }
      firstMatches.forEach(reference);
      cells.slice(1).forEach((cell, index) => {
        const column = columns[index + 1] ?? '';
        const keyType = linkTypeOfKey(column);
        const from = rowItem ?? owner();
        for (const match of idsIn(cell.start, cell.end)) {
          link(from, keyType, match);
        }
        const value = stripDecoration(cell.text);
        if (rowItem && !keyType && column && index + 1 !== titleColumn && value) {
          rowItem.attributes[column.toLowerCase()] = value;
        }
      });
    }
  }

  for (const builder of builders) {
    items.push({
      id: builder.match.id,
      kind: builder.match.kind,
      title: builder.title,
      location: { path, range: rangeAt(builder.match.offset, builder.match.id.length) },
      sectionRange: rangeAt(builder.start, Math.max(0, trimEnd(text, builder.end) - builder.start)),
      attributes: builder.attributes,
    });
  }
  return { path, items, links, references, problems: [] };
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

/** The offset where a heading's text starts, after `#` markers of an ATX heading. */
function headingContentStart(text: string, start: number): number {
  const atx = /^[ \t]{0,3}#{1,6}[ \t]*/.exec(text.slice(start, start + 80));
  return start + (atx ? atx[0].length : /^[ \t]*/.exec(text.slice(start, start + 80))![0].length);
}

function titleAfterId(text: string, id: string): string {
  const at = text.indexOf(id);
  const rest = at >= 0 ? text.slice(at + id.length) : text;
  return rest.replace(TITLE_SEPARATOR, '').trim();
}

function stripDecoration(value: string): string {
  return value.replace(/^[\s*_`]+|[\s*_`]+$/g, '');
}

function trimEnd(text: string, end: number): number {
  let offset = end;
  while (offset > 0 && /\s/.test(text[offset - 1]!)) {
    offset--;
  }
  return offset;
}
