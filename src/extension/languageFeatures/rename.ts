import * as vscode from 'vscode';
import { KIND_NAMES, occurrences } from '../../core';
import type { SurfaceContext } from '../surfaceContext';
import { DOCUMENT_SELECTOR, idAtCursor, toVsRange } from '../vscodeUtils';

/** Rename of a defined ID to a free ID of the same kind, everywhere it is written. */
export function registerRename({ indexer }: SurfaceContext): vscode.Disposable {
  return vscode.languages.registerRenameProvider(DOCUMENT_SELECTOR, {
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
  });
}
