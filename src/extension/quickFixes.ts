import * as vscode from 'vscode';
import { closestIds, decodeText, itemTitle, locationLabel, nextFreeId, renumberConsequence, RuleName, testPlacement, testSkeleton, type ItemDefinition } from '../core';
import { categoryFixes } from '../core/editor/categoryFixes';
import { CommandId } from './commands';
import type { SurfaceContext } from './surfaceContext';
import { DOCUMENT_SELECTOR, indexedDocument, toVsLocation, toVsRange, type IndexedDocument } from './vscodeUtils';

/**
 * Quick fixes for the rules' diagnostics: the closest IDs for an unknown one; for an untraced requirement
 * the annotation to paste into code or a test, the matrix, and for an unverified one a new failing test;
 * FDA's name for an unknown category; a free ID for a threat model's threat without one. On every definition of a duplicate ID (the first one has no
 * diagnostic), a fresh ID for the definition the cursor is on.
 */
export function registerQuickFixes({ indexer }: SurfaceContext): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(document, range, context) {
      const indexed = indexedDocument(indexer, document.uri);
      if (!indexed) {
        return undefined;
      }
      const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === 'jsp-trace');
      const fixes = await Promise.all(ours.map((diagnostic) => diagnosticFixes(indexed, document, diagnostic)));
      return [...fixes.flat(), ...renumberFixes(indexed, document, range, ours)];
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
async function diagnosticFixes(indexed: IndexedDocument, document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const { index } = indexed;
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
      return [...(await createTestFix(indexed, id, diagnostic)), ...annotationFixes('verifies', id, diagnostic)];
    case RuleName.RequirementNotImplemented:
      return annotationFixes('implements', id, diagnostic);
    case RuleName.ControlCategoryUnknown:
      return categoryChanges(indexed, document, id, diagnostic);
    case RuleName.ThreatWithoutId:
      return threatIdFix(indexed, document, diagnostic);
    default:
      return [];
  }
}

/** "Start the title with TM-22": the next free threat ID, written inside the title's string in the model. */
function threatIdFix({ index }: IndexedDocument, document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  const free = nextFreeId(index.graph, `${index.config.threatIdPrefix}0`);
  if (!free || index.matcher.kindOf(free) !== 'threat' || !document.getText(diagnostic.range).startsWith('"')) {
    return [];
  }
  const action = quickFix(`Start the title with ${free}`, diagnostic, true);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, diagnostic.range.start.translate(0, 1), `${free} `);
  return [action];
}

/** Copy the annotation that would trace the requirement, or see it in the matrix. */
function annotationFixes(verb: 'verifies' | 'implements', id: string, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  const copy = quickFix(`Copy \`@${verb} ${id}\` annotation`, diagnostic);
  copy.command = { command: CommandId.CopyAnnotation, title: 'Copy annotation', arguments: [`@${verb} ${id}`] };
  const open = quickFix(`Open matrix filtered to ${id}`, diagnostic);
  open.command = { command: CommandId.OpenMatrix, title: 'Open matrix', arguments: [{ filter: id }] };
  return [copy, open];
}

/**
 * "Create a test for SR-8…": a new file beside the tests nearest to the code that implements the
 * requirement, in their framework, with a test annotated `@verifies SR-8` that fails until it is written.
 * `needsConfirmation` makes VS Code show it in the Refactor Preview first, unticked: the person ticks it
 * and applies; then it opens.
 */
async function createTestFix({ folder, index }: IndexedDocument, id: string, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const requirement = index.graph.item(id);
  if (!requirement) {
    return [];
  }
  const placement = testPlacement(index.graph, id, (path) => index.selector.isTest(path));
  const [model, entries] = await Promise.all([
    // The model only shapes the skeleton: one that cannot be read leaves the usual form.
    placement.model === undefined ? undefined : folder.reader.readFile(placement.model).catch(() => undefined),
    folder.reader.readDirectory(placement.folder),
  ]);
  const skeleton = testSkeleton(requirement, placement, model && decodeText(model), new Set(entries.map((entry) => entry.name)));
  const uri = folder.reader.uri(skeleton.path);
  const action = quickFix(`Create a test for ${id}…`, diagnostic);
  action.edit = new vscode.WorkspaceEdit();
  const metadata = { needsConfirmation: true, label: `New test verifying ${id} (${skeleton.framework})`, description: skeleton.path };
  action.edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(skeleton.contents) }, metadata);
  // VS Code runs the command only when some edit was applied: a discarded or unticked preview opens nothing.
  action.command = { command: 'vscode.open', title: 'Open the new test', arguments: [uri] };
  return [action];
}

/** "Change to Confidentiality" for each closest FDA category of each unknown value of the item's `Category:` line. */
function categoryChanges({ index, path }: IndexedDocument, document: vscode.TextDocument, id: string, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  const item = index.graph.item(id);
  if (item?.location.path !== path) {
    return [];
  }
  return categoryFixes(document.getText(), item).map((fix, i) => {
    const action = quickFix(fix.title, diagnostic, i === 0);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, toVsRange(fix.range), fix.newText);
    return action;
  });
}

/**
 * "Renumber to next free ID" on the definition of a duplicate ID under the cursor, whichever of them it
 * is. It renumbers that definition only; the annotations and links keep the old ID, so afterwards a
 * message says which of them now name the other definition.
 */
function renumberFixes(indexed: IndexedDocument, document: vscode.TextDocument, range: vscode.Range, diagnostics: readonly vscode.Diagnostic[]): vscode.CodeAction[] {
  const graph = indexed.index.graph;
  // Lines first: a document can define thousands of items, and this runs at each move of the cursor.
  const here = ({ location: { range: at } }: ItemDefinition) => at.end.line >= range.start.line && at.start.line <= range.end.line && toVsRange(at).intersection(range) !== undefined;
  // An OpenFastTrace ID's number is its revision, not a place in a series: renumbering it would say that it changed.
  const duplicates = graph.file(indexed.path)?.items.filter((item) => here(item) && item.kind !== 'specification' && graph.definitions(item.id).length > 1) ?? [];
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
