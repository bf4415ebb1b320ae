import type { Finding, ItemDefinition, Location, Severity, TestOutcome } from '../model';
import type { TraceGraph } from '../graph/graph';
import { annotationOutcome, type TestResultsView } from '../graph/testResults';
import { pushTo } from '../util/collections';
import { locationLabel } from './matrixVocabulary';
import { GROUP_ORDER, childSpecs, layoutTree, placeKey, type ChildSpec, type TraceGroup, type TraceRelation, type TreeLayout } from './traceTreeLayout';

export type { TraceGroup, TraceRelation };

/** Which nodes the {@link TraceTree} shows: everything, or only gaps and the path to them. */
export type TraceTreeFilter = 'all' | 'untraced';

/** The label of each {@link TraceGroup}. */
export const TRACE_GROUP_LABELS: Readonly<Record<TraceGroup, string>> = {
  objectives: 'Security objectives',
  misuse: 'Misuse cases',
  threats: 'Threats',
  underived: 'Requirements without objective',
  other: 'Other items',
  unknown: 'Unknown references',
};

interface TraceNodeBase {
  /** Unique in the tree and stable across rebuilds: the path of local keys from the root. */
  readonly key: string;
  readonly parent: TraceNode | undefined;
  readonly label: string;
}

/** A top-level group such as "Security objectives". */
export interface TraceGroupNode extends TraceNodeBase {
  readonly type: 'group';
  readonly group: TraceGroup;
}

/** An item, by ID; `item` is undefined for an ID that is referenced but not defined. */
export interface TraceItemNode extends TraceNodeBase {
  readonly type: 'item';
  readonly id: string;
  readonly item: ItemDefinition | undefined;
  /** The findings about this ID (`finding.item`). */
  readonly findings: readonly Finding[];
  /** How the item relates to its parent item; undefined directly under a group. */
  readonly relation: TraceRelation | undefined;
}

/** A place in a file: code that implements, a test that verifies, a second definition, a mention. */
export interface TraceLocationNode extends TraceNodeBase {
  readonly type: 'location';
  readonly location: Location;
  readonly relation: TraceRelation;
  /** The item whose section declares the link, when it is declared in a document rather than in code. */
  readonly from: string | undefined;
  readonly inTest: boolean;
  /** For a `@verifies` annotation: how its tests fared for the parent item in the latest results, if they ran. */
  readonly outcome: TestOutcome | undefined;
  /** The findings located exactly here (an unknown reference, a duplicate definition). */
  readonly findings: readonly Finding[];
}

/** A node of the {@link TraceTree}. */
export type TraceNode = TraceGroupNode | TraceItemNode | TraceLocationNode;

/** The most severe severity among findings, or undefined when there are none. */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const finding of findings) {
    if (finding.severity === 'error') {
      return 'error';
    }
    if (finding.severity === 'warning' || worst === undefined) {
      worst = finding.severity;
    }
  }
  return worst;
}

/**
 * The trace tree of one folder's graph: security objectives and misuse cases with the requirements that
 * derive from them, threats with what mitigates or accepts them, each requirement with the code that
 * implements it and the tests that verify it. Requirements without an objective, items found nowhere else
 * and unknown IDs get groups of their own, so nothing is hidden.
 *
 * Children are built on first use and kept, so a node object stays the same for the life of the tree
 * (a tree view reveals by object identity). Build a new tree when the graph changes.
 */
export class TraceTree {
  readonly #graph: TraceGraph;
  readonly #filter: TraceTreeFilter;
  readonly #findingsById = new Map<string, Finding[]>();
  readonly #findingsAt = new Map<string, Finding[]>();
  readonly #specs = new Map<string, readonly ChildSpec[]>();
  readonly #children = new Map<TraceNode, readonly TraceNode[]>();
  readonly #visibleChildren = new Map<TraceNode, readonly TraceNode[]>();
  readonly #visible = new Map<TraceNode, boolean>();
  #layout: TreeLayout | undefined;
  #roots: readonly TraceGroupNode[] | undefined;

