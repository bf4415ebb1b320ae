import * as vscode from 'vscode';
import { KIND_NAMES, locationLabel, nextFreeId, occurrences, type IdMatcher, type TraceGraph } from '../../core';
import type { SurfaceContext } from '../surfaceContext';
import { DOCUMENT_SELECTOR, idAtCursor, toVsRange } from '../vscodeUtils';

/**
 * Rename of a defined ID to a free ID of the same kind, everywhere it is written.
 *
 * VS Code asks the rename providers in turn: the first whose `prepareRename` answers a range owns the
 * rename, but when its `provideRenameEdits` throws (or answers nothing) VS Code moves on to the next
 * provider (`RenameSkeleton` in vscode/src/vs/editor/contrib/rename/browser/rename.ts), which in a
 * Markdown heading is the built-in Markdown one: it renamed the whole heading to the new ID. So a refusal
 * is said in a message and answered with an empty edit, which ends the rename here.
 */
export function registerRename({ indexer }: SurfaceContext): vscode.Disposable {
  return vscode.languages.registerRenameProvider(DOCUMENT_SELECTOR, {
    prepareRename(document, position) {
      const at = idAtCursor(indexer, document, position);
      if (!at || !at.index.graph.item(at.id)) {
        // A rejection lets the next provider (Markdown's headings and links) try.
        throw new Error('Only a defined ID can be renamed: put the cursor on an ID such as SR-12.');
      }
      if (at.index.graph.item(at.id)!.kind === 'specification') {
        throw new Error('An OpenFastTrace ID is not renamed here: its revision says whether what covers it is still current, so change it and its links by hand.');
      }
      return { range: at.range, placeholder: at.id };
    },
    provideRenameEdits(document, position, newName) {
      const at = idAtCursor(indexer, document, position);
      if (!at || newName.trim() === at.id) {
        return at && new vscode.WorkspaceEdit();
      }
      const refusal = renameRefusal(at.index.graph, at.index.matcher, at.id, newName.trim());
      if (refusal) {
        void vscode.window.showErrorMessage(refusal);
        return new vscode.WorkspaceEdit();
      }
      const edit = new vscode.WorkspaceEdit();
      for (const location of occurrences(at.index.graph, at.id)) {
        edit.replace(at.folder.reader.uri(location.path), toVsRange(location.range), newName.trim(), {
          label: `Rename ${at.id} to ${newName.trim()}`,
          needsConfirmation: false,
        });
      }
      return edit;
    },
  });
}

/** Why `id` cannot be renamed to `newName`, as a sentence that suggests the next free ID; undefined when it can. */
function renameRefusal(graph: TraceGraph, matcher: IdMatcher, id: string, newName: string): string | undefined {
  const kind = graph.item(id)!.kind;
  const kindName = KIND_NAMES[kind].toLowerCase();
  const free = nextFreeId(graph, id);
  const suggestion = free ? `, such as ${free}` : '';
  const newKind = matcher.kindOf(newName);
  if (newKind === undefined) {
    return `"${newName}" is not an ID: rename ${id} to a free ${kindName} ID${suggestion}.`;
  }
  if (newKind !== kind) {
    return `${newName} is a ${KIND_NAMES[newKind].toLowerCase()} ID and ${id} is a ${kindName}: rename it to a free ${kindName} ID${suggestion}.`;
  }
  const existing = graph.definitions(newName)[0];
  if (existing) {
    return `${newName} is already defined in ${locationLabel(existing.location)}: rename ${id} to a free ID${suggestion}.`;
  }
  return undefined;
}
