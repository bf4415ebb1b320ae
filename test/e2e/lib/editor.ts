import type { Locator } from 'playwright-core';
import { waitUntil } from '../../shared/poll.js';
import type { Workbench } from './workbench.js';

/** The active text editor: cursor, CodeLens, hover, completion and quick fixes. */
export class Editor {
  constructor(private readonly wb: Workbench) {}

  private get page() {
    return this.wb.page;
  }

  /** The Monaco editor of the active editor group. */
  get root(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  async waitForFocus(): Promise<void> {
    await this.root.waitFor({ state: 'visible' });
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor();
  }

  /** The cursor position as the status bar shows it ("Ln 12, Col 5"). */
  async cursor(): Promise<{ line: number; column: number } | undefined> {
    const item = this.page.locator('#status\\.editor\\.selection');
    if (!(await item.isVisible())) return undefined;
    const text = (await item.innerText()).trim();
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  }

  async waitForCursor(line: number, column?: number): Promise<void> {
    await waitUntil(
      () => this.cursor(),
      (c) => c !== undefined && c.line === line && (column === undefined || c.column === column),
      { timeout: 15_000, message: (c) => `cursor at Ln ${line}${column ? `, Col ${column}` : ''}, status bar says ${JSON.stringify(c)}` },
    );
  }

  /** Moves the cursor with Go to Line (Ctrl+G), revealing the line. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.wb.dismissQuickInput();
    await this.root.waitFor({ state: 'visible' });
    // Go to Line acts on the active editor wherever the focus is, and focuses it.
    await this.wb.openQuickInput('Control+G');
    await this.wb.fillQuickInput(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.wb.quickInput.waitFor({ state: 'hidden' });
    await this.waitForCursor(line, column);
    await this.waitForFocus();
  }

  /** Texts of the rendered lines of the active editor, top to bottom (only what is on screen). */
  async visibleLines(): Promise<string[]> {
    return this.root.locator('.view-lines .view-line').evaluateAll((lines) =>
      lines
        .map((l) => ({ top: l.getBoundingClientRect().top, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
  }

  // ------------------------------------------------------------------ CodeLens

  /**
   * Texts of the CodeLens shown above a line (1-based), one entry per lens ("2 implementations", ...).
   * Reveals the line first; returns [] when that line has none.
   */
  async codeLenses(line: number): Promise<string[]> {
    // Go to Line only when the line is not on screen: its Quick Input takes the focus from the editor, and
    // VS Code cancels a pending CodeLens request when the editor loses the focus, so a wait that went to
    // the line at each poll could keep the lenses from ever coming.
    if (!(await this.lineOnScreen(line))) await this.goTo(line);
    return this.root.evaluate((editor, lineNo) => {
      const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
      const number = numbers.find((n) => (n.textContent ?? '').trim() === String(lineNo));
      if (!number) return [];
      const lineBox = number.getBoundingClientRect();
      const out: string[] = [];
      for (const lens of editor.querySelectorAll('.codelens-decoration')) {
        const box = lens.getBoundingClientRect();
        // A lens sits in the view zone right above its line.
        const gap = lineBox.top - box.bottom;
        if (box.height > 0 && gap > -2 && gap < lineBox.height) {
          const text = (lens.textContent ?? '').replace(/\u00a0/g, ' ');
          out.push(...text.split('|').map((t) => t.trim()).filter((t) => t.length > 0));
        }
      }
      return out;
    }, line);
  }

  /** Whether the line's number is in the editor's margin now (a line scrolled away, or folded, is not). */
  async lineOnScreen(line: number): Promise<boolean> {
    return this.root.evaluate(
      (editor, lineNo) => [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].some((n) => (n.textContent ?? '').trim() === String(lineNo)),
      line,
    );
  }

  /** Waits until the line has at least one CodeLens (they arrive after the provider answers). */
  async waitForCodeLenses(line: number, timeout = 30_000): Promise<string[]> {
    return waitUntil(() => this.codeLenses(line), (l) => l.length > 0, {
      timeout,
      interval: 500,
      message: `CodeLens above line ${line}`,
    });
  }

  /** Texts of every CodeLens rendered in the editor now. */
  async allCodeLenses(): Promise<string[]> {
    return this.root.locator('.codelens-decoration').evaluateAll((lenses) =>
      lenses.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').trim()).filter((t) => t.length > 0),
    );
  }

  // ------------------------------------------------------------------ hover

  /**
   * Shows the hover at a position with the keyboard (Ctrl+K Ctrl+I) and returns its text once it has
   * stopped changing (parts from slower providers arrive after the first ones, e.g. a link's
   * "Go to ... (ctrl + click)" comes before an extension's hover). With `match`, waits until the text
   * matches. A hover that does not show, or does not match, is asked for again until the timeout
   * (a provider may answer nothing while the index is still building).
   */
  async hover(line: number, column: number, options: { match?: RegExp; timeout?: number } = {}): Promise<string> {
    await this.goTo(line, column);
    // Keep the mouse off the editor: a mouse hover would be read instead.
    await this.page.mouse.move(1, 1);
    const hover = this.page
      .locator('.monaco-hover:not(.hidden):not(.workbench-hover)')
      .filter({ has: this.page.locator('.hover-contents, .hover-row') })
      .first();
    let last = '';
    let stableSince = Date.now();
    let askedAt = 0;
    const text = await waitUntil(
      async () => {
        const visible = await hover.isVisible();
        const unmatched = options.match !== undefined && !options.match.test(last);
        if (!visible || (unmatched && Date.now() - askedAt > 5000)) {
          if (visible) await this.page.keyboard.press('Escape');
          await this.goTo(line, column);
          await this.wb.chord('Control+K Control+I');
          askedAt = Date.now();
          await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
        }
        const now = (await hover.isVisible()) ? (await hover.innerText()).trim() : '';
        if (now !== last) {
          last = now;
          stableSince = Date.now();
        }
        return now;
      },
      (t) =>
        t.length > 0 &&
        !/^Loading\.\.\.$/.test(t) &&
        (options.match ? options.match.test(t) : Date.now() - stableSince >= 1000),
      {
        timeout: options.timeout ?? 30_000,
        interval: 250,
        message: (t) => `a hover at ${line}:${column}${options.match ? ` matching ${options.match}` : ''}; last shown: ${JSON.stringify(t ?? '')}`,
      },
    );
    return text;
  }

  async closeHover(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-hover:not(.hidden):not(.workbench-hover)').first().waitFor({ state: 'hidden' }).catch(() => {});
  }

  // ------------------------------------------------------------------ completion

  /**
   * Opens the completion list at the cursor and its details pane (Ctrl+Space, then Ctrl+Space again), and
   * returns the pane's text once it matches: the documentation of the focused item, resolved as it shows.
   * The list stays open.
   */
  async completionDetails(match: RegExp): Promise<string> {
    await this.page.keyboard.press('Control+Space');
    await this.page.locator('.suggest-widget.visible').waitFor({ state: 'visible', timeout: 15_000 });
    const details = this.page.locator('.suggest-details-container .suggest-details');
    return waitUntil(
      async () => {
        if (!(await details.isVisible())) await this.page.keyboard.press('Control+Space');
        return (await details.isVisible()) ? (await details.innerText()).trim() : '';
      },
      (text) => match.test(text),
      { timeout: 15_000, interval: 500, message: (text) => `completion details matching ${match}, shown: ${JSON.stringify(text)}` },
    );
  }

  /**
   * Moves to a position, optionally types text there, triggers completion (Ctrl+Space) and returns the
   * labels of the suggestions shown (rendered rows only), then closes the list. Typed text stays.
   */
  async completions(line: number, column: number, type = ''): Promise<string[]> {
    await this.goTo(line, column);
    if (type) await this.page.keyboard.type(type);
    await this.page.keyboard.press('Control+Space');
    const widget = this.page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: 15_000 });
    const labels = await waitUntil(
      () =>
        widget.evaluate((w) => {
          const message = w.querySelector('.message');
          if (message && (message as HTMLElement).offsetParent !== null && (message.textContent ?? '').trim()) {
            return { done: !/loading/i.test(message.textContent ?? ''), labels: [] as string[] };
          }
          const rows = [...w.querySelectorAll('.monaco-list-row')].sort(
            (a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')),
          );
          const labels = rows.map((r) => (r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? '').trim());
          return { done: labels.length > 0, labels };
        }),
      (r) => r.done,
      { timeout: 15_000, message: 'completion list' },
    );
    await this.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' }).catch(() => {});
    return labels.labels;
  }

  // ------------------------------------------------------------------ quick fixes

  /**
   * Titles of the code actions offered at a position (Ctrl+.). Leaves the list open. Asks again while
   * VS Code answers "No code actions available" (the provider may not be ready yet), until the timeout.
   */
  async quickFixes(line: number, column = 1, timeout = 30_000): Promise<string[]> {
    const widget = this.page.locator('.action-widget').filter({ visible: true }).first();
    await waitUntil(
      async () => {
        await this.goTo(line, column);
        await this.page.keyboard.press('Control+.');
        await widget.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
        return widget.isVisible();
      },
      (shown) => shown,
      { timeout, interval: 500, message: `the code actions list at ${line}:${column}` },
    );
    return widget.locator('.monaco-list-row.action').evaluateAll((rows) =>
      rows.map((r) => (r.querySelector('.title')?.textContent ?? r.getAttribute('aria-label') ?? r.textContent ?? '').trim()),
    );
  }

  /** Applies the quick fix with this title (exact, or a RegExp) at a position and waits for the list to close. */
  async applyQuickFix(line: number, column: number, title: string | RegExp): Promise<void> {
    const titles = await this.quickFixes(line, column);
    const index = titles.findIndex((t) => (typeof title === 'string' ? t === title : title.test(t)));
    if (index < 0) {
      await this.page.keyboard.press('Escape');
      throw new Error(`no quick fix ${String(title)} at ${line}:${column}; offered: [${titles.join(' | ')}]`);
    }
    await this.page.locator('.action-widget .monaco-list-row.action').nth(index).click();
    await this.page.locator('.action-widget').first().waitFor({ state: 'hidden' });
  }

  /** Saves the active editor (Ctrl+S) and waits for the tab to lose its dirty mark. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  }
}
