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

  async modifiedTime(path: string): Promise<number | undefined> {
    try {
      return fs.statSync(this.#absolute(path)).mtimeMs;
    } catch {
      return undefined;
    }
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const bytes = await this.readFileUpTo(path, Number.POSITIVE_INFINITY);
    return bytes === 'too-large' ? undefined : bytes;
  }

  /**
   * Opens the file once and takes the size from the open handle, so no separate `stat` is needed. Opening
   * without blocking and reading only regular files keeps a FIFO or a device named like a document from
   * hanging the walk; a file that is gone reads as undefined, any other failure rejects with its reason.
   */
  async readFileUpTo(path: string, maxBytes: number): Promise<Uint8Array | 'too-large' | undefined> {
    let handle: number | undefined;
    try {
      handle = fs.openSync(this.#absolute(path), fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      const stats = fs.fstatSync(handle);
      if (!stats.isFile()) {
        throw new Error(stats.isDirectory() ? 'it is a folder, not a file' : 'it is not a regular file (a FIFO, socket or device)');
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
    } catch (error) {
      return readFailure(error);
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

/** Codes that mean the file is gone: deleted, or a folder on its path replaced or removed. */
const GONE = new Set(['ENOENT', 'ENOTDIR']);

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'it is a symbolic link that loops',
  EIO: 'an input/output error',
};

/** Undefined for a file that is gone; otherwise throws an error that says, without the path, why it failed. */
function readFailure(error: unknown): undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && GONE.has(code)) {
    return undefined;
  }
  throw new Error(code === undefined ? (error as Error).message : (REASONS[code] ?? `the system reported ${code}`), { cause: error });
}
