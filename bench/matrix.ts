/**
 * The traceability matrix webview in headless Chromium (see bench/README.md, "Matrix"): the page and the
 * model the extension sends (src/extension/matrix/matrixPage.ts) for a generated workspace, the webview bundle
 * dist/webview.js as built, `acquireVsCodeApi` stubbed. Measures the first paint of the model (median of
 * several page loads) and each keystroke in the requirements view's text filter.
 *
 * bench/run.ts calls {@link measureMatrix}; on its own:
 *
 *   npx tsx bench/matrix.ts [--files 25000] [--seed 1] [--loads 5] [--trace PATH]
 *   npx tsx bench/matrix.ts --summarize PATH
 *
 * prints the figures as JSON; `--trace` also writes a Chromium performance trace of one more page load and
 * the keystrokes (open it in Chrome's DevTools, Performance panel) and prints where the page's main
 * thread spent the first paint and the keystrokes; `--summarize` prints that again from a trace file.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildIndex, loadConfig } from '../src/core/workspace/buildIndex';
import { NodeWorkspaceReader } from '../src/node/nodeWorkspace';
import { buildPanelModel, createNonce, matrixPageHtml } from '../src/extension/matrix/matrixPage';
import type { PanelModel, ToWebview } from '../src/protocol';
import { BENCH_DIR, generateWorkspace } from './generate';

const REPO = nodePath.resolve(BENCH_DIR, '..');
const WEBVIEW_JS = nodePath.join(REPO, 'dist', 'webview.js');
const MATRIX_CSS = nodePath.join(REPO, 'media', 'matrix.css');
/** The page's origin: requests to it are answered by the bench (page.route), nothing goes to a network. */
const ORIGIN = 'https://jsp-trace-bench.invalid';
/** The webview's size: a panel that fills the editor area of a laptop-sized window. */
const VIEWPORT = { width: 1280, height: 800 };
/** Flags that work on this kind of machine (see test/e2e/run.mjs). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Typed into the requirements view's filter one key at a time, twice over: 52 keystrokes, each of which
 * re-filters every row. "S", "SR", "SR-" match every requirement, "SR-1" and "SR-42" one (numbers match
 * whole), "p", "pu", "pum", "pump" about 3,700, 220 and 80 titles at 5,000 requirements; deleting back to
 * an empty filter shows every row again.
 */
const SEQUENCE: readonly string[] = [
  ...'SR-1',
  ...Array<string>(4).fill('Backspace'),
  ...'SR-42',
  ...Array<string>(5).fill('Backspace'),
  ...'pump',
  ...Array<string>(4).fill('Backspace'),
];
export const KEYSTROKES: readonly string[] = [...SEQUENCE, ...SEQUENCE];
/** The smoke run's keystrokes: type and delete "SR-1". */
export const SMOKE_KEYSTROKES: readonly string[] = [...'SR-1', ...Array<string>(4).fill('Backspace')];

export interface MatrixOptions {
  /** The generated workspace to index (its root folder). */
  readonly root: string;
  /** Timed page loads (one untimed load precedes them unless `warmup` is false). */
  readonly loads: number;
  readonly warmup?: boolean;
  readonly keystrokes?: readonly string[];
  /** Chromium binary (default: $CHROMIUM or /usr/bin/chromium). */
  readonly executablePath?: string;
  /** Write a Chromium performance trace of one extra page load and its keystrokes here. */
  readonly tracePath?: string;
  readonly log?: (message: string) => void;
}

export interface PageLoad {
  /** Navigation start to the webview's `ready` message: loading and running dist/webview.js. */
  readonly readyMs: number;
  /** The webview's own `firstPaintMs`: message handler start (JSON.parse included) to the frame with the rows. */
  readonly firstPaintMs: number;
  /** Wall time in the page: posting the model message to the task after the frame that painted the rows. */
  readonly wallMs: number;
  /** Grid rows in the DOM (the grid is virtualized: only those in view, plus a few). */
  readonly rowsInDom: number;
  /** The view's count label, e.g. "5000 rows". */
  readonly count: string;
}

export interface Keystroke {
  readonly key: string;
  /** The filter text after the keystroke. */
  readonly text: string;
  /** The webview's own `filterMs`: input handler start to the next frame (filter, grid render). */
  readonly filterMs: number;
  /** Wall time in the page: the keydown event's time stamp to the task after the frame that painted the result. */
  readonly wallMs: number;
  readonly count: string;
}

