import { compareLocations, type Finding, type ItemDefinition, type ItemKind, type Link, type Location } from '../model';
import type { TraceIndex } from '../graph/traceIndex';
import { acceptanceLinks, acceptances, derivations, implementations, mitigations, threatNotApplicable, verifications } from '../graph/coverage';
import { FDA_CATEGORIES, categoriesOf } from '../graph/categories';
import { RuleName } from '../graph/ruleCatalog';
import { CONFIG_FILE_NAME } from '../config/config';
import { summarize, type TraceSummary } from './summary';
import { pushTo } from '../util/collections';
import { itemTitle } from '../editor/hover';
import { resultEntries } from '../editor/testResultsText';
import { MAINTENANCE_COLUMN_ENTRIES, isSbomSubject } from './matrixMaintenance';
import {
  MATRIX_VIEW_DEFINITIONS,
  compareIds,
  compareRows,
  type MatrixColumnDefinition,
  type MatrixColumnKey,
  type MatrixEntry,
  type MatrixRow,
  type MatrixView,
  type TraceMatrix,
} from './matrixVocabulary';

// An ID defined more than once shows every title ({@link itemTitle}): its links count for each definition.
const itemEntry = (index: TraceIndex, id: string): MatrixEntry => {
  const item = index.graph.item(id);
  return item ? { id, title: itemTitle(index.graph, id), location: item.location } : { id };
};
/** A link's source: the item whose section declares it, or the code location of an annotation. */
const sourceEntry = (index: TraceIndex, link: Link): MatrixEntry => (link.from === undefined ? { location: link.location } : itemEntry(index, link.from));
const linkedItems = (links: readonly Link[], end: 'from' | 'to', index: TraceIndex): MatrixEntry[] =>
  [...new Set(links.flatMap((link) => (link[end] === undefined ? [] : [link[end]!])))].map((id) => itemEntry(index, id));
const outgoing = (index: TraceIndex, id: string, type: Link['type']) => index.graph.outgoing(id).filter((link) => link.type === type);
const incoming = (index: TraceIndex, id: string, type: Link['type']) => index.graph.incoming(id).filter((link) => link.type === type);

/** The entries of each column (matrixVocabulary.ts says what the columns mean), from the graph. */
const COLUMN_ENTRIES: Readonly<Record<MatrixColumnKey, (index: TraceIndex, id: string) => MatrixEntry[]>> = {
  derivesFrom: (index, id) => linkedItems(outgoing(index, id, 'derives'), 'to', index),
  mitigates: (index, id) => linkedItems(outgoing(index, id, 'mitigates'), 'to', index),
  implementedBy: (index, id) => implementations(index.graph, id).map((link) => sourceEntry(index, link)),
  verifiedBy: (index, id) => verifications(index.graph, id).map((link) => sourceEntry(index, link)),
  testResults: (index, id) => resultEntries(index.testResults.evidence(id)),
  mitigatedBy: (index, id) => {
    const entries = linkedItems(mitigations(index.graph, id), 'from', index);
    const item = index.graph.item(id);
    const notApplicable = item && threatNotApplicable(item);
    // Why a threat needs no mitigation, where its mitigations would be listed.
    return notApplicable && entries.length === 0 ? [{ text: `Not applicable: ${notApplicable}`, location: item.location }] : entries;
  },
  acceptedBy: (index, id) => linkedItems(acceptanceLinks(index.graph, id), 'from', index),
  mitigatedInCode: (index, id) => incoming(index, id, 'mitigates').filter((link) => link.from === undefined).map((link) => sourceEntry(index, link)),
  derivedBy: (index, id) => linkedItems(incoming(index, id, 'derives'), 'from', index),
  affects: (index, id) => linkedItems(outgoing(index, id, 'affects'), 'to', index),
  resolvedBy: (index, id) => linkedItems(incoming(index, id, 'resolves'), 'from', index),
  affectedBy: (index, id) => linkedItems(incoming(index, id, 'affects'), 'from', index),
  // What the rule component-end-of-support takes for a recorded decision.
  resolvedOrAcceptedBy: (index, id) => linkedItems([...incoming(index, id, 'resolves'), ...acceptanceLinks(index.graph, id)], 'from', index),
  ...MAINTENANCE_COLUMN_ENTRIES,
};

