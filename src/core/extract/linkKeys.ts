import type { LinkType } from '../model';

/**
 * The keys that declare links in documents (`Mitigates: TM-3`) and in table headers, lower-cased,
 * mapped to the link they declare.
 */
const LINK_KEYS: ReadonlyMap<string, LinkType> = new Map([
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
 * Keys that declare a link the other way round: a vulnerability record's `Resolved by: SR-3` says that
 * SR-3 resolves it, as the requirement's own `Resolves:` line would.
 */
const REVERSED_LINK_KEYS: ReadonlyMap<string, LinkType> = new Map([['resolved by', 'resolves']]);

const normalizedKey = (key: string) => key.trim().toLowerCase().replace(/\s+/g, ' ');

/** The link a key declares (`"Derives from"` → `derives`), or undefined when the key is not a link key. */
export function linkTypeOfKey(key: string): LinkType | undefined {
  return LINK_KEYS.get(normalizedKey(key));
}

/** The link a key declares and whether it points from the ID written to the section's item (`Resolved by:`). */
export function linkOfKey(key: string): { readonly type: LinkType; readonly reversed: boolean } | undefined {
  const type = linkTypeOfKey(key);
  const reversed = type ? undefined : REVERSED_LINK_KEYS.get(normalizedKey(key));
  return type ? { type, reversed: false } : reversed ? { type: reversed, reversed: true } : undefined;
}

/** The annotation verbs written in code comments (`@implements SR-12`). */
export const ANNOTATION_VERBS: ReadonlyMap<string, LinkType> = new Map([
  ['implements', 'implements'],
  ['verifies', 'verifies'],
  ['mitigates', 'mitigates'],
]);
