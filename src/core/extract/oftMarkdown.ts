/**
 * OpenFastTrace's specification items in Markdown, read line by line with the state machine of its Markdown
 * importer (`MarkdownImporter`, `MdPattern`, `AbstractLightWeightMarkupImporter`, `LineParserStateMachine`):
 * the same patterns, matched against whole lines, tried in the same order in each state. An ID at the start
 * of a line (`` `req~pump-auth~1` ``) begins an item, titled by the heading just before it; `Needs:`,
 * `Covers:`, `Depends:`, `Status:` and `Tags:` describe it; `arch --> dsn : req~x~1` forwards `req~x~1` to
 * `dsn` through an item `arch~x~1`; `oft:off` and `oft:on` switch the reading off and on.
 */
import type { ItemDefinition, Link, Range } from '../model';
import { LineIndex } from '../util/text';
import { ITEM_ID, SPACE, javaLines, normalizeOftId, parseOftId, type TextLine } from './oftIds';

/** A line pattern: the groups of a whole-line match, or undefined. The next line is for underlined titles. */
type LinePattern = (line: string, next: string | undefined) => RegExpExecArray | undefined;

/** The line breaks `javaLines` does not split at, which `.` (`ANY`) cannot cross. */
const UNCROSSABLE = /[\u0085\u2028\u2029]/;
/** How long a line holding one of them may be before a pattern that could match one (by `\W`) skips it. */
const UNCROSSABLE_LINE_LIMIT = 4096;

/**
 * A pattern matched against the whole line, as Java's `Matcher.matches()`; `.` never matches a line break.
 * On a line holding a break `.` cannot cross, a pattern that can match it only as `.` fails without running:
 * the regular expression would backtrack over the whole line, in time that grows with its square, only to
 * fail. A pattern that can match such a break another way (`\W`) still runs, on lines up to a limit; past
 * it, unlike OpenFastTrace, the line matches nothing.
 */
function whole(source: string): LinePattern {
  const regex = new RegExp(`^(?:${source})$`, 'du');
  const matchesBreaks = source.includes('\\W') || source.includes('[^\\n\\r]');
  return (line) => {
    if (UNCROSSABLE.test(line) && (!matchesBreaks || line.length > UNCROSSABLE_LINE_LIMIT)) {
      return undefined;
    }
    return regex.exec(line) ?? undefined;
  };
}

const ANY = '[^\\n\\r\\u0085\\u2028\\u2029]';
const BULLET = `${SPACE}{0,3}[+*-]`;
const UNDERLINE = whole(`([=-]{3,})${SPACE}*`);
const HASH_TITLE = whole(`#+${SPACE}*(${ANY}*)`);

/**
 * `MdPattern.FORWARD` is `.*?(notation).*?` over the whole line, that is the leftmost notation in a line that
 * `.` can cross. Searched for directly, and only from where a run of letters starts (a notation found inside
 * a run is also found from its start), it costs linear time on a long line instead of quadratic.
 */
const FORWARD_NOTATION = new RegExp(`(?<![a-zA-Z])([a-zA-Z]+${SPACE}*-->${SPACE}*[a-zA-Z]+(?:,${SPACE}*[a-zA-Z]+)*${SPACE}*:${SPACE}*${ITEM_ID})`, 'du');

