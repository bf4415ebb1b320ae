/**
 * sphinx-needs directives as documents write them: a directive named by a need type (`.. req:: Title` in
 * reStructuredText, ```` ```{req} Title ```` in MyST), its options (`:id:`, `:status:`, `:links:`, the
 * configured link options) and its content. This file reads the option block both share, builds the
 * {@link WrittenNeed}, and reads reStructuredText files.
 */
import type { FileContributions } from '../model';
import { LineIndex } from '../util/text';
import { markdownLines, type MarkdownLine } from './markdownLines';
import { attributeName, DISPLAY_OPTIONS, idsInValue, isNeedId, NeedCollector, type NeedsContext, type WrittenNeed } from './needs';

/** An option of a directive, with its value as written (continuation lines included) and where the value starts. */
export interface DirectiveOption {
  readonly name: string;
  readonly value: string;
  readonly valueStart: number;
}

/** `:name: value`, as reStructuredText and MyST write a directive's options. */
export const FIELD_OPTION = /^([ \t]*):([A-Za-z][\w-]*):(?:[ \t]+|$)([^\r\n]*)$/;
/** `name: value`, as the YAML block of a MyST directive writes them. */
export const YAML_OPTION = /^([ \t]*)([A-Za-z][\w-]*):(?:[ \t]+|$)([^\r\n]*)$/;

const indentOf = (line: MarkdownLine) => /^[ \t]*/.exec(line.text)![0].length;
const isBlank = (line: MarkdownLine) => line.text.trim() === '';

/**
 * The options from `lines[from]` on: each option line matching `syntax`, continued on the lines indented
 * deeper than it (a long `:satisfies:` list). Stops at the first other line; `next` is its index.
 */
export function readOptions(text: string, lines: readonly MarkdownLine[], from: number, syntax: RegExp): { options: DirectiveOption[]; next: number } {
  const options: DirectiveOption[] = [];
  let at = from;
  for (let match = lines[at] && syntax.exec(lines[at]!.text); match; match = lines[at] && syntax.exec(lines[at]!.text)) {
    const line = lines[at]!;
    const indent = match[1]!.length;
    const valueStart = line.start + line.text.length - match[3]!.length;
    let end = line.start + line.text.length;
    for (at++; at < lines.length && !isBlank(lines[at]!) && indentOf(lines[at]!) > indent && !syntax.exec(lines[at]!.text); at++) {
      end = lines[at]!.start + lines[at]!.text.length;
    }
    options.push({ name: match[2]!, value: text.slice(valueStart, end), valueStart });
  }
  return { options, next: at };
}

/** A need directive as read: its type, the title argument, its options, its content and the span of the whole. */
export interface NeedDirective {
  readonly type: string;
  readonly title: string;
  readonly options: readonly DirectiveOption[];
  readonly content: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Adds a directive's need to the collector: located at its `:id:` value; link options make targets, the
 * others attributes; without a title, the first line of its content is the title, as sphinx-needs'
 * `needs_title_from_content` has it. A need without an `:id:` gets an ID only when Sphinx builds it, which
 * nothing can name, so it is not traced. The content is the need's section; IDs in it are not read.
 */
export function addDirectiveNeed(collector: NeedCollector, lines: LineIndex, directive: NeedDirective): void {
  const idOption = directive.options.find((option) => option.name === 'id');
  const id = idOption?.value.trim() ?? '';
  if (!idOption || !isNeedId(id)) {
    return;
  }
  const rangeOf = (start: number, length: number) => ({ start: lines.positionAt(start), end: lines.positionAt(start + length) });
  const attributes: Record<string, string> = {};
  const targets: WrittenNeed['targets'][number][] = [];
  for (const option of directive.options) {
    if (collector.isLinkOption(option.name)) {
      targets.push(...idsInValue(option.value, option.valueStart).map((token) => ({ option: option.name, id: token.id, range: rangeOf(token.offset, token.id.length) })));
    } else if (option !== idOption && !DISPLAY_OPTIONS.has(option.name)) {
      const value = option.name === 'tags' ? option.value.split(/[;,]/).map((tag) => tag.trim()).filter(Boolean).join(', ') : option.value.replace(/\s+/g, ' ').trim();
      if (value) {
        attributes[attributeName(option.name)] = value;
      }
    }
  }
  const title = directive.title || (directive.content.trim().split(/\r\n|\r|\n/)[0] ?? '').trim();
  collector.add({
    id,
    idRange: rangeOf(idOption.valueStart + idOption.value.indexOf(id), id.length),
    type: directive.type,
    title,
    sectionRange: rangeOf(directive.start, directive.end - directive.start),
    attributes,
    targets,
  });
}

/** `.. name:: argument`: a directive of reStructuredText. */
const RST_DIRECTIVE = /^([ \t]*)\.\.[ \t]+([A-Za-z][\w-]*)::(?:[ \t]+([^\r\n]*))?$/;
/** Directives whose content is an example, not the document: IDs and needs in them are not read. */
const LITERAL_DIRECTIVES = new Set(['code-block', 'code', 'sourcecode', 'literalinclude', 'parsed-literal', 'highlight']);

/**
 * The needs of a reStructuredText document: every directive named by a traced need type, nested ones
 * included, outside literal blocks (`::` paragraphs, `code-block`). Nothing else of the file is read.
 */
export function extractRestructuredText(path: string, text: string, context: NeedsContext): FileContributions {
  const collector = new NeedCollector(path, context);
  const lineIndex = new LineIndex(text);
  const lines = [...markdownLines(text)];
  let literalIndent: number | undefined;
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at]!;
    if (literalIndent !== undefined && (isBlank(line) || indentOf(line) > literalIndent)) {
      continue;
    }
    literalIndent = undefined;
    const directive = RST_DIRECTIVE.exec(line.text);
    if (directive && LITERAL_DIRECTIVES.has(directive[2]!)) {
      literalIndent = directive[1]!.length;
    } else if (directive && collector.kindOf(directive[2]!)) {
      addDirectiveNeed(collector, lineIndex, rstNeed(text, lines, at, directive));
    } else if (!directive && /::[ \t]*$/.test(line.text) && !/^[ \t]*\.\./.test(line.text)) {
      literalIndent = indentOf(line);
    }
  }
  return { path, items: collector.items, links: collector.links, references: collector.references, problems: [] };
}

/** The need directive at `lines[at]`: title lines, then options, then content, all indented under it. */
function rstNeed(text: string, lines: readonly MarkdownLine[], at: number, directive: RegExpExecArray): NeedDirective {
  const indent = directive[1]!.length;
  const inside = (line: MarkdownLine | undefined) => line !== undefined && indentOf(line) > indent && !isBlank(line);
  const title = [directive[3] ?? ''];
  let next = at + 1;
  for (; inside(lines[next]) && !FIELD_OPTION.test(lines[next]!.text); next++) {
    title.push(lines[next]!.text);
  }
  const { options, next: afterOptions } = inside(lines[next]) ? readOptions(text, lines, next, FIELD_OPTION) : { options: [], next };
  let last = afterOptions - 1;
  for (let body = afterOptions; body < lines.length && (isBlank(lines[body]!) || indentOf(lines[body]!) > indent); body++) {
    if (!isBlank(lines[body]!)) {
      last = body;
    }
  }
  const end = lines[last]!.start + lines[last]!.text.length;
  const content = afterOptions <= last ? text.slice(lines[afterOptions]!.start, end) : '';
  return { type: directive[2]!, title: title.join(' ').replace(/\s+/g, ' ').trim(), options, content, start: lines[at]!.start + indent, end };
}