/** The rules about an SBOM component's own support: a component they report is untraced. */
const COMPONENT_RULES: ReadonlySet<string> = new Set([RuleName.ComponentSupportUnknown, RuleName.ComponentEndOfSupport]);

/**
 * When an item of each kind is traced, whichever view shows it: the rules' conditions, for kinds no rule
 * covers their trace link, for components the findings of their rules (`gaps`). A kind without an entry
 * (a control) has no rule about its own trace.
 */
const TRACED: Readonly<Partial<Record<ItemKind, (index: TraceIndex, id: string, gaps: readonly string[]) => boolean>>> = {
  requirement: (index, id) =>
    derivations(index.graph, id).length > 0 && implementations(index.graph, id).length > 0 && verifications(index.graph, id).length > 0,
  threat: (index, id) =>
    mitigations(index.graph, id).length > 0 || acceptances(index.graph, id, index.config.today).length > 0 || threatNotApplicable(index.graph.item(id)!) !== undefined,
  objective: (index, id) => incoming(index, id, 'derives').length > 0,
  misuse: (index, id) => incoming(index, id, 'derives').length > 0,
  vulnerability: (index, id) => incoming(index, id, 'resolves').length > 0,
  component: (_index, _id, gaps) => !gaps.some((gap) => COMPONENT_RULES.has(gap)),
};

/** For a view that lists only some items of its kinds, which ones. */
const LISTED: Readonly<Partial<Record<MatrixView, (item: ItemDefinition) => boolean>>> = {
  components: (item) => !isSbomSubject(item),
};

/** The last group of the categories view: the requirements and controls in none of FDA's categories. */
export const NO_CATEGORY = 'No category';

/** How a grouped view (matrixVocabulary's `groupLabel`) lists its items group by group. */
interface Grouping {
  /** Every group, in the view's order. */
  readonly groups: readonly string[];
  /** The group of the items in no other group: it keeps their own category, and shows nothing when empty. */
  readonly catchAll: string;
  /** The groups an item is listed under; none: the catch-all group. */
  groupsOf(index: TraceIndex, id: string): readonly string[];
  /** The placeholder of an empty group: what it lacks, or why nothing is needed; whether that is a gap. */
  emptyGroup(index: TraceIndex, name: string): { readonly title: string; readonly justified: boolean };
}

const GROUPINGS: Readonly<Partial<Record<MatrixView, Grouping>>> = {
  categories: {
    groups: [...FDA_CATEGORIES, NO_CATEGORY],
    catchAll: NO_CATEGORY,
    groupsOf: (index, id) => categoriesOf(index.graph.item(id)).known,
    emptyGroup: (index, name) => {
      const justification = Object.hasOwn(index.config.categories, name) ? index.config.categories[name] : undefined;
      return justification === undefined
        ? { title: 'No requirement or control', justified: false }
        : { title: `No requirement or control needed: ${justification}`, justified: true };
    },
  },
};

/** What every view of one {@link buildMatrices} call shares. */
interface BuildContext {
  readonly findings: readonly Finding[];
  readonly gapsById: ReadonlyMap<string, readonly string[]>;
  readonly summary: TraceSummary;
  /** Rows by their views' columns and ID: views with the same columns share an item's row. */
  readonly rows: Map<readonly MatrixColumnDefinition[], Map<string, MatrixRow>>;
}

/** Builds the matrix of one view from an index, rows ordered by ID. */
export function buildMatrix(index: TraceIndex, view: MatrixView = 'requirements'): TraceMatrix {
  return buildMatrices(index, [view])[view]!;
}

/**
 * Builds several views at once: the findings, each item's gaps and the summary are computed once and
 * shared by every view (the matrix panel sends them all).
 */
export function buildMatrices<V extends MatrixView>(index: TraceIndex, views: readonly V[]): Record<V, TraceMatrix> {
  const findings = index.findings();
  const gapsById = new Map<string, string[]>();
  for (const finding of findings) {
    pushTo(gapsById, finding.item, finding.rule);
  }
  const context: BuildContext = { findings, gapsById, summary: summarize(index, findings), rows: new Map() };
  return Object.fromEntries(views.map((view) => [view, buildView(index, view, context)])) as Record<V, TraceMatrix>;
}

