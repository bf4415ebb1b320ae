import * as vscode from 'vscode';
import { isMarkdown, itemTitle } from '../../core';
import type { SurfaceContext } from '../surfaceContext';
import { DOCUMENT_SELECTOR, indexedDocument, toVsRange } from '../vscodeUtils';

/** Links on the IDs written in code comments, to where each is defined. */
export function registerDocumentLinks({ indexer }: SurfaceContext): vscode.Disposable {
  return vscode.languages.registerDocumentLinkProvider(DOCUMENT_SELECTOR, {
    provideDocumentLinks(document) {
      const indexed = indexedDocument(indexer, document.uri);
      const file = indexed?.index.graph.file(indexed.path);
      // Markdown has its own links; in code, IDs in comments link to their definition.
      if (!indexed || !file || isMarkdown(indexed.path)) {
        return undefined;
      }
      const graph = indexed.index.graph;
      const written = [...file.links.map((link) => ({ id: link.to, location: link.location })), ...file.references];
      return written.flatMap(({ id, location }) => {
        const target = graph.item(id);
        if (!target) {
          return [];
        }
        const uri = indexed.folder.reader.uri(target.location.path);
        const { line, character } = target.location.range.start;
        const link = new vscode.DocumentLink(toVsRange(location.range), uri.with({ fragment: `L${line + 1},${character + 1}` }));
        link.tooltip = `Go to ${target.id} ${itemTitle(graph, id)!}`;
        return [link];
      });
    },
  });
}
