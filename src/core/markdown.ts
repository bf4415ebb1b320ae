import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import type { Root, RootContent, Heading, Table, Nodes } from 'mdast';
import type { FileContributions, ItemDefinition, Link, Range, Reference } from './model';
import type { IdMatch, IdMatcher } from './ids';
import { LineIndex } from './text';
import { linkTypeOfKey } from './links';

/** What an extractor needs besides the file: how to find IDs and whether the file is a test. */
export interface ExtractContext {
  readonly matcher: IdMatcher;
  readonly isTest: boolean;
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

interface Block {
  readonly start: number;
  readonly end: number;
  readonly node: Heading | Table | undefined;
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
  const tree = parser.parse(text);
  const blocks = collectBlocks(tree);

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
      for (const match of matcher.matches(text, lineStart, lineEnd)) {
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
    if (!block.node) {
      continue; // code: IDs in examples are not traced
    }
    if (block.node.type === 'heading') {
      closeSections(block.node.depth, block.start);
      const headingLine = lines.positionAt(block.start).line;
      const lineEnd = lines.lineStart(headingLine) + lines.lineText(headingLine).length;
      const matches = [...matcher.matches(text, block.start, Math.min(lineEnd, block.end))];
      const contentStart = headingContentStart(text, block.start);
      const first = matches[0];
      let defined: ItemBuilder | undefined;
      if (first && LEADING_DECORATION.test(text.slice(contentStart, first.offset))) {
        const title = titleAfterId(plainText(block.node), first.id);
        defined = define(first, title, block.start, text.length);
        matches.shift();
      }
      matches.forEach(reference);
      sections.push({ depth: block.node.depth, owner: defined });
    } else {
      scanTable(block.node);
    }
  }
  scanProse(cursor, text.length);
  closeSections(0, text.length);

  function scanTable(table: Table): void {
    const [header, ...rows] = table.children;
    const columns = (header?.children ?? []).map((cell) => stripDecoration(plainText(cell)));
    const titleColumn = columns.findIndex((name, index) => index > 0 && /^(title|name|summary|description)$/i.test(name));
    // Header cells are names, not data; IDs written there are still mentions.
    for (const cell of header?.children ?? []) {
      for (const match of matcher.matches(text, cell.position!.start.offset!, cell.position!.end.offset!)) {
        reference(match);
      }
    }
    for (const row of rows) {
      const cells = row.children;
      const firstCell = cells[0];
      if (!firstCell) {
        continue;
      }
      const firstMatches = [...matcher.matches(text, firstCell.position!.start.offset!, firstCell.position!.end.offset!)];
      const idMatch = firstMatches[0];
      const cellContentStart = firstCell.position!.start.offset! + 1; // after the pipe
      let rowItem: ItemBuilder | undefined;
      if (idMatch && LEADING_DECORATION.test(text.slice(cellContentStart, idMatch.offset))) {
        const titleCell = titleColumn >= 0 ? cells[titleColumn] : cells[1];
        const title = titleCell ? stripDecoration(plainText(titleCell)) : titleAfterId(plainText(firstCell), idMatch.id);
        rowItem = define(idMatch, title, row.position!.start.offset!, row.position!.end.offset!);
        firstMatches.shift();
      }
      firstMatches.forEach(reference);
      cells.slice(1).forEach((cell, index) => {
        const column = columns[index + 1] ?? '';
        const keyType = linkTypeOfKey(column);
        const from = rowItem ?? owner();
        for (const match of matcher.matches(text, cell.position!.start.offset!, cell.position!.end.offset!)) {
          link(from, keyType, match);
        }
        const value = stripDecoration(plainText(cell));
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

/** Headings, tables and code blocks at any depth, in document order; code blocks carry no node. */
function collectBlocks(tree: Root): Block[] {
  const blocks: Block[] = [];
  const visit = (node: RootContent): void => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) {
      return;
    }
    if (node.type === 'heading' || node.type === 'table') {
      blocks.push({ start, end, node });
    } else if (node.type === 'code') {
      blocks.push({ start, end, node: undefined });
    } else if ('children' in node) {
      (node.children as RootContent[]).forEach(visit);
    }
  };
  tree.children.forEach(visit);
  return blocks.sort((a, b) => a.start - b.start);
}

/** The offset where a heading's text starts, after `#` markers of an ATX heading. */
function headingContentStart(text: string, start: number): number {
  const atx = /^[ \t]{0,3}#{1,6}[ \t]*/.exec(text.slice(start, start + 80));
  return start + (atx ? atx[0].length : /^[ \t]*/.exec(text.slice(start, start + 80))![0].length);
}

/** The plain text of a node: its text and inline code, without markup. */
function plainText(node: Nodes): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode' || node.type === 'html')) {
    return node.value;
  }
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : '';
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
