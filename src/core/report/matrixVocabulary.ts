/**
 * The words of the traceability matrix, said once for the core, the extension and the webview: the
 * views and the kinds of their rows, each view's columns with what they mean and the rule behind an empty
 * one, the export formats, the JSP phases and their titles, the order of IDs and how an entry reads. Only
 * types come in, so the webview bundle imports this file without taking in the rest of the core.
 */
import type { ItemKind, Location } from '../model';
import type { RuleName } from '../graph/rules';
import type { TraceSummary } from './summary';

// ------------------------------------------------------------------ IDs and entries

// One collator for all comparisons: localeCompare with options builds one per call, which was over half
// of building the matrix model for 5,000 requirements.
const ID_ORDER = new Intl.Collator('en', { numeric: true });

/** Orders IDs by prefix, then by number, so that SR-2 comes before SR-10. */
export function compareIds(a: string, b: string): number {
  return ID_ORDER.compare(a, b);
}

/** `path:line` of a location with a one-based line: how the matrix, the tree and the exports name a place. */
export function locationLabel(location: Location): string {
  return `${location.path}:${location.range.start.line + 1}`;
}

/**
 * One entry of a cell: a linked item (with its definition's location when it is defined), or a code or
 * test location (an annotation), with the location it was written at.
 */
export interface MatrixEntry {
  /** The linked item's ID; absent for a code location. */
  readonly id?: string;
  readonly title?: string;
  /** Where to go on a click: the item's definition, or the annotation. Absent for an undefined ID. */
  readonly location?: Location;
  /** A statement that is neither an item nor a place's name, such as a test's latest result (`✗ failed test_login`); `location` is where it is written. */
  readonly text?: string;
  /** For a deadline the entry states (`patch in 3 days`, an end of support): the days until it, negative once past. */
  readonly daysLeft?: number;
}

/** How a cell entry reads as text: `SR-1 Title`, `SR-9 (not defined)`, or `path:line` for a code location. */
export function entryLabel(entry: MatrixEntry): string {
  if (entry.text !== undefined) {
    return entry.text;
  }
  if (entry.id !== undefined) {
    return entry.title ? `${entry.id} ${entry.title}` : `${entry.id} (not defined)`;
  }
  return entry.location ? locationLabel(entry.location) : '';
}

// ------------------------------------------------------------------ views and columns

/** The row sets the matrix can show. */
export type MatrixView = 'requirements' | 'threats' | 'concept' | 'vulnerabilities' | 'components' | 'categories';

/** Every {@link MatrixView}, in the order the panel's tabs and the CLI's help list them. */
export const MATRIX_VIEWS: readonly MatrixView[] = ['requirements', 'threats', 'concept', 'vulnerabilities', 'components', 'categories'];

/** A column of the matrix as it is sent and exported: its key in {@link MatrixRow.cells} and its header. */
export interface MatrixColumn {
  readonly key: string;
  readonly label: string;
}

/** The group a row of a grouped view is listed under: its name and its place in the view's order of groups. */
export interface MatrixGroup {
  readonly name: string;
  readonly order: number;
}

/** A row of the matrix: one item, its cells by column key, and whether its trace is complete. */
export interface MatrixRow {
  readonly id: string;
  readonly kind: ItemKind;
  readonly title: string;
  readonly location: Location;
  /** The item's `Category:`; in the categories view, the FDA category the row is listed under. */
  readonly category: string | undefined;
  readonly cells: Readonly<Record<string, readonly MatrixEntry[]>>;
  /** `traced` when every rule about this row's own trace holds; `untraced` otherwise. */
  readonly status: 'traced' | 'untraced';
  /** The rules that report this item. */
  readonly gaps: readonly string[];
  /** In a grouped view ({@link MatrixViewDefinition.groupLabel}), the group the row is listed under. */
  readonly group?: MatrixGroup;
  /**
   * True for the row of an empty group, which stands for what the group lacks (a category's missing
   * control): its `id` is the group's name, as the findings about the group name it, and its `title`
   * says what is missing or why nothing is needed.
   */
  readonly placeholder?: true;
}

/**
 * What tells a row from the others of its view: its ID, or in a grouped view its group and ID, because an
 * item is listed once under each group it is in. Row updates, the grid and the selection go by it.
 */
