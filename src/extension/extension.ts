import * as vscode from 'vscode';
import { Log } from './log';
import { Indexer } from './indexer';
import { registerDiagnostics } from './diagnostics';
import { registerLanguageFeatures } from './languageFeatures';
import { registerCodeLens } from './codeLens';
import { registerQuickFixes } from './quickFixes';
import { registerStatusBar } from './statusBar';
import { registerCommands } from './commandHandlers';
import { registerTraceTree } from './traceTree';
import { registerMatrixPanel } from './matrixPanel';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = new Log();
  context.subscriptions.push(log);
  try {
    const indexer = new Indexer(log, { folder: context.storageUri, version: String(context.extension.packageJSON.version) });
    context.subscriptions.push(
      indexer,
      registerDiagnostics(indexer, context.extensionUri),
      registerLanguageFeatures(indexer),
      registerCodeLens(indexer),
      registerQuickFixes(indexer),
      registerStatusBar(indexer),
      registerTraceTree(indexer),
      registerMatrixPanel(indexer, context.extensionUri),
      registerCommands(indexer, log, context.extensionUri),
    );
    // Indexing runs in the background: activation returns at once and the editor stays responsive.
    void indexer.start();
  } catch (error) {
    // VS Code does not show activation errors by itself.
    log.error('JSP Trace failed to start', error);
    void vscode.window.showErrorMessage(`JSP Trace failed to start: ${(error as Error).message}. See the "JSP Trace" output for details.`);
  }
}

export function deactivate(): void {}
