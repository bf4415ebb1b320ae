import * as vscode from 'vscode';
import {
  duplicateDefinitionLabel,
  implementations,
  isMarkdown,
  itemTitle,
  occurrences,
  riskAcceptanceLens,
  traceStatusLine,
  vulnerabilityLens,
  verifications,
  type ItemDefinition,
} from '../core';
import type { SurfaceContext } from './surfaceContext';
import { DOCUMENT_SELECTOR, indexedDocument, toVsLocation, toVsRange } from './vscodeUtils';

/**
 * A lens whose title and locations are worked out when VS Code shows it ({@link vscode.CodeLensProvider.resolveCodeLens}):
 * VS Code asks for every lens of a document at each change, and a document can define thousands of items.
 */
class LazyLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly resolveCommand: () => vscode.Command,
  ) {
    super(range);
  }
}

/**
 * A lens over each item definition with its trace status ("2 implementations · 3 tests · mitigates TM-4"),
 * over each risk acceptance with what it accepts, its approval and its expiry against the date the index
 * used ("accepts TM-4 · approved by Dr. A. Jones · expires in 23 days"), and over each annotation in code
 * with the title of the item it names. Clicking peeks the locations (an acceptance's: the accepted
 * threats). Over each vulnerability record, its status and clocks ("open · communicate in 12 days · patch
 * in 42 days"). Over each definition of an ID defined more than once, a lens says which of them it is.
 */
export function registerCodeLens({ indexer, settings }: SurfaceContext): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      const indexed = indexedDocument(indexer, document.uri);
      const file = indexed?.index.graph.file(indexed.path);
      const config = settings.for(document.uri);
      // An empty list, not undefined: VS Code then clears the lenses of a folder that just went quiet.
      if (!indexed || !file || !config.codeLensEnabled) {
        return [];
      }
      const graph = indexed.index.graph;
      const definitionLocations = (id: string) => graph.definitions(id).map((item) => toVsLocation(indexed.folder, item.location));
      const peek = (range: vscode.Range, title: string, locations: vscode.Location[]): vscode.Command => ({
        title,
        command: locations.length > 0 ? 'editor.action.showReferences' : '',
        arguments: [document.uri, range.start, locations],
      });
      const evidenceLocations = (item: ItemDefinition) => {
        const evidence = [...implementations(graph, item.id), ...verifications(graph, item.id), ...graph.outgoing(item.id)];
        return (evidence.length > 0 ? evidence.map((link) => link.location) : occurrences(graph, item.id)).map((location) => toVsLocation(indexed.folder, location));
      };
      const acceptedLocations = (item: ItemDefinition) => {
        const accepted = [...new Set(graph.outgoing(item.id).flatMap((link) => (link.type === 'accepts' ? [link.to] : [])))].flatMap(definitionLocations);
        return accepted.length > 0 ? accepted : evidenceLocations(item);
      };
      const lenses = file.items.flatMap((item) => {
        const range = toVsRange(item.location.range);
        // The date the index checked expiry against, so that the lens and the diagnostics agree.
        const { today, policy } = indexed.index.config;
        const status = new LazyLens(range, () =>
          item.kind === 'risk'
            ? peek(range, riskAcceptanceLens(graph, item, today), acceptedLocations(item))
            : item.kind === 'vulnerability'
              ? peek(range, vulnerabilityLens(item, policy, today), evidenceLocations(item))
              : peek(range, traceStatusLine(graph, item, indexed.index.testResults), evidenceLocations(item)),
        );
        // A duplicate ID: say which definition this is (a click peeks them all); the status is the ID's, shared.
        const duplicate = duplicateDefinitionLabel(graph, item);
        return duplicate ? [new LazyLens(range, () => peek(range, duplicate, definitionLocations(item.id))), status] : [status];
      });
      if (config.codeLensOnAnnotations && !isMarkdown(indexed.path)) {
        for (const link of file.links) {
          const range = toVsRange(link.location.range);
          lenses.push(
            new LazyLens(range, () => {
              const title = itemTitle(graph, link.to);
              return title ? peek(range, `${link.to}: ${title}`, definitionLocations(link.to)) : peek(range, `${link.to} is not defined`, []);
            }),
          );
        }
      }
      return lenses;
    },
    resolveCodeLens(lens) {
      if (lens instanceof LazyLens) {
        lens.command = lens.resolveCommand();
      }
      return lens;
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
