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

  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(this.uri(path));
    } catch {
      return undefined;
    }
  }

  async readFileUpTo(path: string, maxBytes: number): Promise<Uint8Array | 'too-large' | undefined> {
    const size = await this.fileSize(path);
    return size !== undefined && size > maxBytes ? 'too-large' : this.readFile(path);
  }
}
