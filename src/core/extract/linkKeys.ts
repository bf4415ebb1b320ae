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

/** The link a key declares (`"Derives from"` → `derives`), or undefined when the key is not a link key. */
export function linkTypeOfKey(key: string): LinkType | undefined {
  return LINK_KEYS.get(key.trim().toLowerCase().replace(/\s+/g, ' '));
}

/** The annotation verbs written in code comments (`@implements SR-12`). */
export const ANNOTATION_VERBS: ReadonlyMap<string, LinkType> = new Map([
  ['implements', 'implements'],
  ['verifies', 'verifies'],
  ['mitigates', 'mitigates'],
]);
