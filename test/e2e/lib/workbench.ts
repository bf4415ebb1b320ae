import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { Editor } from './editor.js';
import { e2eEnv, envFlag } from './env.js';
import { OutputPanel } from './output.js';
import { ProblemsPanel } from './problems.js';
import { StatusBar } from './statusbar.js';
import { waitUntil } from '../../shared/poll.js';
import { Webview } from './webview.js';

export const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';

/**
 * The text of the newest "JSP Trace" log of the run: the open window's, since the windows of earlier spec
 * files are closed. Undefined before the extension wrote one.
 */
export function newestExtensionLog(): string | undefined {
  const logs = path.join(e2eEnv().userDataDir, 'logs');
  const newest = fs
    .readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('JSP Trace.log'))
    .map((name) => path.join(logs, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  return newest === undefined ? undefined : fs.readFileSync(newest, 'utf8');
}

/**
 * The VS Code workbench in one browser page, as a person uses it: keyboard shortcuts, the command
 * palette, Quick Open and the panels. Specs get one per file through `useWorkbench` (mocha.ts).
 */
export class Workbench {
  readonly editor: Editor;
  readonly problems: ProblemsPanel;
  readonly output: OutputPanel;
  readonly statusBar: StatusBar;
  readonly webview: Webview;
  /** Browser console messages and page errors, in order. */
  readonly consoleLines: string[] = [];
  private shots = 0;

  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    readonly page: Page,
    /** Prefix of this workbench's artifacts (screenshots, console log). */
    readonly name: string,
    /** The folder open in VS Code (a temp copy: tests may edit it). */
    readonly folder: string,
  ) {
    this.editor = new Editor(this);
    this.problems = new ProblemsPanel(this);
    this.output = new OutputPanel(this);
    this.statusBar = new StatusBar(this);
    this.webview = new Webview(this);
  }

  /**
   * Opens the example workspace, or a temp copy of `test/e2e/fixtures/<fixture>`, in a fresh browser
   * context and waits for the workbench and the explorer.
   */
  static async open(name: string, options: WorkbenchOptions = {}): Promise<Workbench> {
    const env = e2eEnv();
    const folder = options.fixture ? copyFixture(options.fixture, options.files) : env.workspace;
    const browser = await chromium.connect(env.browserWs);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    // tsx compiles specs with esbuild's keepNames, which wraps named functions in __name(...): functions
    // sent to page.evaluate need that helper in the page too.
    await context.addInitScript('globalThis.__name = globalThis.__name || ((fn) => fn);');
    const page = await context.newPage();
    const wb = new Workbench(browser, context, page, name, folder);
    page.on('console', (m) => wb.consoleLines.push(`[${new Date().toISOString()}] [${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => wb.consoleLines.push(`[${new Date().toISOString()}] [pageerror] ${e.stack ?? e.message}`));
    page.setDefaultTimeout(30_000);

    try {
      await page.goto(`${env.url}/?folder=${encodeURIComponent(folder)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The explorer lists the folder once the remote file system answers.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    } catch (err) {
      await wb.saveFailure('open workbench');
      await wb.close();
      throw err;
    }
    return wb;
  }

  /** Saves a PNG of the whole window as test-results/e2e/<name>-<nn>-<label>.png and returns its path. */
  async screenshot(label: string): Promise<string> {
    const dir = e2eEnv().artifacts;
    fs.mkdirSync(dir, { recursive: true });
    this.shots += 1;
    const file = path.join(dir, `${this.name}-${String(this.shots).padStart(2, '0')}-${slug(label)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Keeps what explains a failure: a screenshot and the browser console. */
  async saveFailure(testTitle: string): Promise<void> {
    const dir = e2eEnv().artifacts;
    try {
      await this.page.screenshot({ path: path.join(dir, `${this.name}-FAILED-${slug(testTitle)}.png`), timeout: 10_000 });
    } catch (err) {
      this.consoleLines.push(`[harness] failure screenshot failed: ${String(err)}`);
    }
    this.writeConsoleLog();
    this.printOwnLogTail();
  }

  /**
   * Prints the end of this window's "JSP Trace" log to the test output: CI keeps only what the run prints,
   * and the log says what the extension indexed and when. This window's log is the one written last (the
   * windows of earlier spec files are closed).
   */
  private printOwnLogTail(): void {
    try {
      const log = newestExtensionLog();
      if (log === undefined) return;
      const tail = log.trimEnd().split('\n').slice(-25);
      console.log(`      [${this.name}] end of the "JSP Trace" log:\n${tail.map((line) => `        ${line}`).join('\n')}`);
    } catch (err) {
      console.log(`      [${this.name}] could not read the "JSP Trace" log: ${String(err)}`);
    }
  }

  writeConsoleLog(): void {
    const dir = e2eEnv().artifacts;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${this.name}-console.log`), this.consoleLines.join('\n') + '\n');
  }

  async close(): Promise<void> {
    if (envFlag('E2E_KEEP_LOGS')) this.writeConsoleLog();
    await this.context.close().catch(() => {});
    // Disconnects only: the browser process belongs to run.mjs, which stops it.
    await this.browser.close().catch(() => {});
  }

  // ------------------------------------------------------------------ quick input

  get quickInput(): Locator {
    return this.page.locator(QUICK_INPUT);
  }

  /**
   * Opens a quick input with its key (F1, Control+P, Control+G) and waits until its box has the focus.
   * Pressed while a webview has the focus, the key can open the widget and lose it again at once: then
   * the focus is taken back to the workbench and the key pressed again.
   */
  async openQuickInput(key: string): Promise<void> {
    const box = this.page.locator(`${QUICK_INPUT} .quick-input-box input`);
    await waitUntil(
      async () => {
        await this.page.keyboard.press(key);
        try {
          await box.waitFor({ state: 'visible', timeout: 3000 });
          await box.evaluate(
            (el) =>
              new Promise<void>((resolve, reject) => {
                const started = Date.now();
                const check = () =>
                  el === document.activeElement ? resolve() : Date.now() - started > 1000 ? reject(new Error('not focused')) : setTimeout(check, 50);
                check();
              }),
          );
          return true;
        } catch {
          if (await this.quickInput.isVisible()) await this.page.keyboard.press('Escape');
          await this.page.evaluate(() => {
            const active = document.activeElement;
            if (active instanceof HTMLElement && active.tagName === 'IFRAME') active.blur();
          });
          return false;
        }
      },
      (ok) => ok,
      { timeout: 15_000, interval: 200, message: `a quick input opened by ${key} with the focus in its box` },
    );
  }

  /** Types text into the open quick input (replacing what is there) and waits for the list to settle. */
  async fillQuickInput(text: string): Promise<void> {
    const input = this.page.locator(`${QUICK_INPUT} .quick-input-box input`);
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
  }

  /**
   * Waits for a row of the open quick pick whose label matches and clicks it.
   * A string matches the label exactly, ignoring case; a RegExp is tested on it.
   */
  async pickQuickInputRow(label: string | RegExp, options: { timeout?: number; closes?: boolean } = {}): Promise<void> {
    const index = await waitUntil(
      () => this.quickInputLabels(),
      (labels) => labels.some((l) => matches(l, label)),
      {
        timeout: options.timeout ?? 15_000,
        message: (labels) => `no quick pick row ${String(label)} among [${(labels ?? []).join(' | ')}]`,
      },
    ).then((labels) => labels.findIndex((l) => matches(l, label)));
    const row = this.page.locator(QUICK_INPUT_ROWS).nth(index);
    await row.click();
    await this.page.mouse.move(1, 1); // no tooltip left over where the row was
    // A pick that opens another quick pick (closes: false) leaves the widget up.
    if (options.closes !== false) await this.quickInput.waitFor({ state: 'hidden' });
  }

  /** Labels of the rows the quick pick shows now, in order (only rendered rows). */
  async quickInputLabels(): Promise<string[]> {
    return this.page.locator(QUICK_INPUT_ROWS).evaluateAll((rows) =>
      rows
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((row) => {
          const name = row.querySelector('.label-name') ?? row.querySelector('.quick-input-list-label');
          return (name?.textContent ?? row.getAttribute('aria-label') ?? '').replace(/\s+/g, ' ').trim();
        }),
    );
  }

  // ------------------------------------------------------------------ commands and files

  /** Runs a command from the palette by its title as the palette shows it, e.g. "JSP Trace: Show Matrix". */
  async runCommand(title: string): Promise<void> {
    await this.dismissQuickInput();
    await this.openQuickInput('F1');
    await this.fillQuickInput(`>${title}`);
    await this.pickQuickInputRow(title);
  }

  /**
   * Opens a workspace file with Quick Open (Ctrl+P), optionally at a line (and column), and waits for its
   * tab to be active and the cursor to be there.
   */
  async openFile(relativePath: string, line?: number, column?: number): Promise<void> {
    const base = path.posix.basename(relativePath.replace(/\\/g, '/'));
    await this.dismissQuickInput();
    await this.openQuickInput('Control+P');
    const suffix = line === undefined ? '' : column === undefined ? `:${line}` : `:${line}:${column}`;
    await this.fillQuickInput(`${relativePath}${suffix}`);
    // Wait for the row of that file (Quick Open lists it by base name, folder as description) and click
    // it: Enter could accept a stale first row while the list is still updating.
    const dir = path.posix.dirname(relativePath.replace(/\\/g, '/'));
    let row = this.page.locator(QUICK_INPUT_ROWS).filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(base)}\\s*$`) }),
    });
    if (dir !== '.') {
      row = row.filter({ has: this.page.locator('.label-description', { hasText: new RegExp(`(^|[\\s/])${escapeRegExp(dir)}\\s*$`) }) });
    }
    await row.first().waitFor({ state: 'visible', timeout: 30_000 });
    await row.first().click();
    await this.page.mouse.move(1, 1); // no tooltip left over where the row was
    await this.quickInput.waitFor({ state: 'hidden' });
    await this.page.locator(`.tabs-container .tab.active[aria-label*="${cssString(base)}"]`).first().waitFor();
    await this.editor.waitForFocus();
    if (line !== undefined) await this.editor.waitForCursor(line, column);
  }

  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
  }

  /** Hides the bottom panel, if it shows: the palette offers "View: Hide Panel" only while it does. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel.bottom');
    if (await panel.isVisible()) {
      await this.runCommand('View: Hide Panel');
      await panel.waitFor({ state: 'hidden' });
    }
  }

  /** Closes any open quick input, hover or widget (Escape). */
  async dismissQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden' });
    }
  }

  /** Sends a key chord such as "Control+K Control+I" (space-separated presses). */
  async chord(keys: string): Promise<void> {
    for (const key of keys.split(' ')) await this.page.keyboard.press(key);
  }
}

/** What {@link Workbench.open} opens. */
export interface WorkbenchOptions {
  /** A folder under test/e2e/fixtures/ to open instead of the example project. */
  readonly fixture?: string;
  /** Files written into the fixture's copy before it opens, by relative path: generated, too large to keep in the repository. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Copies test/e2e/fixtures/<name> next to the example's temp copy (run.mjs deletes both), adds `files`, and returns the copy. */
function copyFixture(name: string, files: Readonly<Record<string, string>> = {}): string {
  const env = e2eEnv();
  const copy = path.join(path.dirname(env.workspace), `fixture-${name}`, name);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(path.join(env.repo, 'test', 'e2e', 'fixtures', name), copy, { recursive: true });
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(copy, relative)), { recursive: true });
    fs.writeFileSync(path.join(copy, relative), text);
  }
  return copy;
}

function matches(text: string, label: string | RegExp): boolean {
  if (typeof label !== 'string') return label.test(text);
  return text.toLowerCase() === label.toLowerCase();
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'shot';
}
