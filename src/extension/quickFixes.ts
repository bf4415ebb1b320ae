import * as vscode from 'vscode';
import { closestIds, itemTitle, locationLabel, nextFreeId, renumberConsequence, RuleName, type ItemDefinition } from '../core';
import { CommandId } from './commands';
import type { SurfaceContext } from './surfaceContext';
import { DOCUMENT_SELECTOR, indexedDocument, toVsLocation, toVsRange, type IndexedDocument } from './vscodeUtils';

// Internal: run after the renumber quick fix. Belongs in CommandId (commands.ts) with CopyAnnotation.

/**
 * Quick fixes for the rules' diagnostics: the closest IDs for an unknown one, and for an untraced
 * requirement the annotation to paste into code or a test, or the matrix. On every definition of a
 * duplicate ID (the first one has no diagnostic), a fresh ID for the definition the cursor is on.
 */
export function registerQuickFixes({ indexer }: SurfaceContext): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, range, context) {
      const indexed = indexedDocument(indexer, document.uri);
      if (!indexed) {
        return undefined;
      }
      const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === 'jsp-trace');
      return [...ours.flatMap((diagnostic) => diagnosticFixes(indexed, document, diagnostic)), ...renumberFixes(indexed, document, range, ours)];
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(CommandId.CopyAnnotation, async (annotation: string) => {
      await vscode.env.clipboard.writeText(annotation);
      void vscode.window.setStatusBarMessage(`Copied "${annotation}": paste it into a comment above the code or test.`, 4000);
    }),
    vscode.commands.registerCommand(CommandId.ExplainRenumber, async (message: string, uri: vscode.Uri, position: vscode.Position, named: vscode.Location[]) => {
      const show = named.length > 0 ? 'Show Them' : undefined;
      if ((await vscode.window.showInformationMessage(message, ...(show ? [show] : []))) === show && show) {
        await vscode.commands.executeCommand('editor.action.showReferences', uri, position, named);
      }
    }),
  );
}

function quickFix(title: string, diagnostic: vscode.Diagnostic | undefined, preferred = false): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = diagnostic && [diagnostic];
  action.isPreferred = preferred;
  return action;
}

/** The fixes of one of our diagnostics, by the rule behind it. */
function diagnosticFixes({ index }: IndexedDocument, document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  const id = document.getText(diagnostic.range);
  const rule = codeOf(diagnostic);
  switch (rule) {
    case RuleName.UnknownReference:
      return closestIds(index.graph, index.matcher, id).map((candidate, i) => {
        const action = quickFix(`Change to ${candidate}: ${itemTitle(index.graph, candidate)!}`, diagnostic, i === 0);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, candidate);
        return action;
      });
    case RuleName.RequirementNotVerified:
    case RuleName.RequirementNotImplemented: {
      const verb = rule === RuleName.RequirementNotVerified ? 'verifies' : 'implements';
      const copy = quickFix(`Copy \`@${verb} ${id}\` annotation`, diagnostic);
      copy.command = { command: CommandId.CopyAnnotation, title: 'Copy annotation', arguments: [`@${verb} ${id}`] };
      const open = quickFix(`Open matrix filtered to ${id}`, diagnostic);
      open.command = { command: CommandId.OpenMatrix, title: 'Open matrix', arguments: [{ filter: id }] };
      return [copy, open];
    }
    default:
      return [];
  }
}

/**
 * "Renumber to next free ID" on the definition of a duplicate ID under the cursor, whichever of them it
 * is. It renumbers that definition only; the annotations and links keep the old ID, so afterwards a
 * message says which of them now name the other definition.
 */
function renumberFixes(indexed: IndexedDocument, document: vscode.TextDocument, range: vscode.Range, diagnostics: readonly vscode.Diagnostic[]): vscode.CodeAction[] {
  const graph = indexed.index.graph;
  const here = (item: ItemDefinition) => toVsRange(item.location.range).intersection(range) !== undefined;
  const duplicates = graph.file(indexed.path)?.items.filter((item) => here(item) && graph.definitions(item.id).length > 1) ?? [];
  return duplicates.flatMap((item) => {
    const free = nextFreeId(graph, item.id);
    if (!free) {
      return [];
    }
    const itemRange = toVsRange(item.location.range);
    const diagnostic = diagnostics.find((d) => d.range.isEqual(itemRange) && codeOf(d) === RuleName.DuplicateId);
    const action = quickFix(`Renumber to next free ID ${free}`, diagnostic, true);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, itemRange, free);
    const named = [...graph.incoming(item.id), ...graph.references(item.id)].map((written) => toVsLocation(indexed.folder, written.location));
    const message = `${item.id} in ${locationLabel(item.location)} is now ${free}. ${renumberConsequence(graph, item, free)}`;
    action.command = { command: CommandId.ExplainRenumber, title: 'Explain the renumbering', arguments: [message, document.uri, itemRange.start, named] };
    return [action];
  });
}

/** The rule of one of our diagnostics: they carry it as `{ value, target }` (the target documents the rule). */
function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}
