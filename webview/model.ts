/**
 * The matrix panel's logic, without a DOM: filters, sorting, status classification, keyed updates, the
 * coverage figures and the neighbourhood graph (laid out by layout.ts). The webview renders what these
 * functions return; the host uses the keyed diff and the cursor lookup. Everything here is pure and tested in plain Node
 * (test/unit/matrixView.test.ts). Like the rest of the webview it imports types from the protocol, and of
 * the core only the kind names (from a file without imports, so no other core code enters the bundle).
 */
import { KIND_NAMES } from '../src/core/model';
import type {
  ItemKind,
  Json,
  JspPhase,
  MatrixColumn,
  MatrixEntry,
  MatrixRow,
  MatrixView,
  Position,
  Range,
  RuleStatus,
  TestResult,
  TraceMatrix,
  TraceSummary,
  ViewDelta,
} from '../src/protocol';

// ------------------------------------------------------------------ panel state

/** Parses JSON text sent as {@link Json} (the model travels as text: see protocol.ts). */
export function parseJson<T>(json: Json<T>): T {
  return JSON.parse(json) as T;
}

export const VIEWS: readonly MatrixView[] = ['requirements', 'threats', 'concept', 'vulnerabilities'];

/** The panel's tabs: the four matrix views and the JSP phase view. */
export type PanelTab = MatrixView | 'phases';
export const TABS: readonly PanelTab[] = [...VIEWS, 'phases'];

/**
 * The status filter:
 * - `untraced`: the row's own trace is incomplete (the core's `status`);
 * - `covered`: the row is traced;
 * - `failing`: a finding of severity `error` is reported about the row's item (a missing link, a
 *   duplicate definition), or — once test results are read — one of its verifying tests failed last.
 *   A covered row can be failing (a duplicate ID); an untraced row whose gaps are only warnings is not.
 */
export type StatusFilter = 'all' | 'untraced' | 'failing' | 'covered';
export const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'untraced', 'failing', 'covered'];

export type SortDirection = 'asc' | 'desc';

/** Filters, sort, scroll position and selection of one matrix view. */
export interface ViewState {
  readonly text: string;
  readonly kind: ItemKind | 'all';
  readonly status: StatusFilter;
  readonly phase: JspPhase | 'all';
  /** `id`, `title`, `status` or a column key. */
  readonly sortKey: string;
  readonly sortDir: SortDirection;
  readonly scrollTop: number;
  readonly selected: string | undefined;
}

/** What the webview keeps with `setState`, so hiding the panel or reloading the window loses nothing. */
export interface PanelState {
  readonly version: 1;
  readonly tab: PanelTab;
  /** The folder shown (its key); undefined: the host chooses. */
  readonly folder: string | undefined;
  /** The panel's "Follow editor" toggle; undefined: the setting decides. */
  readonly followCursor: boolean | undefined;
  readonly views: Readonly<Record<MatrixView, ViewState>>;
  /** Scroll position of the phase view. */
  readonly phasesScrollTop: number;
  /** Whether the coverage summary is expanded (collapsed, it is one line). */
  readonly summaryOpen: boolean;
}

export const DEFAULT_VIEW_STATE: ViewState = {
  text: '',
  kind: 'all',
  status: 'all',
  phase: 'all',
  sortKey: 'id',
  sortDir: 'asc',
  scrollTop: 0,
  selected: undefined,
};

export function defaultPanelState(): PanelState {
  return {
    version: 1,
    tab: 'requirements',
    folder: undefined,
    followCursor: undefined,
    views: Object.fromEntries(VIEWS.map((view) => [view, DEFAULT_VIEW_STATE])) as Record<MatrixView, ViewState>,
    phasesScrollTop: 0,
    summaryOpen: true,
  };
}

const KINDS: readonly ItemKind[] = ['objective', 'misuse', 'threat', 'requirement', 'control', 'test', 'vulnerability', 'risk'];
const PHASES: readonly JspPhase[] = ['concept', 'design', 'verification', 'maintenance'];

/**
 * The saved state, checked field by field: it comes back from `getState` after a reload, possibly
 * written by an older version, so anything unexpected falls back to the default.
 */
