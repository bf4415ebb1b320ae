import * as vscode from 'vscode';
import { buildMatrix, countOf, exportMatrix, jspPhases, type ExportFormat, type MatrixView } from '../../core';
import type { FolderIndex } from '../indexer';
import { createNonce } from './matrixPage';

const SAVE_FILTERS: Readonly<Record<ExportFormat, Record<string, string[]>>> = {
  html: { 'HTML page': ['html'] },
  csv: { 'CSV table': ['csv'] },
  json: { JSON: ['json'] },
};

/** The workspace-state key of the last export folder of each workspace folder (by folder URI). */
const EXPORT_FOLDERS_KEY = 'jspTrace.exportFolders';

/** The folder where people keep generated evidence, proposed for a first export when it exists. */
const REPORTS_FOLDER = 'reports';

/**
 * Exports a view of a folder with the CLI's exporter, to a file the user picks (written atomically). The
 * save dialog proposes the folder of this workspace folder's last export, kept in `workspaceState`.
 */
export async function exportMatrixView(folder: FolderIndex | undefined, view: MatrixView, format: ExportFormat, workspaceState: vscode.Memento): Promise<void> {
  const index = folder?.index;
  if (!folder || !index) {
    void vscode.window.showWarningMessage('The matrix cannot be exported yet: the folder is still being indexed, or its jsp-trace.jsonc has errors.');
    return;
  }
  const matrix = buildMatrix(index, view);
  const content = exportMatrix(matrix, jspPhases(index), format, { title: folder.folder.name, generated: new Date().toISOString() });
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(await proposedFolder(folder.folder, workspaceState), `traceability-${view}.${format}`),
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
  const folders = workspaceState.get<Record<string, string>>(EXPORT_FOLDERS_KEY, {});
  await workspaceState.update(EXPORT_FOLDERS_KEY, { ...folders, [folder.folder.uri.toString()]: vscode.Uri.joinPath(target, '..').toString() });
  await offerToOpen(target, format, `Exported the ${matrix.title.toLowerCase()} matrix (${countOf(matrix.rows.length, 'row')}) to ${vscode.workspace.asRelativePath(target)}.`);
}

/** The last export folder of a workspace folder while it still exists, else its `reports/` folder if any, else its root. */
async function proposedFolder(folder: vscode.WorkspaceFolder, workspaceState: vscode.Memento): Promise<vscode.Uri> {
  const remembered = workspaceState.get<Record<string, string>>(EXPORT_FOLDERS_KEY, {})[folder.uri.toString()];
  for (const candidate of [remembered && vscode.Uri.parse(remembered), vscode.Uri.joinPath(folder.uri, REPORTS_FOLDER)]) {
    if (candidate && (await isFolder(candidate))) {
      return candidate;
    }
  }
  return folder.uri;
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    (stat) => (stat.type & vscode.FileType.Directory) !== 0,
    () => false,
  );
}

/**
 * Tells the user where the export went and offers to open it. An HTML page opens in the browser, but only
 * where the browser runs next to the file: in VS Code for the Web (code-server) and in a remote window the
 * file is on the server, and the web workbench hands a `file:` URI to the browser's location, which
 * refuses it. There the export is revealed in the Explorer, which can download it.
 */
async function offerToOpen(target: vscode.Uri, format: ExportFormat, message: string): Promise<void> {
  const openInBrowser = format === 'html' && vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
  const action = format !== 'html' ? 'Open' : openInBrowser ? 'Open in Browser' : 'Reveal in Explorer';
  if ((await vscode.window.showInformationMessage(message, action)) !== action) {
    return;
  }
  if (format !== 'html') {
    await vscode.commands.executeCommand('vscode.open', target);
  } else if (openInBrowser) {
    await vscode.env.openExternal(target);
  } else {
    await vscode.commands.executeCommand('revealInExplorer', target);
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