function buildView(index: TraceIndex, view: MatrixView, context: BuildContext): TraceMatrix {
  const definition = MATRIX_VIEW_DEFINITIONS[view];
  const rows: MatrixRow[] = [];
  const listed = LISTED[view];
  for (const id of index.graph.ids()) {
    const item = index.graph.item(id)!;
    if (definition.kinds.includes(item.kind) && (!listed || listed(item))) {
      rows.push(itemRow(index, id, definition.columns, context));
    }
  }
  const grouping = GROUPINGS[view];
  return {
    view,
    title: definition.title,
    columns: definition.columns.filter((column) => !column.needsTestResults || context.summary.testResults).map(({ key, label }) => ({ key, label })),
    rows: grouping ? groupedRows(index, grouping, rows, context) : rows.sort(compareRows),
    summary: context.summary,
  };
}

/** The row of an item with the cells of some columns, built once per call for views that show the same columns. */
function itemRow(index: TraceIndex, id: string, columns: readonly MatrixColumnDefinition[], context: BuildContext): MatrixRow {
  let byId = context.rows.get(columns);
  if (!byId) {
    byId = new Map();
    context.rows.set(columns, byId);
  }
  const built = byId.get(id);
  if (built) {
    return built;
  }
  const item = index.graph.item(id)!;
  const gaps = context.gapsById.get(id) ?? [];
  const row: MatrixRow = {
    id,
    kind: item.kind,
    title: itemTitle(index.graph, id)!,
    location: item.location,
    category: categoryOf(index, id),
    cells: Object.fromEntries(columns.map((column) => [column.key, COLUMN_ENTRIES[column.key](index, id).sort(compareEntries)])),
    status: TRACED[item.kind]?.(index, id, gaps) === false ? 'untraced' : 'traced',
    gaps,
  };
  byId.set(id, row);
  return row;
}

/**
 * The rows of a grouped view, group by group: each item under every group it is in (with that group as
 * its category), items in none under the catch-all group, and an empty group as one placeholder row.
 */
function groupedRows(index: TraceIndex, grouping: Grouping, rows: readonly MatrixRow[], context: BuildContext): MatrixRow[] {
  const members = new Map<string, MatrixRow[]>(grouping.groups.map((name) => [name, []]));
  for (const row of rows) {
    const groups = grouping.groupsOf(index, row.id);
    for (const name of groups.length > 0 ? groups : [grouping.catchAll]) {
      members.get(name)?.push(row);
    }
  }
  return grouping.groups.flatMap((name, order): MatrixRow[] => {
    const group = { name, order };
    const listed = members.get(name)!;
    if (listed.length > 0) {
      return listed.sort(compareRows).map((row) => ({ ...row, group, category: name === grouping.catchAll ? row.category : name }));
    }
    if (name === grouping.catchAll) {
      return [];
    }
    const { title, justified } = grouping.emptyGroup(index, name);
    return [{
      id: name,
      kind: 'control',
      title,
      location: placeholderLocation(index, name, context.findings),
      category: name,
      cells: {},
      status: justified ? 'traced' : 'untraced',
      gaps: context.gapsById.get(name) ?? [],
      group,
      placeholder: true,
    }];
  });
}

/** Where an empty category's row leads: where its finding is reported, else the configuration file. */
function placeholderLocation(index: TraceIndex, name: string, findings: readonly Finding[]): Location {
  const finding = findings.find((candidate) => candidate.rule === RuleName.ControlCategoryEmpty && candidate.item === name);
  return finding?.location ?? { path: index.configPath ?? CONFIG_FILE_NAME, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

/** The category of an item; for an ID defined more than once, each distinct category of its definitions. */
function categoryOf(index: TraceIndex, id: string): string | undefined {
  const categories = [...new Set(index.graph.definitions(id).flatMap((item) => item.attributes['category'] ?? []))];
  return categories.length === 0 ? undefined : categories.join(' / ');
}

/**
 * Items first, by ID; then code locations, by path and line: the order does not depend on indexing order.
 * Statements without a place (a vulnerability's triage words) keep the order they are said in.
 */
function compareEntries(a: MatrixEntry, b: MatrixEntry): number {
  if (a.id !== undefined || b.id !== undefined) {
    return a.id === undefined ? 1 : b.id === undefined ? -1 : compareIds(a.id, b.id);
  }
  return a.location && b.location ? compareLocations(a.location, b.location) : 0;
}