export interface MatrixResult {
  readonly chromium: string;
  readonly viewport: typeof VIEWPORT;
  readonly webviewBuiltAt: string;
  /** dist/webview.js is older than webview/ or src/protocol.ts. */
  readonly webviewStale: boolean;
  readonly indexMs: number;
  readonly requirements: number;
  readonly rows: Readonly<Record<string, number>>;
  readonly modelBytes: number;
  /** Host side, for reference: buildPanelModel, as MatrixPanel does before posting (per load). */
  readonly modelBuildMs: readonly number[];
  /** Host side, for reference: JSON.stringify of that model (per load). */
  readonly modelJsonMs: readonly number[];
  readonly loads: readonly PageLoad[];
  readonly keystrokes: readonly Keystroke[];
  /** Main-thread time by category in the traced run (with `tracePath`). */
  readonly trace?: TraceSummary;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(nodePath.join(path, name))));
}

/**
 * Stands in for VS Code's webview host: `acquireVsCodeApi` (messages to the host are recorded, the state
 * is kept in memory as VS Code keeps it per panel), the theme's font variables and body class. Runs
 * before any script of the page (CDP's addScriptToEvaluateOnNewDocument, which the page's CSP does not
 * restrict).
 */
function hostStub(): void {
  const bench = {
    posted: [] as { type: string }[],
    readyAt: NaN,
    state: undefined as unknown,
    acquired: false,
  };
  (window as unknown as { __bench: typeof bench }).__bench = bench;
  (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => {
    if (bench.acquired) {
      throw new Error('acquireVsCodeApi can only be called once');
    }
    bench.acquired = true;
    return {
      postMessage(message: { type: string }) {
        if (message.type === 'ready' && Number.isNaN(bench.readyAt)) {
          bench.readyAt = performance.now();
        }
        bench.posted.push(message);
      },
      getState() {
        return bench.state;
      },
      setState(state: unknown) {
        bench.state = state;
      },
    };
  };
  // Before any model arrives (the document element does not exist yet when this runs).
  document.addEventListener('DOMContentLoaded', () => {
    const style = document.documentElement.style;
    style.setProperty('--vscode-font-family', 'system-ui, "Ubuntu", "Droid Sans", sans-serif');
    style.setProperty('--vscode-font-size', '13px');
    style.setProperty('--vscode-font-weight', 'normal');
    style.setProperty('--vscode-editor-font-family', '"Droid Sans Mono", monospace');
    style.setProperty('--vscode-editor-font-size', '14px');
    document.body.classList.add('vscode-dark');
  });
}

interface BenchWindow {
  __bench: { posted: { type: string }[]; readyAt: number };
  __benchModel: string;
  __benchKeys: { filterMs: number; wallMs: number; count: string }[];
}

/**
 * One browser tab standing in for the panel's webview. Each load navigates it to the panel's page anew
 * (a new document, a new nonce), as VS Code creates the webview anew when the panel opens. One tab for
 * every load: a new tab in headless Chromium also starts Chromium's own WebUI pages in other renderers,
 * which would compete with the page for the two cores.
 */
class WebviewTab {
  readonly errors: string[] = [];
  #html = '';

  private constructor(readonly page: Page) {}

  static async open(browser: Browser, webviewJs: Buffer, css: Buffer): Promise<WebviewTab> {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const tab = new WebviewTab(page);
    page.on('pageerror', (error) => tab.errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        tab.errors.push(`console: ${message.text()}`);
      }
    });
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') {
        return route.fulfill({ contentType: 'text/html; charset=utf-8', body: tab.#html });
      }
      if (path === '/dist/webview.js') {
        return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: webviewJs });
      }
      if (path === '/media/matrix.css') {
        return route.fulfill({ contentType: 'text/css; charset=utf-8', body: css });
      }
      return route.fulfill({ status: 404, body: '' });
    });
    // tsx compiles this file with esbuild's keepNames, which wraps some functions in `__name(...)`: the
    // functions this file hands to the page need that helper there too.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.addInitScript(hostStub);
    return tab;
  }

  /** Loads the panel's page and waits for the webview's `ready`; returns navigation start → `ready` (ms). */
  async load(): Promise<number> {
    this.#html = matrixPageHtml({ script: `${ORIGIN}/dist/webview.js`, style: `${ORIGIN}/media/matrix.css`, cspSource: ORIGIN, nonce: createNonce() });
    await this.page.goto(`${ORIGIN}/`);
    try {
      await this.page.waitForFunction(() => (window as unknown as BenchWindow).__bench.posted.some((message) => message.type === 'ready'), undefined, { timeout: 30_000 });
    } catch (error) {
      throw new Error(`the webview did not post "ready" within 30 s: ${(error as Error).message.split('\n')[0]}; ${this.errors.join('; ') || 'no page errors'}`);
    }
    return this.page.evaluate(() => (window as unknown as BenchWindow).__bench.readyAt);
  }
}

