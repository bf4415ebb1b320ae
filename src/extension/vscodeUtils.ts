import * as vscode from 'vscode';
import { contributedIdAt, idAt, type Location, type Range, type TraceIndex } from '../core';
import type { FolderIndex, Indexer } from './indexer';

/** Every document of a workspace folder, whatever its language: IDs live in all of them. */
export const DOCUMENT_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'vscode-vfs' }, { scheme: 'vscode-remote' }];

/** A core range (zero-based lines and characters, as in VS Code). */
export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** A core location, its path resolved against the folder it belongs to. */
export function toVsLocation(folder: FolderIndex, location: Location): vscode.Location {
  return new vscode.Location(folder.reader.uri(location.path), toVsRange(location.range));
}

/** A document of an indexed workspace folder: the folder, the document's path in it and the folder's index. */
export interface IndexedDocument {
  readonly folder: FolderIndex;
  readonly path: string;
  readonly index: TraceIndex;
}

/** The folder index that knows a document, or `undefined` outside the workspace or before the first index. */
export function indexedDocument(indexer: Indexer, uri: vscode.Uri): IndexedDocument | undefined {
  const located = indexer.locate(uri);
  const index = located?.folder.index;
  return located && index && { ...located, index };
}

/** An ID in a document, with its range there and the folder index that knows it. */
export interface IdInDocument extends IndexedDocument {
  readonly id: string;
  readonly range: vscode.Range;
}

/** The ID under the cursor, with the folder index that knows it. */
export function idAtCursor(indexer: Indexer, document: vscode.TextDocument, position: vscode.Position): IdInDocument | undefined {
  const indexed = indexedDocument(indexer, document.uri);
  if (!indexed) {
    return undefined;
  }
  const file = indexed.index.graph.file(indexed.path);
  const span = idAt(indexed.index.matcher, document.lineAt(position.line).text, position.character) ?? (file && contributedIdAt(file, position));
  return span && { ...indexed, id: span.id, range: new vscode.Range(position.line, span.start, position.line, span.end) };
}

/**
 * Whether the user moved the cursor (keyboard or mouse): views that follow the cursor follow only these.
 * Opening a location from a view also sets a selection, and following that would jump the view away from
 * what was just clicked.
 */
export function isUserSelectionChange(event: vscode.TextEditorSelectionChangeEvent): boolean {
  return event.kind === vscode.TextEditorSelectionChangeKind.Keyboard || event.kind === vscode.TextEditorSelectionChangeKind.Mouse;
}

/** A function that runs once calls have paused for its delay, with the last call's arguments. */
export interface Debounced<A extends unknown[]> extends vscode.Disposable {
  (...args: A): void;
}

/** Wraps `run` so that a burst of calls runs it once; disposing cancels a pending run. */
export function debounce<A extends unknown[]>(delayMs: number, run: (...args: A) => void): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (...args: A): void => {
    clearTimeout(timer);
    timer = setTimeout(() => run(...args), delayMs);
  };
  return Object.assign(debounced, { dispose: () => clearTimeout(timer) });
}
