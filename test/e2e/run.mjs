#!/usr/bin/env node
// End-to-end runner: a real VS Code (code-server) driven by Debian's Chromium through playwright-core.
//
//   node test/e2e/run.mjs [spec.e2e.ts ...] [mocha options such as --grep TEXT]
//
// Steps: setup (cached installs) → build the extension → temp dirs (user data, extensions with a symlink
// to the extension folder, XDG dirs, settings) → copy the example workspace → code-server on a free
// loopback port → Chromium (owned here) → mocha on the specs → on failure copy logs into
// test-results/e2e/ → stop everything started, by process id, whatever happened. Exit code = mocha's.
// Environment variables: see test/e2e/README.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { VSIX, packageProblem } from './packageCheck.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const artifacts = path.resolve(process.env.E2E_ARTIFACTS || path.join(repo, 'test-results', 'e2e'));
const env = process.env;
const flag = (name) => env[name] !== undefined && env[name] !== '' && env[name] !== '0' && env[name] !== 'false';

const log = (msg) => console.error(`[e2e] ${msg}`);
const t0 = Date.now();
const since = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/** Everything started here, so cleanup can stop it by process id. */
const state = {
  tmp: /** @type {string | undefined} */ (undefined),
  codeServer: /** @type {import('node:child_process').ChildProcess | undefined} */ (undefined),
  browser: /** @type {import('playwright-core').BrowserServer | undefined} */ (undefined),
  browserPid: /** @type {number | undefined} */ (undefined),
  children: /** @type {Set<import('node:child_process').ChildProcess>} */ (new Set()),
  /** @type {any} */ dirs: undefined,
};

// ------------------------------------------------------------------ processes

/** Runs a command; resolves with its exit code (signals count as failures). */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    state.children.add(child);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      state.children.delete(child);
      resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 1) : 1));
    });
  });
}

/** Processes on Linux, read from /proc: pid, parent, process group, state. */
function processTable() {
  const rows = [];
  let names;
  try { names = fs.readdirSync('/proc'); } catch { return rows; }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rows.push({ pid: Number(name), state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]) });
    } catch { /* gone meanwhile */ }
  }
  return rows;
}

/** Live (non-zombie) processes in the group led by pid, plus the descendants of pid in other groups. */
function treeOf(pid) {
  const table = processTable().filter((p) => p.state !== 'Z');
  const found = new Set(table.filter((p) => p.pgrp === pid || p.pid === pid).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of table) if (!found.has(p.pid) && found.has(p.ppid)) { found.add(p.pid); grew = true; }
  }
  return [...found];
}

function signal(pid, sig) {
  try { process.kill(pid, sig); } catch { /* already gone */ }
}

/** Stops the process group led by pid (and strays of its tree): SIGTERM, then SIGKILL after graceMs. */
async function stopTree(pid, label, graceMs = 5000) {
  if (!pid) return;
  const pids = treeOf(pid);
  signal(-pid, 'SIGTERM');
  for (const p of pids) signal(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && treeOf(pid).length > 0) await new Promise((r) => setTimeout(r, 100));
  const left = treeOf(pid);
  if (left.length > 0) {
    log(`${label}: ${left.length} process(es) still running after ${graceMs} ms, sending SIGKILL`);
    signal(-pid, 'SIGKILL');
    for (const p of left) signal(p, 'SIGKILL');
  }
}

/** Synchronous last resort, for process exit. */
function killAllNow() {
  for (const child of state.children) if (child.pid) signal(child.pid, 'SIGKILL');
  for (const pid of [state.codeServer?.pid, state.browserPid]) {
    if (!pid) continue;
    const pids = treeOf(pid);
    signal(-pid, 'SIGKILL');
    for (const p of pids) signal(p, 'SIGKILL');
  }
}

let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    for (const child of state.children) if (child.pid) signal(child.pid, 'SIGTERM');
    if (state.browser) {
      const pid = state.browserPid;
      await Promise.race([state.browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
      await stopTree(pid, 'chromium', 2000);
      state.browser = undefined;
      state.browserPid = undefined;
    }
    if (state.codeServer) {
      await stopTree(state.codeServer.pid, 'code-server');
      state.codeServer = undefined;
    }
    if (state.tmp && !flag('E2E_KEEP_TMP')) fs.rmSync(state.tmp, { recursive: true, force: true });
    else if (state.tmp) log(`kept temp dir ${state.tmp}`);
    if (lockHeld) { fs.rmSync(lockFile, { force: true }); lockHeld = false; }
  })();
  return cleaning;
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) { killAllNow(); process.exit(130); }
    interrupted = true;
    log(`${sig}: stopping everything started`);
    cleanup().finally(() => process.exit(130));
  });
}
process.on('exit', killAllNow);

// ------------------------------------------------------------------ steps

