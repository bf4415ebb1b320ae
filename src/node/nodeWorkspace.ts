import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { DirectoryEntry, WorkspaceReader } from '../core';

/** Reads a workspace folder from the local file system for the CLI. Symbolic links are not followed. */
export class NodeWorkspaceReader implements WorkspaceReader {
  constructor(readonly root: string) {}

  async readDirectory(path: string): Promise<readonly DirectoryEntry[]> {
    try {
      const entries = await fs.readdir(this.#absolute(path), { withFileTypes: true });
      return entries.map((entry) => ({
        name: entry.name,
        type: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other',
      }));
    } catch {
      return [];
    }
  }

  async fileSize(path: string): Promise<number | undefined> {
    try {
      return (await fs.stat(this.#absolute(path))).size;
    } catch {
      return undefined;
    }
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      return await fs.readFile(this.#absolute(path));
    } catch {
      return undefined;
    }
  }

  #absolute(path: string): string {
    return nodePath.join(this.root, ...path.split('/'));
  }
}