/**
 * Posts the model message as the host does (the model as one JSON string) and resolves in the task after
 * the frame in which the webview recorded `firstPaintMs`: that frame's rAF callbacks put the rows into the
 * DOM, and its style, layout and paint run before any later task.
 */
async function postModel(page: Page, message: ToWebview.Model): Promise<Omit<PageLoad, 'readyMs'>> {
  return page.evaluate(
    (envelope) =>
      new Promise<Omit<PageLoad, 'readyMs'>>((resolve, reject) => {
        const root = document.getElementById('app')!;
        const timeout = setTimeout(() => reject(new Error(`no first paint within 60 s; the page shows: ${document.body.innerText.slice(0, 300)}`)), 60_000);
        let started = NaN;
        const observer = new MutationObserver(() => {
          if (root.dataset['firstPaintMs'] === undefined) {
            return;
          }
          observer.disconnect();
          const firstPaintMs = Number(root.dataset['firstPaintMs']);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const wallMs = performance.now() - started;
            performance.mark('bench:model-painted');
            clearTimeout(timeout);
            resolve({
              firstPaintMs,
              wallMs,
              rowsInDom: document.querySelectorAll('vscode-tab-panel:not([hidden]) .mbody .mrow').length,
              count: document.querySelector('vscode-tab-panel:not([hidden]) .count')?.textContent ?? '',
            });
          };
          channel.port2.postMessage(0);
        });
        observer.observe(root, { attributes: true, attributeFilter: ['data-first-paint-ms'] });
        const model = (window as unknown as BenchWindow).__benchModel;
        performance.mark('bench:model-posted');
        started = performance.now();
        window.postMessage({ ...envelope, model }, '*');
      }),
    { ...message, model: undefined },
  );
}

/** The filter input of the view shown: the vscode-textfield's own <input> (Playwright's CSS pierces its shadow root). */
const FILTER_INPUT = 'vscode-tab-panel:not([hidden]) vscode-textfield.search input';

/** Types into the filter one key at a time; each keystroke is measured in the page (see {@link Keystroke}). */
async function typeKeys(page: Page, keys: readonly string[]): Promise<Keystroke[]> {
  await page.evaluate(() => {
    const root = document.getElementById('app')!;
    const keystrokes: BenchWindow['__benchKeys'] = [];
    (window as unknown as BenchWindow).__benchKeys = keystrokes;
    let keydownAt: number | undefined;
    window.addEventListener('keydown', (event) => (keydownAt = event.timeStamp), true);
    new MutationObserver(() => {
      const value = root.dataset['filterMs'];
      if (value === undefined || keydownAt === undefined) {
        return;
      }
      const started = keydownAt;
      keydownAt = undefined;
      const channel = new MessageChannel();
      channel.port1.onmessage = () =>
        keystrokes.push({
          filterMs: Number(value),
          wallMs: performance.now() - started,
          count: document.querySelector('vscode-tab-panel:not([hidden]) .count')?.textContent ?? '',
        });
      channel.port2.postMessage(0);
    }).observe(root, { attributes: true, attributeFilter: ['data-filter-ms'] });
  });
  const input = page.locator(FILTER_INPUT);
  await input.click();
  await page.evaluate(() => performance.mark('bench:keys-start'));
  const results: Keystroke[] = [];
  let text = '';
  for (const [i, key] of keys.entries()) {
    await page.evaluate(() => delete document.getElementById('app')!.dataset['filterMs']);
    if (key.length === 1) {
      await page.keyboard.type(key);
      text += key;
    } else {
      await page.keyboard.press(key);
      text = key === 'Backspace' ? text.slice(0, -1) : text;
    }
    await page.waitForFunction((n) => (window as unknown as BenchWindow).__benchKeys.length >= n, i + 1, { timeout: 30_000 });
    const measured = await page.evaluate((n) => (window as unknown as BenchWindow).__benchKeys[n]!, i);
    results.push({ key, text, ...measured });
  }
  await page.evaluate(() => performance.mark('bench:keys-end'));
  const value = await input.inputValue();
  if (value !== text) {
    throw new Error(`the filter shows "${value}" after the keystrokes, expected "${text}"`);
  }
  return results;
}

