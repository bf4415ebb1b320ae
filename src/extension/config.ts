import * as vscode from 'vscode';
import { RULES, type SeveritySetting } from '../core';

const SECTION = 'jspTrace';
const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

/** One typed getter per setting of the `jspTrace` section; wrong-typed values fall back to the default. */
export class ExtensionConfig {
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

  static affects(event: vscode.ConfigurationChangeEvent, key: string): boolean {
    return event.affectsConfiguration(`${SECTION}.${key}`);
  }
}
