import * as vscode from 'vscode';
import { KIND_NAMES, type ItemKind } from '../../core';
import type { SurfaceContext } from '../surfaceContext';
import { DOCUMENT_SELECTOR, indexedDocument, toVsLocation, toVsRange } from '../vscodeUtils';

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

/** The outline of a document: the items it defines, each spanning its section. */
export function registerDocumentSymbols({ indexer }: SurfaceContext): vscode.Disposable {
  const provider: vscode.DocumentSymbolProvider = {
    provideDocumentSymbols(document) {
      const indexed = indexedDocument(indexer, document.uri);
      const file = indexed?.index.graph.file(indexed.path);
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
  return vscode.languages.registerDocumentSymbolProvider(DOCUMENT_SELECTOR, provider, { label: 'JSP Trace' });
}

/** Go to symbol in workspace: every defined item whose ID or title contains the query. */
export function registerWorkspaceSymbols({ indexer }: SurfaceContext): vscode.Disposable {
  return vscode.languages.registerWorkspaceSymbolProvider({
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
  });
}
