// `npm run test:vscode`: downloads VS Code (cached in out/vscode-test/), then runs the suite
// (out/vscode-tests/suite/index.js) in its extension host with this repository as the extension under
// development and examples/infusion-pump as the workspace folder. Built by test/vscode/build.mjs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';

async function main(): Promise<number> {
  // This file runs as out/vscode-tests/runTests.js.
  const repo = path.resolve(__dirname, '..', '..');
  const extensionTestsPath = path.join(__dirname, 'suite', 'index.js');
  const workspace = path.join(repo, 'examples', 'infusion-pump');
  const version = process.env.JSP_TRACE_VSCODE_VERSION ?? 'stable';

  let vscodeExecutablePath = process.env.JSP_TRACE_VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({
        version,
        cachePath: path.join(repo, 'out', 'vscode-test'),
        timeout: 20_000,
      });
    } catch (error) {
      console.error(
        [
          '',
          `test:vscode: cannot download VS Code (${version}) from update.code.visualstudio.com:`,
          `  ${error instanceof Error ? error.message : String(error)}`,
          'These tests need a machine that can download VS Code, or an installed one:',
          '  JSP_TRACE_VSCODE_EXECUTABLE=/path/to/code npm run test:vscode',
          'Offline, run the same suite in code-server: node out/vscode-tests/runInCodeServer.js (test/vscode/README.md)',
          '',
        ].join('\n'),
      );
      return 2;
    }
  }

  // A fresh profile per run (no restored editors, default settings), outside the repository. Without these
  // arguments @vscode/test-electron would use ./.vscode-test/user-data, which is not git-ignored.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jsp-trace-vscode-'));
  try {
    await runTests({
      vscodeExecutablePath,
      // Another extension folder (an unpacked .vsix, or a stub to see the suite fail): JSP_TRACE_VSCODE_EXTENSION_DIR.
      extensionDevelopmentPath: path.resolve(process.env.JSP_TRACE_VSCODE_EXTENSION_DIR || repo),
      extensionTestsPath,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        `--user-data-dir=${path.join(profile, 'user-data')}`,
        `--extensions-dir=${path.join(profile, 'extensions')}`,
      ],
    });
    return 0;
  } catch (error) {
    console.error(error instanceof TestRunFailedError ? `test:vscode: ${error.message}` : `test:vscode: could not run VS Code: ${String(error)}`);
    return 1;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
