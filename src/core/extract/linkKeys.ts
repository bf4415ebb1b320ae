import type { LinkDeclaration, LinkType } from '../model';

/** The link types a document or comment can declare (`depends` comes from SBOMs only). */
export type DocumentLinkType = Exclude<LinkType, 'depends'>;

/** Every {@link DocumentLinkType}, in the order messages list them. */
export const DOCUMENT_LINK_TYPES: readonly DocumentLinkType[] = ['derives', 'mitigates', 'implements', 'verifies', 'accepts', 'affects', 'resolves'];

/**
 * What an annotation verb in a comment declares. `traces` means `verifies` in a test file and `implements`
 * elsewhere, as LOBSTER's `lobster-trace:` does.
 */
export type AnnotationMeaning = 'implements' | 'verifies' | 'mitigates' | 'traces';

/** Every {@link AnnotationMeaning}, in the order messages list them. */
export const ANNOTATION_MEANINGS: readonly AnnotationMeaning[] = ['implements', 'verifies', 'mitigates', 'traces'];

/** A team's own keys for a link type, on top of the built-in ones: `{ "derives": ["Satisfies"] }`. */
export type LinkKeySynonyms = Readonly<Partial<Record<DocumentLinkType, readonly string[]>>>;

/** A team's own annotation verbs, as written in comments: `{ "verifies": ["@tests"] }`. */
export type AnnotationVerbs = Readonly<Partial<Record<AnnotationMeaning, readonly string[]>>>;

/** How a table that defines items gives each row its title. */
export interface TableConventions {
  /** Header names (case-insensitive) of the column that holds the title. */
  readonly titleColumns: readonly string[];
  /** Without a title column: `second-column` takes the second column's text, `none` only the text after the ID. */
  readonly titleFallback: 'second-column' | 'none';
}

/** The settings of `jsp-trace.jsonc` that change how documents and comments are read. */
export interface ConventionSettings {
  readonly linkKeys: LinkKeySynonyms;
  readonly reversedLinkKeys: LinkKeySynonyms;
  readonly annotationVerbs: AnnotationVerbs;
  readonly tables: TableConventions;
}

/** The table conventions with no configuration: today's behaviour. */
export const DEFAULT_TABLE_CONVENTIONS: TableConventions = { titleColumns: ['Title', 'Name', 'Summary', 'Description'], titleFallback: 'second-column' };

/** A key's link: its type, and whether it points from the ID written to the section's item (`Resolved by:`). */
export interface KeyLink {
  readonly type: DocumentLinkType;
  readonly reversed: boolean;
}

/**
 * The built-in keys that declare links in documents (`Mitigates: TM-3`) and in table headers, normalized
 * ({@link normalizedKey}), mapped to the link they declare.
 */
const BUILT_IN_LINK_KEYS: ReadonlyMap<string, DocumentLinkType> = new Map([
  ['derives from', 'derives'],
  ['derived from', 'derives'],
  ['mitigates', 'mitigates'],
  ['implements', 'implements'],
  ['verifies', 'verifies'],
  ['accepts', 'accepts'],
  ['affects', 'affects'],
  ['resolves', 'resolves'],
]);

/**
 * Built-in keys that declare a link the other way round: a vulnerability record's `Resolved by: SR-3` says
 * that SR-3 resolves it, as the requirement's own `Resolves:` line would.
 */
const BUILT_IN_REVERSED_LINK_KEYS: ReadonlyMap<string, DocumentLinkType> = new Map([['resolved by', 'resolves']]);

/** The built-in annotation verbs written in code comments (`@implements SR-12`). */
export const BUILT_IN_ANNOTATION_VERBS: ReadonlyMap<string, AnnotationMeaning> = new Map([
  ['@implements', 'implements'],
  ['@verifies', 'verifies'],
  ['@mitigates', 'mitigates'],
]);

/** A key as keys are compared: trimmed, lower-cased, runs of spaces as one. */
export const normalizedKey = (key: string): string => key.trim().toLowerCase().replace(/\s+/g, ' ');

/** The link a built-in key declares, in either direction. */
export function builtInLinkOfKey(key: string): KeyLink | undefined {
  const normalized = normalizedKey(key);
  const forward = BUILT_IN_LINK_KEYS.get(normalized);
  const reversed = BUILT_IN_REVERSED_LINK_KEYS.get(normalized);
  return forward ? { type: forward, reversed: false } : reversed ? { type: reversed, reversed: true } : undefined;
}

