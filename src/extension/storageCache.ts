import * as vscode from 'vscode';
import { contentHash, type ExtractionCacheStore } from '../core';
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
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
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

