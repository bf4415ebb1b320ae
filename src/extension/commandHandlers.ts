import * as vscode from 'vscode';
import type { Indexer } from './indexer';
import type { Log } from './log';
import { CommandId } from './commands';

/** The user-facing commands that belong to no single surface. */
export function registerCommands(indexer: Indexer, log: Log, extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.Reindex, () => indexer.start()),
    vscode.commands.registerCommand(CommandId.ShowOutput, () => log.channel.show()),
    vscode.commands.registerCommand(CommandId.OpenMatrix, async (options?: { filter?: string }) => {
      // The matrix panel is not built yet; until it is, the same figures come from the CLI.
      const filter = options?.filter ? ` for ${options.filter}` : '';
      const choice = await vscode.window.showInformationMessage(
        `The traceability matrix${filter} is not available in this version yet. Run "npx jsp-trace check" for the full report, or see the Problems panel.`,
        'Show Problems',
      );
      if (choice) {
        await vscode.commands.executeCommand('workbench.actions.view.problems');
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