/** `MdPattern`, one entry per token the importer knows. */
const P = {
  codeBegin: whole(` *[\`~]{3,30}\\w*${SPACE}*`),
  codeEnd: whole(` *[\`~]{3,30}${SPACE}*`),
  comment: whole(`Comment:${SPACE}*`),
  covers: whole(`Covers:${SPACE}*`),
  reference: whole(`${BULLET}(?:${ANY}*\\W)?(${ITEM_ID})(?:\\W${ANY}*)?`),
  depends: whole(`Depends:${SPACE}*`),
  description: whole(`Description:${SPACE}*`),
  empty: whole(`(${SPACE}*)`),
  everything: whole(`(${ANY}*)`),
  forward: (line: string) => (line.includes('-->') && !/[\u0085\u2028\u2029]/.test(line) ? (FORWARD_NOTATION.exec(line) ?? undefined) : undefined),
  id: whole(`\`?(${ITEM_ID})\`?${ANY}*`),
  needsInline: whole(`Needs:(${SPACE}*\\w+${SPACE}*(?:,${SPACE}*\\w+${SPACE}*)*)`),
  needs: whole(`Needs:${SPACE}*`),
  needsEntry: whole(`${BULLET}(?:${ANY}*\\W)?([A-Za-z]+)(?:\\W${ANY}*)?`),
  notEmpty: whole(`([^\\n\\r]+)`),
  rationale: whole(`Rationale:${SPACE}*`),
  status: whole(`Status:${SPACE}*(approved|proposed|draft|rejected)${SPACE}*`),
  tagsInline: whole(`Tags:(${SPACE}*\\w+${SPACE}*(?:,${SPACE}*\\w+${SPACE}*)*)`),
  tags: whole(`Tags:${SPACE}*`),
  tagEntry: whole(`${BULLET}${SPACE}*(${ANY}*)`),
  underline: UNDERLINE,
  // `MdSectionTitlePattern`: a `#` heading, or any line whose next line underlines it.
  sectionTitle: (line: string, next: string | undefined) => HASH_TITLE(line, next) ?? (next !== undefined && UNDERLINE(next, undefined) ? wholeLine(line) : undefined),
} satisfies Record<string, LinePattern>;

function wholeLine(line: string): RegExpExecArray {
  return /^([^]*)$/d.exec(line)!;
}

type State = 'start' | 'title' | 'item' | 'description' | 'rationale' | 'comment' | 'covers' | 'depends' | 'needs' | 'tags' | 'code';
type Action = 'none' | 'begin' | 'title' | 'resetTitle' | 'forward' | 'forwardResetTitle' | 'endTitle' | 'endForward' | 'status' | 'needs' | 'tag' | 'cover' | 'depend';
type Transition = readonly [LinePattern, State, Action];

/** What every state but `start`, `title` and `code` does with the keywords that follow an item's ID. */
const keywords = (...except: LinePattern[]): Transition[] =>
  (
    [
      [P.rationale, 'rationale', 'none'],
      [P.comment, 'comment', 'none'],
      [P.covers, 'covers', 'none'],
      [P.depends, 'depends', 'none'],
      [P.needsInline, 'item', 'needs'],
      [P.needs, 'needs', 'none'],
      [P.tagsInline, 'tags', 'tag'],
      [P.tags, 'tags', 'none'],
    ] as Transition[]
  ).filter(([pattern]) => !except.includes(pattern));
const itemOrTitle: Transition[] = [
  [P.id, 'item', 'begin'],
  [P.sectionTitle, 'title', 'endTitle'],
];

/**
 * `MarkdownImporter.configureTransitions()`: in each state the first transition whose pattern matches the
 * line is taken; no match leaves the state as it is. The order of the keywords differs between states in
 * the original without changing which one matches (each keyword pattern excludes the others).
 */
