import * as vscode from 'vscode';
import type { Location } from '../../core';
import type { FolderIndex } from '../indexer';
import { toVsRange } from '../vscodeUtils';

/**
 * Opens a location the webview sent, in the folder shown, at its exact range, in an editor group beside
 * the panel. The location is checked first: it comes from the webview, so it is untrusted input.
 */
export async function openLocation(folder: FolderIndex | undefined, location: unknown, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  if (!folder || !isLocation(location)) {
    return;
  }
  const uri = folder.reader.uri(location.path);
  const range = toVsRange(location.range);
  try {
    const editor = await vscode.window.showTextDocument(uri, { selection: range, viewColumn: editorColumn(panelColumn), preview: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not open ${location.path}: ${(error as Error).message}`);
  }
}

/** The column of a text editor beside the panel, or the one next to it. */
function editorColumn(panelColumn: vscode.ViewColumn | undefined): vscode.ViewColumn {
  const other = vscode.window.visibleTextEditors.find((editor) => editor.viewColumn !== undefined && editor.viewColumn !== panelColumn);
  if (other?.viewColumn !== undefined) {
    return other.viewColumn;
  }
  return panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
}

/** A location sent by the webview: a relative path inside the folder and a numeric range. */
function isLocation(value: unknown): value is Location {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { path, range } = value as { path?: unknown; range?: { start?: Record<string, unknown>; end?: Record<string, unknown> } };
  const isPosition = (p: Record<string, unknown> | undefined) => !!p && Number.isInteger(p['line']) && Number.isInteger(p['character']) && (p['line'] as number) >= 0 && (p['character'] as number) >= 0;
  return (
    typeof path === 'string' &&
    path.length > 0 &&
    !path.startsWith('/') &&
    !/^[a-z]+:/i.test(path) &&
    !path.split('/').some((segment) => segment === '..') &&
    isPosition(range?.start) &&
    isPosition(range?.end)
  );
}
