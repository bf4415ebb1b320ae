import type { ItemDefinition, Location } from '../model';
import { isMarkdown } from '../config/files';
import type { TraceGraph } from './graph';
import { CATEGORIZED_KINDS, FDA_CATEGORIES, categoriesOf, categoryKey } from './categories';

/**
 * Which requirements and controls are in each of FDA's categories, kept current from the IDs each update
 * changed. `control-category-empty` is about a category, not an ID, so the index keeps its findings under
 * a pseudo-ID per category ({@link categoryKey}) and re-checks one only when its members or the place
 * where it is reported changed: that keeps an incremental update equal to a rebuild.
 */
export class CategoryTracker {
  readonly #members = new Map<string, Set<string>>(FDA_CATEGORIES.map((name) => [name, new Set<string>()]));
  readonly #categoriesById = new Map<string, readonly string[]>();
  /** The requirements and controls with a `Category:` line, known or not: the workspace uses categories while there is one. */
  readonly #declaring = new Set<string>();
  #anchor: Location | undefined;
  #checked = false;

  /** `configPath`: the configuration file, where the findings go when there is one. */
  constructor(readonly configPath: string | undefined) {
    this.#anchor = configPath === undefined ? undefined : { path: configPath, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  }

  /** The IDs whose membership is recorded: a full re-check passes them too, in case they are gone. */
  ids(): Set<string> {
    return new Set([...this.#categoriesById.keys(), ...this.#declaring]);
  }

  /**
   * Whether the workspace uses FDA's categories: some requirement or control has a `Category:` line.
   * A workspace that never names one is not told eight times that each is empty.
   */
  get inUse(): boolean {
    return this.#declaring.size > 0;
  }

  /** How many requirements and controls a category has. */
  memberCount(name: string): number {
    return this.#members.get(name)?.size ?? 0;
  }

  /** Where the category findings are reported: the configuration file, else the first requirements document. */
  get anchor(): Location | undefined {
    return this.#anchor;
  }

  /** Records the categories of the changed IDs; returns the names of the categories to re-check. */
  update(changedIds: Iterable<string>, graph: TraceGraph): Set<string> {
    const recheck = new Set<string>(this.#checked ? [] : FDA_CATEGORIES);
    this.#checked = true;
    const wasInUse = this.inUse;
    for (const id of changedIds) {
      if (declaresCategory(graph.item(id))) {
        this.#declaring.add(id);
      } else {
        this.#declaring.delete(id);
      }
      const before = this.#categoriesById.get(id) ?? [];
      const after = categoriesOf(graph.item(id)).known;
      if (before.join('\n') === after.join('\n')) {
        continue;
      }
      for (const name of before) {
        this.#members.get(name)!.delete(id);
        recheck.add(name);
      }
      for (const name of after) {
        this.#members.get(name)!.add(id);
        recheck.add(name);
      }
      if (after.length > 0) {
        this.#categoriesById.set(id, after);
      } else {
        this.#categoriesById.delete(id);
      }
    }
    if (wasInUse !== this.inUse) {
      FDA_CATEGORIES.forEach((name) => recheck.add(name));
    }
    if (this.configPath === undefined) {
      const anchor = firstRequirementsDocument(graph);
      if (JSON.stringify(anchor) !== JSON.stringify(this.#anchor)) {
        this.#anchor = anchor;
        FDA_CATEGORIES.forEach((name) => recheck.add(name));
      }
    }
    return recheck;
  }
}

function declaresCategory(item: ItemDefinition | undefined): boolean {
  return item !== undefined && CATEGORIZED_KINDS.includes(item.kind) && item.attributes['category'] !== undefined;
}

/** The start of the first Markdown file, by path, that defines a requirement. */
function firstRequirementsDocument(graph: TraceGraph): Location | undefined {
  let first: string | undefined;
  for (const file of graph.files()) {
    if ((first === undefined || file.path < first) && isMarkdown(file.path) && file.items.some((item) => item.kind === 'requirement')) {
      first = file.path;
    }
  }
  return first === undefined ? undefined : { path: first, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

export { categoryKey };