const TRANSITIONS: Readonly<Record<State, readonly Transition[]>> = {
  start: [[P.id, 'item', 'begin'], [P.sectionTitle, 'title', 'title'], [P.forward, 'start', 'forward'], [P.codeBegin, 'code', 'none'], [P.everything, 'start', 'none']],
  title: [[P.id, 'item', 'begin'], [P.sectionTitle, 'title', 'title'], [P.underline, 'title', 'none'], [P.empty, 'title', 'none'], [P.forward, 'start', 'forwardResetTitle'], [P.everything, 'start', 'resetTitle']],
  item: [
    [P.id, 'item', 'begin'],
    [P.status, 'item', 'status'],
    [P.sectionTitle, 'title', 'endTitle'],
    ...keywords(),
    [P.description, 'description', 'none'],
    [P.forward, 'start', 'endForward'],
    [P.notEmpty, 'description', 'none'],
  ],
  description: [...itemOrTitle, ...keywords(), [P.forward, 'start', 'endForward'], [P.everything, 'description', 'none']],
  rationale: [...itemOrTitle, ...keywords(P.rationale), [P.everything, 'rationale', 'none']],
  comment: [...itemOrTitle, ...keywords(P.comment), [P.everything, 'comment', 'none']],
  covers: [...itemOrTitle, [P.reference, 'covers', 'cover'], ...keywords(P.covers), [P.empty, 'covers', 'none'], [P.forward, 'start', 'endForward']],
  depends: [...itemOrTitle, [P.reference, 'depends', 'depend'], ...keywords(), [P.empty, 'depends', 'none'], [P.forward, 'start', 'endForward']],
  needs: [...itemOrTitle, [P.needsEntry, 'needs', 'needs'], ...keywords(P.needs, P.needsInline), [P.empty, 'description', 'none'], [P.forward, 'start', 'endForward']],
  tags: [[P.tagEntry, 'tags', 'tag'], ...itemOrTitle, ...keywords(), [P.empty, 'item', 'none'], [P.forward, 'start', 'endForward']],
  code: [[P.codeEnd, 'start', 'none']],
};

const OFT_OFF = /(?:^|[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200C\u200D])oft:off(?:[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200C\u200D]|$)/u;
const OFT_ON = /(?:^|[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200C\u200D])oft:on(?:[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200C\u200D]|$)/u;

/** The items and links of the specification items in a Markdown document. */
export function readOftMarkdown(path: string, text: string, inTest: boolean): { items: ItemDefinition[]; links: Link[] } {
  const reader = new OftMarkdownReader(path, text, inTest);
  const lines = javaLines(text);
  let state: State = 'start';
  let enabled = true;
  lines.forEach((line, index) => {
    if (!enabled) {
      enabled = OFT_ON.test(line.text);
      return;
    }
    if (OFT_OFF.test(line.text)) {
      enabled = false;
      return;
    }
    for (const [pattern, to, action] of TRANSITIONS[state]) {
      const match = pattern(line.text, lines[index + 1]?.text);
      if (match) {
        reader.act(action, match, line);
        state = to;
        return;
      }
    }
    reader.keep(line);
  });
  reader.finish();
  return { items: reader.items, links: reader.links };
}

/** An item while its lines are read. */
interface OpenItem {
  readonly id: string;
  readonly title: string;
  readonly idRange: Range;
  readonly start: number;
  end: number;
  readonly attributes: Record<string, string>;
  readonly needs: string[];
  readonly tags: string[];
}

/** The importer's actions, building our items and links instead of OpenFastTrace's. */
class OftMarkdownReader {
  readonly items: ItemDefinition[] = [];
  readonly links: Link[] = [];
  readonly #positions: LineIndex;
  #title: { readonly text: string; readonly start: number } | undefined;
  #open: OpenItem | undefined;

  constructor(
    readonly path: string,
    text: string,
    readonly inTest: boolean,
  ) {
    this.#positions = new LineIndex(text);
  }

  /** Takes a transition's action; the line then belongs to the item open after it, if any. */
  act(action: Action, match: RegExpExecArray, line: TextLine): void {
    this.#take(action, match, line);
    this.keep(line);
  }