/** No Chromium to measure with: the bench leaves the matrix rows empty, as it does the ripgrep column without rg. */
export class ChromiumMissing extends Error {}

/** Indexes the workspace, builds the panel model and measures the webview in headless Chromium. */
export async function measureMatrix(options: MatrixOptions): Promise<MatrixResult> {
  const log = options.log ?? (() => undefined);
  const executablePath = options.executablePath ?? process.env['CHROMIUM'] ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new ChromiumMissing(`Chromium not found at ${executablePath} (Debian: apt-get install chromium; or set CHROMIUM)`);
  }
  if (!existsSync(WEBVIEW_JS)) {
    throw new Error(`${nodePath.relative(REPO, WEBVIEW_JS)} is missing: run "npm run build" first (npm run bench does).`);
  }
  const webviewBuilt = statSync(WEBVIEW_JS).mtimeMs;
  const webviewStale = Math.max(newestMtime(nodePath.join(REPO, 'webview')), newestMtime(nodePath.join(REPO, 'src', 'protocol.ts'))) > webviewBuilt;

  const indexStarted = performance.now();
  const reader = new NodeWorkspaceReader(options.root);
  const loaded = await loadConfig(reader);
  if (loaded.errors.length > 0) {
    throw new Error(`configuration errors: ${JSON.stringify(loaded.errors)}`);
  }
  const { index } = await buildIndex(reader, loaded.config);
  const indexMs = performance.now() - indexStarted;
  const folder = { key: pathToFileURL(options.root).toString(), name: nodePath.basename(options.root) };
  const hostModel = (): { json: string; model: PanelModel; buildMs: number; jsonMs: number } => {
    const started = performance.now();
    const model = buildPanelModel(folder, index);
    const built = performance.now();
    const json = JSON.stringify(model);
    return { json, model, buildMs: built - started, jsonMs: performance.now() - built };
  };
  const first = hostModel();
  const rows = Object.fromEntries(Object.entries(first.model.matrices).map(([view, matrix]) => [view, matrix.rows.length]));
  log(`matrix: ${rows['requirements']} requirements, model ${(first.json.length / 1e6).toFixed(1)} MB; index built in ${Math.round(indexMs)} ms`);

  const webviewJs = readFileSync(WEBVIEW_JS);
  const css = readFileSync(MATRIX_CSS);
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const tab = await WebviewTab.open(browser, webviewJs, css);
    const load = async (): Promise<{ result: PageLoad; buildMs: number; jsonMs: number }> => {
      const readyMs = await tab.load();
      // The host builds the model when the webview says `ready`; it reaches the page untimed.
      const built = hostModel();
      await tab.page.evaluate((json) => ((window as unknown as BenchWindow).__benchModel = json), built.json);
      const message: ToWebview.Model = { type: 'model', folders: [{ key: folder.key, name: folder.name }], model: built.json, followCursor: false };
      const painted = await postModel(tab.page, message);
      if (painted.rowsInDom === 0) {
        throw new Error(`the grid has no rows after the first paint (the page shows: ${(await tab.page.innerText('body')).slice(0, 300)}); ${tab.errors.join('; ')}`);
      }
      return { result: { readyMs, ...painted }, buildMs: built.buildMs, jsonMs: built.jsonMs };
    };

    if (options.warmup !== false) {
      log('matrix: warm-up page load (untimed)');
      await load();
    }
    const loads: PageLoad[] = [];
    const modelBuildMs: number[] = [];
    const modelJsonMs: number[] = [];
    for (let run = 0; run < options.loads; run++) {
      log(`matrix: page load ${run + 1} of ${options.loads}`);
      const { result, buildMs, jsonMs } = await load();
      loads.push(result);
      modelBuildMs.push(buildMs);
      modelJsonMs.push(jsonMs);
    }
    const keys = options.keystrokes ?? KEYSTROKES;
    log(`matrix: ${keys.length} filter keystrokes`);
    const keystrokes = await typeKeys(tab.page, keys);

    let trace: TraceSummary | undefined;
    if (options.tracePath) {
      log(`matrix: traced page load and keystrokes -> ${options.tracePath}`);
      await browser.startTracing(tab.page, { path: options.tracePath, categories: TRACE_CATEGORIES });
      await load();
      await typeKeys(tab.page, keys);
      await browser.stopTracing();
      trace = summarizeTrace(JSON.parse(readFileSync(options.tracePath, 'utf8')) as TraceFile);
    }
    if (tab.errors.length > 0) {
      log(`matrix: the page reported errors: ${tab.errors.join('; ')}`);
    }
    return {
      chromium: browser.version(),
      viewport: VIEWPORT,
      webviewBuiltAt: new Date(webviewBuilt).toISOString(),
      webviewStale,
      indexMs,
      requirements: rows['requirements'] ?? 0,
      rows,
      modelBytes: Buffer.byteLength(first.json),
      modelBuildMs,
      modelJsonMs,
      loads,
      keystrokes,
      ...(trace ? { trace } : {}),
    };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tracing (--trace): where the page's main thread spends the first paint and the keystrokes

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
  'disabled-by-default-v8.gc',
];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { data?: { url?: string; startTime?: number; cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } };
}
type TraceFile = { traceEvents: TraceEvent[] } | TraceEvent[];
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number; columnNumber?: number };
}

