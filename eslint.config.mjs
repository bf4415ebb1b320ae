// ESLint flat config: the layer rules of DESIGN.md section 6 (src/core is a pure library; the webview is a
// browser bundle that never reaches into the extension host), the size limits, and typescript-eslint's
// recommended set.
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeMessage = 'Node built-ins belong in src/node, src/cli or src/extension; the core and the webview run without Node.';
/** Node built-ins by their bare names (`fs`, `fs/promises`, `path`, …); {@link nodeScheme} matches `node:*`. */
const nodeBuiltins = builtinModules.map((name) => ({ name, message: nodeMessage }));
const nodeScheme = { regex: '^node:', message: nodeMessage };
const noVscode = {
  name: 'vscode',
  message: 'Only src/extension talks to VS Code: the core through the interfaces it declares, the webview through src/protocol.ts.',
};
const noWebview = {
  regex: '^(\\.\\./)+webview(/|$)',
  message: 'webview/ is the browser side: share the code through src/core (dependency-free) or src/protocol.ts.',
};
/** Node's globals, which @types/node brings in through library typings even where `types` is empty. */
const nodeGlobals = ['process', 'Buffer', 'global', 'require', 'module', '__dirname', '__filename', 'setImmediate'].map(
  (name) => ({ name, message: 'The core and the webview run without Node: take the value from the host instead.' }),
);

export default defineConfig(
  {
    ignores: ['dist/', 'out/', 'test-results/', 'bench/workspaces/', 'test/e2e/fixtures/', 'examples/'],
  },
  tseslint.configs.recommended,
  {
    rules: {
      // A name starting with `_` says "deliberately unused" (`const { a: _, ...rest } = …`); tsc's noUnused*
      // options check parameters already.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['bin/*.js'],
    rules: {
      // bin/jsp-trace.js is CommonJS: it requires the bundled CLI.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Size limits from issue 11. Every line counts, blank lines and comments included, so the figures are
    // the ones `wc -l` and an editor's line numbers show.
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ['src/protocol.ts'],
    rules: {
      // The messages are grouped as `namespace ToWebview` / `FromWebview` of types only (STYLE.md section 6).
      '@typescript-eslint/no-namespace': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode, ...nodeBuiltins],
        patterns: [
          nodeScheme,
          {
            regex: '^(\\.\\./)+(extension|cli|node|protocol|webview)(/|\\.|$)',
            message: 'The core imports nothing from the layers above it (extension, cli, node, protocol, webview).',
          },
        ],
      }],
      'no-restricted-globals': ['error', ...nodeGlobals],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode, ...nodeBuiltins],
        patterns: [
          nodeScheme,
          {
            regex: '^(\\.\\./)+src/(extension|cli|node)(/|$)',
            message: 'The webview talks to the extension only through the messages of src/protocol.ts.',
          },
        ],
      }],
      'no-restricted-globals': ['error', ...nodeGlobals],
    },
  },
  {
    // The CLI runs in plain Node, where `vscode` does not exist; no host imports the webview's browser code
    // (what both sides need lives in the core or in src/protocol.ts).
    files: ['src/cli/**/*.ts', 'src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The CLI and src/node run without VS Code; only src/extension imports vscode.' }],
        patterns: [noWebview],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts', 'src/protocol.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noWebview] }],
    },
  },
);