async function setup() {
  const started = Date.now();
  const out = [];
  const code = await new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(here, 'setup')], { stdio: ['ignore', 'pipe', 'inherit'] });
    state.children.add(child);
    child.stdout.on('data', (d) => out.push(d));
    child.on('error', reject);
    child.on('exit', (c) => { state.children.delete(child); resolve(c ?? 1); });
  });
  if (code !== 0) throw new Error(`test/e2e/setup failed (exit ${code})`);
  const dir = Buffer.concat(out).toString().trim().split('\n').pop();
  const info = JSON.parse(fs.readFileSync(path.join(dir, 'env.json'), 'utf8'));
  log(`setup ready in ${since(started)}: code-server ${info.codeServerVersion}, node ${info.nodeVersion}`);
  return info;
}

async function build() {
  if (flag('E2E_SKIP_BUILD')) return log('E2E_SKIP_BUILD set: not building');
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  if (!pkg.scripts?.build) return log('package.json has no "build" script: not building');
  const started = Date.now();
  const code = await run('npm', ['run', '--silent', 'build'], { cwd: repo });
  if (code !== 0) throw new Error(`npm run build failed (exit ${code})`);
  log(`built in ${since(started)}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

function prepareDirs(info) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jsp-trace-e2e-'));
  state.tmp = tmp;
  const dirs = {
    tmp,
    userData: path.join(tmp, 'user-data'),
    extensions: path.join(tmp, 'extensions'),
    xdgConfig: path.join(tmp, 'xdg', 'config'),
    xdgData: path.join(tmp, 'xdg', 'data'),
    xdgCache: path.join(tmp, 'xdg', 'cache'),
    codeServerLog: path.join(tmp, 'code-server.log'),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.xdgConfig, dirs.xdgData, dirs.xdgCache]) fs.mkdirSync(d, { recursive: true });

  const id = env.E2E_VSIX ? installPackage(info, dirs, path.resolve(env.E2E_VSIX)) : linkExtensionFolder(dirs);

  // Pre-seeded settings: without them the Chat side bar takes focus and Quick Open does nothing.
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'workbench.tips.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'workbench.editor.enablePreview': false,
    // Sticky headers of trees hide the file row of a scrolled Problems list from the page object.
    'workbench.tree.enableStickyScroll': false,
    'workbench.enableExperiments': false,
    'editor.accessibilitySupport': 'off',
    // E2E_WORKSPACE_TRUST=restricted opens the workspace untrusted (Restricted Mode), as a user would
    // open a repository from elsewhere: the extension must behave there too.
    ...(restrictedMode()
      ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }
      : { 'security.workspace.trust.enabled': false }),
    'git.enabled': false,
    'window.restoreWindows': 'none',
    // VS Code in a browser auto-saves after 1 s by default; desktop VS Code does not. Tests of unsaved
    // edits need the desktop behaviour.
    'files.autoSave': 'off',
    // One log line = one rendered line in the Output view, so specs can read whole lines.
    '[Log]': { 'editor.wordWrap': 'off' }, // read by the Output view as "[Log]", capital L
  };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  // A copy of the example project, so tests (and quick fixes) never touch the clone.
  const source = path.resolve(repo, env.E2E_WORKSPACE || path.join('examples', 'infusion-pump'));
  if (!fs.existsSync(source)) {
    throw new Error(`workspace ${source} not found (set E2E_WORKSPACE to another folder to open)`);
  }
  dirs.workspace = path.join(tmp, 'workspace', path.basename(source));
  fs.cpSync(source, dirs.workspace, {
    recursive: true,
    filter: (p) => !/(^|[\\/])(node_modules|\.jsp-trace-cache|\.git)$/.test(p),
  });
  dirs.sourceWorkspace = source;
  return { ...dirs, extensionId: id };
}

/** Whether this run opens the workspace untrusted: see E2E_WORKSPACE_TRUST in the settings above. */
function restrictedMode() {
  return env.E2E_WORKSPACE_TRUST === 'restricted';
}

/** The extension under test, loaded unpackaged: <publisher>.<name>-<version> → the extension folder. Returns its ID. */
function linkExtensionFolder(dirs) {
  const extDir = path.resolve(env.E2E_EXTENSION_DIR || repo);
  const manifest = JSON.parse(fs.readFileSync(path.join(extDir, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  fs.symlinkSync(extDir, path.join(dirs.extensions, `${id}-${manifest.version}`), 'dir');
  const main = manifest.main ? path.resolve(extDir, manifest.main) : undefined;
  if (main && !fs.existsSync(main) && !fs.existsSync(`${main}.js`)) {
    log(`warning: the extension's main ${path.relative(repo, main)} does not exist (not built?)`);
  }
  log(`extension ${id}@${manifest.version} from ${extDir}`);
  return id;
}

