/**
 * sphinx-needs, wherever they are written — a `needs.json` export, reStructuredText or MyST directives: each
 * need of a traced type becomes an item of its type's kind, located at its ID, and each ID its link options
 * name becomes a link (or a plain reference) as the `needs.links` setting says. The readers find where
 * each part is written; {@link NeedCollector} turns that into contributions.
 */
import type { ItemDefinition, ItemKind, Link, Range, Reference } from '../model';
import type { IdMatcher } from '../config/ids';
import { linkMeaning, type NeedsReading } from '../config/needsSettings';

/** An ID named by a link option of a need, as written, and where. */
export interface NeedTarget {
  readonly option: string;
  readonly id: string;
  readonly range: Range;
}

/** A need as a reader found it. */
export interface WrittenNeed {
  readonly id: string;
  /** Where the ID is written: the `:id:` value, the `id` of the export. */
  readonly idRange: Range;
  /** The need type: the directive's name, the export's `type`. */
  readonly type: string;
  readonly title: string;
  readonly sectionRange: Range;
  readonly attributes: Readonly<Record<string, string>>;
  readonly targets: readonly NeedTarget[];
}

/** What a need reader needs besides the file. */
export interface NeedsContext {
  readonly needs: NeedsReading;
  readonly matcher: IdMatcher;
  readonly isTest: boolean;
}

/** The items, links and references of the needs of one file. */
export class NeedCollector {
  readonly items: ItemDefinition[] = [];
  readonly links: Link[] = [];
  readonly references: Reference[] = [];

  constructor(
    readonly path: string,
    readonly context: NeedsContext,
  ) {}

  /** The kind a need type is traced as; undefined for a type the configuration does not trace. */
  kindOf(type: string): ItemKind | undefined {
    const types = this.context.needs.types;
    return Object.hasOwn(types, type) ? types[type] : undefined;
  }

  /** Whether an option of a need written in a document is a link option (the others are attributes). */
  isLinkOption(option: string): boolean {
    return Object.hasOwn(this.context.needs.links, option);
  }

  /** Adds a need of a traced type; a need of another type is left out. */
  add(need: WrittenNeed): void {
    const kind = this.kindOf(need.type);
    if (!kind) {
      return;
    }
    const location = { path: this.path, range: need.idRange };
    this.items.push({ id: need.id, kind, title: need.title, location, sectionRange: need.sectionRange, attributes: { 'need type': need.type, ...need.attributes } });
    for (const target of need.targets) {
      const { id, range } = this.#needOf(target);
      const meaning = linkMeaning(this.context.needs, target.option, kind) ?? 'reference';
      const at = { path: this.path, range };
      if (meaning === 'reference') {
        this.references.push({ id, location: at });
      } else {
        this.links.push({ type: meaning, from: need.id, to: id, location: at, inTest: this.context.isTest });
      }
    }
  }

  /**
   * A link to a need part (`REQ_001.2`) is a link to its need (`REQ_001`), unless the whole is an ID of a
   * configured pattern (`SR-1.2` under `SR-\d+(?:\.\d+)*`).
   */
  #needOf(target: NeedTarget): { id: string; range: Range } {
    const dot = target.id.indexOf('.');
    if (dot <= 0 || this.context.matcher.kindOf(target.id) !== undefined) {
      return target;
    }
    const start = target.range.start;
    return { id: target.id.slice(0, dot), range: { start, end: { line: start.line, character: start.character + dot } } };
  }
}

/** One ID in an option's value, with its offset in the document. */
export interface IdToken {
  readonly id: string;
  readonly offset: number;
}

/** Characters that separate IDs in a value: sphinx-needs splits on `,` and `;`; YAML adds brackets, quotes and `- `. */
const VALUE_TOKEN = /[^\s,;[\]'"]+/g;
/** What a need ID looks like: dynamic functions (`[[copy("id")]]`) and list markers are not IDs. */
const NEED_ID = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u;

/** The IDs written in an option's value, which starts at `offset` of the document. */
export function idsInValue(value: string, offset: number): IdToken[] {
  return [...value.matchAll(VALUE_TOKEN)].filter((match) => NEED_ID.test(match[0])).map((match) => ({ id: match[0], offset: offset + match.index }));
}

/** Whether a written value can be a need's ID. */
export function isNeedId(value: string): boolean {
  return NEED_ID.test(value);
}

/** An option's name as an attribute key, written like the keys of Markdown documents: `approved_by` → `approved by`. */
export function attributeName(option: string): string {
  return option.toLowerCase().replace(/[_-]+/g, ' ').trim();
}

/** Options that only say how a need is shown, which say nothing about what it is. */
export const DISPLAY_OPTIONS: ReadonlySet<string> = new Set(['collapse', 'hide', 'layout', 'style', 'template', 'pre_template', 'post_template', 'jinja_content', 'delete']);
