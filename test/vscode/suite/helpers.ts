import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitUntil } from '../../shared/poll';

export const EXTENSION_ID = 'jsp-trace.jsp-trace';

/** The example project, opened as the only workspace folder by runTests. */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open: runTests passes examples/infusion-pump as the first argument');
  return folder.uri;
}

export function fileUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), ...relativePath.split('/'));
}

/**
 * Calls `probe` until `ok` holds for its result (the extension indexes in the background, so providers answer
 * nothing until the index is ready), and returns that result; fails with `what` and the last result on timeout.
 */
export function eventually<T>(what: string, probe: () => Thenable<T> | T, ok: (value: T) => boolean, timeout = 30_000): Promise<T> {
  return waitUntil(probe, ok, {
    timeout,
    message: (last) => `waiting for ${what}; last result: ${JSON.stringify(last)?.slice(0, 500)}`,
  });
}

/** The position of the first occurrence of `text` on a 1-based line of an open document. */
export function positionOf(document: vscode.TextDocument, line1: number, text: string): vscode.Position {
  const column = document.lineAt(line1 - 1).text.indexOf(text);
  assert.ok(column >= 0, `"${text}" is not on line ${line1} of ${document.uri.path}`);
  return new vscode.Position(line1 - 1, column);
}
