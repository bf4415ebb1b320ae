import * as vscode from 'vscode';
import { ANNOTATION_SNIPPETS, KIND_NAMES, compareIds, completionContext, hoverMarkdown, isMarkdown, itemTitle, type ItemKind, type TraceGraph } from '../../core';
import type { SurfaceContext } from '../surfaceContext';
import { DOCUMENT_SELECTOR, indexedDocument } from '../vscodeUtils';

/** Completion of annotation verbs after `@` in comments, and of IDs of the kinds that fit where they are typed. */
export function registerCompletion({ indexer }: SurfaceContext): vscode.Disposable {
  const provider: vscode.CompletionItemProvider = {
    provideCompletionItems(document, position) {
      const indexed = indexedDocument(indexer, document.uri);
      if (!indexed) {
        return undefined;
      }
      const prefix = document.lineAt(position.line).text.slice(0, position.character);
      const context = completionContext(prefix, isMarkdown(indexed.path));
      if (!context) {
        return undefined;
      }
      const range = new vscode.Range(position.line, context.replaceStart, position.line, position.character);
      return context.type === 'verbs' ? verbItems(range) : idItems(indexed.index.graph, context.kinds, range);
    },
    // The documentation of one item, when the list shows it: a list can hold thousands of IDs.
    resolveCompletionItem(item) {
      if (item instanceof IdCompletionItem && item.graph.item(item.id)) {
        item.documentation = new vscode.MarkdownString(hoverMarkdown(item.graph, item.id));
      }
      return item;
    },
  };
  return vscode.languages.registerCompletionItemProvider(DOCUMENT_SELECTOR, provider, '@', ' ', ',');
}

function verbItems(range: vscode.Range): vscode.CompletionItem[] {
  return ANNOTATION_SNIPPETS.map(({ verb, description }) => {
    const item = new vscode.CompletionItem(`@${verb}`, vscode.CompletionItemKind.Snippet);
    item.insertText = new vscode.SnippetString(`@${verb} \${1:ID}`);
    item.documentation = description;
    item.range = range;
    // Re-open the suggestions for the ID right after the verb.
    item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest IDs' };
    return item;
  });
}

/** An ID in the completion list; its documentation is written when the list shows it ({@link registerCompletion}). */
class IdCompletionItem extends vscode.CompletionItem {
  constructor(
    readonly graph: TraceGraph,
    readonly id: string,
    description: string,
  ) {
    super({ label: id, description }, vscode.CompletionItemKind.Reference);
  }
}

function idItems(graph: TraceGraph, kinds: readonly ItemKind[], range: vscode.Range): vscode.CompletionItem[] {
  return [...graph.ids()]
    .filter((id) => kinds.includes(graph.item(id)!.kind))
    .sort(compareIds)
    .map((id, order) => {
      const item = graph.item(id)!;
      const title = itemTitle(graph, id)!;
      // A duplicate is ambiguous: say so where the list shows it, with every title.
      const description = graph.definitions(id).length > 1 ? `ambiguous: ${title}` : title;
      const completionItem = new IdCompletionItem(graph, id, description);
      completionItem.detail = `${KIND_NAMES[item.kind]}: ${title}`;
      completionItem.sortText = String(order).padStart(6, '0');
      completionItem.filterText = `${id} ${title}`;
      completionItem.range = range;
      return completionItem;
    });
}