export interface TraceWindow {
  readonly window: string;
  readonly ms: number;
  /** Self time of the page's main-thread trace events (script, style, layout, paint, GC, ...), largest first. */
  readonly byEvent: readonly { readonly name: string; readonly ms: number }[];
  /** Self time of the sampled JavaScript functions, mapped to webview/ sources, largest first. */
  readonly byFunction: readonly { readonly name: string; readonly ms: number }[];
}
export type TraceSummary = readonly TraceWindow[];

/** Maps a position in dist/webview.js to `webview/grid.ts:123` through its source map. */
function webviewSourceMapper(): (line: number, column: number) => string | undefined {
  const mapFile = `${WEBVIEW_JS}.map`;
  if (!existsSync(mapFile)) {
    return () => undefined;
  }
  const map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload);
  return (line, column) => {
    const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
    if (!entry.originalSource) {
      return undefined;
    }
    const source = nodePath.relative(REPO, nodePath.resolve(nodePath.dirname(WEBVIEW_JS), entry.originalSource));
    return `${source.replace(/^node_modules\//, '')}:${(entry.originalLine ?? 0) + 1}`;
  };
}

/**
 * Main-thread time of the page between the bench's performance marks: the first paint (model posted →
 * painted) and the keystrokes (first key → last result). Trace events by self time, and the JavaScript
 * samples by function.
 */