export function sanitizeState(saved: unknown): PanelState {
  const fallback = defaultPanelState();
  if (typeof saved !== 'object' || saved === null || (saved as { version?: unknown }).version !== 1) {
    return fallback;
  }
  const s = saved as Record<string, unknown>;
  const oneOf = <T>(value: unknown, allowed: readonly T[], otherwise: T): T => (allowed.includes(value as T) ? (value as T) : otherwise);
  const savedViews = (typeof s['views'] === 'object' && s['views'] !== null ? s['views'] : {}) as Record<string, unknown>;
  const views = Object.fromEntries(
    VIEWS.map((view) => {
      const v = (typeof savedViews[view] === 'object' && savedViews[view] !== null ? savedViews[view] : {}) as Record<string, unknown>;
      const state: ViewState = {
        text: typeof v['text'] === 'string' ? v['text'] : '',
        kind: oneOf<ItemKind | 'all'>(v['kind'], ['all', ...KINDS], 'all'),
        status: oneOf(v['status'], STATUS_FILTERS, 'all'),
        phase: oneOf<JspPhase | 'all'>(v['phase'], ['all', ...PHASES], 'all'),
        sortKey: typeof v['sortKey'] === 'string' && v['sortKey'] ? v['sortKey'] : 'id',
        sortDir: oneOf<SortDirection>(v['sortDir'], ['asc', 'desc'], 'asc'),
        scrollTop: typeof v['scrollTop'] === 'number' && Number.isFinite(v['scrollTop']) && v['scrollTop'] >= 0 ? v['scrollTop'] : 0,
        selected: typeof v['selected'] === 'string' ? v['selected'] : undefined,
      };
      return [view, state];
    }),
  ) as Record<MatrixView, ViewState>;
  return {
    version: 1,
    tab: oneOf(s['tab'], TABS, fallback.tab),
    folder: typeof s['folder'] === 'string' ? s['folder'] : undefined,
    followCursor: typeof s['followCursor'] === 'boolean' ? s['followCursor'] : undefined,
    views,
    phasesScrollTop: typeof s['phasesScrollTop'] === 'number' && s['phasesScrollTop'] >= 0 ? s['phasesScrollTop'] : 0,
    summaryOpen: typeof s['summaryOpen'] === 'boolean' ? s['summaryOpen'] : true,
  };
}

// ------------------------------------------------------------------ names

export { KIND_NAMES };

export const PHASE_LABELS: Readonly<Record<JspPhase, string>> = {
  concept: 'Concept',
  design: 'Design & Development',
  verification: 'Verification & Validation',
  maintenance: 'Maintenance',
};

export const VIEW_LABELS: Readonly<Record<PanelTab, string>> = {
  requirements: 'Requirements',
  threats: 'Threats',
  concept: 'Objectives & misuse',
  vulnerabilities: 'Vulnerabilities',
  phases: 'JSP phases',
};

/** The item kinds each view's rows have (the kind filter offers these). */
export const VIEW_KINDS: Readonly<Record<MatrixView, readonly ItemKind[]>> = {
  requirements: ['requirement'],
  threats: ['threat'],
  concept: ['objective', 'misuse'],
  vulnerabilities: ['vulnerability'],
};

/** The view whose rows have items of a kind, if any. */
export function viewOfKind(kind: ItemKind): MatrixView | undefined {
  return VIEWS.find((view) => VIEW_KINDS[view].includes(kind));
}

const collator = new Intl.Collator('en', { numeric: true });

/** Orders IDs like the core's `compareIds` (SR-2 before SR-10), with a collator built once. */
export function compareIds(a: string, b: string): number {
  return collator.compare(a, b);
}

/** `path:line` of a location (1-based line), the key of test results and the text of a code entry. */
export function locationKey(location: { readonly path: string; readonly range: Range }): string {
  return `${location.path}:${location.range.start.line + 1}`;
}

/** How an entry reads: `SR-1 Title`, `SR-9 (not defined)` or `path:line` (as the exporters write it). */
export function entryLabel(entry: MatrixEntry): string {
  if (entry.id !== undefined) {
    return entry.title ? `${entry.id} ${entry.title}` : `${entry.id} (not defined)`;
  }
  return entry.location ? locationKey(entry.location) : '';
}

/**
 * How an entry reads in a narrow grid cell: a code location by file name and line (`envelope.c:42`), the
 * full path being in its tooltip; an item as {@link entryLabel}.
 */
