import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, starterConfigText } from '../core';
import { CommandId } from './commands';
import type { SurfaceContext } from './surfaceContext';

/**
 * "Enable in This Workspace": writes a starter `jsp-trace.jsonc` at the root of a folder without one and
 * opens it. The file's existence is what turns the folder on; the file watcher sees it and re-indexes.
 */
export function registerEnableInWorkspace({ log }: SurfaceContext): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.EnableInWorkspace, async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage(`Open a folder first: JSP Trace is enabled in a folder by the ${CONFIG_FILE_NAME} at its root.`);
      return;
    }
    const withoutConfig = (await Promise.all(folders.map(async (folder) => ((await exists(configUri(folder))) ? [] : [folder])))).flat();
    if (withoutConfig.length === 0) {
      void vscode.window.showInformationMessage(`JSP Trace is already enabled: every workspace folder has a ${CONFIG_FILE_NAME}.`);
      await vscode.window.showTextDocument(configUri(folders[0]!));
      return;
    }
    const folder = withoutConfig.length === 1 ? withoutConfig[0] : await pickFolder(withoutConfig);
    if (!folder) {
      return;
    }
    const uri = configUri(folder);
    // Created through an edit that never overwrites: a file that appeared since the check above is kept.
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { overwrite: false, ignoreIfExists: true, contents: new TextEncoder().encode(starterConfigText()) });
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`JSP Trace could not create ${uri.fsPath}. Check that the folder is writable, then run the command again.`);
      return;
    }
    log.info(`Wrote a starter ${CONFIG_FILE_NAME} in ${folder.name}: JSP Trace now reports there.`);
    await vscode.window.showTextDocument(uri);
  });
}

function configUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

async function pickFolder(folders: readonly vscode.WorkspaceFolder[]): Promise<vscode.WorkspaceFolder | undefined> {
  const picked = await vscode.window.showQuickPick(
    folders.map((folder) => ({ label: folder.name, description: folder.uri.fsPath, folder })),
    { placeHolder: `Enable JSP Trace in which folder? A starter ${CONFIG_FILE_NAME} is written at its root.` },
  );
  return picked?.folder;
}
