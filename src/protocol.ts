/**
 * Messages between the extension host and the traceability matrix webview. Both sides import this
 * file; the webview imports types only (`import type`), so no code comes in through it.
 *
 * The host sends the model the core computes (the four views' {@link TraceMatrix} and the JSP phases),
 * never HTML: the webview renders every workspace string as text. What the model means (views, columns,
 * phases) both sides take from the core's matrixVocabulary.ts, so it does not travel.
 */
import type { ItemKind, Location, Severity } from './core/model';
import type { PhaseStatus } from './core/report/phases';
import type { CoverageMeasure } from './core/report/coverageWording';
import type { MatrixDelta } from './core/report/matrixDelta';
import type { ExportFormat, MatrixView, TraceMatrix } from './core/report/matrixVocabulary';

/**
 * JSON text of a `T`. The whole model crosses the webview's message hops (extension host → workbench →
 * webview host frame → webview) as one string, which each hop copies cheaply, instead of an object graph
 * that each hop structured-clones: for 5,000 requirements (6.5 MB) a clone costs 130–220 ms per hop in
 * Chromium and JSON.parse 40–70 ms once (measured). The webview parses it with `parseJson`.
 */
export type Json<T> = string & { readonly __json?: T };

/** A workspace folder the panel can show; `key` is the folder's URI. */
export interface FolderChoice {
  readonly key: string;
  readonly name: string;
}

/** A rule as the panel shows it: its effective severity in this folder (`off` when switched off). */
export interface RuleStatus {
  readonly name: string;
  readonly description: string;
  readonly severity: Severity | 'off';
}

/** Everything the panel shows for one workspace folder. */
export interface PanelModel {
  /** The folder's key (its URI). */
  readonly folder: string;
  readonly folderName: string;
  readonly matrices: Readonly<Record<MatrixView, TraceMatrix>>;
  readonly phases: readonly PhaseStatus[];
  /** The kind of every defined ID, for the phase filter on linked items. */
  readonly kinds: Readonly<Record<string, ItemKind>>;
  readonly rules: readonly RuleStatus[];
}

/** What the folder shown changed against the branch it is compared with ("Compare with Branch…"). */
export interface PanelComparison {
  /** The base as the person picked it: `main`, `merge base with origin/main`. */
  readonly ref: string;
  /** Each coverage measure: where it stood at the base (`12/14`, undefined when not measured) and ▲, ▼ or `''`. */
  readonly coverage: readonly { readonly measure: CoverageMeasure; readonly before: string | undefined; readonly trend: string; readonly text: string }[];
  /** The IDs with a gap the change brought: their rows are marked. */
  readonly newGapItems: readonly string[];
  readonly added: number;
  readonly fixed: number;
}

/** Why there is no model to show. */
export interface PanelNotice {
  readonly kind: 'indexing' | 'configError' | 'noFolder';
  readonly message: string;
  /** Details, e.g. one line per configuration error. */
  readonly details?: readonly string[];
}

export namespace ToWebview {
  /** The whole model of one folder (on load, on a folder switch), or a notice when there is none. */
  export interface Model {
    readonly type: 'model';
    readonly folders: readonly FolderChoice[];
    /** The model as JSON text (see {@link Json}); undefined with a notice. */
    readonly model: Json<PanelModel> | undefined;
    readonly notice?: PanelNotice;
    /** The `jspTrace.matrix.followCursor` setting: the panel's toggle starts from it. */
    readonly followCursor: boolean;
  }

  /** A live update of the folder shown: keyed row changes per view, so the panel re-renders only those. */
  export interface Update {
    readonly type: 'update';
    readonly folder: string;
    readonly views: Readonly<Record<MatrixView, MatrixDelta>>;
    readonly phases: readonly PhaseStatus[];
    /** Present only when an ID was defined, removed or changed kind. */
    readonly kinds?: Readonly<Record<string, ItemKind>>;
    readonly rules: readonly RuleStatus[];
  }

  /** Selects an item and scrolls to it (the editor's cursor is on it and following is on). */
  export interface Reveal {
    readonly type: 'reveal';
    readonly id: string;
  }

  /** Sets the free-text filter, e.g. to `SR-4` from the quick fix "Open matrix filtered to SR-4". */
  export interface ApplyFilter {
    readonly type: 'applyFilter';
    readonly text: string;
  }

  /** The `jspTrace.matrix.followCursor` setting changed. */
  export interface FollowCursor {
    readonly type: 'followCursor';
    readonly enabled: boolean;
  }

  /** The comparison of the folder shown, after every model and when it starts, stops or changes; undefined when there is none. */
  export interface Comparison {
    readonly type: 'comparison';
    readonly folder: string;
    readonly comparison: PanelComparison | undefined;
  }

  export type Type = Model | Update | Reveal | ApplyFilter | FollowCursor | Comparison;
}

export namespace FromWebview {
  /** The webview has loaded (again) and wants the model; `folder` is the one its saved state shows. */
  export interface Ready {
    readonly type: 'ready';
    readonly folder: string | undefined;
    readonly followCursor: boolean | undefined;
  }

  /** Open a location in the editor at its exact range. */
  export interface Open {
    readonly type: 'open';
    readonly location: Location;
  }

  /** Export a view with the CLI's exporters (the host asks where to save). */
  export interface Export {
    readonly type: 'export';
    readonly view: MatrixView;
    readonly format: ExportFormat;
  }

  export interface SelectFolder {
    readonly type: 'selectFolder';
    readonly folder: string;
  }

  /** The panel's "Follow editor" toggle changed (for this panel only; the setting is the default). */
  export interface FollowCursor {
    readonly type: 'followCursor';
    readonly enabled: boolean;
  }

  export type Type = Ready | Open | Export | SelectFolder | FollowCursor;
}
