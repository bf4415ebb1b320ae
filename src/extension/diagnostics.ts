import * as vscode from 'vscode';
import type { ConfigError, Finding, Severity } from '../core';
import { CONFIG_FILE_NAME } from '../core';
import type { FolderIndex, IndexChangeEvent } from './indexer';
import type { SurfaceContext } from './surfaceContext';
import { toVsLocation, toVsRange } from './vscodeUtils';
import { HeldUntilQuiet } from './heldUntilQuiet';

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toDiagnostic(folderIndex: FolderIndex, finding: Finding, rulesDoc: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVsRange(finding.location.range), finding.message, SEVERITIES[finding.severity]);
  diagnostic.source = 'jsp-trace';
  diagnostic.code = { value: finding.rule, target: rulesDoc.with({ fragment: finding.rule }) };
  diagnostic.relatedInformation = finding.related.map(
    (related) => new vscode.DiagnosticRelatedInformation(toVsLocation(folderIndex, related.location), related.message),
  );
  return diagnostic;
}

function configDiagnostic(error: ConfigError): vscode.Diagnostic {
  const field = error.field ? `${error.field}: ` : '';
  const diagnostic = new vscode.Diagnostic(toVsRange(error.range), `${field}${error.message}`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'jsp-trace';
  diagnostic.code = 'invalid-config';
  return diagnostic;
}

/** How many diagnostics make a file's publication wait for edits to pause ({@link LARGE_FILE_QUIET_MS}). */
const LARGE_FILE_DIAGNOSTICS = 1000;
const LARGE_FILE_QUIET_MS = 1000;

/**
 * Publishes findings as diagnostics: every file after a full index, only the affected ones after an edit.
 * Each diagnostic's code links to the rule's documentation, shipped with the extension.
 */
export function registerDiagnostics({ indexer, settings, extensionUri }: SurfaceContext): vscode.Disposable {
  const rulesDoc = vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md');
  const collection = vscode.languages.createDiagnosticCollection('jsp-trace');
  const published = new Map<FolderIndex, Set<string>>();

  // A file with thousands of diagnostics is sent to the window again once edits pause, not at each one.
  const held = new HeldUntilQuiet<{ readonly folder: FolderIndex; readonly path: string }>(LARGE_FILE_QUIET_MS, (items) => {
    for (const folder of new Set(items.map((item) => item.folder))) {
      publish({ folder, paths: new Set(items.filter((item) => item.folder === folder).map((item) => item.path)) }, false);
    }
  });

  /** Publishes the findings of the changed files; with `deferLarge`, a file with many waits for edits to pause. */
  const publish = ({ folder, paths }: IndexChangeEvent, deferLarge = true): void => {
    let folderPaths = published.get(folder);
    if (!folderPaths) {
      folderPaths = new Set();
      published.set(folder, folderPaths);
    }
    const index = folder.index;
    const enabled = settings.for(folder.folder).diagnosticsEnabled;
    let targets: Iterable<string>;
    if (paths === 'all') {
      const all = new Set(folderPaths);
      for (const finding of index?.findings() ?? []) {
        all.add(finding.location.path);
      }
      all.add(CONFIG_FILE_NAME);
      targets = all;
      held.drop((item) => item.folder === folder);
    } else {
      targets = deferLarge ? [...paths].filter((path) => !defer(folder, path)) : paths;
    }
    // One call for all files: a call per file costs a message to the window each (50,000 files: ~120 ms).
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const path of targets) {
      const findings = enabled ? (index?.findingsIn(path) ?? []).map((f) => toDiagnostic(folder, f, rulesDoc)) : [];
      // The configuration file carries its own errors and the workspace-wide findings (an empty FDA category).
      const diagnostics = path === CONFIG_FILE_NAME ? [...folder.configErrors.map(configDiagnostic), ...findings] : findings;
      entries.push([folder.reader.uri(path), diagnostics]);
      if (diagnostics.length > 0) {
        folderPaths.add(path);
      } else {
        folderPaths.delete(path);
      }
    }
    collection.set(entries);
  };
  /** Whether to publish a file later, once edits pause: it has many diagnostics. */
  const defer = (folder: FolderIndex, path: string): boolean => {
    const uri = folder.reader.uri(path);
    if ((collection.get(uri)?.length ?? 0) < LARGE_FILE_DIAGNOSTICS) {
      return false;
    }
    held.hold(uri.toString(), { folder, path });
    return true;
  };
  return vscode.Disposable.from(
    collection,
    held,
    indexer.onDidChange((event) => publish(event)),
    settings.onDidChange((change) => {
      if (change.affects('diagnostics')) {
        indexer.folders().forEach((folder) => publish({ folder, paths: 'all' }));
      }
    }),
  );
}