  #take(action: Action, match: RegExpExecArray, line: TextLine): void {
    switch (action) {
      case 'begin':
        return this.#begin(match, line);
      case 'title':
        this.#title = { text: match[1]!, start: line.start };
        return;
      case 'endTitle':
        this.#end();
        this.#title = { text: match[1]!, start: line.start };
        return;
      case 'resetTitle':
        this.#title = undefined;
        return;
      case 'forward':
      case 'forwardResetTitle':
      case 'endForward':
        this.#end();
        this.#forward(match, line);
        this.#title = action === 'forward' ? this.#title : undefined;
        return;
      case 'status':
        this.#open!.attributes['status'] = match[1]!;
        return;
      case 'needs':
        this.#open?.needs.push(...match[1]!.split(',').map((type) => type.trim()));
        return;
      case 'tag':
        this.#open?.tags.push(...match[1]!.split(',').map((tag) => tag.trim()).filter(Boolean));
        return;
      case 'cover':
      case 'depend':
        this.#link(action === 'cover' ? 'covers' : 'depends', match, line);
        return;
      case 'none':
        return;
    }
  }

  /** A line the open item keeps, whatever it says: the item's section reaches its last non-blank line. */
  keep(line: TextLine): void {
    if (this.#open && line.text.trim()) {
      this.#open.end = line.start + line.text.length;
    }
  }

  finish(): void {
    this.#end();
  }

  /** `beginItem`: ends the open item (which forgets the title), then opens one titled by the remembered title. */
  #begin(match: RegExpExecArray, line: TextLine): void {
    if (this.#open) {
      this.#end();
      this.#title = undefined;
    }
    const [start, end] = match.indices![1]!;
    const id = normalizeOftId(match[1]!);
    this.#open = {
      id,
      title: this.#title?.text.trim() ?? '',
      idRange: this.#range(line.start + start, line.start + end),
      start: this.#title?.start ?? line.start,
      end: line.start + line.text.length,
      attributes: { 'artifact type': parseOftId(id)!.artifactType },
      needs: [],
      tags: [],
    };
  }

  #end(): void {
    const item = this.#open;
    if (!item) {
      return;
    }
    this.#open = undefined;
    this.#title = undefined;
    const attributes = { ...item.attributes };
    if (item.needs.length > 0) {
      attributes['needs'] = item.needs.join(', ');
    }
    if (item.tags.length > 0) {
      attributes['tags'] = item.tags.join(', ');
    }
    this.items.push({ id: item.id, kind: 'specification', title: item.title, location: { path: this.path, range: item.idRange }, sectionRange: this.#range(item.start, item.end), attributes });
  }

  /** `arch --> dsn : req~x~1`: an item `arch~x~1` that covers `req~x~1` and needs `dsn`. */
  #forward(match: RegExpExecArray, line: TextLine): void {
    const notation = match[1]!;
    const arrow = notation.indexOf('-->');
    const colon = notation.indexOf(':');
    const originalText = notation.slice(colon + 1).trim();
    const original = parseOftId(originalText)!;
    const skipped = notation.slice(0, arrow).trim();
    const id = `${skipped}~${original.name}~${original.revision}`;
    const needs = notation.slice(arrow + 3, colon).trim().split(/,\s*/u).map((type) => type.trim());
    const [start, end] = match.indices![1]!;
    const location = { path: this.path, range: this.#range(line.start + start, line.start + end) };
    this.items.push({ id, kind: 'specification', title: '', location, sectionRange: location.range, attributes: { 'artifact type': skipped, needs: needs.join(', '), forwards: normalizeOftId(originalText) } });
    const originalStart = line.start + end - originalText.length;
    this.links.push({ type: 'covers', from: id, to: normalizeOftId(originalText), location: { path: this.path, range: this.#range(originalStart, line.start + end) }, inTest: this.inTest });
  }

  #link(type: 'covers' | 'depends', match: RegExpExecArray, line: TextLine): void {
    if (!this.#open) {
      return;
    }
    const [start, end] = match.indices![1]!;
    this.links.push({ type, from: this.#open.id, to: normalizeOftId(match[1]!), location: { path: this.path, range: this.#range(line.start + start, line.start + end) }, inTest: this.inTest });
  }

  #range(start: number, end: number): Range {
    return { start: this.#positions.positionAt(start), end: this.#positions.positionAt(end) };
  }
}
