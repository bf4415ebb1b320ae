import * as vscode from 'vscode';
import {
  ANNOTATION_SNIPPETS,
  KIND_NAMES,
  compareIds,
  completionContext,
  hoverMarkdown,
  idAt,
  isMarkdown,
  occurrences,
  type ItemKind,
  type Location,
} from '../core';
import type { FolderIndex, Indexer } from './indexer';
import { toVsRange } from './diagnostics';
import type { SurfaceContext } from './surfaceContext';

/** Every document of a workspace folder, whatever its language: IDs live in all of them. */
export const DOCUMENT_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'vscode-vfs' }, { scheme: 'vscode-remote' }];

const SYMBOL_KINDS: Record<ItemKind, vscode.SymbolKind> = {
  objective: vscode.SymbolKind.Module,
  misuse: vscode.SymbolKind.Event,
  threat: vscode.SymbolKind.Event,
  requirement: vscode.SymbolKind.Interface,
  control: vscode.SymbolKind.Class,
  test: vscode.SymbolKind.Method,
  vulnerability: vscode.SymbolKind.Event,
  risk: vscode.SymbolKind.Constant,
};

export function toVsLocation(folder: FolderIndex, location: Location): vscode.Location {
  return new vscode.Location(folder.reader.uri(location.path), toVsRange(location.range));
}

/** The ID under the cursor, with the folder index that knows it. */
export function idAtCursor(indexer: Indexer, document: vscode.TextDocument, position: vscode.Position) {
  const located = indexer.locate(document.uri);
  const index = located?.folder.index;
  if (!located || !index) {
    return undefined;
  }
  const span = idAt(index.matcher, document.lineAt(position.line).text, position.character);
  return span && { ...located, index, id: span.id, range: new vscode.Range(position.line, span.start, position.line, span.end) };
}

