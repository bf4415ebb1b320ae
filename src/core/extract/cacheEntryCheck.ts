import { ITEM_KINDS, type FileContributions, type LinkType, type Position, type Range } from '../model';
import { LineIndex } from '../util/text';

type JsonObject = Readonly<Record<string, unknown>>;

/** Every link type, as a record so that the compiler keeps it complete when {@link LinkType} grows. */
const LINK_TYPES: Readonly<Record<LinkType, true>> = {
  derives: true,
  mitigates: true,
  implements: true,
  verifies: true,
  accepts: true,
  affects: true,
  resolves: true,
  depends: true,
  covers: true,
};

/** What the cache keeps of one document: the hash of the text it was extracted from, and the result. */
export interface CacheEntry {
  readonly hash: string;
  readonly contributions: FileContributions;
}

/**
 * Whether `value`, read from a cache file, is the entry of this very `text` (its `hash`) at `path` and
 * well formed, as {@link isCachedContributions} checks.
 */
export function isCacheEntryFor(value: unknown, path: string, hash: string, text: string): value is CacheEntry {
  return hasExactly(value, ['hash', 'contributions']) && value.hash === hash && isCachedContributions(value.contributions, path, text);
}

/**
 * Whether `value`, read from a cache file, is what the extractors could have produced for `text` at
 * `path`: every field of its declared type, kinds and link types from the known sets, every range inside
 * the text, and every ID written in the text exactly where its location says. A cache is a file anyone
 * can edit; an entry that fails is parsed again instead of trusted, so a malformed one never crashes a run
 * and a forged one can only claim a link where the document itself names the ID.
 */
function isCachedContributions(value: unknown, path: string, text: string): value is FileContributions {
  const check = new EntryCheck(path, new LineIndex(text));
  return (
    hasExactly(value, ['path', 'items', 'links', 'references', 'problems']) &&
    value.path === path &&
    everyOf(value.items, (item) => check.isItem(item)) &&
    everyOf(value.links, (link) => check.isLink(link)) &&
    everyOf(value.references, (reference) => check.isReference(reference)) &&
    everyOf(value.problems, (problem) => check.isProblem(problem))
  );
}

class EntryCheck {
  constructor(
    readonly path: string,
    readonly lines: LineIndex,
  ) {}

  isItem(value: unknown): boolean {
    return (
      hasExactly(value, ['id', 'kind', 'title', 'location', 'sectionRange', 'attributes']) &&
      ITEM_KINDS.includes(value.kind as never) &&
      typeof value.title === 'string' &&
      this.#writesId(value.location, value.id) &&
      this.#isRange(value.sectionRange) &&
      isObject(value.attributes) &&
      Object.values(value.attributes).every((attribute) => typeof attribute === 'string')
    );
  }

  isLink(value: unknown): boolean {
    // JSON drops a `from` that is undefined (a link from a code location).
    if (
      !hasExactly(value, ['type', 'to', 'location', 'inTest'], ['from', 'declaration']) ||
      typeof value.type !== 'string' ||
      !Object.hasOwn(LINK_TYPES, value.type) ||
      (value.from !== undefined && typeof value.from !== 'string') ||
      typeof value.inTest !== 'boolean' ||
      (value.declaration !== undefined && !isDeclaration(value.declaration))
    ) {
      return false;
    }
    // A reversed key's link starts at the ID written (`Resolved by: SR-3`): that ID is where it points.
    const reversed = isObject(value.declaration) && value.declaration.reversed === true;
    return this.#writesId(value.location, reversed ? value.from : value.to);
  }

  isReference(value: unknown): boolean {
    return hasExactly(value, ['id', 'location']) && this.#writesId(value.location, value.id);
  }

  isProblem(value: unknown): boolean {
    return hasExactly(value, ['message', 'range']) && typeof value.message === 'string' && this.#isRange(value.range);
  }

  /** A location in this file on one line, where the text reads exactly `id`. */
  #writesId(location: unknown, id: unknown): boolean {
    if (typeof id !== 'string' || id === '' || !hasExactly(location, ['path', 'range']) || location.path !== this.path || !this.#isRange(location.range)) {
      return false;
    }
    const { start, end } = location.range;
    const lineStart = this.lines.lineStart(start.line);
    return start.line === end.line && this.lines.text.slice(lineStart + start.character, lineStart + end.character) === id;
  }

  /** Two positions in order, each on a line of the text and not past its end. */
  #isRange(value: unknown): value is Range {
    if (!hasExactly(value, ['start', 'end']) || !isPosition(value.start) || !isPosition(value.end)) {
      return false;
    }
    const { start, end } = value;
    const isInText = (position: Position) => position.line < this.lines.lineCount && position.character <= this.lines.lineText(position.line).length;
    return isInText(start) && isInText(end) && (start.line < end.line || (start.line === end.line && start.character <= end.character));
  }
}

const DECLARATION_PLACES: readonly unknown[] = ['line', 'cell', 'front matter', 'annotation'];

/** A link's `declaration`: the key as written, where, and `reversed: true` or nothing. */
function isDeclaration(value: unknown): boolean {
  return (
    hasExactly(value, ['key', 'place'], ['reversed']) &&
    typeof value.key === 'string' &&
    DECLARATION_PLACES.includes(value.place) &&
    (value.reversed === undefined || value.reversed === true)
  );
}

function isPosition(value: unknown): value is Position {
  return hasExactly(value, ['line', 'character']) && Number.isSafeInteger(value.line) && Number.isSafeInteger(value.character) && (value.line as number) >= 0 && (value.character as number) >= 0;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with all of `required` and nothing beyond them and `optional`. */
function hasExactly(value: unknown, required: readonly string[], optional: readonly string[] = []): value is JsonObject {
  return isObject(value) && required.every((key) => Object.hasOwn(value, key)) && Object.keys(value).every((key) => required.includes(key) || optional.includes(key));
}

function everyOf(value: unknown, test: (element: unknown) => boolean): boolean {
  return Array.isArray(value) && value.every(test);
}