export function rowKey(row: MatrixRow): string {
  return row.group === undefined ? row.id : `${row.group.name}\u0000${row.id}`;
}

/** The order of rows the core sends: by group (in a grouped view), then by ID. */
export function compareRows(a: MatrixRow, b: MatrixRow): number {
  return (a.group?.order ?? 0) - (b.group?.order ?? 0) || compareIds(a.id, b.id);
}

/** The traceability matrix of one view: what the exporters and the webview both render. */
export interface TraceMatrix {
  readonly view: MatrixView;
  readonly title: string;
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
  readonly summary: TraceSummary;
}

/** The key of every column of every view (a key means the same column in every view that shows it). */
export type MatrixColumnKey =
  | 'derivesFrom'
  | 'mitigates'
  | 'implementedBy'
  | 'verifiedBy'
  | 'testResults'
  | 'mitigatedBy'
  | 'acceptedBy'
  | 'mitigatedInCode'
  | 'derivedBy'
  | 'affects'
  | 'resolvedBy'
  | 'triage'
  | 'clocks'
  | 'supportLevel'
  | 'endOfSupport'
  | 'affectedBy'
  | 'resolvedOrAcceptedBy';

/** A column with what it means: how it relates the row's item to its entries, and the rule behind a gap. */
export interface MatrixColumnDefinition extends MatrixColumn {
  readonly key: MatrixColumnKey;
  /** The relation read from the row's item to an entry (`derives from`), as the neighbourhood graph labels it. */
  readonly relation: string;
  /** True when the entries come before the item in the trace (what it derives from or mitigates). */
  readonly upstream: boolean;
  /** The rule that reports the row when this column is empty: the empty cell shows that gap. */
  readonly gapRule?: `${RuleName}`;
  /** Shown only where the workspace holds test results. */
  readonly needsTestResults?: true;
  /** Sorted by its entries' {@link MatrixEntry.daysLeft}, the nearest deadline first, rather than by text. */
  readonly sortsByDaysLeft?: true;
}

/** What one view shows: its title, the kinds of its rows and its columns. */
export interface MatrixViewDefinition {
  readonly title: string;
  readonly kinds: readonly ItemKind[];
  readonly columns: readonly MatrixColumnDefinition[];
  /** For a view no rule covers: the column whose entries make a row traced (shown missing when empty). */
  readonly traceColumn?: MatrixColumnKey;
  /**
   * For a grouped view: the header of the column that names each row's {@link MatrixRow.group}. Its rows
   * come group by group in the view's order of groups, an item under each group it is in.
   */
  readonly groupLabel?: string;
  /** Rows named by long IDs (package URLs): the grid gives their ID column room. */
  readonly longIds?: true;
}

/** The columns of the requirements view, which the categories view shows too. */
const REQUIREMENT_COLUMNS: readonly MatrixColumnDefinition[] = [
  { key: 'derivesFrom', label: 'Derived from', relation: 'derives from', upstream: true, gapRule: 'requirement-not-derived' },
  { key: 'mitigates', label: 'Mitigates', relation: 'mitigates', upstream: true },
  { key: 'implementedBy', label: 'Implemented by', relation: 'implemented by', upstream: false, gapRule: 'requirement-not-implemented' },
  { key: 'verifiedBy', label: 'Verified by', relation: 'verified by', upstream: false, gapRule: 'requirement-not-verified' },
  { key: 'testResults', label: 'Latest results', relation: 'latest result', upstream: false, gapRule: 'requirement-verification-not-run', needsTestResults: true },
];

