import * as vscode from 'vscode';
import { CommandId } from './commands';
import { MatrixPanel } from './matrix/matrixPanel';
import type { SurfaceContext } from './surfaceContext';

/** The user-facing commands that belong to no single surface. */
export function registerCommands(ctx: SurfaceContext): vscode.Disposable {
  const { indexer, log, extensionUri } = ctx;
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.Reindex, () => indexer.start()),
    vscode.commands.registerCommand(CommandId.ShowOutput, () => log.channel.show()),
    // From the palette and the status bar: no argument; from the editor title: the file's URI; from the
    // quick fix "Open matrix filtered to SR-n": `{ filter: 'SR-n' }`.
    vscode.commands.registerCommand(CommandId.OpenMatrix, (argument?: { filter?: unknown } | vscode.Uri) => {
      if (argument instanceof vscode.Uri) {
        MatrixPanel.createOrShow(ctx, { folder: argument });
      } else {
        MatrixPanel.createOrShow(ctx, typeof argument?.filter === 'string' ? { filter: argument.filter } : {});
      }
    }),
    vscode.commands.registerCommand(CommandId.OpenExampleConcepts, async () => {
      // Prefer the example in the workspace (it is then indexed); fall back to the copy shipped with the extension.
      const inWorkspace = await vscode.workspace.findFiles('**/docs/concept/security-objectives.md', '**/node_modules/**', 1);
      const objectives = inWorkspace[0] ?? vscode.Uri.joinPath(extensionUri, 'examples', 'infusion-pump', 'docs', 'concept', 'security-objectives.md');
      const misuse = vscode.Uri.joinPath(objectives, '..', 'misuse-cases.md');
      await vscode.window.showTextDocument(objectives, { preview: false });
      await vscode.window.showTextDocument(misuse, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    }),
  );
}
