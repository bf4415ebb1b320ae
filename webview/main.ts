/**
 * The traceability matrix webview: receives the model from the host (protocol.ts), keeps the UI state
 * with getState/setState, and renders tabs, filters, the virtualized grid, the coverage summary, the
 * JSP phases and the neighbourhood of the selected item. Logic lives in model.ts; this file wires it.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { FolderChoice, FromWebview, Location, MatrixRow, MatrixView, PanelModel, PanelNotice, ToWebview } from '../src/protocol';
import { h, replaceChildren } from './dom';
import { MatrixGrid } from './grid';
import {
  DEFAULT_VIEW_STATE,
  KIND_NAMES,
  PHASE_LABELS,
  STATUS_FILTERS,
  TABS,
  VIEWS,
  VIEW_KINDS,
  VIEW_LABELS,
  applyDelta,
  coverageFigures,
  filterRows,
  parseJson,
  passingRequirements,
  prepareRow,
  sanitizeState,
  severityMap,
  sortRows,
  viewOfKind,
  type FilterContext,
  type PanelState,
  type PanelTab,
  type PreparedRow,
  type StatusFilter,
  type ViewState,
} from './model';
import { renderDetail, renderPhases, renderSummary } from './panels';

interface VsCodeApi {
  postMessage(message: FromWebview.Type): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const STATUS_LABELS: Readonly<Record<StatusFilter, string>> = {
  all: 'All statuses',
  untraced: 'Untraced',
  failing: 'Failing (error findings)',
  covered: 'Covered (traced)',
};

interface SelectElement extends HTMLElement {
  value: string;
}

/** Builds a vscode-single-select with its options (labels as text). */
function select(label: string, options: readonly [string, string][], value: string, onChange: (value: string) => void): SelectElement {
  const element = h(
    'vscode-single-select',
    { attrs: { label, 'aria-label': label, title: label } },
    ...options.map(([optionValue, optionLabel]) => h('vscode-option', { attrs: { value: optionValue, selected: optionValue === value } }, optionLabel)),
  ) as SelectElement;
  element.addEventListener('change', () => onChange(element.value));
  return element;
}

/** One matrix view's tab content: filters, grid and the detail pane. */
class ViewSection {
  readonly element: HTMLElement;
  readonly grid: MatrixGrid;
  readonly #search: HTMLElement & { value: string };
  readonly #kind: SelectElement;
  readonly #status: SelectElement;
  readonly #phase: SelectElement;
  readonly #count: HTMLElement;
  readonly #detail: HTMLElement;
  /** Sorted rows and what they were sorted from, so that a keystroke only filters. */
  #sorted: { rows: readonly MatrixRow[]; key: string; dir: string; rules: unknown; result: PreparedRow[] } | undefined;
  #visible: PreparedRow[] = [];
  #rowsById: { rows: readonly MatrixRow[]; map: Map<string, MatrixRow> } | undefined;
  /** Set when the model changed while another tab was shown. */
  dirty = true;
  /** What the detail pane shows, so that a filter keystroke does not lay the graph out again. */
  #detailKey: readonly unknown[] = [];

