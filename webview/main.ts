/**
 * The traceability matrix webview: receives the model from the host (protocol.ts), keeps the UI state
 * with getState/setState (state.ts), and renders tabs, the coverage summary, the JSP phases and one
 * {@link ViewSection} per matrix view. What the model means comes from the core's matrix vocabulary;
 * the logic is in the modules this file wires.
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
import type { Location } from '../src/core/model';
import { applyDelta } from '../src/core/report/matrixDelta';
import { EXPORT_FORMATS, MATRIX_VIEWS, viewOfKind, type ExportFormat, type MatrixView } from '../src/core/report/matrixVocabulary';
import type { FolderChoice, FromWebview, Json, PanelComparison, PanelModel, PanelNotice, ToWebview } from '../src/protocol';
import { select } from './controls';
import { coverageFigures } from './coverage';
import { h, replaceChildren } from './dom';
import type { FilterContext } from './filters';
import { VIEW_LABELS } from './labels';
import { renderPhases, renderSummary } from './panels';
import { severityMap } from './rowStatus';
import { DEFAULT_VIEW_STATE, TABS, sanitizeState, type PanelState, type PanelTab, type ViewState } from './state';
import { ViewSection, type SectionHost } from './viewSection';

interface VsCodeApi {
  postMessage(message: FromWebview.Type): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Parses JSON text sent as {@link Json} (the model travels as text: see protocol.ts). */
function parseJson<T>(json: Json<T>): T {
  return JSON.parse(json) as T;
}

/** The panel: its state, the messages to and from the host, and everything around the grids. */
class App implements SectionHost {
  readonly #vscode = acquireVsCodeApi();
  #state: PanelState = sanitizeState(this.#vscode.getState());
  model: PanelModel | undefined;
  #folders: readonly FolderChoice[] = [];
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #filterContext: { model: PanelModel; context: FilterContext } | undefined;
  /** The comparison with a branch of the folder shown, and the IDs whose gaps it brought. */
  #comparison: { folder: string; value: PanelComparison; newGaps: ReadonlySet<string> } | undefined;

  readonly #root = document.getElementById('app')!;
  readonly #heading = h('span', { className: 'folder-name' });
  readonly #folderSlot = h('span', { className: 'folder-picker' });
  readonly #follow = h('vscode-checkbox', { attrs: { toggle: true, label: 'Follow editor', title: 'Reveal the item under the editor cursor' } }) as HTMLElement & { checked: boolean };
  readonly #summary = h('div', { className: 'summary-slot' });
  /** Shown above the summary while the results are the last valid ones (the configuration has errors). */
  readonly #staleNotice = h('div', { className: 'stale-notice', attrs: { role: 'status', hidden: '' } });
  readonly #notice = h('div', { className: 'notice', attrs: { role: 'status' } });
  readonly #tabs: HTMLElement & { selectedIndex: number };
  readonly #badges = new Map<PanelTab, HTMLElement>();
  readonly #sections: Record<MatrixView, ViewSection>;
  readonly #phases = h('div', { className: 'phases-slot' });
  readonly #main: HTMLElement;

  constructor() {
    this.#sections = Object.fromEntries(MATRIX_VIEWS.map((view) => [view, new ViewSection(view, this)])) as Record<MatrixView, ViewSection>;
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
    const exportButton = (format: ExportFormat) =>
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
        h('span', { className: 'export', attrs: { role: 'group', 'aria-label': 'Export' } }, h('span', { className: 'export-label' }, 'Export'), ...EXPORT_FORMATS.map(exportButton)),
      ),
      this.#staleNotice,
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
        context: { severities: severityMap(model.rules), kinds: model.kinds },
      };
    }
    return this.#filterContext.context;
  }

  open(location: Location): void {
    this.#post({ type: 'open', location });
  }

  newGaps(): { readonly ref: string; readonly items: ReadonlySet<string> } | undefined {
    const comparison = this.#comparison?.folder === this.model?.folder ? this.#comparison : undefined;
    return comparison && { ref: comparison.value.ref, items: comparison.newGaps };
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
      case 'comparison':
        this.#onComparison(message);
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
    this.#staleNotice.textContent = message.notice?.message ?? '';
    this.#staleNotice.hidden = message.notice === undefined;
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
    for (const view of MATRIX_VIEWS) {
      const delta = message.views[view];
      const changed = delta.upserted.length > 0 || delta.removed.length > 0;
      matrices[view] = changed ? applyDelta(model.matrices[view], delta) : { ...model.matrices[view], summary: delta.summary };
      if (changed || message.kinds) {
        this.#sections[view].dirty = true;
      }
    }
    this.model = { ...model, matrices, phases: message.phases, rules: message.rules, kinds: message.kinds ?? model.kinds };
    if (this.model.rules.some((rule, i) => model.rules[i]?.severity !== rule.severity)) {
      MATRIX_VIEWS.forEach((view) => (this.#sections[view].dirty = true));
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

  #onComparison({ folder, comparison }: ToWebview.Comparison): void {
    this.#comparison = comparison && { folder, value: comparison, newGaps: new Set(comparison.newGapItems) };
    if (!this.model) {
      return;
    }
    MATRIX_VIEWS.forEach((view) => (this.#sections[view].dirty = true));
    this.#renderAround();
    if (this.#state.tab !== 'phases') {
      this.#sections[this.#state.tab].refresh();
    }
  }

  /** Summary, tab counts and the phase view: everything but the grids. */
  #renderAround(): void {
    const model = this.model!;
    const summary = model.matrices.requirements.summary;
    replaceChildren(
      this.#summary,
      renderSummary(coverageFigures(summary), summary, model.rules, this.#state.summaryOpen, (open) => this.#update({ summaryOpen: open }), this.#comparison?.folder === model.folder ? this.#comparison.value : undefined),
    );
    for (const view of MATRIX_VIEWS) {
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
      this.setViewState(view, { selected: this.#sections[view].keyOf(id) });
      this.#showTab(view);
      requestAnimationFrame(() => requestAnimationFrame(() => this.#sections[view].reveal(id)));
      return;
    }
    if (this.#state.tab === view) {
      this.#sections[view].reveal(id);
    } else {
      this.setViewState(view, { selected: this.#sections[view].keyOf(id) });
    }
  }

  /** A filter from the host (the quick fix "Open matrix filtered to SR-4"): an ID opens its view. */
  #applyFilter(text: string): void {
    const id = text.trim();
    const kind = this.model?.kinds[id];
    const view = (kind && viewOfKind(kind)) || (this.#state.tab === 'phases' ? 'requirements' : this.#state.tab);
    this.setViewState(view, { text, kind: 'all', status: 'all', phase: 'all', ...(kind ? { selected: this.#sections[view].keyOf(id) } : {}) });
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
