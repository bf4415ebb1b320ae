import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { DirectoryEntry, WorkspaceReader } from '../core';

/**
 * Reads a workspace folder from the local file system for the CLI. Symbolic links are not followed.
 * File contents are read synchronously: for thousands of small files that is about four times faster
 * than `fs.promises` (measured by the bench), and the CLI has nothing else to do meanwhile.
 */
export class NodeWorkspaceReader implements WorkspaceReader {
  readonly #root: string;

  constructor(readonly root: string) {
    this.#root = nodePath.resolve(root);
  }

  async readDirectory(path: string): Promise<readonly DirectoryEntry[]> {
    try {
      const entries = await fs.promises.readdir(this.#absolute(path), { withFileTypes: true });
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
      return fs.statSync(this.#absolute(path)).size;
    } catch {
      return undefined;
    }
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const bytes = await this.readFileUpTo(path, Number.POSITIVE_INFINITY);
    return bytes === 'too-large' ? undefined : bytes;
  }

  /** Opens the file once and takes the size from the open handle, so no separate `stat` is needed. */
  async readFileUpTo(path: string, maxBytes: number): Promise<Uint8Array | 'too-large' | undefined> {
    let handle: number | undefined;
    try {
      handle = fs.openSync(this.#absolute(path), 'r');
      const stats = fs.fstatSync(handle);
      if (!stats.isFile()) {
        return undefined;
      }
      if (stats.size > maxBytes) {
        return 'too-large';
      }
      const bytes = Buffer.allocUnsafe(stats.size);
      let read = 0;
      while (read < bytes.length) {
        const chunk = fs.readSync(handle, bytes, read, bytes.length - read, read);
        if (chunk === 0) {
          return bytes.subarray(0, read); // the file shrank while being read
        }
        read += chunk;
      }
      return bytes;
    } catch {
      return undefined;
    } finally {
      if (handle !== undefined) {
        fs.closeSync(handle);
      }
    }
  }

  #absolute(path: string): string {
    // Concatenation, not path.join: this runs once per file, and Node accepts `/` on every platform.
    return path ? `${this.#root}/${path}` : this.#root;
  }
}