/** The views of the matrix: what the core builds (matrixModel.ts) and the webview filters and draws. */
export const MATRIX_VIEW_DEFINITIONS: Readonly<Record<MatrixView, MatrixViewDefinition>> = {
  requirements: {
    title: 'Security requirements',
    kinds: ['requirement'],
    columns: REQUIREMENT_COLUMNS,
  },
  threats: {
    title: 'Threats',
    kinds: ['threat'],
    columns: [
      { key: 'mitigatedBy', label: 'Mitigated by', relation: 'mitigated by', upstream: false, gapRule: 'threat-not-mitigated' },
      { key: 'acceptedBy', label: 'Accepted by', relation: 'accepted by', upstream: false },
      { key: 'mitigatedInCode', label: 'Mitigated in code', relation: 'mitigated in code', upstream: false },
    ],
  },
  concept: {
    title: 'Objectives and misuse cases',
    kinds: ['objective', 'misuse'],
    columns: [{ key: 'derivedBy', label: 'Requirements derived', relation: 'refined into', upstream: false }],
    traceColumn: 'derivedBy',
  },
  // Severity, status and the communication and patch clocks, in the words of the record's CodeLens.
  vulnerabilities: {
    title: 'Vulnerabilities',
    kinds: ['vulnerability'],
    columns: [
      { key: 'triage', label: 'Triage', relation: 'triage', upstream: false },
      { key: 'clocks', label: 'Clocks', relation: 'clocks', upstream: false, sortsByDaysLeft: true },
      { key: 'affects', label: 'Affects', relation: 'affects', upstream: false },
      { key: 'resolvedBy', label: 'Resolved by', relation: 'resolved by', upstream: false },
    ],
    traceColumn: 'resolvedBy',
  },
  // The SBOM's components (not the product it describes), with the support FDA asks for (premarket V.A.4).
  components: {
    title: 'SBOM components',
    kinds: ['component'],
    longIds: true,
    columns: [
      { key: 'supportLevel', label: 'Level of support', relation: 'level of support', upstream: false },
      { key: 'endOfSupport', label: 'End of support', relation: 'end of support', upstream: false, sortsByDaysLeft: true },
      { key: 'affectedBy', label: 'Affected by', relation: 'affected by', upstream: false },
      { key: 'resolvedOrAcceptedBy', label: 'Resolved or accepted by', relation: 'resolved or accepted by', upstream: false, gapRule: 'component-end-of-support' },
    ],
  },
  // FDA's Appendix 1 as a table: each of the eight categories with the requirements and controls in it.
  categories: {
    title: 'FDA security control categories',
    kinds: ['requirement', 'control'],
    columns: REQUIREMENT_COLUMNS,
    groupLabel: 'FDA category',
  },
};

const COLUMNS: ReadonlyMap<string, MatrixColumnDefinition> = new Map(
  MATRIX_VIEWS.flatMap((view) => MATRIX_VIEW_DEFINITIONS[view].columns).map((column) => [column.key, column]),
);

/** The definition of a column by key, whichever view it belongs to. */
export function columnDefinition(key: string): MatrixColumnDefinition | undefined {
  return COLUMNS.get(key);
}

/** The column that shows a rule's gap (a missing link), by rule name; rules such as `duplicate-id` have none. */
export const GAP_COLUMNS: ReadonlyMap<string, MatrixColumnKey> = new Map(
  [...COLUMNS.values()].flatMap((column) => (column.gapRule === undefined ? [] : [[column.gapRule, column.key] as const])),
);

/** The view whose rows have items of a kind, if any. */
export function viewOfKind(kind: ItemKind): MatrixView | undefined {
  return MATRIX_VIEWS.find((view) => MATRIX_VIEW_DEFINITIONS[view].kinds.includes(kind));
}

/** Export formats of the matrix, shared by the CLI and the matrix panel. */
export type ExportFormat = 'html' | 'csv' | 'json';

/** Every {@link ExportFormat}: the values of the CLI's `--format` and the panel's export buttons, in order. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['html', 'csv', 'json'];

// ------------------------------------------------------------------ JSP phases

/** The four JSP phases, in order (the house: foundation, framing, inspection, maintenance). */
export type JspPhase = 'concept' | 'design' | 'verification' | 'maintenance';

/** Every {@link JspPhase}, in the JSP's order. */
export const JSP_PHASES: readonly JspPhase[] = ['concept', 'design', 'verification', 'maintenance'];

/** The title of each phase, as the JSP names it. */
export const PHASE_TITLES: Readonly<Record<JspPhase, string>> = {
  concept: 'Concept',
  design: 'Design & Development',
  verification: 'Verification & Validation',
  maintenance: 'Maintenance',
};

/** The phase whose outputs items of each kind are. */
export const PHASE_OF_KIND: Readonly<Record<ItemKind, JspPhase>> = {
  objective: 'concept',
  misuse: 'concept',
  threat: 'design',
  requirement: 'design',
  control: 'design',
  test: 'verification',
  risk: 'verification',
  vulnerability: 'maintenance',
  component: 'maintenance',
  // OpenFastTrace traces requirements through design to code and tests.
  specification: 'design',
};
