/**
 * The sphinx-needs settings of `jsp-trace.jsonc` and their defaults: which need types are which kinds of item,
 * and what each link option means. Kept apart from the parser ({@link parseNeeds} in needsConfig.ts) so
 * that the defaults have no runtime imports and can sit in `DEFAULT_CONFIG`.
 */
import type { ItemKind, JspKind, LinkType } from '../model';

/** What a link option of a need makes of each ID it names: a link of ours, or a plain reference. */
export type NeedLinkMeaning = Exclude<LinkType, 'depends'> | 'reference';

/** The meanings a link option may take, in the order the schema lists them. */
export const NEED_LINK_MEANINGS: readonly NeedLinkMeaning[] = ['derives', 'mitigates', 'implements', 'verifies', 'accepts', 'affects', 'resolves', 'reference'];

/**
 * One meaning for every need, or one per kind of the need that declares the link (a test's `links`
 * verify, a control's implement); a kind left out makes plain references.
 */
export type NeedLinkSetting = NeedLinkMeaning | Readonly<Partial<Record<ItemKind, NeedLinkMeaning>>>;

/** A need type traced as a kind, optionally with the ID pattern of its needs (added to the kind's patterns). */
export interface NeedTypeSetting {
  readonly kind: JspKind;
  readonly pattern?: string;
}

/** The `needs` setting: where exports are, the need types traced (null: not traced) and the link options read. */
export interface NeedsConfig {
  /** Globs of JSON files read as sphinx-needs exports (`needs.json`) when their content says so. */
  readonly exports: readonly string[];
  readonly types: Readonly<Record<string, NeedTypeSetting | null>>;
  readonly links: Readonly<Record<string, NeedLinkSetting>>;
}

/** The generic `links` of sphinx-needs say nothing of their meaning; the declaring need's kind decides. */
const GENERIC_LINK: NeedLinkSetting = { test: 'verifies', control: 'implements', requirement: 'derives', risk: 'accepts' };

/**
 * sphinx-needs' default types (req, spec, impl, test), their long names, and the JSP kinds by their own
 * names; the link options of sphinx-needs' documentation and of projects that trace with it.
 */
export const DEFAULT_NEEDS: NeedsConfig = {
  exports: ['**/*.json'],
  types: {
    req: { kind: 'requirement' },
    requirement: { kind: 'requirement' },
    spec: { kind: 'control' },
    specification: { kind: 'control' },
    impl: { kind: 'control' },
    implementation: { kind: 'control' },
    test: { kind: 'test' },
    testcase: { kind: 'test' },
    test_case: { kind: 'test' },
    objective: { kind: 'objective' },
    misuse: { kind: 'misuse' },
    threat: { kind: 'threat' },
    control: { kind: 'control' },
    vulnerability: { kind: 'vulnerability' },
  },
  links: {
    links: GENERIC_LINK,
    satisfies: { requirement: 'derives', control: 'implements' },
    derives: 'derives',
    derives_from: 'derives',
    derived_from: 'derives',
    refines: 'derives',
    implements: 'implements',
    realizes: 'implements',
    realises: 'implements',
    fulfils: 'implements',
    fulfills: 'implements',
    verifies: 'verifies',
    tests: 'verifies',
    validates: 'verifies',
    mitigates: 'mitigates',
    accepts: 'accepts',
    affects: 'affects',
    resolves: 'resolves',
  },
};

/** What the readers need of the setting: the traced types by name, and the link options. */
export interface NeedsReading {
  readonly types: Readonly<Record<string, JspKind>>;
  readonly links: Readonly<Record<string, NeedLinkSetting>>;
}

/** The setting as the readers take it: types set to null left out. */
export function needsReading(needs: NeedsConfig): NeedsReading {
  const types: Record<string, JspKind> = {};
  for (const [type, setting] of Object.entries(needs.types)) {
    if (setting) {
      types[type] = setting.kind;
    }
  }
  return { types, links: needs.links };
}

/** What an ID named in a link option means for a need of `kind`; undefined when the option is not a link option. */
export function linkMeaning(reading: NeedsReading, option: string, kind: ItemKind): NeedLinkMeaning | undefined {
  const setting = Object.hasOwn(reading.links, option) ? reading.links[option] : undefined;
  if (setting === undefined || typeof setting === 'string') {
    return setting;
  }
  return setting[kind] ?? 'reference';
}

/**
 * The kinds' ID patterns with each need type's `pattern` added to its kind's, so that code and documents
 * find need IDs (`@verifies REQ_001`) as IDs of that kind. Unchanged when no type has a pattern.
 */
export function kindsWithNeedPatterns<K extends Readonly<Record<JspKind, { readonly pattern: string }>>>(kinds: K, needs: NeedsConfig): K {
  const added = new Map<JspKind, string[]>();
  for (const setting of Object.values(needs.types)) {
    if (setting?.pattern !== undefined) {
      added.set(setting.kind, [...(added.get(setting.kind) ?? []), setting.pattern]);
    }
  }
  if (added.size === 0) {
    return kinds;
  }
  const result: Record<string, { readonly pattern: string }> = { ...kinds };
  for (const [kind, patterns] of added) {
    result[kind] = { pattern: [kinds[kind].pattern, ...new Set(patterns)].map((pattern) => `(?:${pattern})`).join('|') };
  }
  return result as K;
}