/** The packaged extension, installed as a user would: code-server --install-extension <file>.vsix. Returns its ID. */
function installPackage(info, dirs, vsix) {
  const result = spawnSync(info.node, [info.codeServer, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix], {
    encoding: 'utf8',
    env: { ...env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  log(`extension installed from ${path.relative(repo, vsix)}: ${result.stdout.trim().split('\n').pop()}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  return `${manifest.publisher}.${manifest.name}`;
}

async function startCodeServer(info, dirs) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFd = fs.openSync(dirs.codeServerLog, 'a');
  const args = [
    info.codeServer,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(restrictedMode() ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    dirs.workspace,
  ];
  const started = Date.now();
  const child = spawn(info.node, args, {
    cwd: dirs.tmp,
    detached: true, // its own process group, so the whole tree can be stopped at once
    stdio: ['ignore', logFd, logFd],
    env: {
      ...env,
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
      PATH: `${path.dirname(info.node)}${path.delimiter}${env.PATH ?? ''}`,
      NODE_OPTIONS: '',
    },
  });
  fs.closeSync(logFd);
  state.codeServer = child;
  let exited;
  child.on('exit', (code, sig) => { exited = `code-server exited (${code ?? sig}) before it was ready`; });

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`${exited}; log: ${dirs.codeServerLog}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`code-server did not answer ${url}/healthz within 90 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`code-server (pid ${child.pid}) ready at ${url} in ${since(started)}`);
  return url;
}

async function startBrowser(info) {
  const executablePath = env.CHROMIUM || info.chromium || '/usr/bin/chromium';
  const server = await chromium.launchServer({
    executablePath,
    headless: !flag('E2E_HEADED'),
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
  state.browser = server;
  state.browserPid = server.process().pid;
  log(`chromium (pid ${state.browserPid}) ready`);
  return server.wsEndpoint();
}

/** Copies the server's logs and the extension's own log ("JSP Trace" channel) into test-results/e2e/. */
function keepLogs(dirs) {
  try {
    if (fs.existsSync(dirs.codeServerLog)) fs.copyFileSync(dirs.codeServerLog, path.join(artifacts, 'code-server.log'));
    const logsDir = path.join(dirs.userData, 'logs');
    if (!fs.existsSync(logsDir)) return;
    fs.cpSync(logsDir, path.join(artifacts, 'vscode-logs'), { recursive: true });
    const channel = [];
    for (const file of fs.readdirSync(logsDir, { recursive: true })) {
      const name = String(file);
      if (/JSP Trace\.log$/.test(name) || name.includes(`${path.sep}${dirs.extensionId}${path.sep}`)) {
        channel.push(path.join(logsDir, name));
      }
    }
    // One extension host per browser page (each spec file opens one): exthost1, exthost2, ...
    for (const file of channel) {
      const host = path.relative(logsDir, file).split(path.sep).find((part) => /^exthost\d*$/.test(part));
      const dest = path.join(artifacts, channel.length === 1 || !host ? 'jsp-trace-output.log' : `jsp-trace-output-${host}.log`);
      fs.copyFileSync(file, dest);
    }
    const hosts = fs.readdirSync(logsDir, { recursive: true }).map(String).filter((n) => /exthost\d*\.log$|remoteexthost\.log$/.test(n));
    for (const h of hosts) fs.copyFileSync(path.join(logsDir, h), path.join(artifacts, path.basename(h)));
    log(`logs kept in ${path.relative(repo, artifacts)}/ (${channel.length} "JSP Trace" log file(s))`);
  } catch (err) {
    log(`could not copy logs: ${err}`);
  }
}

function mochaArgs() {
  const specs = [];
  const extra = [];
  for (const a of process.argv.slice(2)) (/\.(ts|mts|js|mjs)$/.test(a) && !a.startsWith('-') ? specs : extra).push(a);
  if (specs.length === 0) specs.push('test/e2e/specs/**/*.e2e.ts');
  return [
    '--import', 'tsx',
    path.join(repo, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    '--no-config', '--no-package',
    '--timeout', env.E2E_TIMEOUT || '180000',
    '--slow', '30000',
    '--reporter', 'spec',
    ...extra,
    ...specs,
  ];
}

/**
 * One run at a time on this machine (2 cores; runs share test-results/e2e): a lock file holding the
 * runner's pid, taken atomically, taken over when its owner is gone.
 */
const lockFile = path.join(os.tmpdir(), 'jsp-trace-e2e.lock');
let lockHeld = false;
async function takeLock() {
  const deadline = Date.now() + Number(env.E2E_LOCK_TIMEOUT || 30 * 60_000);
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      lockHeld = true;
      process.on('exit', () => { if (lockHeld) fs.rmSync(lockFile, { force: true }); });
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const owner = Number(fs.readFileSync(lockFile, 'utf8').trim() || 0);
    let alive = false;
    try { if (owner) { process.kill(owner, 0); alive = true; } } catch { /* gone */ }
    if (!alive) { fs.rmSync(lockFile, { force: true }); continue; }
    if (Date.now() > deadline) throw new Error(`another end-to-end run (pid ${owner}) still holds ${lockFile}`);
    if (!told) { log(`waiting for another end-to-end run (pid ${owner}) to finish`); told = true; }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// ------------------------------------------------------------------ main

async function main() {
  await takeLock();
  // The untrusted and the packaged passes of a full run add to the first pass's artifacts.
  if (!restrictedMode() && !env.E2E_VSIX) fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });

  const info = await setup();
  await build();
  const dirs = prepareDirs(info);
  state.dirs = dirs;
  const url = await startCodeServer(info, dirs);
  const ws = await startBrowser(info);

  const specEnv = {
    E2E_URL: url,
    E2E_BROWSER_WS: ws,
    E2E_WORKSPACE: dirs.workspace,
    E2E_SOURCE_WORKSPACE: dirs.sourceWorkspace,
    E2E_USER_DATA_DIR: dirs.userData,
    E2E_ARTIFACTS: artifacts,
    E2E_REPO: repo,
  };
  const started = Date.now();
  const code = flag('E2E_NO_TESTS') ? 0 : await run(process.execPath, mochaArgs(), { cwd: repo, env: { ...env, ...specEnv } });
  log(flag('E2E_NO_TESTS') ? 'E2E_NO_TESTS set: no specs run' : `mocha finished with exit code ${code} in ${since(started)}`);
  if ((code !== 0 && !interrupted) || flag('E2E_KEEP_LOGS')) keepLogs(dirs);

  if (flag('E2E_KEEP_SERVER') && !interrupted) {
    log(`E2E_KEEP_SERVER: VS Code stays at ${url}/?folder=${encodeURIComponent(dirs.workspace)} — Ctrl+C to stop`);
    const exports = Object.entries(specEnv).map(([k, v]) => `${k}='${v}'`).join(' ');
    log(`run specs again against it (from the repo root):\n  ${exports} node --import tsx node_modules/mocha/bin/mocha.js --no-config --timeout 180000 test/e2e/specs/**/*.e2e.ts`);
    await new Promise(() => {}); // until a signal handler exits
  }
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  log(`ERROR: ${err instanceof Error ? err.message : err}`);
  exitCode = 1;
  if (state.dirs && !interrupted) keepLogs(state.dirs);
} finally {
  await cleanup();
}
log(`done in ${since(t0)}, exit code ${exitCode}`);
// A full run (no spec named) ends with the specs that matter in an untrusted workspace, run again with
// workspace trust on and the folder untrusted (Restricted Mode), in a fresh code-server.
const UNTRUSTED_SPECS = ['test/e2e/specs/hostileConfig.e2e.ts'];
if (exitCode === 0 && !interrupted && !restrictedMode() && !flag('E2E_NO_TESTS') && mochaArgs().includes('test/e2e/specs/**/*.e2e.ts')) {
  log(`again in Restricted Mode: ${UNTRUSTED_SPECS.join(', ')}`);
  exitCode =
    spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...UNTRUSTED_SPECS], {
      stdio: 'inherit',
      env: { ...env, E2E_WORKSPACE_TRUST: 'restricted', E2E_SKIP_BUILD: '1' },
    }).status ?? 1;
}
// And with the extension as it ships: the .vsix packaged, its contents and size checked, installed into a
// fresh code-server, and the specs that touch every bundle (extension host, extraction worker, webview) run on it.
const PACKAGED_SPECS = ['test/e2e/specs/activation.e2e.ts', 'test/e2e/specs/threatModels.e2e.ts'];
if (exitCode === 0 && !interrupted && !restrictedMode() && !env.E2E_VSIX && !flag('E2E_NO_TESTS') && mochaArgs().includes('test/e2e/specs/**/*.e2e.ts')) {
  exitCode = runPackaged();
}
process.exit(interrupted ? 130 : exitCode);

function runPackaged() {
  log('packaging the extension (npm run package)');
  if (spawnSync('npm', ['run', 'package'], { cwd: repo, stdio: 'inherit' }).status !== 0) return 1;
  const problem = packageProblem(path.join(repo, VSIX));
  if (problem) {
    log(`ERROR: ${problem}`);
    return 1;
  }
  log(`again with the packaged extension: ${PACKAGED_SPECS.join(', ')}`);
  return spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...PACKAGED_SPECS], { stdio: 'inherit', env: { ...env, E2E_VSIX: path.join(repo, VSIX), E2E_SKIP_BUILD: '1' } }).status ?? 1;
}
