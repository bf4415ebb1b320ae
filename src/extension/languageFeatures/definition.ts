import * as vscode from 'vscode';
import type { SurfaceContext } from '../surfaceContext';
import { DOCUMENT_SELECTOR, idAtCursor, toVsLocation } from '../vscodeUtils';

/** Go to definition of an ID: where it is defined (several places when it is defined twice). */
export function registerDefinition({ indexer }: SurfaceContext): vscode.Disposable {
  return vscode.languages.registerDefinitionProvider(DOCUMENT_SELECTOR, {
    provideDefinition(document, position) {
      const at = idAtCursor(indexer, document, position);
      return at?.index.graph.definitions(at.id).map((item) => toVsLocation(at.folder, item.location));
    },
  });
}
