import * as vscode from 'vscode';
import { buildMatrix, countOf, exportMatrix, jspPhases, type ExportFormat, type MatrixView } from '../../core';
import type { FolderIndex } from '../indexer';
import { createNonce } from './matrixPage';

const SAVE_FILTERS: Readonly<Record<ExportFormat, Record<string, string[]>>> = {
  html: { 'HTML page': ['html'] },
  csv: { 'CSV table': ['csv'] },
  json: { JSON: ['json'] },
};

/** Exports a view of a folder with the CLI's exporter, to a file the user picks (written atomically). */
export async function exportMatrixView(folder: FolderIndex | undefined, view: MatrixView, format: ExportFormat): Promise<void> {
  const index = folder?.index;
  if (!folder || !index) {
    void vscode.window.showWarningMessage('The matrix cannot be exported yet: the folder is still being indexed, or its jsp-trace.jsonc has errors.');
    return;
  }
  const matrix = buildMatrix(index, view);
  const content = exportMatrix(matrix, jspPhases(index), format, { title: folder.folder.name, generated: new Date().toISOString() });
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder.reader.uri(`traceability-${view}.${format}`),
    filters: SAVE_FILTERS[format],
    saveLabel: 'Export',
    title: `Export the ${matrix.title.toLowerCase()} matrix as ${format.toUpperCase()}`,
  });
  if (!target) {
    return;
  }
  try {
    await writeAtomically(target, new TextEncoder().encode(content));
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not write ${target.fsPath}: ${(error as Error).message}`);
    return;
  }
  const choice = await vscode.window.showInformationMessage(`Exported the ${matrix.title.toLowerCase()} matrix (${countOf(matrix.rows.length, 'row')}) to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
  if (choice) {
    await vscode.commands.executeCommand('vscode.open', target);
  }
}

/** Writes a file through a temporary sibling and a rename, so a reader never sees half an export. */
async function writeAtomically(target: vscode.Uri, content: Uint8Array): Promise<void> {
  const temporary = target.with({ path: `${target.path}.${createNonce().slice(0, 8)}.tmp` });
  await vscode.workspace.fs.writeFile(temporary, content);
  try {
    await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
  } catch {
    // A file system without rename: write in place.
    await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
    await vscode.workspace.fs.writeFile(target, content);
  }
}
