import type { FileContributions, ItemDefinition, Link, Range, Reference } from '../model';
import { compareLocations } from '../model';
import { pushTo } from '../util/collections';

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
  /** What each file says about each ID ({@link statementsById}), kept so that a change compares against it. */
  readonly #statements = new Map<string, Map<string, string>>();

  /**
   * Replaces what `contributions.path` contributes and returns the IDs whose rules may now give another
   * answer: the IDs about which the file now says something else, and, where the item an ID names became
   * another kind, changed its attributes or came or went, its direct neighbours (rules look one link away,
   * at the kind there and, for a risk acceptance, at its approval and expiry).
   */
  setFile(contributions: FileContributions): Set<string> {
    return this.#replace(contributions.path, contributions);
  }

  /** Removes a file's contributions; returns the changed IDs as {@link setFile} does. */
  removeFile(path: string): Set<string> {
    return this.#replace(path, undefined);
  }

  #replace(path: string, contributions: FileContributions | undefined): Set<string> {
    const previous = this.#files.get(path);
    const was = previous ? (this.#statements.get(path) ?? statementsById(previous)) : new Map<string, string>();
    const is = contributions ? statementsById(contributions) : new Map<string, string>();
    const changed = idsSaidOtherwise(was, is);
    if (contributions) {
      this.#statements.set(path, is);
    } else {
      this.#statements.delete(path);
    }
    // An ID whose statements in this file are unchanged kept its definition here, and so its kind and attributes.
    const definedIds = new Set([...(previous?.items ?? []), ...(contributions?.items ?? [])].map((item) => item.id).filter((id) => changed.has(id)));
    const before = new Map([...definedIds].map((id) => [id, ruleFacts(this.item(id))]));
    if (previous) {
      this.#unindex(previous);
      this.#files.delete(path);
    }
    if (contributions) {
      this.#files.set(path, contributions);
      this.#index(contributions);
    }
    for (const id of definedIds) {
      if (before.get(id) !== ruleFacts(this.item(id))) {
        this.#addNeighbours(id, changed);
      }
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

  /** Every ID that is defined, at either end of a link, or mentioned. */
  allIds(): Set<string> {
    return new Set([...this.#definitions.keys(), ...this.#incoming.keys(), ...this.#outgoing.keys(), ...this.#references.keys()]);
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

  #addNeighbours(id: string, into: Set<string>): void {
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

/** What rules one link away read of an item: its kind and attributes; undefined when it is not defined. */
function ruleFacts(item: ItemDefinition | undefined): string | undefined {
  return item && `${item.kind} ${JSON.stringify(item.attributes)}`;
}

/** The IDs about which two versions of a file say something different (also only in position). */
function idsSaidOtherwise(was: ReadonlyMap<string, string>, is: ReadonlyMap<string, string>): Set<string> {
  const changed = new Set<string>();
  for (const [id, statement] of is) {
    if (was.get(id) !== statement) {
      changed.add(id);
    }
  }
  for (const id of was.keys()) {
    if (!is.has(id)) {
      changed.add(id);
    }
  }
  return changed;
}

/** What a file says about each ID, as one comparable string per ID. */
function statementsById(file: FileContributions): Map<string, string> {
  const statements = new Map<string, string>();
  const add = (id: string, statement: string): void => {
    statements.set(id, `${statements.get(id) ?? ''}${statement}\n`);
  };
  for (const item of file.items) {
    const { kind, title, attributes, location, sectionRange } = item;
    add(item.id, `defines ${kind} ${rangeKey(location.range)} ${rangeKey(sectionRange)} ${title} ${JSON.stringify(attributes)}`);
  }
  for (const link of file.links) {
    // The declaration's words are part of what the file says: an unknown reference's message quotes them.
    const statement = `${link.from ?? ''} ${link.type} ${link.to} ${rangeKey(link.location.range)} ${link.inTest} ${link.declaration?.place ?? ''}:${link.declaration?.key ?? ''}`;
    add(link.to, statement);
    if (link.from !== undefined) {
      add(link.from, statement);
    }
  }
  for (const reference of file.references) {
    add(reference.id, `mentioned ${rangeKey(reference.location.range)}`);
  }
  return statements;
}

function rangeKey({ start, end }: Range): string {
  return `${start.line}:${start.character}-${end.line}:${end.character}`;
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