/** The link a built-in key declares forwards (`"Derives from"` → `derives`), or undefined. */
export function linkTypeOfKey(key: string): LinkType | undefined {
  return BUILT_IN_LINK_KEYS.get(normalizedKey(key));
}

/** One annotation verb found in a comment. */
export interface AnnotationVerbMatch {
  /** Offset of the verb in the text searched. */
  readonly index: number;
  /** The verb as written: `@verifies`, `lobster-trace:`. */
  readonly verb: string;
  readonly meaning: AnnotationMeaning;
  /** What links the verb declares say of it: one object per verb, shared by its links. */
  readonly declaration: LinkDeclaration;
}

/**
 * How a workspace writes traceability, compiled once per configuration: the built-in link keys and
 * annotation verbs with the team's own on top (`linkKeys`, `reversedLinkKeys`, `annotationVerbs`), and
 * how tables give titles (`tables`). Extractors take it from their {@link ExtractContext}.
 */
export class TraceConventions {
  /** The conventions of a workspace without configuration. */
  static readonly builtIn = new TraceConventions({ linkKeys: {}, reversedLinkKeys: {}, annotationVerbs: {}, tables: DEFAULT_TABLE_CONVENTIONS });

  readonly #keys = new Map<string, KeyLink>();
  readonly #verbs = new Map<string, { readonly meaning: AnnotationMeaning; readonly declaration: LinkDeclaration }>();
  readonly #verbPattern: RegExp;
  readonly #titleColumns: ReadonlySet<string>;
  readonly titleFallback: TableConventions['titleFallback'];

  constructor(settings: ConventionSettings) {
    for (const [key, type] of BUILT_IN_LINK_KEYS) {
      this.#keys.set(key, { type, reversed: false });
    }
    for (const [key, type] of BUILT_IN_REVERSED_LINK_KEYS) {
      this.#keys.set(key, { type, reversed: true });
    }
    // The configuration was checked for keys that clash: a configured key never takes a built-in one over.
    for (const [reversed, synonyms] of [[false, settings.linkKeys], [true, settings.reversedLinkKeys]] as const) {
      for (const [type, keys] of Object.entries(synonyms) as [DocumentLinkType, readonly string[]][]) {
        keys.forEach((key) => this.#keys.set(normalizedKey(key), { type, reversed }));
      }
    }
    for (const [verb, meaning] of BUILT_IN_ANNOTATION_VERBS) {
      this.#verbs.set(verb, { meaning, declaration: { key: verb, place: 'annotation' } });
    }
    for (const [meaning, verbs] of Object.entries(settings.annotationVerbs) as [AnnotationMeaning, readonly string[]][]) {
      verbs.forEach((verb) => this.#verbs.set(verb, { meaning, declaration: { key: verb, place: 'annotation' } }));
    }
    // Longest first, so that `@tests-of` is not read as `@tests`; a verb that begins or ends with a word
    // character must stand as a whole word there (`@tests` is not the start of `@testsuite`).
    const alternatives = [...this.#verbs.keys()]
      .sort((a, b) => b.length - a.length)
      .map((verb) => `${/^\w/.test(verb) ? '(?<![\\w-])' : ''}${escapeRegExp(verb)}${/\w$/.test(verb) ? '\\b' : ''}`);
    this.#verbPattern = new RegExp(alternatives.join('|'), 'g');
    this.#titleColumns = new Set(settings.tables.titleColumns.map(normalizedKey));
    this.titleFallback = settings.tables.titleFallback;
  }

  /** The link a key declares (`"Derives from"` → `derives`), or undefined when the key is not a link key. */
  linkOfKey(key: string): KeyLink | undefined {
    return this.#keys.get(normalizedKey(key));
  }

  /** The annotation verbs in `text`, in order. Verbs are matched as written, case and all. */
  annotationVerbs(text: string): AnnotationVerbMatch[] {
    const pattern = this.#verbPattern;
    const verbs: AnnotationVerbMatch[] = [];
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      verbs.push({ index: match.index, verb: match[0], ...this.#verbs.get(match[0])! });
    }
    return verbs;
  }

  /** Whether a table column of this name gives the title of the row's item. */
  isTitleColumn(name: string): boolean {
    return this.#titleColumns.has(normalizedKey(name));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
