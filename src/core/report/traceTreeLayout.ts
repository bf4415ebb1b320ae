/**
 * The shape of the trace tree (traceTreeModel.ts) before any node exists: what is listed under each ID,
 * in which order, and where each ID first appears. The tree builds its nodes from these on demand.
 */
import { compareLocations, type Link, type LinkType, type Location } from '../model';
import type { TraceGraph } from '../graph/graph';
import { acceptanceLinks, derivations, incomingOfType, mitigations } from '../graph/coverage';
import { compareIds } from './matrixVocabulary';

/** The top-level groups of the trace tree, in the order they are shown. */
export type TraceGroup = 'objectives' | 'misuse' | 'threats' | 'underived' | 'other' | 'unknown';

/** Every {@link TraceGroup}, in display order. */
export const GROUP_ORDER: readonly TraceGroup[] = ['objectives', 'misuse', 'threats', 'underived', 'other', 'unknown'];

/**
 * How a node relates to its parent: the link type that puts it there, `duplicate` for a second definition
 * of the parent's ID, `reference` for a plain mention of an unknown ID.
 */
export type TraceRelation = LinkType | 'duplicate' | 'reference';

/** Children of an item are listed relation by relation in this order. */
const RELATION_ORDER: readonly TraceRelation[] = ['duplicate', 'derives', 'mitigates', 'accepts', 'implements', 'verifies', 'resolves', 'affects', 'reference'];

/** One child to list under an ID: a defined item, or a place in a file. */
export type ChildSpec =
  | { readonly type: 'item'; readonly id: string; readonly relation: TraceRelation }
  | { readonly type: 'location'; readonly location: Location; readonly relation: TraceRelation; readonly from: string | undefined; readonly inTest: boolean };

type Placement = { readonly group: TraceGroup } | { readonly parent: string };

/** Which IDs each group lists, and where each ID first appears. */
export interface TreeLayout {
  readonly groups: ReadonlyMap<TraceGroup, readonly string[]>;
  /** Where each ID first appears (breadth first from the groups): what `TraceTree.find` reveals. */
  readonly placement: ReadonlyMap<string, Placement>;
}

/** Locations are told apart by line: two annotations on one line are one place to go to. */
export function placeKey(location: Location): string {
  return `${location.path}:${location.range.start.line}`;
}

/** What is listed under an ID, whatever its position in the tree (deduplicated, ordered). */
export function childSpecs(graph: TraceGraph, id: string): ChildSpec[] {
  const item = graph.item(id);
  const found: ChildSpec[] = [];
  const linkSpec = (link: Link, relation: TraceRelation, asItem: string | undefined): ChildSpec =>
    asItem !== undefined && graph.item(asItem)
      ? { type: 'item', id: asItem, relation }
      : { type: 'location', location: link.location, relation, from: link.from, inTest: link.inTest };
  if (!item) {
    for (const link of graph.incoming(id)) {
      found.push({ type: 'location', location: link.location, relation: link.type, from: link.from, inTest: link.inTest });
    }
    for (const reference of graph.references(id)) {
      found.push({ type: 'location', location: reference.location, relation: 'reference', from: undefined, inTest: false });
    }
    return orderSpecs(found);
  }
  for (const duplicate of graph.definitions(id).slice(1)) {
    found.push({ type: 'location', location: duplicate.location, relation: 'duplicate', from: undefined, inTest: false });
  }
  switch (item.kind) {
    case 'objective':
    case 'misuse':
      for (const link of incomingOfType(graph, id, 'derives')) {
        if (link.from !== undefined && graph.item(link.from)) {
          found.push({ type: 'item', id: link.from, relation: 'derives' });
        }
      }
      break;
    case 'threat':
      found.push(...mitigations(graph, id).map((link) => linkSpec(link, 'mitigates', link.from)));
      found.push(...acceptanceLinks(graph, id).map((link) => linkSpec(link, 'accepts', link.from)));
      // A code `@mitigates` does not count for the rule, but it is shown: the annotation still links the code.
      for (const link of incomingOfType(graph, id, 'mitigates')) {
        if (link.from === undefined) {
          found.push(linkSpec(link, 'mitigates', undefined));
        }
      }
      break;
    default:
      for (const type of ['implements', 'verifies', 'resolves'] as const) {
        for (const link of incomingOfType(graph, id, type)) {
          if (link.from !== undefined || type !== 'resolves') {
            found.push(linkSpec(link, type, link.from));
          }
        }
      }
  }
  return orderSpecs(found);
}

/** Orders child specs by relation, items (by ID) before locations (by place), and drops repeats. */
function orderSpecs(specs: readonly ChildSpec[]): ChildSpec[] {
  const seen = new Set<string>();
  const unique = specs.filter((spec) => {
    const key = spec.type === 'item' ? `i:${spec.id}` : `l:${placeKey(spec.location)}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      RELATION_ORDER.indexOf(a.relation) - RELATION_ORDER.indexOf(b.relation) ||
      (a.type === b.type ? 0 : a.type === 'item' ? -1 : 1) ||
      (a.type === 'item' && b.type === 'item' ? compareIds(a.id, b.id) : 0) ||
      (a.type === 'location' && b.type === 'location' ? compareLocations(a.location, b.location) : 0),
  );
}

/**
 * Puts every ID in its group: objectives, misuse cases, threats and requirements without an objective at
 * the top, what they lead to under them (breadth first, through `specsOf`), the rest in `other`, and the
 * IDs that findings name but nothing defines in `unknown`.
 */
export function layoutTree(graph: TraceGraph, reportedIds: Iterable<string>, specsOf: (id: string) => readonly ChildSpec[]): TreeLayout {
  const groups = new Map<TraceGroup, string[]>(GROUP_ORDER.map((group) => [group, []]));
  const placement = new Map<string, Placement>();
  const ids = [...graph.ids()].sort(compareIds);
  for (const id of ids) {
    const kind = graph.item(id)!.kind;
    const group: TraceGroup | undefined =
      kind === 'objective' ? 'objectives'
      : kind === 'misuse' ? 'misuse'
      : kind === 'threat' ? 'threats'
      : kind === 'requirement' && derivations(graph, id).length === 0 ? 'underived'
      : undefined;
    if (group) {
      groups.get(group)!.push(id);
    }
  }
  const queue: string[] = [];
  let head = 0;
  const place = (id: string, where: Placement): void => {
    placement.set(id, where);
    queue.push(id);
  };
  const spread = (): void => {
    for (; head < queue.length; head++) {
      const next = queue[head]!;
      for (const spec of specsOf(next)) {
        if (spec.type === 'item' && !placement.has(spec.id)) {
          place(spec.id, { parent: next });
        }
      }
    }
  };
  for (const group of ['objectives', 'misuse', 'threats', 'underived'] as const) {
    for (const id of groups.get(group)!) {
      place(id, { group });
    }
  }
  spread();
  // Items that nothing above leads to (a control that mitigates nothing, a vulnerability record, ...).
  for (const id of ids) {
    if (!placement.has(id)) {
      groups.get('other')!.push(id);
      place(id, { group: 'other' });
      spread();
    }
  }
  const unknown = [...reportedIds].filter((id) => !graph.item(id)).sort(compareIds);
  for (const id of unknown) {
    groups.get('unknown')!.push(id);
    placement.set(id, { group: 'unknown' });
  }
  return { groups, placement };
}