  constructor(
    readonly view: MatrixView,
    readonly app: App,
  ) {
    const state = app.viewState(view);
    this.#search = h('vscode-textfield', {
      className: 'search',
      attrs: { placeholder: 'Filter by ID or title', 'aria-label': `Filter ${VIEW_LABELS[view].toLowerCase()} by ID or title`, type: 'search' },
    }) as HTMLElement & { value: string };
    this.#search.value = state.text;
    this.#search.addEventListener('input', () => {
      const started = performance.now();
      this.app.setViewState(view, { text: this.#search.value });
      this.refresh();
      app.recordTiming('filterMs', started);
    });
    const kinds = VIEW_KINDS[view];
    this.#kind = select('Kind', [['all', 'All kinds'], ...kinds.map((kind): [string, string] => [kind, KIND_NAMES[kind]])], state.kind, (value) => this.#filter({ kind: value as ViewState['kind'] }));
    if (kinds.length < 2) {
      this.#kind.setAttribute('disabled', '');
    }
    this.#status = select('Status', STATUS_FILTERS.map((status): [string, string] => [status, STATUS_LABELS[status]]), state.status, (value) => this.#filter({ status: value as StatusFilter }));
    this.#phase = select(
      'JSP phase',
      [['all', 'All JSP phases'], ...(Object.entries(PHASE_LABELS) as [string, string][])],
      state.phase,
      (value) => this.#filter({ phase: value as ViewState['phase'] }),
    );
    this.#count = h('span', { className: 'count', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.grid = new MatrixGrid(
      {
        select: (id) => this.select(id),
        open: (location) => app.open(location),
        sort: (key) => {
          const current = app.viewState(view);
          app.setViewState(view, { sortKey: key, sortDir: current.sortKey === key && current.sortDir === 'asc' ? 'desc' : 'asc' });
          this.refresh();
        },
        scrolled: (scrollTop) => app.setViewState(view, { scrollTop }, { lazy: true }),
      },
      `${VIEW_LABELS[view]} traceability matrix`,
    );
    this.#detail = h('aside', { className: 'detail', attrs: { 'aria-label': 'Selected item and its neighbourhood' } });
    this.element = h(
      'div',
      { className: 'view-section' },
      h(
        'div',
        { className: 'filters', attrs: { role: 'search', 'aria-label': `Filter ${VIEW_LABELS[view].toLowerCase()}` } },
        this.#search,
        h('label', { className: 'filter-label' }, 'Kind', this.#kind),
        h('label', { className: 'filter-label' }, 'Status', this.#status),
        h('label', { className: 'filter-label' }, 'Phase', this.#phase),
        this.#count,
      ),
      h('div', { className: 'matrix-body' }, this.grid.element, this.#detail),
    );
  }

  #filter(patch: Partial<ViewState>): void {
    const started = performance.now();
    this.app.setViewState(this.view, patch);
    this.refresh();
    this.app.recordTiming('filterMs', started);
  }

  /** Sets the filter controls from the state (after a filter came from the host). */
  syncControls(): void {
    const state = this.app.viewState(this.view);
    this.#search.value = state.text;
    this.#kind.value = state.kind;
    this.#status.value = state.status;
    this.#phase.value = state.phase;
  }

  focusSearch(): void {
    this.#search.focus();
  }

  #rows(model: PanelModel): PreparedRow[] {
    const matrix = model.matrices[this.view];
    const state = this.app.viewState(this.view);
    const sorted = this.#sorted;
    if (sorted && sorted.rows === matrix.rows && sorted.key === state.sortKey && sorted.dir === state.sortDir && sorted.rules === model.rules) {
      return sorted.result;
    }
    let result: PreparedRow[];
    // The core sends rows in ID order: the default sort needs no sorting.
    if (state.sortKey === 'id') {
      result = matrix.rows.map(prepareRow);
      if (state.sortDir === 'desc') {
        result.reverse();
      }
    } else {
      result = sortRows(matrix.rows.map(prepareRow), state.sortKey, state.sortDir, this.app.filterContext(model));
    }
    this.#sorted = { rows: matrix.rows, key: state.sortKey, dir: state.sortDir, rules: model.rules, result };
    return result;
  }

  row(id: string | undefined): MatrixRow | undefined {
    const model = this.app.model;
    if (!model || id === undefined) {
      return undefined;
    }
    const rows = model.matrices[this.view].rows;
    if (this.#rowsById?.rows !== rows) {
      this.#rowsById = { rows, map: new Map(rows.map((row) => [row.id, row])) };
    }
    return this.#rowsById.map.get(id);
  }

  /** Filters (and sorts when needed) and hands the rows to the grid, which re-renders by key. */
  refresh(): void {
    const model = this.app.model;
    if (!model) {
      return;
    }
    this.dirty = false;
    const state = this.app.viewState(this.view);
    const context = this.app.filterContext(model);
    this.#visible = filterRows(this.#rows(model), state, context);
    const matrix = model.matrices[this.view];
    this.grid.setData({
      view: this.view,
      columns: matrix.columns,
      rows: this.#visible,
      sortKey: state.sortKey,
      sortDir: state.sortDir,
      selected: state.selected,
      severities: context.severities,
      testResults: model.testResults,
      rulesKey: model.rules.map((rule) => `${rule.name}=${rule.severity}`).join(','),
    });
    const total = matrix.rows.length;
    this.#count.textContent = this.#visible.length === total ? `${total} ${total === 1 ? 'row' : 'rows'}` : `${this.#visible.length} of ${total} rows`;
    this.renderDetail();
  }

  renderDetail(): void {
    const model = this.app.model;
    if (!model) {
      return;
    }
    const state = this.app.viewState(this.view);
    const row = this.row(state.selected);
    const context = this.app.filterContext(model);
    const shown = row !== undefined && this.#visible.some((prepared) => prepared.row === row);
    const key = [row, shown, model.kinds, model.rules, model.matrices[this.view].columns];
    if (key.every((part, i) => part === this.#detailKey[i])) {
      return;
    }
    this.#detailKey = key;
    replaceChildren(
      this.#detail,
      renderDetail(
        row,
        {
          view: this.view,
          columns: model.matrices[this.view].columns,
          kinds: model.kinds,
          rules: model.rules,
          severities: context.severities,
          testResults: model.testResults,
          shown,
        },
        (location) => this.app.open(location),
      ),
    );
  }

  select(id: string): void {
    if (this.app.viewState(this.view).selected === id) {
      return;
    }
    this.app.setViewState(this.view, { selected: id });
    this.grid.setSelected(id);
    this.renderDetail();
  }

  /** Selects a row and scrolls to it (revealing from the editor, or a filter from the host). */
  reveal(id: string): void {
    this.app.setViewState(this.view, { selected: id });
    this.grid.setSelected(id);
    this.grid.scrollToRow(id);
    this.renderDetail();
  }
}

class App {
  readonly #vscode = acquireVsCodeApi();
  #state: PanelState = sanitizeState(this.#vscode.getState());
  model: PanelModel | undefined;
  #folders: readonly FolderChoice[] = [];
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #filterContext: { model: PanelModel; context: FilterContext } | undefined;

  readonly #root = document.getElementById('app')!;
  readonly #heading = h('span', { className: 'folder-name' });
  readonly #folderSlot = h('span', { className: 'folder-picker' });
  readonly #follow = h('vscode-checkbox', { attrs: { toggle: true, label: 'Follow editor', title: 'Reveal the item under the editor cursor' } }) as HTMLElement & { checked: boolean };
  readonly #summary = h('div', { className: 'summary-slot' });
  readonly #notice = h('div', { className: 'notice', attrs: { role: 'status' } });
  readonly #tabs: HTMLElement & { selectedIndex: number };
  readonly #badges = new Map<PanelTab, HTMLElement>();
  readonly #sections: Record<MatrixView, ViewSection>;
  readonly #phases = h('div', { className: 'phases-slot' });
  readonly #main: HTMLElement;

  constructor() {
    this.#sections = Object.fromEntries(VIEWS.map((view) => [view, new ViewSection(view, this)])) as Record<MatrixView, ViewSection>;
    this.#follow.addEventListener('change', () => {
      this.#state = { ...this.#state, followCursor: this.#follow.checked };
      this.#save();
      this.#post({ type: 'followCursor', enabled: this.#follow.checked });
    });
    const headers = TABS.map((tab) => {
      const badge = h('vscode-badge', { attrs: { variant: 'counter' } });
      this.#badges.set(tab, badge);
      return h('vscode-tab-header', { attrs: { slot: 'header', 'data-tab': tab } }, VIEW_LABELS[tab], tab === 'phases' ? undefined : badge);
    });
    const panels = TABS.map((tab) => h('vscode-tab-panel', { attrs: { 'data-tab': tab } }, tab === 'phases' ? this.#phases : this.#sections[tab].element));
    this.#tabs = h('vscode-tabs', { attrs: { 'selected-index': TABS.indexOf(this.#state.tab) } }, ...headers, ...panels) as HTMLElement & { selectedIndex: number };
    this.#tabs.addEventListener('vsc-tabs-select', (event) => {
      const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      const tab = TABS[index];
      if (tab && tab !== this.#state.tab) {
        this.#showTab(tab);
      }
    });
    this.#phases.addEventListener('scroll', () => this.#update({ phasesScrollTop: this.#phases.scrollTop }, { lazy: true }));
    const exportButton = (format: 'html' | 'csv' | 'json') =>
      h(
        'vscode-button',
        {
          attrs: { secondary: true, 'data-export': format, title: `Export the current view as ${format.toUpperCase()} (the same file as "jsp-trace matrix --format ${format}")` },
          on: { click: () => this.#post({ type: 'export', view: this.#state.tab === 'phases' ? 'requirements' : this.#state.tab, format }) },
        },
        format.toUpperCase(),
      );
    this.#main = h(
      'div',
      { className: 'layout' },
      h(
        'header',
        { className: 'toolbar' },
        h('h1', {}, 'Traceability matrix ', this.#heading),
        this.#folderSlot,
        h('span', { className: 'spacer' }),
        this.#follow,
        h('span', { className: 'export', attrs: { role: 'group', 'aria-label': 'Export' } }, h('span', { className: 'export-label' }, 'Export'), exportButton('html'), exportButton('csv'), exportButton('json')),
      ),
      this.#summary,
      this.#tabs,
    );
    replaceChildren(this.#root, this.#notice);
    window.addEventListener('message', (event: MessageEvent<ToWebview.Type>) => this.#onMessage(event.data));
    document.addEventListener('keydown', (event) => {
      // Ctrl+F / Cmd+F focuses the filter of the view shown.
      if ((event.ctrlKey || event.metaKey) && event.key === 'f' && this.#state.tab !== 'phases') {
        event.preventDefault();
        this.#sections[this.#state.tab].focusSearch();
      }
    });
    this.#notice.textContent = 'Loading the traceability matrix…';
    this.#post({ type: 'ready', folder: this.#state.folder, followCursor: this.#state.followCursor });
  }

  // ------------------------------------------------------------------ state

  viewState(view: MatrixView): ViewState {
    return this.#state.views[view] ?? DEFAULT_VIEW_STATE;
  }

  setViewState(view: MatrixView, patch: Partial<ViewState>, options: { lazy?: boolean } = {}): void {
    this.#update({ views: { ...this.#state.views, [view]: { ...this.viewState(view), ...patch } } }, options);
  }

  #update(patch: Partial<PanelState>, options: { lazy?: boolean } = {}): void {
    this.#state = { ...this.#state, ...patch };
    if (options.lazy) {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = setTimeout(() => this.#save(), 150);
    } else {
      this.#save();
    }
  }

  #save(): void {
    clearTimeout(this.#saveTimer);
    this.#vscode.setState(this.#state);
  }

  #post(message: FromWebview.Type): void {
    this.#vscode.postMessage(message);
  }

  filterContext(model: PanelModel): FilterContext {
    if (this.#filterContext?.model !== model) {
      this.#filterContext = {
        model,
        context: { severities: severityMap(model.rules), phaseOfKind: model.phaseOfKind, kinds: model.kinds, ...(model.testResults ? { testResults: model.testResults } : {}) },
      };
    }
    return this.#filterContext.context;
  }

  open(location: Location): void {
    this.#post({ type: 'open', location });
  }

  /** Records how long a render took until the next frame, on the root element (read by benchmarks and tests). */
  recordTiming(name: 'firstPaintMs' | 'filterMs' | 'updateMs', started: number): void {
    requestAnimationFrame(() => {
      this.#root.dataset[name] = (performance.now() - started).toFixed(1);
    });
  }

  // ------------------------------------------------------------------ messages

  #onMessage(message: ToWebview.Type): void {
    switch (message?.type) {
      case 'model':
        this.#onModel(message);
        break;
      case 'update':
        this.#onUpdate(message);
        break;
      case 'reveal':
        this.#reveal(message.id, { switchTab: this.#state.tab !== 'phases' });
        break;
      case 'applyFilter':
        this.#applyFilter(message.text);
        break;
      case 'followCursor':
        this.#update({ followCursor: undefined });
        this.#follow.checked = message.enabled;
        break;
    }
  }

  #onModel(message: ToWebview.Model): void {
    const started = performance.now();
    this.#folders = message.folders;
    this.#follow.checked = this.#state.followCursor ?? message.followCursor;
    const model = message.model === undefined ? undefined : parseJson(message.model);
    if (!model) {
      this.model = undefined;
      this.#showNotice(message.notice ?? { kind: 'indexing', message: 'Indexing…' });
      return;
    }
    const firstModel = this.model === undefined;
    const folderChanged = this.#state.folder !== model.folder;
    this.model = model;
    this.#update({ folder: model.folder });
    this.#heading.textContent = this.#folders.length > 1 ? `— ${model.folderName}` : '';
    this.#renderFolderPicker();
    if (!this.#main.isConnected) {
      replaceChildren(this.#root, this.#main);
      this.#root.removeAttribute('aria-busy');
    }
    for (const section of Object.values(this.#sections)) {
      section.dirty = true;
      section.syncControls();
    }
    this.#renderAround();
    this.#showTab(this.#state.tab, { restoreScroll: firstModel || folderChanged });
    this.recordTiming('firstPaintMs', started);
  }

  #onUpdate(message: ToWebview.Update): void {
    const model = this.model;
    if (!model || message.folder !== model.folder) {
      return;
    }
    const started = performance.now();
    const matrices = { ...model.matrices };
    for (const view of VIEWS) {
      const delta = message.views[view];
      const changed = delta.upserted.length > 0 || delta.removed.length > 0;
      matrices[view] = changed ? applyDelta(model.matrices[view], delta) : { ...model.matrices[view], summary: delta.summary };
      if (changed || message.kinds) {
        this.#sections[view].dirty = true;
      }
    }
    this.model = { ...model, matrices, phases: message.phases, rules: message.rules, kinds: message.kinds ?? model.kinds };
    if (this.model.rules.some((rule, i) => model.rules[i]?.severity !== rule.severity)) {
      VIEWS.forEach((view) => (this.#sections[view].dirty = true));
    } else {
      // Same severities: keep the rules object, so sorted rows stay valid.
      this.model = { ...this.model, rules: model.rules };
    }
    this.#renderAround();
    const tab = this.#state.tab;
    if (tab !== 'phases' && this.#sections[tab].dirty) {
      this.#sections[tab].refresh();
    }
    this.recordTiming('updateMs', started);
  }

  /** Summary, tab counts and the phase view: everything but the grids. */
  #renderAround(): void {
    const model = this.model!;
    const summary = model.matrices.requirements.summary;
    replaceChildren(
      this.#summary,
      renderSummary(coverageFigures(summary, passingRequirements(model.matrices.requirements, model.testResults)), summary, model.rules, this.#state.summaryOpen, (open) =>
        this.#update({ summaryOpen: open }),
      ),
    );
    for (const view of VIEWS) {
      const rows = model.matrices[view].rows;
      const untraced = rows.filter((row) => row.status === 'untraced').length;
      const badge = this.#badges.get(view)!;
      badge.textContent = String(rows.length);
      badge.setAttribute('aria-label', `${rows.length} rows, ${untraced} untraced`);
    }
    const scrollTop = this.#phases.scrollTop;
    replaceChildren(this.#phases, renderPhases(model.phases, (location) => this.open(location)));
    this.#phases.scrollTop = scrollTop;
  }

  #renderFolderPicker(): void {
    if (this.#folders.length < 2) {
      replaceChildren(this.#folderSlot);
      return;
    }
    const picker = select(
      'Workspace folder',
      this.#folders.map((folder): [string, string] => [folder.key, folder.name]),
      this.model?.folder ?? '',
      (value) => {
        this.#update({ folder: value });
        this.#post({ type: 'selectFolder', folder: value });
      },
    );
    replaceChildren(this.#folderSlot, picker);
  }

  #showNotice(notice: PanelNotice): void {
    replaceChildren(
      this.#notice,
      h('p', {}, notice.message),
      notice.details && notice.details.length > 0 ? h('ul', {}, ...notice.details.map((detail) => h('li', {}, detail))) : undefined,
    );
    replaceChildren(this.#root, this.#notice);
  }

  #showTab(tab: PanelTab, options: { restoreScroll?: boolean } = {}): void {
    const changed = tab !== this.#state.tab;
    this.#update({ tab });
    const index = TABS.indexOf(tab);
    if (this.#tabs.selectedIndex !== index) {
      this.#tabs.selectedIndex = index;
    }
    if (!this.model) {
      return;
    }
    // The tab panel becomes visible on the element's next update: scroll positions can be set after it.
    requestAnimationFrame(() => {
      if (tab === 'phases') {
        if (changed || options.restoreScroll) {
          this.#phases.scrollTop = this.#state.phasesScrollTop;
        }
        return;
      }
      const section = this.#sections[tab];
      if (section.dirty || changed || options.restoreScroll) {
        section.refresh();
      }
      if (changed || options.restoreScroll) {
        section.grid.scrollTop = this.viewState(tab).scrollTop;
      }
    });
  }

  #reveal(id: string, options: { switchTab: boolean }): void {
    const kind = this.model?.kinds[id];
    const view = kind && viewOfKind(kind);
    if (!view) {
      return;
    }
    if (options.switchTab && this.#state.tab !== view) {
      this.setViewState(view, { selected: id });
      this.#showTab(view);
      requestAnimationFrame(() => requestAnimationFrame(() => this.#sections[view].reveal(id)));
      return;
    }
    if (this.#state.tab === view) {
      this.#sections[view].reveal(id);
    } else {
      this.setViewState(view, { selected: id });
    }
  }

  /** A filter from the host (the quick fix "Open matrix filtered to SR-4"): an ID opens its view. */
  #applyFilter(text: string): void {
    const id = text.trim();
    const kind = this.model?.kinds[id];
    const view = (kind && viewOfKind(kind)) || (this.#state.tab === 'phases' ? 'requirements' : this.#state.tab);
    this.setViewState(view, { text, kind: 'all', status: 'all', phase: 'all', ...(kind ? { selected: id } : {}) });
    this.#sections[view].syncControls();
    this.#sections[view].dirty = true;
    if (this.#state.tab !== view) {
      this.#showTab(view);
    } else {
      this.#sections[view].refresh();
    }
  }
}

new App();
