import * as vscode from 'vscode';
import { Log } from './log';
import { Settings } from './config';
import type { SurfaceContext } from './surfaceContext';
import { Indexer } from './indexer';
import { registerDiagnostics } from './diagnostics';
import { registerLanguageFeatures } from './languageFeatures';
import { registerCodeLens } from './codeLens';
import { registerQuickFixes } from './quickFixes';
import { registerStatusBar } from './statusBar';
import { registerCommands } from './commandHandlers';
import { registerTraceTree } from './traceTree';
import { registerMatrixPanel } from './matrix/matrixPanel';
import { registerEnableInWorkspace } from './enableInWorkspace';
import { Comparison } from './comparison';
import { registerCompareCommand } from './compareCommand';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = new Log();
  context.subscriptions.push(log);
  try {
    const settings = new Settings();
    const indexer = new Indexer(log, { folder: context.storageUri, version: String(context.extension.packageJSON.version) }, settings);
    const comparison = new Comparison(indexer);
    const ctx: SurfaceContext = { indexer, comparison, log, settings, extensionUri: context.extensionUri, workspaceState: context.workspaceState };
    context.subscriptions.push(
      settings,
      indexer,
      comparison,
      ...[
        registerDiagnostics,
        registerLanguageFeatures,
        registerCodeLens,
        registerQuickFixes,
        registerStatusBar,
        registerTraceTree,
        registerMatrixPanel,
        registerCommands,
        registerEnableInWorkspace,
        registerCompareCommand,
      ].map((register) => register(ctx)),
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