export function shortEntryLabel(entry: MatrixEntry): string {
  if (entry.id === undefined && entry.location) {
    const { path, range } = entry.location;
    return `${path.slice(path.lastIndexOf('/') + 1)}:${range.start.line + 1}`;
  }
  return entryLabel(entry);
}

// ------------------------------------------------------------------ status

/** Which rule leaves which column empty: the cell shows the gap where the link is missing. */
export const GAP_COLUMN: Readonly<Record<string, string>> = {
  'requirement-not-derived': 'derivesFrom',
  'requirement-not-implemented': 'implementedBy',
  'requirement-not-verified': 'verifiedBy',
  'threat-not-mitigated': 'mitigatedBy',
};

/**
 * How serious an empty column is: the severity of the rule that reports it (`warning` for views no rule
 * covers, such as objectives without a derived requirement).
 */
export function missingSeverity(columnKey: string, severities: ReadonlyMap<string, string>): string {
  const rule = Object.keys(GAP_COLUMN).find((name) => GAP_COLUMN[name] === columnKey);
  return (rule && severities.get(rule)) || 'warning';
}

/** For views no rule covers: the column that makes a row traced when it has an entry. */
const TRACE_COLUMN: Readonly<Record<string, string>> = { concept: 'derivedBy', vulnerabilities: 'resolvedBy' };

/** The columns of a row that are empty although its trace needs them (shown as "missing"). */
export function missingColumns(row: MatrixRow, view: MatrixView, columns: readonly MatrixColumn[]): Set<string> {
  const keys = new Set(columns.map((column) => column.key));
  const missing = new Set<string>();
  for (const gap of row.gaps) {
    const key = GAP_COLUMN[gap];
    if (key !== undefined && keys.has(key) && (row.cells[key]?.length ?? 0) === 0) {
      missing.add(key);
    }
  }
  const traceColumn = TRACE_COLUMN[view];
  if (row.status === 'untraced' && traceColumn !== undefined && (row.cells[traceColumn]?.length ?? 0) === 0) {
    missing.add(traceColumn);
  }
  return missing;
}

/** The gaps of a row that no column shows (e.g. `duplicate-id`): the status cell lists them. */
export function otherGaps(row: MatrixRow): string[] {
  return [...new Set(row.gaps.filter((gap) => GAP_COLUMN[gap] === undefined))];
}

/** Severity of each rule by name, from the model's rule list. */
export function severityMap(rules: readonly RuleStatus[]): ReadonlyMap<string, RuleStatus['severity']> {
  return new Map(rules.map((rule) => [rule.name, rule.severity]));
}

/** The result of every test that verifies a row, when results are known. */
function verifyingResults(row: MatrixRow, results: Readonly<Record<string, TestResult>> | undefined): TestResult[] {
  if (!results) {
    return [];
  }
  return (row.cells['verifiedBy'] ?? []).flatMap((entry) => {
    const result = entry.location ? results[locationKey(entry.location)] : undefined;
    return result ? [result] : [];
  });
}

/** True when an error finding is about the row's item, or a test that verifies it failed last. */
export function isFailing(row: MatrixRow, severities: ReadonlyMap<string, string>, results?: Readonly<Record<string, TestResult>>): boolean {
  return row.gaps.some((gap) => severities.get(gap) === 'error') || verifyingResults(row, results).includes('failed');
}

/** The status of a row as one word, for the status cell, sorting and the filter. */
export function rowStatus(row: MatrixRow, severities: ReadonlyMap<string, string>, results?: Readonly<Record<string, TestResult>>): 'failing' | 'untraced' | 'covered' {
  if (isFailing(row, severities, results)) {
    return 'failing';
  }
  return row.status === 'traced' ? 'covered' : 'untraced';
}

// ------------------------------------------------------------------ phases

/**
 * The JSP phases a row touches: its own item's phase (`PHASE_OF_KIND`), the phases of the items it links
 * to, and for code locations the phase of their column — a test (`verifiedBy`) is Verification &
 * Validation, other code (an implementation) is Design & Development. So in the requirements view the
 * "Concept" filter keeps the requirements traced to an objective or misuse case, and "Verification &
 * Validation" those with test evidence.
 */
