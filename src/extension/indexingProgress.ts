import * as vscode from 'vscode';
import type { FolderIndex } from './indexer';

/** Above this many files the first index shows a progress notification; below, the status bar spinner. */
const LARGE_WORKSPACE_FILES = 2000;

/**
 * Indexing progress, in the status bar and, for a large folder's first index, in a notification; nothing
 * for a folder not known to be wanted, so that a workspace that is not a JSP project sees nothing at all.
 */
export class IndexingProgress implements vscode.Disposable {
  #window: ProgressHandle | undefined;
  #notification: ProgressHandle | undefined;
  readonly #finishers: (() => void)[] = [];

  constructor(readonly folderIndex: FolderIndex) {}

  report(done: number, total: number): void {
    if (!this.folderIndex.wanted) {
      return;
    }
    this.#window ??= this.#open({ location: vscode.ProgressLocation.Window, title: 'JSP Trace: indexing' });
    this.#window.progress?.report({ message: `${done}/${total}` });
    if (done === 0 && total > LARGE_WORKSPACE_FILES && !this.folderIndex.index) {
      this.#notification ??= this.#open({ location: vscode.ProgressLocation.Notification, title: `JSP Trace: indexing ${this.folderIndex.folder.name}` });
    }
    this.#notification?.progress?.report({ increment: 100 / total, message: `${done} of ${total} files` });
  }

  #open(options: vscode.ProgressOptions): ProgressHandle {
    const handle: ProgressHandle = { progress: undefined };
    void vscode.window.withProgress(options, (progress) => {
      handle.progress = progress;
      return new Promise<void>((resolve) => this.#finishers.push(resolve));
    });
    return handle;
  }

  dispose(): void {
    this.#finishers.forEach((finish) => finish());
  }
}

/** A progress report that VS Code hands over once it shows the progress. */
interface ProgressHandle {
  progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
}