/** Hover, go to definition, references, symbols, document links, rename and completion of IDs. */
export function registerLanguageFeatures({ indexer }: SurfaceContext): vscode.Disposable {
  const hover: vscode.HoverProvider = {
    provideHover(document, position) {
      const at = idAtCursor(indexer, document, position);
      return at && new vscode.Hover(new vscode.MarkdownString(hoverMarkdown(at.index.graph, at.id)), at.range);
    },
  };

  const definition: vscode.DefinitionProvider = {
    provideDefinition(document, position) {
      const at = idAtCursor(indexer, document, position);
      return at?.index.graph.definitions(at.id).map((item) => toVsLocation(at.folder, item.location));
    },
  };

  const references: vscode.ReferenceProvider = {
    provideReferences(document, position, context) {
      const at = idAtCursor(indexer, document, position);
      if (!at) {
        return undefined;
      }
      const definitions = new Set(at.index.graph.definitions(at.id).map((item) => item.location));
      return occurrences(at.index.graph, at.id)
        .filter((location) => context.includeDeclaration || !definitions.has(location))
        .map((location) => toVsLocation(at.folder, location));
    },
  };

  const documentSymbols: vscode.DocumentSymbolProvider = {
    provideDocumentSymbols(document) {
      const located = indexer.locate(document.uri);
      const file = located?.folder.index?.graph.file(located.path);
      return file?.items.map(
        (item) =>
          new vscode.DocumentSymbol(
            item.id,
            item.title,
            SYMBOL_KINDS[item.kind],
            toVsRange(item.sectionRange).union(toVsRange(item.location.range)),
            toVsRange(item.location.range),
          ),
      );
    },
  };

  const workspaceSymbols: vscode.WorkspaceSymbolProvider = {
    provideWorkspaceSymbols(query) {
      const needle = query.toLowerCase();
      const symbols: vscode.SymbolInformation[] = [];
      for (const folder of indexer.folders()) {
        const graph = folder.index?.graph;
        for (const id of graph?.ids() ?? []) {
          const item = graph!.item(id)!;
          if (`${id} ${item.title}`.toLowerCase().includes(needle)) {
            symbols.push(new vscode.SymbolInformation(`${id} ${item.title}`, SYMBOL_KINDS[item.kind], KIND_NAMES[item.kind], toVsLocation(folder, item.location)));
          }
        }
      }
      return symbols;
    },
  };

  const documentLinks: vscode.DocumentLinkProvider = {
    provideDocumentLinks(document) {
      const located = indexer.locate(document.uri);
      const graph = located?.folder.index?.graph;
      const file = graph?.file(located!.path);
      // Markdown has its own links; in code, IDs in comments link to their definition.
      if (!file || isMarkdown(located!.path)) {
        return undefined;
      }
      const written = [...file.links.map((link) => ({ id: link.to, location: link.location })), ...file.references];
      return written.flatMap(({ id, location }) => {
        const target = graph!.item(id);
        if (!target) {
          return [];
        }
        const uri = located!.folder.reader.uri(target.location.path);
        const { line, character } = target.location.range.start;
        const link = new vscode.DocumentLink(toVsRange(location.range), uri.with({ fragment: `L${line + 1},${character + 1}` }));
        link.tooltip = `Go to ${target.id} ${target.title}`;
        return [link];
      });
    },
  };

  const rename: vscode.RenameProvider = {
    prepareRename(document, position) {
      const at = idAtCursor(indexer, document, position);
      if (!at || !at.index.graph.item(at.id)) {
        throw new Error('Only a defined ID can be renamed: put the cursor on an ID such as SR-12.');
      }
      return { range: at.range, placeholder: at.id };
    },
    provideRenameEdits(document, position, newName) {
      const at = idAtCursor(indexer, document, position);
      if (!at) {
        return undefined;
      }
      const kind = at.index.graph.item(at.id)?.kind;
      if (!kind || at.index.matcher.kindOf(newName) !== kind) {
        throw new Error(`"${newName}" is not an ID of the same kind as ${at.id} (${kind ? KIND_NAMES[kind].toLowerCase() : 'unknown'}).`);
      }
      if (at.index.graph.item(newName)) {
        throw new Error(`${newName} is already defined; pick a free ID.`);
      }
      const edit = new vscode.WorkspaceEdit();
      for (const location of occurrences(at.index.graph, at.id)) {
        edit.replace(at.folder.reader.uri(location.path), toVsRange(location.range), newName, {
          label: `Rename ${at.id} to ${newName}`,
          needsConfirmation: false,
        });
      }
      return edit;
    },
  };

  const completion: vscode.CompletionItemProvider = {
    provideCompletionItems(document, position) {
      const located = indexer.locate(document.uri);
      const index = located?.folder.index;
      if (!located || !index) {
        return undefined;
      }
      const prefix = document.lineAt(position.line).text.slice(0, position.character);
      const context = completionContext(prefix, isMarkdown(located.path));
      if (!context) {
        return undefined;
      }
      const range = new vscode.Range(position.line, context.replaceStart, position.line, position.character);
      if (context.type === 'verbs') {
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
      const graph = index.graph;
      return [...graph.ids()]
        .filter((id) => context.kinds.includes(graph.item(id)!.kind))
        .sort(compareIds)
        .map((id, order) => {
          const item = graph.item(id)!;
          const completionItem = new vscode.CompletionItem({ label: id, description: item.title }, vscode.CompletionItemKind.Reference);
          completionItem.detail = `${KIND_NAMES[item.kind]}: ${item.title}`;
          completionItem.documentation = new vscode.MarkdownString(hoverMarkdown(graph, id));
          completionItem.sortText = String(order).padStart(6, '0');
          completionItem.filterText = `${id} ${item.title}`;
          completionItem.range = range;
          return completionItem;
        });
    },
  };

  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, hover),
    vscode.languages.registerDefinitionProvider(DOCUMENT_SELECTOR, definition),
    vscode.languages.registerReferenceProvider(DOCUMENT_SELECTOR, references),
    vscode.languages.registerDocumentSymbolProvider(DOCUMENT_SELECTOR, documentSymbols, { label: 'JSP Trace' }),
    vscode.languages.registerWorkspaceSymbolProvider(workspaceSymbols),
    vscode.languages.registerDocumentLinkProvider(DOCUMENT_SELECTOR, documentLinks),
    vscode.languages.registerRenameProvider(DOCUMENT_SELECTOR, rename),
    vscode.languages.registerCompletionItemProvider(DOCUMENT_SELECTOR, completion, '@', ' ', ','),
  );
}
