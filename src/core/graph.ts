import type { FileContributions, ItemDefinition, Link, Reference } from './model';
import { compareLocations } from './model';
import { pushTo } from './collections';

/**
 * The traceability graph: every file's contributions, indexed by ID. Replacing one file's contributions
 * is incremental and says which IDs changed, so callers re-check only those.
 */
export class TraceGraph {
  readonly #files = new Map<string, FileContributions>();
  readonly #definitions = new Map<string, ItemDefinition[]>();
  readonly #incoming = new Map<string, Link[]>();
  readonly #outgoing = new Map<string, Link[]>();
  readonly #references = new Map<string, Reference[]>();

  /**
   * Replaces what `contributions.path` contributes and returns the IDs whose rules may now give another
   * answer: every ID the file named before or after, and their direct neighbours (rules look one link away).
   */
  setFile(contributions: FileContributions): Set<string> {
    const previous = this.#files.get(contributions.path);
    const changed = new Set<string>();
    if (previous) {
      this.#collectTouched(previous, changed);
      this.#unindex(previous);
    }
    this.#files.set(contributions.path, contributions);
    this.#index(contributions);
    this.#collectTouched(contributions, changed);
    return changed;
  }

  /** Removes a file's contributions; returns the changed IDs as {@link setFile} does. */
  removeFile(path: string): Set<string> {
    const previous = this.#files.get(path);
    const changed = new Set<string>();
    if (previous) {
      this.#collectTouched(previous, changed);
      this.#unindex(previous);
      this.#files.delete(path);
    }
    return changed;
  }

  file(path: string): FileContributions | undefined {
    return this.#files.get(path);
  }

  files(): IterableIterator<FileContributions> {
    return this.#files.values();
  }

  get fileCount(): number {
    return this.#files.size;
  }

  /** Definitions of an ID in a stable order (path, then position): the first is the one that counts. */
  definitions(id: string): readonly ItemDefinition[] {
    return this.#definitions.get(id) ?? [];
  }

  /** The first definition of an ID, or undefined when it is not defined. */
  item(id: string): ItemDefinition | undefined {
    return this.#definitions.get(id)?.[0];
  }

  /** Every defined ID. */
  ids(): IterableIterator<string> {
    return this.#definitions.keys();
  }

  /** Every ID that is defined, linked to or mentioned. */
  allIds(): Set<string> {
    return new Set([...this.#definitions.keys(), ...this.#incoming.keys(), ...this.#references.keys()]);
  }

  /** Links that point at an ID. */
  incoming(id: string): readonly Link[] {
    return this.#incoming.get(id) ?? [];
  }

  /** Links declared in an item's section. */
  outgoing(id: string): readonly Link[] {
    return this.#outgoing.get(id) ?? [];
  }

  /** Plain mentions of an ID. */
  references(id: string): readonly Reference[] {
    return this.#references.get(id) ?? [];
  }

  #index(file: FileContributions): void {
    for (const item of file.items) {
      insertSorted(this.#definitions, item.id, item);
    }
    for (const link of file.links) {
      pushTo(this.#incoming, link.to, link);
      if (link.from !== undefined) {
        pushTo(this.#outgoing, link.from, link);
      }
    }
    for (const reference of file.references) {
      pushTo(this.#references, reference.id, reference);
    }
  }

  #unindex(file: FileContributions): void {
    const path = file.path;
    for (const id of new Set(file.items.map((item) => item.id))) {
      removeFrom(this.#definitions, id, path);
    }
    for (const id of new Set(file.links.map((link) => link.to))) {
      removeFrom(this.#incoming, id, path);
    }
    for (const id of new Set(file.links.flatMap((link) => (link.from === undefined ? [] : [link.from])))) {
      removeFrom(this.#outgoing, id, path);
    }
    for (const id of new Set(file.references.map((reference) => reference.id))) {
      removeFrom(this.#references, id, path);
    }
  }

  #collectTouched(file: FileContributions, into: Set<string>): void {
    const direct = new Set<string>();
    for (const item of file.items) {
      direct.add(item.id);
    }
    for (const link of file.links) {
      direct.add(link.to);
      if (link.from !== undefined) {
        direct.add(link.from);
      }
    }
    for (const reference of file.references) {
      direct.add(reference.id);
    }
    for (const id of direct) {
      into.add(id);
      for (const link of this.incoming(id)) {
        if (link.from !== undefined) {
          into.add(link.from);
        }
      }
      for (const link of this.outgoing(id)) {
        into.add(link.to);
      }
    }
  }
}


function insertSorted(map: Map<string, ItemDefinition[]>, key: string, item: ItemDefinition): void {
  pushTo(map, key, item);
  const list = map.get(key)!;
  if (list.length > 1) {
    list.sort((a, b) => compareLocations(a.location, b.location));
  }
}

/** Drops a file's entries under one key. */
function removeFrom<T extends { readonly location: { readonly path: string } }>(map: Map<string, T[]>, key: string, path: string): void {
  const list = map.get(key);
  if (!list) {
    return;
  }
  const kept = list.filter((entry) => entry.location.path !== path);
  if (kept.length === 0) {
    map.delete(key);
  } else if (kept.length !== list.length) {
    map.set(key, kept);
  }
}
