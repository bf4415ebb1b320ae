import { EVENT_ID, getScalarValue, parseEvents, type Event } from 'js-yaml';
import { markdownLines } from './markdownLines';
import type { Span } from './markdownBlocks';

/** A scalar of a front-matter field: its value as YAML reads it, and where its source is in the document. */
export interface FrontMatterValue extends Span {
  readonly value: string;
}

/** A top-level field of the front matter: its key and the scalars of its value (the value, or a list's items). */
export interface FrontMatterField {
  readonly key: string;
  readonly values: readonly FrontMatterValue[];
}

/** YAML front matter: from the opening `---` to the end of the closing `---` or `...` line. */
export interface FrontMatter extends Span {
  readonly type: 'front matter';
  /** The top-level fields whose key is a plain string, in order; nested mappings are left out. */
  readonly fields: readonly FrontMatterField[];
}

/** Front matter that names an `id:` but is not valid YAML: reported, since its item would be missed. */
export interface FrontMatterProblem {
  readonly type: 'problem';
  readonly message: string;
  readonly offset: number;
}

const OPENING = /^\uFEFF?---[ \t]*$/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;
const ID_FIELD = /^id[ \t]*:/m;
/** Front matter is a flat list of fields: deeper nesting is not read, and is not let cost much either. */
const MAX_DEPTH = 20;

/**
 * The YAML front matter at the start of a Markdown document (as GitHub, Jekyll, Hugo and Docusaurus read
 * it): a first line `---`, a YAML mapping, and a line `---` or `...`. A block that is not a mapping is no
 * front matter (a leading thematic break, say) and stays Markdown; one that is not valid YAML is too, but
 * is a problem when it holds an `id:` line.
 */
export function readFrontMatter(text: string): FrontMatter | FrontMatterProblem | undefined {
  const lines = markdownLines(text);
  const opening = lines.next();
  if (opening.done || !OPENING.test(opening.value.text)) {
    return undefined;
  }
  let contentStart: number | undefined;
  for (const line of lines) {
    contentStart ??= line.start;
    if (CLOSING.test(line.text)) {
      return frontMatterOf(text, contentStart, line.start, line.start + line.text.length);
    }
  }
  return undefined;
}

function frontMatterOf(text: string, contentStart: number, contentEnd: number, end: number): FrontMatter | FrontMatterProblem | undefined {
  const content = text.slice(contentStart, contentEnd);
  let events: Event[];
  try {
    events = parseEvents(content, { maxDepth: MAX_DEPTH });
  } catch (error) {
    if (!ID_FIELD.test(content)) {
      return undefined;
    }
    const reason = error instanceof Error ? error.message.split('\n')[0]!.replace(/ \(\d+:\d+\)$/, '') : String(error);
    const position = (error as { mark?: { position?: unknown } }).mark?.position;
    return { type: 'problem', message: `The YAML front matter could not be read (${reason}), so its id: defines no item`, offset: contentStart + (typeof position === 'number' ? position : 0) };
  }
  const fields = fieldsOf(events, content, contentStart);
  return fields && { type: 'front matter', start: 0, end, fields };
}

/** The fields of a document whose root is a mapping; undefined for any other root. An empty document has none. */
function fieldsOf(events: readonly Event[], content: string, offset: number): FrontMatterField[] | undefined {
  if (events.length === 0) {
    return [];
  }
  if (events[1]?.type !== EVENT_ID.MAPPING) {
    return undefined;
  }
  const fields: FrontMatterField[] = [];
  // events: DOCUMENT, MAPPING, then key and value nodes in turn, POP (mapping), POP (document).
  for (let at = 2; at < events.length && events[at]!.type !== EVENT_ID.POP; ) {
    const keyEvent = events[at]!;
    const valueAt = skipNode(events, at);
    const values: FrontMatterValue[] = [];
    const valueEvent = events[valueAt];
    if (valueEvent?.type === EVENT_ID.SCALAR) {
      values.push(valueOf(content, offset, valueEvent));
    } else if (valueEvent?.type === EVENT_ID.SEQUENCE) {
      for (let item = valueAt + 1; item < events.length && events[item]!.type !== EVENT_ID.POP; item = skipNode(events, item)) {
        const itemEvent = events[item]!;
        if (itemEvent.type === EVENT_ID.SCALAR) {
          values.push(valueOf(content, offset, itemEvent));
        }
      }
    }
    if (keyEvent.type === EVENT_ID.SCALAR) {
      fields.push({ key: getScalarValue(content, keyEvent), values });
    }
    at = skipNode(events, valueAt);
  }
  return fields;
}

function valueOf(content: string, offset: number, event: Extract<Event, { type: typeof EVENT_ID.SCALAR }>): FrontMatterValue {
  return { value: getScalarValue(content, event), start: offset + event.valueStart, end: offset + event.valueEnd };
}

/** The index of the event after the node that starts at `at` (a scalar, an alias, or a whole collection). */
function skipNode(events: readonly Event[], at: number): number {
  const type = events[at]?.type;
  if (type !== EVENT_ID.SEQUENCE && type !== EVENT_ID.MAPPING) {
    return at + 1;
  }
  let depth = 0;
  for (let index = at; index < events.length; index++) {
    const event = events[index]!;
    if (event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING) {
      depth++;
    } else if (event.type === EVENT_ID.POP && --depth === 0) {
      return index + 1;
    }
  }
  return events.length;
}
