/**
 * The support status of an SBOM component, as FDA's premarket guidance asks for each one: its level of
 * support and its end-of-support date. SBOMs write both as free-text properties under many names and in many
 * words (`Level of Support: Inactive`, `cdx:lifecycle:milestone:endOfSupport: 2027-06-30`,
 * `End of Support: Until hardware support ends`); this module reduces them to a few values the rules can use.
 */
import type { ItemDefinition } from '../model';
import { isIsoDate, isoDatePart } from '../util/dates';

/** A component's level of support, in the four values rules tell apart. */
export type SupportLevel = 'actively maintained' | 'no longer maintained' | 'abandoned' | 'unknown';

/**
 * A component's end of support: a date; ended (with the date, when a date before `today` said so); a text that
 * stands in for a date ("Open source", "Until hardware support ends"); or nothing usable.
 */
export type EndOfSupport =
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'ended'; readonly date?: string }
  | { readonly kind: 'justified'; readonly text: string }
  | { readonly kind: 'missing' };

/** What {@link componentSupportOf} found on a component: the values understood and the texts they came from. */
export interface ComponentSupport {
  readonly level: SupportLevel;
  readonly levelRaw: string | undefined;
  readonly endOfSupport: EndOfSupport;
  readonly eosRaw: string | undefined;
}

/** Property names that give the level of support, compared by {@link propertyKey}. */
export const DEFAULT_LEVEL_PROPERTIES: readonly string[] = ['level of support', 'support level'];
/** Property names that give the end of support, compared by {@link propertyKey}. */
export const DEFAULT_END_OF_SUPPORT_PROPERTIES: readonly string[] = ['end of support', 'end-of-support', 'endOfSupport', 'end of support date', 'eos'];

const LEVEL_WORDS: Readonly<Record<Exclude<SupportLevel, 'unknown'>, readonly string[]>> = {
  'actively maintained': ['actively maintained', 'active', 'maintained'],
  'no longer maintained': ['no longer maintained', 'inactive', 'deprecated', 'end of life', 'eol', 'unmaintained'],
  abandoned: ['abandoned'],
};
const LEVELS = new Map<string, SupportLevel>(
  Object.entries(LEVEL_WORDS).flatMap(([level, words]) => words.map((word) => [squeeze(word), level as SupportLevel] as const)),
);

const ENDED_WORDS = new Set(['no longer supported', 'not supported', 'unsupported', 'ended', 'end of life', 'eol', 'eos', 'expired'].map(squeeze));
const MISSING_WORDS = new Set(['unknown', 'n/a', 'none', 'tbd', ''].map(squeeze));

/** Lower case without spaces, hyphens and underscores: `End-of_Life` and `end of life` compare equal. */
function squeeze(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * A level of support as written, understood: "Actively maintained", "active" and "maintained" are actively
 * maintained; "no longer maintained", "inactive", "deprecated", "end of life", "EOL" and "unmaintained" are no
 * longer maintained; "abandoned" is abandoned; anything else, an empty value included, is unknown. Case,
 * spaces, hyphens and underscores do not count.
 */
export function supportLevel(raw: string | undefined): SupportLevel {
  return LEVELS.get(squeeze(raw ?? '')) ?? 'unknown';
}

/**
 * An end of support as written, understood. A date is a date: `YYYY-MM-DD` or a date-time (its date counts);
 * `YYYY-MM` means the last day of that month and `YYYY` the last day of that year, the day support still
 * lasts. With `today` (`YYYY-MM-DD`), a date before it has ended. "No longer supported", "not supported",
 * "unsupported", "ended", "end of life", "EOL", "EOS" and "expired" have ended; "unknown", "n/a", "none", "tbd"
 * and an empty value are missing; any other text stands in for a date, as its justification.
 */
export function endOfSupport(raw: string | undefined, today?: string): EndOfSupport {
  const text = raw?.trim() ?? '';
  const date = calendarDate(text);
  if (date !== undefined) {
    return today !== undefined && isIsoDate(today) && date < today ? { kind: 'ended', date } : { kind: 'date', date };
  }
  const words = squeeze(text);
  if (ENDED_WORDS.has(words)) {
    return { kind: 'ended' };
  }
  return MISSING_WORDS.has(words) ? { kind: 'missing' } : { kind: 'justified', text };
}

/** The last day a date written as `YYYY-MM-DD`, a date-time, `YYYY-MM` or `YYYY` covers. */
function calendarDate(text: string): string | undefined {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month) {
    const [year, monthNumber] = [Number(month[1]), Number(month[2])];
    // Day 0 of the next month is the last day of this one.
    const lastDay = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    return monthNumber >= 1 && monthNumber <= 12 ? `${month[1]}-${month[2]}-${String(lastDay).padStart(2, '0')}` : undefined;
  }
  return /^\d{4}$/.test(text) ? `${text}-12-31` : isoDatePart(text);
}

/**
 * A property name reduced for comparison: without a namespace (everything up to the last `:`), in lower case,
 * without spaces, hyphens and underscores. `acme:End-of-Support` and `cdx:lifecycle:milestone:endOfSupport`
 * both become `endofsupport`.
 */
export function propertyKey(name: string): string {
  return squeeze(name.slice(name.lastIndexOf(':') + 1));
}

/**
 * The support status of a component item, from its attributes (an SBOM component's properties, lower-cased),
 * matched by {@link propertyKey}: the first of `levelNames` that the item has gives the level, the first of
 * `eosNames` the end of support.
 */
export function componentSupportOf(
  item: ItemDefinition,
  levelNames: readonly string[] = DEFAULT_LEVEL_PROPERTIES,
  eosNames: readonly string[] = DEFAULT_END_OF_SUPPORT_PROPERTIES,
): ComponentSupport {
  const byKey = new Map<string, string>();
  for (const [name, value] of Object.entries(item.attributes)) {
    const key = propertyKey(name);
    if (!byKey.has(key)) {
      byKey.set(key, value);
    }
  }
  const first = (names: readonly string[]) => names.map((name) => byKey.get(propertyKey(name))).find((value) => value !== undefined);
  const levelRaw = first(levelNames);
  const eosRaw = first(eosNames);
  const eos = endOfSupport(eosRaw);
  // A support addendum's Justification column stands in for a missing end-of-support date, as FDA allows.
  const justification = byKey.get('justification')?.trim();
  return { level: supportLevel(levelRaw), levelRaw, endOfSupport: eos.kind === 'missing' && justification ? { kind: 'justified', text: justification } : eos, eosRaw };
}
