import * as vscode from 'vscode';
import { implementations, isMarkdown, occurrences, traceStatusLine, verifications } from '../core';
import type { SurfaceContext } from './surfaceContext';
import { DOCUMENT_SELECTOR, indexedDocument, toVsLocation, toVsRange } from './vscodeUtils';

/**
 * A lens over each item definition with its trace status ("2 implementations · 3 tests · mitigates TM-4"),
 * and over each annotation in code with the title of the item it names. Clicking peeks the locations.
 */
export function registerCodeLens({ indexer, settings }: SurfaceContext): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      const indexed = indexedDocument(indexer, document.uri);
      const file = indexed?.index.graph.file(indexed.path);
      const config = settings.for(document.uri);
      if (!indexed || !file || !config.codeLensEnabled) {
        return undefined;
      }
      const graph = indexed.index.graph;
      const peek = (range: vscode.Range, title: string, locations: vscode.Location[]): vscode.CodeLens =>
        new vscode.CodeLens(range, {
          title,
          command: locations.length > 0 ? 'editor.action.showReferences' : '',
          arguments: [document.uri, range.start, locations],
        });
      const lenses = file.items.map((item) => {
        const evidence = [...implementations(graph, item.id), ...verifications(graph, item.id), ...graph.outgoing(item.id)];
        const locations = (evidence.length > 0 ? evidence.map((link) => link.location) : occurrences(graph, item.id)).map((location) =>
          toVsLocation(indexed.folder, location),
        );
        return peek(toVsRange(item.location.range), traceStatusLine(graph, item), locations);
      });
      if (config.codeLensOnAnnotations && !isMarkdown(indexed.path)) {
        for (const link of file.links) {
          const target = graph.item(link.to);
          const range = toVsRange(link.location.range);
          lenses.push(
            target
              ? peek(range, `${target.id}: ${target.title}`, [toVsLocation(indexed.folder, target.location)])
              : peek(range, `${link.to} is not defined`, []),
          );
        }
      }
      return lenses;
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, provider),
    indexer.onDidChange(() => changed.fire()),
    settings.onDidChange((change) => {
      if (change.affects('codeLens')) {
        changed.fire();
      }
    }),
  );
}
