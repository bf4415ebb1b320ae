import * as vscode from 'vscode';
import type { SurfaceContext } from '../surfaceContext';
import { registerCompletion } from './completion';
import { registerDefinition } from './definition';
import { registerDocumentLinks } from './documentLinks';
import { registerHover } from './hover';
import { registerReferences } from './references';
import { registerRename } from './rename';
import { registerDocumentSymbols, registerWorkspaceSymbols } from './symbols';

/** Hover, go to definition, references, symbols, document links, rename and completion of IDs. */
export function registerLanguageFeatures(ctx: SurfaceContext): vscode.Disposable {
  return vscode.Disposable.from(
    ...[
      registerHover,
      registerDefinition,
      registerReferences,
      registerDocumentSymbols,
      registerWorkspaceSymbols,
      registerDocumentLinks,
      registerRename,
      registerCompletion,
    ].map((register) => register(ctx)),
  );
}
