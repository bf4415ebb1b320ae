import * as vscode from 'vscode';
import { KIND_NAMES, isMarkdown, type FileContributions, type ItemDefinition, type ItemKind } from '../../core';
import type { FolderIndex } from '../indexer';
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
  component: vscode.SymbolKind.Package,
  specification: vscode.SymbolKind.Interface,
};

const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;

/**
 * Whether a Markdown item is defined by a heading, from the text of its line and the next. VS Code's
 * built-in Markdown support already lists every heading in the Outline and in Go to Symbol in Workspace,
 * so an item defined by one is left to it: listing it again split the Outline in two and showed each
 * item twice in Ctrl+T.
 */
function isHeadingDefinition(item: ItemDefinition, lineText: (line: number) => string | undefined): boolean {
  const line = item.location.range.start.line;
  const text = lineText(line) ?? '';
  return ATX_HEADING.test(text) || (!/^\s*\|/.test(text) && SETEXT_UNDERLINE.test(lineText(line + 1) ?? ''));
}

/** The outline of a document: the items it defines that Markdown does not show already, each spanning its section. */
export function registerDocumentSymbols({ indexer }: SurfaceContext): vscode.Disposable {
  const provider: vscode.DocumentSymbolProvider = {
    provideDocumentSymbols(document) {
      const indexed = indexedDocument(indexer, document.uri);
      const file = indexed?.index.graph.file(indexed.path);
      const lineText = (line: number) => (line < document.lineCount ? document.lineAt(line).text : undefined);
      return file?.items
        .filter((item) => !isMarkdown(file.path) || !isHeadingDefinition(item, lineText))
        .map(
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

/**
 * Go to symbol in workspace: every definition whose ID or title contains the query, but for the headings
 * of Markdown files, which Markdown lists itself. Which items of a file are headings is read once per
 * version of the file's contributions.
 */
export function registerWorkspaceSymbols({ indexer }: SurfaceContext): vscode.Disposable {
  const headingsOf = new WeakMap<FileContributions, Promise<ReadonlySet<ItemDefinition>>>();
  const headings = (folder: FolderIndex, file: FileContributions) => {
    let found = headingsOf.get(file);
    if (!found) {
      found = headingDefinitions(folder, file);
      headingsOf.set(file, found);
    }
    return found;
  };
  return vscode.languages.registerWorkspaceSymbolProvider({
    async provideWorkspaceSymbols(query) {
      const needle = query.toLowerCase();
      const symbols: vscode.SymbolInformation[] = [];
      for (const folder of indexer.folders()) {
        for (const file of folder.index?.graph.files() ?? []) {
          const matching = file.items.filter((item) => `${item.id} ${item.title}`.toLowerCase().includes(needle));
          const skipped = matching.length > 0 && isMarkdown(file.path) ? await headings(folder, file) : new Set<ItemDefinition>();
          for (const item of matching.filter((item) => !skipped.has(item))) {
            symbols.push(new vscode.SymbolInformation(`${item.id} ${item.title}`, SYMBOL_KINDS[item.kind], KIND_NAMES[item.kind], toVsLocation(folder, item.location)));
          }
        }
      }
      return symbols;
    },
  });
}

/** The items of a Markdown file defined by headings, read from its open document or else from disk. */
async function headingDefinitions(folder: FolderIndex, file: FileContributions): Promise<ReadonlySet<ItemDefinition>> {
  const uri = folder.reader.uri(file.path);
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  const bytes = open ? undefined : await folder.reader.readFile(file.path);
  const lines = open ? undefined : new TextDecoder().decode(bytes ?? new Uint8Array()).split(/\r?\n/);
  const lineText = (line: number) => (open ? (line < open.lineCount ? open.lineAt(line).text : undefined) : lines![line]);
  return new Set(file.items.filter((item) => isHeadingDefinition(item, lineText)));
}
