import type * as vscode from 'vscode';
import type { Comparison } from './comparison';
import type { Indexer } from './indexer';
import type { Log } from './log';
import type { Settings } from './config';

/**
 * What every editor surface is given: the index, the log, the settings with their one change event and
 * the extension's own folder. Each surface file exports `registerX(ctx)` and returns what it must dispose.
 */
export interface SurfaceContext {
  readonly indexer: Indexer;
  /** The comparison with a branch, while one is on ("Compare with Branch…"). */
  readonly comparison: Comparison;
  readonly log: Log;
  readonly settings: Settings;
  /** The extension's install folder, for its media and the webview's scripts. */
  readonly extensionUri: vscode.Uri;
  /** What the extension remembers for this workspace between windows (e.g. the last export folder). */
  readonly workspaceState: vscode.Memento;
}
