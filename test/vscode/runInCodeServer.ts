// The same in-extension-host suite, offline: runs out/vscode-tests/suite/index.js in the remote extension
// host of code-server (the VS Code of the end-to-end tests, installed by test/e2e/setup), with this
// repository as the extension under development and examples/infusion-pump as the workspace folder.
//
// How: the web workbench starts extension tests when its configuration has
// developmentOptions.extensions and developmentOptions.extensionTestsPath (what @vscode/test-web uses).
// code-server has no command-line flag for them, so the page's configuration is amended in the browser
// before the workbench reads it. When the tests end, the workbench calls window.codeAutomationExit(code);
// the extension host's console (mocha's report) arrives through window.codeAutomationLog.
// Built by test/vscode/build.mjs into out/vscode-tests/runInCodeServer.js.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const repo = path.resolve(__dirname, '..', '..');
// Another extension folder (an unpacked .vsix, or a stub to see the suite fail): JSP_TRACE_VSCODE_EXTENSION_DIR.
const extension = path.resolve(process.env.JSP_TRACE_VSCODE_EXTENSION_DIR || repo);
const workspace = path.join(repo, 'examples', 'infusion-pump');
const testsPath = path.join(__dirname, 'suite', 'index.js');
const verbose = !!process.env.JSP_TRACE_VSCODE_VERBOSE;
const timeout = Number(process.env.JSP_TRACE_VSCODE_TIMEOUT ?? 600_000);
const log = (message: string): void => console.error(`[test:vscode] ${message}`);

interface SetupInfo {
  node: string;
  codeServer: string;
  chromium: string;
}

/** test/e2e/setup installs Node 24 and code-server once (cached) and prints the folder with env.json. */
function setup(): Promise<SetupInfo> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(repo, 'test', 'e2e', 'setup')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (data: Buffer) => out.push(data));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`test/e2e/setup failed (exit ${code})`));
        return;
      }
      const dir = Buffer.concat(out).toString().trim().split('\n').pop()!;
      resolve(JSON.parse(fs.readFileSync(path.join(dir, 'env.json'), 'utf8')) as SetupInfo);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Renderer chatter that says nothing about the tests (connection set-up, offline gallery and sign-in). */
const NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin|\[Service Worker\]|\[AccountPolicyGate\]|\[AgentHost|Timed out waiting for authentication provider|getaddrinfo ENOTFOUND|Error while fetching the extension under development|Failed: getaddrinfo|ENOPRO: No file system provider found for resource 'vscode-remote:\/[^/])/;

async function main(): Promise<number> {
  const info = await setup();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jsp-trace-vscode-tests-'));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let keep = false; // on failure the temp dir stays, with code-server.log and user-data/logs
  const stop = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    if (server?.pid && server.exitCode === null) {
      const pid = server.pid;
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      try {
        process.kill(-pid, 'SIGTERM'); // its own process group: code-server and its extension host
      } catch {
        /* gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (keep) {
      log(`kept ${tmp} (code-server.log; extension host logs in user-data/logs/)`);
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));

  try {
    const userData = path.join(tmp, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'extensions'));
    // files.autoSave is "afterDelay" on the web: the completion test's edit must never reach the example on disk.
    const settings = {
      'files.autoSave': 'off',
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'security.workspace.trust.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'git.enabled': false,
    };
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

    const port = await freePort();
    const authority = `127.0.0.1:${port}`;
    const serverLog = path.join(tmp, 'code-server.log');
    const logFd = fs.openSync(serverLog, 'a');
    server = spawn(
      info.node,
      [
        info.codeServer,
        ...['--bind-addr', authority, '--auth', 'none', '--disable-telemetry', '--disable-update-check'],
        ...['--disable-workspace-trust', '--disable-getting-started-override'],
        ...['--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions')],
        workspace,
      ],
      {
        cwd: tmp,
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: {
          ...process.env,
          XDG_CONFIG_HOME: path.join(tmp, 'xdg', 'config'),
          XDG_DATA_HOME: path.join(tmp, 'xdg', 'data'),
          XDG_CACHE_HOME: path.join(tmp, 'xdg', 'cache'),
          NODE_OPTIONS: '',
        },
      },
    );
    fs.closeSync(logFd);
    for (const deadline = Date.now() + 90_000; ; ) {
      if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}); see ${serverLog}`);
      try {
        if ((await fetch(`http://${authority}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`code-server did not answer http://${authority}/healthz within 90 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    log(`code-server ready at http://${authority} (pid ${server.pid})`);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || info.chromium || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
    });
    const page = await browser.newPage();
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...args);
      if (verbose || (type !== 'trace' && type !== 'debug' && !NOISE.test(text))) {
        console.log(verbose ? `[${type}] ${text}` : text);
      }
    });
    const remote = (fsPath: string) => ({ scheme: 'vscode-remote', authority, path: fsPath });
    const developmentOptions = { extensions: [remote(extension)], extensionTestsPath: remote(testsPath) };
    // A string, not a function: nothing of this bundle's helpers exists in the page.
    await page.addInitScript(`(() => {
      const getAttribute = Element.prototype.getAttribute;
      Element.prototype.getAttribute = function (name) {
        const value = getAttribute.call(this, name);
        if (this.id !== 'vscode-workbench-web-configuration' || name !== 'data-settings' || !value) return value;
        const config = JSON.parse(value);
        config.developmentOptions = { ...config.developmentOptions, ...${JSON.stringify(developmentOptions)} };
        return JSON.stringify(config);
      };
    })();`);
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(workspace)}`);
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeout).unref()),
    ]);
    if (code === 'timeout') {
      keep = true;
      log(`no result within ${timeout} ms (JSP_TRACE_VSCODE_TIMEOUT)`);
      return 1;
    }
    keep = code !== 0;
    log(code === 0 ? 'extension tests passed' : `extension tests failed (exit code ${code})`);
    return code === 0 ? 0 : 1;
  } catch (error) {
    keep = true;
    throw error;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`could not run the tests in code-server: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
