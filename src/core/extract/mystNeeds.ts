/**
 * sphinx-needs directives in MyST Markdown: ```` ```{req} Title ```` code fences (which the Markdown parser
 * sees as code blocks) and `:::{req} Title` colon fences (which it sees as paragraphs), with `:id:` option
 * lines or a `---` YAML block of options, then the content.
 */
import type { LineIndex } from '../util/text';
import { markdownLines, type MarkdownLine } from './markdownLines';
import type { Span } from './markdownBlocks';
import { addDirectiveNeed, FIELD_OPTION, readOptions, YAML_OPTION } from './needDirectives';
import type { NeedCollector } from './needs';

/** A MyST directive's opening line: a backtick, tilde or colon fence, `{name}`, then the argument. */
const MYST_OPENING = /^ {0,3}(`{3,}|~{3,}|:{3,})\{([A-Za-z][\w-]*)\}[ \t]*([^\r\n]*)$/;
const YAML_FENCE = /^---[ \t]*$/;

/** Whether a Markdown text may hold a MyST directive; cheap, before any parsing. */
export function mayHoldMystDirective(text: string): boolean {
  return /^ {0,3}(?:`{3,}|~{3,}|:{3,})\{/m.test(text);
}

/**
 * The colon fences of traced need types outside code blocks (`codeBlocks`, in document order), each up to
 * its closing fence of at least as many colons (or the end of the document).
 */
export function colonFenceNeeds(text: string, codeBlocks: readonly Span[], collector: NeedCollector): Span[] {
  if (!/^ {0,3}:{3,}\{/m.test(text)) {
    return [];
  }
  const spans: Span[] = [];
  let open: { readonly start: number; readonly closing: RegExp } | undefined;
  let block = 0;
  for (const line of markdownLines(text)) {
    while (block < codeBlocks.length && codeBlocks[block]!.end <= line.start) {
      block++;
    }
    if (block < codeBlocks.length && codeBlocks[block]!.start <= line.start) {
      continue; // inside a code block
    }
    if (open) {
      if (open.closing.test(line.text)) {
        spans.push({ start: open.start, end: line.start + line.text.length });
        open = undefined;
      }
      continue;
    }
    const opening = MYST_OPENING.exec(line.text);
    if (opening && opening[1]![0] === ':' && collector.kindOf(opening[2]!)) {
      open = { start: line.start, closing: closingFence(opening[1]!) };
    }
  }
  return open ? [...spans, { start: open.start, end: text.length }] : spans;
}

/** Adds the need of a fenced block or colon fence when it is a MyST directive of a traced need type. */
export function addMystNeed(collector: NeedCollector, text: string, lineIndex: LineIndex, span: Span): void {
  const firstLine = lineIndex.lineText(lineIndex.positionAt(span.start).line);
  const opening = MYST_OPENING.exec(firstLine);
  if (!opening || !collector.kindOf(opening[2]!)) {
    return;
  }
  const lines: MarkdownLine[] = [...markdownLines(text.slice(span.start, span.end))].map((line) => ({ start: line.start + span.start, text: line.text }));
  const fence = opening[1]!;
  const closing = lines.length > 1 && closingFence(fence).test(lines[lines.length - 1]!.text);
  const body = lines.slice(0, closing ? -1 : undefined);
  let { options, next } = readOptions(text, body, 1, FIELD_OPTION);
  if (options.length === 0 && body[1] && YAML_FENCE.test(body[1].text)) {
    ({ options, next } = readOptions(text, body, 2, YAML_OPTION));
    next += body[next] && YAML_FENCE.test(body[next]!.text) ? 1 : 0;
  }
  const last = body[body.length - 1]!;
  const contentEnd = last.start + last.text.length;
  const end = closing ? span.end : contentEnd;
  const content = next < body.length ? text.slice(body[next]!.start, contentEnd) : '';
  addDirectiveNeed(collector, lineIndex, { type: opening[2]!, title: opening[3]!.trim(), options, content, start: span.start, end: trimmedEnd(text, span.start, end) });
}

/** The line that closes a fence: the same character, at least as many times, and nothing else. */
function closingFence(fence: string): RegExp {
  return new RegExp(`^ {0,3}${fence[0]}{${fence.length},}[ \\t]*$`);
}

/** The end of a span without the line breaks and spaces it ends with. */
function trimmedEnd(text: string, start: number, end: number): number {
  let at = end;
  while (at > start && /\s/.test(text[at - 1]!)) {
    at--;
  }
  return at;
}

/** The document's blocks with its colon-fence needs among them, in document order (a fence before what it holds). */
export function withColonFenceNeeds<B extends Span>(text: string, blocks: readonly (B & { readonly type: string })[], collector: NeedCollector): (B | (Span & { readonly type: 'code' }))[] {
  const fences = colonFenceNeeds(text, blocks.filter((block) => block.type === 'code'), collector);
  if (fences.length === 0) {
    return [...blocks];
  }
  return [...blocks, ...fences.map((span) => ({ ...span, type: 'code' as const }))].sort((a, b) => a.start - b.start || b.end - a.end);
}
