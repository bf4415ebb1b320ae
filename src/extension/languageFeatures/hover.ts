import * as vscode from 'vscode';
import { hoverMarkdown } from '../../core';
import type { SurfaceContext } from '../surfaceContext';
import { DOCUMENT_SELECTOR, idAtCursor } from '../vscodeUtils';

/** Hovering an ID shows its kind, title, trace status, attributes, its tests' latest results and where it is defined. */
export function registerHover({ indexer }: SurfaceContext): vscode.Disposable {
  return vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, {
    provideHover(document, position) {
      const at = idAtCursor(indexer, document, position);
      return at && new vscode.Hover(new vscode.MarkdownString(hoverMarkdown(at.index.graph, at.id, at.index.testResults)), at.range);
    },
  });
}
