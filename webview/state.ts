/**
 * The panel's UI state: the tab shown and, per matrix view, the filters, sort, scroll position and
 * selection. The webview keeps it with `setState`, so hiding the panel or reloading the window loses
 * nothing; {@link sanitizeState} checks what comes back.
 */
import { ITEM_KINDS, type ItemKind } from '../src/core/model';
import { JSP_PHASES, MATRIX_VIEWS, type JspPhase, type MatrixView } from '../src/core/report/matrixVocabulary';

/** The panel's tabs: the matrix views and the JSP phase view. */
export type PanelTab = MatrixView | 'phases';
export const TABS: readonly PanelTab[] = [...MATRIX_VIEWS, 'phases'];

/**
 * The status filter:
 * - `untraced`: the row's own trace is incomplete (the core's `status`);
 * - `covered`: the row is traced;
 * - `failing`: a finding of severity `error` is reported about the row's item (a missing link, a
 *   duplicate definition). A covered row can be failing (a duplicate ID); an untraced row whose gaps are
 *   only warnings is not.
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
  /** The selected row's key: its ID, or in a grouped view its group and ID (`rowKey`). */
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
    views: Object.fromEntries(MATRIX_VIEWS.map((view) => [view, DEFAULT_VIEW_STATE])) as Record<MatrixView, ViewState>,
    phasesScrollTop: 0,
    summaryOpen: true,
  };
}

const oneOf = <T>(value: unknown, allowed: readonly T[], otherwise: T): T => (allowed.includes(value as T) ? (value as T) : otherwise);
const objectOr = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/** One view's saved state, field by field. */
function sanitizeViewState(saved: unknown): ViewState {
  const v = objectOr(saved);
  return {
    text: typeof v['text'] === 'string' ? v['text'] : '',
    kind: oneOf<ItemKind | 'all'>(v['kind'], ['all', ...ITEM_KINDS], 'all'),
    status: oneOf(v['status'], STATUS_FILTERS, 'all'),
    phase: oneOf<JspPhase | 'all'>(v['phase'], ['all', ...JSP_PHASES], 'all'),
    sortKey: typeof v['sortKey'] === 'string' && v['sortKey'] ? v['sortKey'] : 'id',
    sortDir: oneOf<SortDirection>(v['sortDir'], ['asc', 'desc'], 'asc'),
    scrollTop: typeof v['scrollTop'] === 'number' && Number.isFinite(v['scrollTop']) && v['scrollTop'] >= 0 ? v['scrollTop'] : 0,
    selected: typeof v['selected'] === 'string' ? v['selected'] : undefined,
  };
}

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
  const savedViews = objectOr(s['views']);
  return {
    version: 1,
    tab: oneOf(s['tab'], TABS, fallback.tab),
    folder: typeof s['folder'] === 'string' ? s['folder'] : undefined,
    followCursor: typeof s['followCursor'] === 'boolean' ? s['followCursor'] : undefined,
    views: Object.fromEntries(MATRIX_VIEWS.map((view) => [view, sanitizeViewState(savedViews[view])])) as Record<MatrixView, ViewState>,
    phasesScrollTop: typeof s['phasesScrollTop'] === 'number' && s['phasesScrollTop'] >= 0 ? s['phasesScrollTop'] : 0,
    summaryOpen: typeof s['summaryOpen'] === 'boolean' ? s['summaryOpen'] : true,
  };
}