export function rowPhases(
  row: MatrixRow,
  phaseOfKind: Readonly<Record<ItemKind, JspPhase>>,
  kinds: Readonly<Record<string, ItemKind>>,
): Set<JspPhase> {
  const phases = new Set<JspPhase>([phaseOfKind[row.kind]]);
  for (const [key, entries] of Object.entries(row.cells)) {
    for (const entry of entries) {
      if (entry.id !== undefined) {
        const kind = kinds[entry.id];
        if (kind) {
          phases.add(phaseOfKind[kind]);
        }
      } else if (entry.location) {
        phases.add(key === 'verifiedBy' ? 'verification' : 'design');
      }
    }
  }
  return phases;
}

// ------------------------------------------------------------------ filter and sort

/** A row with what filtering needs precomputed once (lower-cased ID and title). */
export interface PreparedRow {
  readonly row: MatrixRow;
  readonly id: string;
  readonly title: string;
}

const prepared = new WeakMap<MatrixRow, PreparedRow>();

/** Prepares a row once per row object: an update that keeps a row keeps its preparation. */
export function prepareRow(row: MatrixRow): PreparedRow {
  let result = prepared.get(row);
  if (!result) {
    result = { row, id: row.id.toLowerCase(), title: row.title.toLowerCase() };
    prepared.set(row, result);
  }
  return result;
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/**
 * True when an ID contains a search term without splitting a number: `SR-1` finds SR-1 but not SR-10
 * or SR-21, `SR-` finds every requirement. Both are lower-cased.
 */
export function idContains(id: string, term: string): boolean {
  const startsWithDigit = isDigit(term[0]);
  const endsWithDigit = isDigit(term[term.length - 1]);
  for (let at = id.indexOf(term); at >= 0; at = id.indexOf(term, at + 1)) {
    if ((!startsWithDigit || !isDigit(id[at - 1])) && (!endsWithDigit || !isDigit(id[at + term.length]))) {
      return true;
    }
  }
  return false;
}

/** Splits free text into lower-cased terms; every term must match the ID or the title. */
export function searchTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter((term) => term.length > 0);
}

/** True when every term is in the row's ID (whole numbers) or title. */
export function matchesText(row: PreparedRow, terms: readonly string[]): boolean {
  return terms.every((term) => idContains(row.id, term) || row.title.includes(term));
}

/** What the filters need besides the rows. */
export interface FilterContext {
  readonly severities: ReadonlyMap<string, string>;
  readonly phaseOfKind: Readonly<Record<ItemKind, JspPhase>>;
  readonly kinds: Readonly<Record<string, ItemKind>>;
  readonly testResults?: Readonly<Record<string, TestResult>>;
}

/** The rows that pass a view's filters, in the order given (sort first, then filter: a keystroke only filters). */
export function filterRows(rows: readonly PreparedRow[], state: Pick<ViewState, 'text' | 'kind' | 'status' | 'phase'>, context: FilterContext): PreparedRow[] {
  const terms = searchTerms(state.text);
  return rows.filter((prepared) => {
    const row = prepared.row;
    if (state.kind !== 'all' && row.kind !== state.kind) {
      return false;
    }
    switch (state.status) {
      case 'untraced':
        if (row.status !== 'untraced') return false;
        break;
      case 'covered':
        if (row.status !== 'traced') return false;
        break;
      case 'failing':
        if (!isFailing(row, context.severities, context.testResults)) return false;
        break;
    }
    if (state.phase !== 'all' && !rowPhases(row, context.phaseOfKind, context.kinds).has(state.phase)) {
      return false;
    }
    return terms.length === 0 || matchesText(prepared, terms);
  });
}

const STATUS_RANK = { failing: 0, untraced: 1, covered: 2 } as const;

/**
 * Sorts rows by a column: `id` (numeric-aware), `title`, `status` (failing, untraced, covered) or a cell
 * column (by number of entries, then by the first entry's text); ties by ID.
 */
