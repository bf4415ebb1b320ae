import * as vscode from 'vscode';
import { closestIds, nextFreeId, RuleName } from '../core';
import { CommandId } from './commands';
import type { SurfaceContext } from './surfaceContext';
import { DOCUMENT_SELECTOR, indexedDocument } from './vscodeUtils';

/**
 * Quick fixes for the rules' diagnostics: the closest IDs for an unknown one, a fresh ID for a duplicate,
 * and for an untraced requirement the annotation to paste into code or a test, or the matrix.
 */
export function registerQuickFixes({ indexer }: SurfaceContext): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      const index = indexedDocument(indexer, document.uri)?.index;
      if (!index) {
        return undefined;
      }
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== 'jsp-trace') {
          continue;
        }
        const id = document.getText(diagnostic.range);
        const action = (title: string, preferred = false): vscode.CodeAction => {
          const codeAction = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
          codeAction.diagnostics = [diagnostic];
          codeAction.isPreferred = preferred;
          actions.push(codeAction);
          return codeAction;
        };
        const replaceWith = (title: string, replacement: string, preferred: boolean): void => {
          const edit = new vscode.WorkspaceEdit();
          edit.replace(document.uri, diagnostic.range, replacement);
          action(title, preferred).edit = edit;
        };
        // Our diagnostics carry the rule as `{ value, target }` (the target documents the rule).
        const rule = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
        switch (rule) {
          case RuleName.UnknownReference:
            closestIds(index.graph, index.matcher, id).forEach((candidate, i) =>
              replaceWith(`Change to ${candidate}: ${index.graph.item(candidate)!.title}`, candidate, i === 0),
            );
            break;
          case RuleName.DuplicateId: {
            const free = nextFreeId(index.graph, id);
            if (free) {
              replaceWith(`Renumber to next free ID ${free}`, free, true);
            }
            break;
          }
          case RuleName.RequirementNotVerified:
          case RuleName.RequirementNotImplemented: {
            const verb = rule === RuleName.RequirementNotVerified ? 'verifies' : 'implements';
            action(`Copy \`@${verb} ${id}\` annotation`).command = {
              command: CommandId.CopyAnnotation,
              title: 'Copy annotation',
              arguments: [`@${verb} ${id}`],
            };
            action(`Open matrix filtered to ${id}`).command = { command: CommandId.OpenMatrix, title: 'Open matrix', arguments: [{ filter: id }] };
            break;
          }
        }
      }
      return actions;
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(CommandId.CopyAnnotation, async (annotation: string) => {
      await vscode.env.clipboard.writeText(annotation);
      void vscode.window.setStatusBarMessage(`Copied "${annotation}": paste it into a comment above the code or test.`, 4000);
    }),
  );
}
