import * as vscode from 'vscode';
import type { DirectoryEntry, WorkspaceReader } from '../core';

/** Reads a workspace folder through `vscode.workspace.fs`, so virtual workspaces work too. */
export class VsCodeWorkspaceReader implements WorkspaceReader {
  constructor(readonly root: vscode.Uri) {}

  uri(path: string): vscode.Uri {
    return path ? vscode.Uri.joinPath(this.root, ...path.split('/')) : this.root;
  }

  async readDirectory(path: string): Promise<readonly DirectoryEntry[]> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(this.uri(path));
      return entries.map(([name, type]) => ({
        name,
        // Symbolic links are not followed, as in the CLI.
        type: type === vscode.FileType.File ? 'file' : type === vscode.FileType.Directory ? 'directory' : 'other',
      }));
    } catch {
      return [];
    }
  }

  async fileSize(path: string): Promise<number | undefined> {
    try {
      return (await vscode.workspace.fs.stat(this.uri(path))).size;
    } catch {
      return undefined;
    }
  }

  async modifiedTime(path: string): Promise<number | undefined> {
    try {
      return (await vscode.workspace.fs.stat(this.uri(path))).mtime;
    } catch {
      return undefined;
    }
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    return this.readFileUpTo(path, Number.POSITIVE_INFINITY).then((bytes) => (bytes === 'too-large' ? undefined : bytes));
  }

  /**
   * Reads only regular files: `stat` first, because reading a FIFO named like a document would never end.
   * A file that is gone reads as undefined; any other failure rejects with its reason.
   */
  async readFileUpTo(path: string, maxBytes: number): Promise<Uint8Array | 'too-large' | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(this.uri(path));
      if (!(stat.type & vscode.FileType.File)) {
        throw new Error(stat.type & vscode.FileType.Directory ? 'it is a folder, not a file' : 'it is not a regular file (a FIFO, socket or device)');
      }
      return stat.size > maxBytes ? 'too-large' : await vscode.workspace.fs.readFile(this.uri(path));
    } catch (error) {
      return readFailure(error);
    }
  }
}

const REASONS: Readonly<Record<string, string>> = {
  NoPermissions: 'permission denied',
  FileIsADirectory: 'it is a folder, not a file',
  Unavailable: 'the file system is unavailable',
};

/** Undefined for a file that is gone; otherwise throws an error that says why it failed. */
function readFailure(error: unknown): undefined {
  if (!(error instanceof vscode.FileSystemError)) {
    throw error;
  }
  if (error.code === 'FileNotFound' || error.code === 'FileNotADirectory') {
    return undefined;
  }
  throw new Error(REASONS[error.code] ?? error.message, { cause: error });
}