export function sortRows(rows: readonly PreparedRow[], sortKey: string, direction: SortDirection, context: Pick<FilterContext, 'severities' | 'testResults'>): PreparedRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  let keyed: { row: PreparedRow; key: number | string }[];
  if (sortKey === 'id') {
    return [...rows].sort((a, b) => sign * collator.compare(a.row.id, b.row.id));
  } else if (sortKey === 'title') {
    keyed = rows.map((row) => ({ row, key: row.title }));
  } else if (sortKey === 'status') {
    keyed = rows.map((row) => ({ row, key: STATUS_RANK[rowStatus(row.row, context.severities, context.testResults)] }));
  } else {
    keyed = rows.map((row) => {
      const entries = row.row.cells[sortKey] ?? [];
      // Count first, then text: zero-padding keeps string comparison numeric.
      return { row, key: `${String(entries.length).padStart(6, '0')} ${entries[0] ? entryLabel(entries[0]) : ''}` };
    });
  }
  keyed.sort((a, b) => {
    const byKey = typeof a.key === 'number' ? (a.key as number) - (b.key as number) : collator.compare(a.key as string, b.key as string);
    return sign * (byKey || collator.compare(a.row.row.id, b.row.row.id));
  });
  return keyed.map(({ row }) => row);
}

// ------------------------------------------------------------------ row heights

/** Entries a cell shows before "+n more". */
export const MAX_CELL_LINES = 4;

/** How many lines a cell with `count` entries takes (an empty cell takes one). */
export function cellLines(count: number): number {
  return Math.max(1, Math.min(count, MAX_CELL_LINES));
}

/** Lines of a row: its tallest cell. Row heights follow from this, so the virtual list needs no measuring. */
export function rowLines(row: MatrixRow, columns: readonly MatrixColumn[]): number {
  let lines = Math.max(row.category ? 2 : 1, cellLines(1 + otherGaps(row).length));
  for (const column of columns) {
    lines = Math.max(lines, cellLines(row.cells[column.key]?.length ?? 0));
  }
  return lines;
}

/**
 * Pixel widths of the grid's columns (ID, title, one per cell column, status): minimum widths in `em`,
 * and the space left shared by weight between the title (2.5) and the cells (1.2 each). Fixed widths keep
 * each row's layout trivial — measured, `minmax(…, fr)` tracks with `min-content` made a filter keystroke
 * spend ~50 ms in layout measuring text.
 */
export function columnWidths(available: number, cellColumns: number, em: number): number[] {
  const minimum = [6.5, 10, ...Array<number>(cellColumns).fill(8.5), 7.5].map((width) => width * em);
  const weights = [0, 2.5, ...Array<number>(cellColumns).fill(1.2), 0];
  const extra = Math.max(0, available - minimum.reduce((a, b) => a + b, 0));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  return minimum.map((width, i) => Math.floor(width + (extra * weights[i]!) / totalWeight));
}

/** Offsets of each row from the top and the total height, for the virtual list. */
export function rowOffsets(heights: readonly number[]): { offsets: Float64Array; total: number } {
  const offsets = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) {
    offsets[i + 1] = offsets[i]! + heights[i]!;
  }
  return { offsets, total: offsets[heights.length]! };
}

/** The index of the row at a vertical position (binary search over the offsets). */
export function rowAt(offsets: Float64Array, count: number, y: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid + 1]! <= y) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return Math.min(low, Math.max(0, count - 1));
}

// ------------------------------------------------------------------ keyed updates

/** A row's content as a string: rows are compared by it to find what changed. */
export function rowSignature(row: MatrixRow): string {
  return JSON.stringify(row);
}

/**
 * What changed between the rows sent before (their signatures by ID) and the rows now: the host sends
 * only these, and keeps the returned signatures for the next update.
 */
export function diffRows(
  previous: ReadonlyMap<string, string>,
  rows: readonly MatrixRow[],
): { upserted: MatrixRow[]; removed: string[]; signatures: Map<string, string> } {
  const signatures = new Map<string, string>();
  const upserted: MatrixRow[] = [];
  for (const row of rows) {
    const signature = rowSignature(row);
    signatures.set(row.id, signature);
    if (previous.get(row.id) !== signature) {
      upserted.push(row);
    }
  }
  const removed = [...previous.keys()].filter((id) => !signatures.has(id));
  return { upserted, removed, signatures };
}

/**
 * Applies a view's delta: changed rows are replaced, removed ones dropped, new ones added in ID order.
 * Rows that did not change keep their identity, so the webview re-renders only the changed ones.
 */
