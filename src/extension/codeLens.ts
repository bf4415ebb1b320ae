import * as vscode from 'vscode';
import { implementations, isMarkdown, occurrences, traceStatusLine, verifications } from '../core';
import { ExtensionConfig } from './config';
import { toVsRange } from './diagnostics';
import { DOCUMENT_SELECTOR, toVsLocation } from './languageFeatures';
import type { SurfaceContext } from './surfaceContext';

/**
 * A lens over each item definition with its trace status ("2 implementations · 3 tests · mitigates TM-4"),
 * and over each annotation in code with the title of the item it names. Clicking peeks the locations.
 */
export function registerCodeLens({ indexer, settings }: SurfaceContext): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      const located = indexer.locate(document.uri);
      const graph = located?.folder.index?.graph;
      const file = graph?.file(located!.path);
      const config = new ExtensionConfig(document.uri);
      if (!located || !graph || !file || !config.codeLensEnabled) {
        return undefined;
      }
      const peek = (range: vscode.Range, title: string, locations: vscode.Location[]): vscode.CodeLens =>
        new vscode.CodeLens(range, {
          title,
          command: locations.length > 0 ? 'editor.action.showReferences' : '',
          arguments: [document.uri, range.start, locations],
        });
      const lenses = file.items.map((item) => {
        const evidence = [...implementations(graph, item.id), ...verifications(graph, item.id), ...graph.outgoing(item.id)];
        const locations = (evidence.length > 0 ? evidence.map((link) => link.location) : occurrences(graph, item.id)).map((location) =>
          toVsLocation(located.folder, location),
        );
        return peek(toVsRange(item.location.range), traceStatusLine(graph, item), locations);
      });
      if (config.codeLensOnAnnotations && !isMarkdown(located.path)) {
        for (const link of file.links) {
          const target = graph.item(link.to);
          const range = toVsRange(link.location.range);
          lenses.push(
            target
              ? peek(range, `${target.id}: ${target.title}`, [toVsLocation(located.folder, target.location)])
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
