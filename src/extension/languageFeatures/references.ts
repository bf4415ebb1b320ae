import * as vscode from 'vscode';
import { occurrences } from '../../core';
import type { SurfaceContext } from '../surfaceContext';
import { DOCUMENT_SELECTOR, idAtCursor, toVsLocation } from '../vscodeUtils';

/** Find all references of an ID: every place it is written, with or without its definitions. */
export function registerReferences({ indexer }: SurfaceContext): vscode.Disposable {
  return vscode.languages.registerReferenceProvider(DOCUMENT_SELECTOR, {
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
  });
}
