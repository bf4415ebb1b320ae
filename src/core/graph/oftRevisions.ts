import type { FileContributions } from '../model';
import { parseOftId, unrevisedOftId } from '../extract/oftIds';

/** Counts of IDs under one key (an OpenFastTrace ID without its revision). */
type Counts = Map<string, Map<string, number>>;

/**
 * The revisions of every OpenFastTrace item: a coverage link to `dsn~x~1` is outdated when `dsn~x~2` is
 * defined, so defining or removing one revision changes the findings of links to the others. Those links
 * are not neighbours in the graph, so this tracker says which IDs to re-check when a revision comes or goes.
 */
export class OftRevisions {
  /** Per file: the OpenFastTrace IDs it defines, and those its coverage links name. */
  readonly #byPath = new Map<string, { readonly defined: readonly string[]; readonly covered: readonly string[] }>();
  readonly #defined: Counts = new Map();
  readonly #covered: Counts = new Map();

  /**
   * Takes a file's new contributions (undefined: gone); returns the covered IDs whose other revisions came or
   * went, whose findings may therefore have changed.
   */
  update(path: string, contributions: FileContributions | undefined): string[] {
    const before = this.#byPath.get(path) ?? { defined: [], covered: [] };
    const after = {
      defined: (contributions?.items ?? []).filter((item) => item.kind === 'specification').map((item) => item.id),
      covered: (contributions?.links ?? []).filter((link) => link.type === 'covers').map((link) => link.to),
    };
    if (after.defined.length > 0 || after.covered.length > 0) {
      this.#byPath.set(path, after);
    } else {
      this.#byPath.delete(path);
    }
    count(this.#defined, before.defined, -1);
    count(this.#defined, after.defined, 1);
    count(this.#covered, before.covered, -1);
    count(this.#covered, after.covered, 1);
    const definedBefore = new Set(before.defined);
    const definedAfter = new Set(after.defined);
    const changedKeys = new Set(
      [...before.defined.filter((id) => !definedAfter.has(id)), ...after.defined.filter((id) => !definedBefore.has(id))].flatMap((id) => keyOf(id) ?? []),
    );
    return [...changedKeys].flatMap((key) => [...(this.#covered.get(key)?.keys() ?? [])]);
  }

  /** The revisions of `id`'s item that are defined, other than `id` itself, as IDs. */
  otherRevisions(id: string): string[] {
    const key = keyOf(id);
    return key === undefined ? [] : [...(this.#defined.get(key)?.keys() ?? [])].filter((other) => other !== id);
  }
}

function keyOf(id: string): string | undefined {
  const parsed = parseOftId(id);
  return parsed && unrevisedOftId(parsed);
}

function count(counts: Counts, ids: readonly string[], by: 1 | -1): void {
  for (const id of ids) {
    const key = keyOf(id);
    if (key === undefined) {
      continue;
    }
    const ofKey = counts.get(key) ?? new Map<string, number>();
    const next = (ofKey.get(id) ?? 0) + by;
    if (next > 0) {
      ofKey.set(id, next);
    } else {
      ofKey.delete(id);
    }
    if (ofKey.size > 0) {
      counts.set(key, ofKey);
    } else {
      counts.delete(key);
    }
  }
}
