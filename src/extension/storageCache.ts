import * as vscode from 'vscode';
import { contentHash, type ExtractionCacheStore } from '../core';
import { yieldToHost } from './eventLoopWatch';
import type { Log } from './log';

/** Where the extension keeps what outlives a window: the workspace storage and the extension's version. */
export interface IndexStorage {
  readonly folder: vscode.Uri | undefined;
  readonly version: string;
}

/**
 * The extraction cache of a folder in the workspace storage (not in the user's files). Writing does not
 * hold up the rebuild: diagnostics and the "Index complete" line do not wait for the bytes to reach the disk.
 */
export function storageCacheStore(folder: vscode.WorkspaceFolder, storage: IndexStorage, log: Log): ExtractionCacheStore {
  const uri = storage.folder && vscode.Uri.joinPath(storage.folder, `extraction-${contentHash(folder.uri.toString())}.json`);
  const save = async (json: string): Promise<void> => {
    if (!uri || !storage.folder) {
      return;
    }
    try {
      await vscode.workspace.fs.createDirectory(storage.folder);
      await vscode.workspace.fs.writeFile(uri, await encodeInSlices(json));
    } catch (error) {
      log.warn(`Could not write the extraction cache ${uri.toString()}: ${(error as Error).message}`);
    }
  };
  return {
    toolVersion: storage.version,
    read: async () => {
      const bytes = uri && (await vscode.workspace.fs.readFile(uri).then(undefined, () => undefined));
      return bytes && new TextDecoder().decode(bytes);
    },
    write: async (json) => void save(json),
  };
}


/** Characters encoded before the host's event loop gets a turn: a large cache is tens of megabytes. */
const ENCODE_SLICE = 1 << 20;

/** UTF-8 bytes of a long text, encoded a slice at a time so that the extension host is not held up. */
async function encodeInSlices(text: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + ENCODE_SLICE);
    // Never between the two halves of a surrogate pair.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) {
      end--;
    }
    chunks.push(encoder.encode(text.slice(start, end)));
    start = end;
    await yieldToHost();
  }
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
