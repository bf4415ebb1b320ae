// The reference of the Markdown differential test and the bench's parser figures: how JSP Trace read Markdown blocks with remark
// (unified + remark-parse + the GFM table extension) until markdown-it replaced it for speed (issue 18).
// One whole-document parse, the blocks collected as the remark reader collected them.
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import type { Nodes, Root, RootContent } from 'mdast';
import type { MarkdownBlock, Span } from '../../src/core/extract/markdownBlocks';

function remarkGfmTables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

const parser = unified().use(remarkParse).use(remarkGfmTables);

/** Headings, tables and code blocks at any depth, in document order, as remark finds them. */
export function remarkBlocks(text: string): MarkdownBlock[] {
  // remark drops a leading byte order mark and counts its offsets without it.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const tree: Root = parser.parse(bom ? text.slice(1) : text);
  const blocks: MarkdownBlock[] = [];
  const spanOf = (node: Nodes): Span => ({ start: node.position!.start.offset! + bom, end: node.position!.end.offset! + bom });
  const visit = (node: RootContent): void => {
    if (node.type === 'heading') {
      blocks.push({ type: 'heading', ...spanOf(node), depth: node.depth, text: plainText(node) });
    } else if (node.type === 'table') {
      const rows = node.children.map((row) => ({ ...spanOf(row), cells: row.children.map((cell) => ({ ...spanOf(cell), text: plainText(cell) })) }));
      blocks.push({ type: 'table', ...spanOf(node), rows });
    } else if (node.type === 'code') {
      blocks.push({ type: 'code', ...spanOf(node) });
    } else if ('children' in node) {
      (node.children as RootContent[]).forEach(visit);
    }
  };
  tree.children.forEach(visit);
  return blocks.sort((a, b) => a.start - b.start);
}

/** The plain text of a node: its text and inline code, without markup. */
function plainText(node: Nodes): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode' || node.type === 'html')) {
    return node.value;
  }
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : '';
}
