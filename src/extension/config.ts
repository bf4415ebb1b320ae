import * as vscode from 'vscode';
import { RULES, type SeveritySetting } from '../core';

const SECTION = 'jspTrace';
const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

/** One typed getter per setting of the `jspTrace` section; wrong-typed values fall back to the default. */
class ExtensionConfig {
  constructor(readonly scope?: vscode.ConfigurationScope) {}

  get codeLensEnabled(): boolean {
    return this.#get('codeLens.enabled', true, 'boolean');
  }

  get codeLensOnAnnotations(): boolean {
    return this.#get('codeLens.annotations', true, 'boolean');
  }

  get diagnosticsEnabled(): boolean {
    return this.#get('diagnostics.enabled', true, 'boolean');
  }

  get matrixFollowCursor(): boolean {
    return this.#get('matrix.followCursor', false, 'boolean');
  }

  get statusBarEnabled(): boolean {
    return this.#get('statusBar.enabled', true, 'boolean');
  }

  /** Severity overrides by rule name, on top of `jsp-trace.jsonc`; unknown rules and values are dropped. */
  get ruleOverrides(): Record<string, SeveritySetting> {
    const value = this.#get<Record<string, unknown>>('rules', {}, 'object');
    const overrides: Record<string, SeveritySetting> = {};
    for (const rule of RULES) {
      const setting = value[rule.name];
      if (SEVERITIES.includes(setting as SeveritySetting)) {
        overrides[rule.name] = setting as SeveritySetting;
      }
    }
    return overrides;
  }

  #get<T>(key: string, fallback: T, type: 'boolean' | 'object'): T {
    const value = vscode.workspace.getConfiguration(SECTION, this.scope).get<unknown>(key);
    return typeof value === type && value !== null ? (value as T) : fallback;
  }

}

/** The groups of settings a surface listens to: each surface re-reads its own when its group changes. */
type SettingGroup = 'diagnostics' | 'codeLens' | 'statusBar' | 'rules' | 'matrix.followCursor';
const SETTING_GROUPS: readonly SettingGroup[] = ['diagnostics', 'codeLens', 'statusBar', 'rules', 'matrix.followCursor'];

/** Which setting groups one configuration change touched. */
interface SettingsChange {
  affects(group: SettingGroup): boolean;
}

/**
 * The extension's settings: typed getters through {@link ExtensionConfig} and one change event for every
 * surface, fired only when something under `jspTrace` changed.
 */
export class Settings implements vscode.Disposable {
  readonly #onDidChange = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.#onDidChange.event;
  readonly #listener = vscode.workspace.onDidChangeConfiguration((event) => {
    const changed = new Set(SETTING_GROUPS.filter((group) => event.affectsConfiguration(`${SECTION}.${group}`)));
    if (changed.size > 0) {
      this.#onDidChange.fire({ affects: (group) => changed.has(group) });
    }
  });

  /** The settings as they apply to a folder or document (window-wide when no scope is given). */
  for(scope?: vscode.ConfigurationScope): ExtensionConfig {
    return new ExtensionConfig(scope);
  }

  dispose(): void {
    this.#listener.dispose();
    this.#onDidChange.dispose();
  }
}