export function applyDelta(matrix: TraceMatrix, delta: ViewDelta): TraceMatrix {
  const removed = new Set(delta.removed);
  const changed = new Map(delta.upserted.map((row) => [row.id, row]));
  const rows: MatrixRow[] = [];
  for (const row of matrix.rows) {
    if (removed.has(row.id)) {
      continue;
    }
    const replacement = changed.get(row.id);
    rows.push(replacement ?? row);
    changed.delete(row.id);
  }
  if (changed.size > 0) {
    rows.push(...changed.values());
    rows.sort((a, b) => collator.compare(a.id, b.id));
  }
  return { ...matrix, rows, summary: delta.summary };
}

// ------------------------------------------------------------------ coverage

/** One figure of the coverage summary; `done` is undefined when it cannot be measured yet. */
export interface CoverageFigure {
  readonly key: 'derived' | 'implemented' | 'verified' | 'passing' | 'mitigated';
  readonly label: string;
  readonly done: number | undefined;
  readonly total: number;
  /** Whole percent, rounded as the exporters and the status bar round it; undefined without a total. */
  readonly percent: number | undefined;
  readonly note: string;
}

const percentOf = (done: number | undefined, total: number) => (done === undefined || total === 0 ? undefined : Math.round((done / total) * 100));

/** Requirements whose verifying tests all have a result and none failed (undefined without results). */
export function passingRequirements(requirements: TraceMatrix, results: Readonly<Record<string, TestResult>> | undefined): number | undefined {
  if (!results || Object.keys(results).length === 0) {
    return undefined;
  }
  return requirements.rows.filter((row) => {
    const known = verifyingResults(row, results);
    return known.length > 0 && known.includes('passed') && !known.includes('failed');
  }).length;
}

/** The coverage summary on top of the panel, from the core's summary. */
export function coverageFigures(summary: TraceSummary, passing: number | undefined): CoverageFigure[] {
  const { requirements, threats } = summary;
  const figure = (key: CoverageFigure['key'], label: string, done: number | undefined, total: number, note: string): CoverageFigure => ({
    key,
    label,
    done,
    total,
    percent: percentOf(done, total),
    note,
  });
  return [
    figure('derived', 'Derived', requirements.derived, requirements.total, 'requirements derived from an objective or misuse case'),
    figure('implemented', 'Implemented', requirements.implemented, requirements.total, 'requirements implemented in code or by a control'),
    figure('verified', 'Verified', requirements.verified, requirements.total, 'requirements verified by a test'),
    figure(
      'passing',
      'Passing',
      passing,
      requirements.total,
      passing === undefined ? 'no test results yet' : 'requirements whose tests passed last',
    ),
    figure(
      'mitigated',
      'Threats mitigated',
      threats.mitigated,
      threats.total,
      threats.accepted > 0 ? `threats mitigated; ${threats.accepted} more accepted as residual risk` : 'threats mitigated by a requirement or control',
    ),
  ];
}

// ------------------------------------------------------------------ cursor

/**
 * The item the cursor is in when it is not on an ID: a code annotation on the cursor's line, else the
 * innermost Markdown section that contains the cursor.
 */
export function itemAtPosition(
  file: {
    readonly items: readonly { readonly id: string; readonly sectionRange: Range }[];
    readonly links: readonly { readonly from: string | undefined; readonly to: string; readonly location: { readonly range: Range } }[];
  },
  position: Position,
): string | undefined {
  const annotation = file.links.find((link) => link.from === undefined && link.location.range.start.line === position.line);
  if (annotation) {
    return annotation.to;
  }
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  let best: { id: string; start: Position } | undefined;
  for (const item of file.items) {
    const { start, end } = item.sectionRange;
    const inside = before(start, position) && (position.line < end.line || (position.line === end.line && position.character < end.character));
    if (inside && (!best || before(best.start, start))) {
      best = { id: item.id, start };
    }
  }
  return best?.id;
}

// ------------------------------------------------------------------ neighbourhood graph

/** How each column relates the row's item to an entry, and on which side of the item the entry goes. */
const RELATIONS: Readonly<Record<string, { readonly label: string; readonly upstream: boolean }>> = {
  derivesFrom: { label: 'derives from', upstream: true },
  mitigates: { label: 'mitigates', upstream: true },
  implementedBy: { label: 'implemented by', upstream: false },
  verifiedBy: { label: 'verified by', upstream: false },
  mitigatedBy: { label: 'mitigated by', upstream: false },
  acceptedBy: { label: 'accepted by', upstream: false },
  mitigatedInCode: { label: 'mitigated in code', upstream: false },
  derivedBy: { label: 'refined into', upstream: false },
  affects: { label: 'affects', upstream: false },
  resolvedBy: { label: 'resolved by', upstream: false },
};

