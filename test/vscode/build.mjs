// Bundles the in-extension-host test suite into out/vscode-tests/ (git-ignored): the runners, run by Node
// (runTests.js: @vscode/test-electron; runInCodeServer.js: code-server, offline) and the suite (suite/index.js
// and one suite/*.test.js per test file, loaded by the extension host). CommonJS: the extension host requires
// the suite.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const suite = readdirSync('test/vscode/suite')
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => `test/vscode/suite/${name}`);

await esbuild.build({
  entryPoints: ['test/vscode/runTests.ts', 'test/vscode/runInCodeServer.ts', 'test/vscode/suite/index.ts', ...suite],
  outbase: 'test/vscode',
  outdir: 'out/vscode-tests',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  // Mocha's parallel mode (never used here) resolves worker files next to itself.
  logOverride: { 'require-resolve-not-external': 'silent' },
  mainFields: ['module', 'main'],
  // `vscode` exists only inside the extension host; the runners load their libraries from node_modules.
  // Mocha is bundled on purpose: mocha 12 is ES modules inside (its lib/mocha.cjs requires .js ES modules), so
  // requiring it needs require(esm) (Node 20.19 / 22.12 or later), which older extension hosts within the
  // extension's engines range lack (VS Code 1.90 runs Node 20.9).
  external: ['vscode', '@vscode/test-electron', 'playwright-core'],
  // Mocha's ES modules read import.meta.url (file-unloader.js); in a CommonJS bundle it must be defined.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: 'var __importMetaUrl = require("url").pathToFileURL(__filename).href;' },
});
