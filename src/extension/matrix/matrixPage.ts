/**
 * What the traceability matrix panel sends its webview, without VS Code: the page (HTML with its
 * Content-Security-Policy and nonce) and the model of one folder. matrixPanel.ts and matrixSync.ts use
 * these with the webview's URIs and the indexer's folders; the benchmark (bench/matrix.ts) uses the very
 * same functions in headless Chromium, so that it measures what the extension sends. No `vscode` import.
 */
import { MATRIX_VIEWS, RULES, buildMatrices, effectiveSeverities, jspPhases, type ItemKind, type TraceIndex } from '../../core';
import type { PanelModel, RuleStatus } from '../../protocol';

/** The folder a model is for: its key (the folder's URI) and its display name. */
export interface PanelFolder {
  readonly key: string;
  readonly name: string;
}

/** The model of one folder: the four views, the phases and what the filters need. */
export function buildPanelModel(folder: PanelFolder, index: TraceIndex): PanelModel {
  const matrices: PanelModel['matrices'] = buildMatrices(index, MATRIX_VIEWS);
  const kinds: Record<string, ItemKind> = {};
  for (const id of index.graph.ids()) {
    kinds[id] = index.graph.item(id)!.kind;
  }
  const severities = effectiveSeverities(index.config.rules);
  // OpenFastTrace's rules only where the folder has OpenFastTrace items: elsewhere they are three chips that always say 0.
  const kindsPresent = new Set(Object.values(kinds));
  const rules: RuleStatus[] = RULES.filter((rule) => rule.onlyWithKind === undefined || kindsPresent.has(rule.onlyWithKind)).map((rule) => ({
    name: rule.name,
    description: rule.description,
    severity: severities.get(rule.name) ?? 'off',
  }));
  return {
    folder: folder.key,
    folderName: folder.name,
    matrices,
    phases: jspPhases(index),
    kinds,
    rules,
  };
}

/** Where the page loads its script and style from, and what its CSP allows. */
export interface MatrixPageResources {
  /** URL of dist/webview.js as the webview sees it. */
  readonly script: string;
  /** URL of media/matrix.css as the webview sees it. */
  readonly style: string;
  /** The origin the webview's resources come from (VS Code's `webview.cspSource`). */
  readonly cspSource: string;
  /** A fresh nonce ({@link createNonce}): the only script that runs is the one carrying it. */
  readonly nonce: string;
}

/** The panel's page: the webview bundle and the stylesheet, under a strict CSP, and a loading notice. */
export function matrixPageHtml({ script, style, cspSource, nonce }: MatrixPageResources): string {
  // vscode-elements styles its components with constructable stylesheets (adoptedStyleSheets), which
  // CSP does not restrict, and sets dynamic styles through the CSSOM: no 'unsafe-inline' is needed.
  const csp = [`default-src 'none'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Traceability Matrix</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="notice">Loading the traceability matrix…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/** 32 random letters and digits, for the page's script nonce (and unique temporary file names). */
export function createNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
}