/** Entries per column drawn before the rest are summed up in one "+n more" node. */
export const MAX_NEIGHBOURS_PER_COLUMN = 8;

export interface NeighbourNode {
  readonly key: string;
  readonly role: 'center' | 'upstream' | 'downstream' | 'more';
  readonly id?: string;
  readonly kind?: ItemKind;
  /** First line (the ID, or `file:line`), second line (title, or folder). */
  readonly label: string;
  readonly detail: string;
  /** Everything, for the tooltip and the accessible name. */
  readonly description: string;
  readonly location?: MatrixEntry['location'];
  readonly undefinedId?: boolean;
}

export interface NeighbourEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface Neighbourhood {
  readonly nodes: readonly NeighbourNode[];
  readonly edges: readonly NeighbourEdge[];
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const dirname = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/**
 * The neighbourhood of a row's item: the item, and what its cells link it to (what it derives from and
 * mitigates upstream; what implements and verifies it downstream), one edge per relation, labelled.
 */
export function neighbourhood(row: MatrixRow, columns: readonly MatrixColumn[], kinds: Readonly<Record<string, ItemKind>>): Neighbourhood {
  const nodes = new Map<string, NeighbourNode>();
  const edges = new Map<string, { from: string; to: string; labels: string[] }>();
  nodes.set('center', {
    key: 'center',
    role: 'center',
    id: row.id,
    kind: row.kind,
    label: row.id,
    detail: row.title,
    description: `${row.id} ${row.title} (${KIND_NAMES[row.kind].toLowerCase()})`,
    location: row.location,
  });
  const addEdge = (from: string, to: string, label: string) => {
    const key = `${from}\u0000${to}`;
    const edge = edges.get(key);
    if (edge) {
      if (!edge.labels.includes(label)) edge.labels.push(label);
    } else {
      edges.set(key, { from, to, labels: [label] });
    }
  };
  for (const column of columns) {
    const relation = RELATIONS[column.key] ?? { label: column.label.toLowerCase(), upstream: false };
    const role = relation.upstream ? 'upstream' : 'downstream';
    const entries = row.cells[column.key] ?? [];
    const shown = entries.length > MAX_NEIGHBOURS_PER_COLUMN ? entries.slice(0, MAX_NEIGHBOURS_PER_COLUMN - 1) : entries;
    for (const entry of shown) {
      if (entry.id === row.id) {
        continue;
      }
      let key: string;
      if (entry.id !== undefined) {
        key = `id:${entry.id}`;
        if (!nodes.has(key)) {
          const kind = kinds[entry.id];
          nodes.set(key, {
            key,
            role,
            id: entry.id,
            ...(kind ? { kind } : {}),
            label: entry.id,
            detail: entry.title ?? 'not defined',
            description: entryLabel(entry),
            ...(entry.location ? { location: entry.location } : {}),
            ...(entry.title === undefined ? { undefinedId: true } : {}),
          });
        }
      } else if (entry.location) {
        key = `loc:${locationKey(entry.location)}`;
        if (!nodes.has(key)) {
          nodes.set(key, {
            key,
            role,
            label: `${basename(entry.location.path)}:${entry.location.range.start.line + 1}`,
            detail: dirname(entry.location.path),
            description: locationKey(entry.location),
            location: entry.location,
          });
        }
      } else {
        continue;
      }
      relation.upstream ? addEdge(key, 'center', relation.label) : addEdge('center', key, relation.label);
    }
    if (shown.length < entries.length) {
      const key = `more:${column.key}`;
      const count = entries.length - shown.length;
      nodes.set(key, { key, role: 'more', label: `+${count} more`, detail: column.label, description: `${count} more: ${column.label.toLowerCase()}` });
      relation.upstream ? addEdge(key, 'center', relation.label) : addEdge('center', key, relation.label);
    }
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].map(({ from, to, labels }) => ({ from, to, label: labels.join(', ') })),
  };
}