export function summarizeTrace(trace: TraceFile): TraceSummary {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mark = (name: string): TraceEvent | undefined => events.find((event) => event.name === name);
  const posted = mark('bench:model-posted');
  if (!posted) {
    return [];
  }
  // The page's renderer main thread: the one that recorded the marks.
  const { pid, tid } = posted;
  const onMain = events.filter((event) => event.pid === pid && event.tid === tid && event.ph === 'X' && event.dur !== undefined);
  onMain.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const sourceOf = webviewSourceMapper();
  // JavaScript samples: a Profile event starts each profile; its ProfileChunks carry nodes, samples and time deltas.
  const samples: { ts: number; name: string }[] = [];
  const profiles = new Map<string, { time: number; nodes: Map<number, ProfileNode> }>();
  for (const event of events) {
    if (event.pid !== pid) {
      continue;
    }
    if (event.name === 'Profile' && event.id !== undefined) {
      profiles.set(event.id, { time: event.args?.data?.startTime ?? event.ts, nodes: new Map() });
    } else if (event.name === 'ProfileChunk' && event.id !== undefined) {
      const profile = profiles.get(event.id);
      const data = event.args?.data;
      if (!profile || !data) {
        continue;
      }
      for (const node of data.cpuProfile?.nodes ?? []) {
        profile.nodes.set(node.id, node);
      }
      const ids = data.cpuProfile?.samples ?? [];
      const deltas = data.timeDeltas ?? [];
      for (let i = 0; i < ids.length; i++) {
        profile.time += deltas[i] ?? 0;
        const frame = profile.nodes.get(ids[i]!)?.callFrame;
        let name = frame?.functionName || '(anonymous)';
        if (frame?.url?.endsWith('/dist/webview.js')) {
          name = `${name} ${sourceOf(frame.lineNumber ?? 0, frame.columnNumber ?? 0) ?? `webview.js:${(frame.lineNumber ?? 0) + 1}`}`;
        } else if (frame?.url) {
          name = `${name} ${frame.url.split('/').pop()}`;
        }
        samples.push({ ts: profile.time, name });
      }
    }
  }
  const window = (label: string, from: string, to: string): TraceWindow | undefined => {
    const start = mark(from)?.ts;
    const end = mark(to)?.ts;
    if (start === undefined || end === undefined) {
      return undefined;
    }
    // Self time: an event's duration inside the window minus that of the events directly nested in it.
    const self = new Map<string, number>();
    const stack: { name: string; end: number; children: number; own: number }[] = [];
    const clip = (a: number, b: number): number => Math.max(0, Math.min(b, end) - Math.max(a, start));
    const close = (until: number): void => {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= until) {
        const done = stack.pop()!;
        self.set(done.name, (self.get(done.name) ?? 0) + Math.max(0, done.own - done.children) / 1000);
        const parent = stack[stack.length - 1];
        if (parent) {
          parent.children += done.own;
        }
      }
    };
    for (const event of onMain) {
      if (event.ts + event.dur! <= start || event.ts >= end) {
        continue;
      }
      close(event.ts);
      stack.push({ name: event.name, end: event.ts + event.dur!, children: 0, own: clip(event.ts, event.ts + event.dur!) });
    }
    close(Number.POSITIVE_INFINITY);
    self.delete('RunTask'); // the scheduler's envelope: its self time is the idle gaps the profiler did not attribute
    const byFunction = new Map<string, number>();
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i]!;
      if (sample.ts >= start && sample.ts < end && sample.name !== '(idle)') {
        const next = samples[i + 1]?.ts ?? sample.ts;
        byFunction.set(sample.name, (byFunction.get(sample.name) ?? 0) + Math.min(next - sample.ts, 2000) / 1000);
      }
    }
    const top = (map: Map<string, number>, n: number) =>
      [...map]
        .filter(([, ms]) => ms >= 0.5)
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([name, ms]) => ({ name, ms: Number(ms.toFixed(1)) }));
    return { window: label, ms: Number(((end - start) / 1000).toFixed(1)), byEvent: top(self, 15), byFunction: top(byFunction, 25) };
  };
  return [window('first paint (model posted → painted)', 'bench:model-posted', 'bench:model-painted'), window('filter keystrokes (all of them)', 'bench:keys-start', 'bench:keys-end')].filter(
    (entry): entry is TraceWindow => entry !== undefined,
  );
}

/** The summary as text, for the console. */
export function formatTrace(summary: TraceSummary): string {
  const lines: string[] = [];
  for (const entry of summary) {
    lines.push(`${entry.window}: ${entry.ms} ms from mark to mark; the page's main thread:`);
    lines.push('  trace events (self time):');
    lines.push(...entry.byEvent.map((e) => `    ${e.ms.toFixed(1).padStart(8)} ms  ${e.name}`));
    lines.push('  JavaScript (sampled self time):');
    lines.push(...entry.byFunction.map((e) => `    ${e.ms.toFixed(1).padStart(8)} ms  ${e.name}`));
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// On its own

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
  };
  if (argv.includes('--summarize')) {
    process.stdout.write(formatTrace(summarizeTrace(JSON.parse(readFileSync(value('--summarize', ''), 'utf8')) as TraceFile)));
    return;
  }
  const files = Number(value('--files', '25000'));
  const seed = Number(value('--seed', '1'));
  const loads = Number(value('--loads', '5'));
  const tracePath = argv.includes('--trace') ? nodePath.resolve(value('--trace', 'matrix-trace.json')) : undefined;
  const log = (message: string): void => void process.stderr.write(`[matrix] ${message}\n`);
  const ws = generateWorkspace({ files, seed });
  const result = await measureMatrix({ root: ws.root, loads, log, ...(tracePath ? { tracePath } : {}) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (result.trace) {
    process.stderr.write(formatTrace(result.trace));
  }
}

if (require.main === module && /matrix\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  main().catch((error: unknown) => {
    process.stderr.write(`matrix bench: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 2;
  });
}