  constructor(
    graph: TraceGraph,
    findings: readonly Finding[],
    filter: TraceTreeFilter = 'all',
    /** The test results, for the outcome of each verifying annotation. */
    readonly results?: TestResultsView,
  ) {
    this.#graph = graph;
    this.#filter = filter;
    for (const finding of findings) {
      pushTo(this.#findingsById, finding.item, finding);
      pushTo(this.#findingsAt, placeKey(finding.location), finding);
    }
  }

  get filter(): TraceTreeFilter {
    return this.#filter;
  }

  get graph(): TraceGraph {
    return this.#graph;
  }

  /** The groups that have something to show. */
  roots(): readonly TraceGroupNode[] {
    if (!this.#roots) {
      const { groups } = this.#getLayout();
      const all = GROUP_ORDER.filter((group) => (groups.get(group)?.length ?? 0) > 0).map(
        (group): TraceGroupNode => ({ type: 'group', key: `g:${group}`, parent: undefined, label: TRACE_GROUP_LABELS[group], group }),
      );
      this.#roots = all.filter((node) => this.#isVisible(node));
    }
    return this.#roots;
  }

  /** The children of a node, in display order; the same objects on every call. */
  children(node: TraceNode): readonly TraceNode[] {
    if (this.#filter === 'all') {
      return this.#allChildren(node);
    }
    let visible = this.#visibleChildren.get(node);
    if (!visible) {
      visible = this.#allChildren(node).filter((child) => this.#isVisible(child));
      this.#visibleChildren.set(node, visible);
    }
    return visible;
  }

  /** The parent of a node; undefined for a group. */
  parent(node: TraceNode): TraceNode | undefined {
    return node.parent;
  }

  /**
   * The node to reveal for an ID: where it first appears, breadth first (a requirement under the first
   * objective it derives from). Undefined when the ID is not in the tree or the filter hides it.
   */
  find(id: string): TraceItemNode | undefined {
    const { placement } = this.#getLayout();
    const chain: string[] = [];
    let current: string | undefined = id;
    let group: TraceGroup | undefined;
    while (current !== undefined && chain.length <= placement.size) {
      const place = placement.get(current);
      if (!place) {
        return undefined;
      }
      chain.unshift(current);
      if ('group' in place) {
        group = place.group;
        current = undefined;
      } else {
        current = place.parent;
      }
    }
    let node: TraceNode | undefined = this.roots().find((root) => root.group === group);
    for (const step of chain) {
      node = node && this.children(node).find((child) => child.type === 'item' && child.id === step);
    }
    return node?.type === 'item' ? node : undefined;
  }

  /** Every node the tree shows, depth first (it builds them all: for tests and small trees). */
  *walk(from: readonly TraceNode[] = this.roots()): Generator<TraceNode> {
    for (const node of from) {
      yield node;
      yield* this.walk(this.children(node));
    }
  }

  #isVisible(node: TraceNode): boolean {
    if (this.#filter === 'all') {
      return true;
    }
    let visible = this.#visible.get(node);
    if (visible === undefined) {
      visible = (node.type !== 'group' && node.findings.length > 0) || (node.type !== 'location' && this.#allChildren(node).some((child) => this.#isVisible(child)));
      this.#visible.set(node, visible);
    }
    return visible;
  }

  #allChildren(node: TraceNode): readonly TraceNode[] {
    let children = this.#children.get(node);
    if (children) {
      return children;
    }
    if (node.type === 'group') {
      const ids = this.#getLayout().groups.get(node.group) ?? [];
      children = ids.map((id) => this.#itemNode(node, id, undefined));
    } else if (node.type === 'item') {
      const ancestors = new Set<string>();
      for (let up: TraceNode | undefined = node; up; up = up.parent) {
        if (up.type === 'item') {
          ancestors.add(up.id);
        }
      }
      // An item already on the path is not expanded again: documents can link in a cycle.
      children = this.#childSpecs(node.id)
        .filter((spec) => spec.type === 'location' || !ancestors.has(spec.id))
        .map((spec) =>
          spec.type === 'item'
            ? this.#itemNode(node, spec.id, spec.relation)
            : {
                type: 'location' as const,
                key: `${node.key}/l:${placeKey(spec.location)}`,
                parent: node,
                label: locationLabel(spec.location),
                location: spec.location,
                relation: spec.relation,
                from: spec.from,
                inTest: spec.inTest,
                outcome: spec.relation === 'verifies' && this.results ? annotationOutcome(this.results.evidence(node.id), spec.location) : undefined,
                findings: this.#findingsAt.get(placeKey(spec.location))?.filter((finding) => finding.item === node.id) ?? [],
              },
        );
    } else {
      children = [];
    }
    this.#children.set(node, children);
    return children;
  }

  #itemNode(parent: TraceNode, id: string, relation: TraceRelation | undefined): TraceItemNode {
    const item = this.#graph.item(id);
    return {
      type: 'item',
      key: `${parent.key}/i:${id}`,
      parent,
      label: item?.title ? `${id} ${item.title}` : id,
      id,
      item,
      findings: this.#findingsById.get(id) ?? [],
      relation,
    };
  }

  /** What is listed under an ID (traceTreeLayout.ts), computed once per ID. */
  #childSpecs(id: string): readonly ChildSpec[] {
    let specs = this.#specs.get(id);
    if (!specs) {
      specs = childSpecs(this.#graph, id);
      this.#specs.set(id, specs);
    }
    return specs;
  }

  #getLayout(): TreeLayout {
    this.#layout ??= layoutTree(this.#graph, this.#findingsById.keys(), (id) => this.#childSpecs(id));
    return this.#layout;
  }
}
