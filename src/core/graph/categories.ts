/**
 * FDA's security control categories (premarket cybersecurity guidance, section V.B.1 and Appendix 1), and
 * how a `Category:` line of a requirement or control names them.
 */
import type { ItemDefinition } from '../model';
import { editDistance } from '../editor/closestIds';

/** The eight categories, spelled as the guidance does: these are the items of `control-category-empty`. */
export const FDA_CATEGORIES: readonly string[] = [
  'Authentication',
  'Authorization',
  'Cryptography',
  'Code, Data and Execution Integrity',
  'Confidentiality',
  'Event Detection and Logging',
  'Resiliency and Recovery',
  'Updatability and Patchability',
];

/** The kinds whose `Category:` lines count. */
export const CATEGORIZED_KINDS: readonly string[] = ['requirement', 'control'];

/** Lower case, `&` and `+` as "and", punctuation as spaces: "Code, data & execution integrity" → "code data and execution integrity". */
function normalized(text: string): string {
  return text
    .toLowerCase()
    .replace(/[&+]/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const BY_KEY: ReadonlyMap<string, string> = new Map(FDA_CATEGORIES.map((name) => [normalized(name), name]));

/** What one `Category:` value names: the categories recognised, and the parts that are none of them. */
export interface ParsedCategories {
  readonly known: readonly string[];
  readonly unknown: readonly string[];
}

/**
 * Splits a `Category:` value at its commas and semicolons, but tries the longest run of parts as one name
 * first, because "Code, Data and Execution Integrity" has a comma of its own.
 */
export function parseCategories(value: string): ParsedCategories {
  const parts = value.split(/[,;]/);
  const known: string[] = [];
  const unknown: string[] = [];
  let start = 0;
  while (start < parts.length) {
    let end = parts.length;
    while (end > start && !BY_KEY.has(normalized(parts.slice(start, end).join(',')))) {
      end--;
    }
    if (end > start) {
      const name = BY_KEY.get(normalized(parts.slice(start, end).join(',')))!;
      if (!known.includes(name)) {
        known.push(name);
      }
      start = end;
      continue;
    }
    const part = parts[start]!.trim();
    if (normalized(part) !== '') {
      unknown.push(part);
    }
    start++;
  }
  return { known, unknown };
}

/** The categories an item declares, when it is a requirement or control with a `Category:` line. */
export function categoriesOf(item: ItemDefinition | undefined): ParsedCategories {
  const value = item && CATEGORIZED_KINDS.includes(item.kind) ? item.attributes['category'] : undefined;
  return value === undefined ? { known: [], unknown: [] } : parseCategories(value);
}

/**
 * Words people write for a category that spelling alone would not lead to ("Privacy" is one letter from
 * nothing in the list): a value that contains one ranks its category first.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  privacy: 'Confidentiality',
  phi: 'Confidentiality',
  secrecy: 'Confidentiality',
  encryption: 'Cryptography',
  crypto: 'Cryptography',
  signing: 'Code, Data and Execution Integrity',
  tamper: 'Code, Data and Execution Integrity',
  audit: 'Event Detection and Logging',
  monitoring: 'Event Detection and Logging',
  availability: 'Resiliency and Recovery',
  resilience: 'Resiliency and Recovery',
  update: 'Updatability and Patchability',
  patching: 'Updatability and Patchability',
  access: 'Authorization',
  permissions: 'Authorization',
  identity: 'Authentication',
  login: 'Authentication',
};

/** The category names closest to an unknown value, best first: a known synonym, else by edit distance of the normalised text. */
export function closestCategories(value: string, limit = 2): string[] {
  const key = normalized(value);
  const synonyms = new Set(key.split(' ').flatMap((word) => (Object.hasOwn(SYNONYMS, word) ? [SYNONYMS[word]!] : [])));
  return FDA_CATEGORIES.map((name) => {
    if (synonyms.has(name)) {
      return [name, -1] as const;
    }
    const words = normalized(name).split(' ');
    // A value that is one word of a name ("Integrity", "Logging") is as close as it gets.
    const distance = words.includes(key) ? 0 : Math.min(editDistance(key, normalized(name)), ...words.map((word) => editDistance(key, word) + 1));
    return [name, distance] as const;
  })
    .sort((a, b) => a[1] - b[1])
    .slice(0, limit)
    .map(([name]) => name);
}

/**
 * The key under which the index keeps a category's findings: findings are keyed and re-checked by ID, so
 * each category has a pseudo-ID that no ID pattern can match (it contains a space and a colon).
 */
export function categoryKey(name: string): string {
  return `category: ${name}`;
}
