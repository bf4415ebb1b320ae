import type { Workbench } from './workbench.js';

export interface StatusBarEntry {
  /** The DOM id: "<extension id>.<item id>" for an extension's item, e.g. "jsp-trace.jsp-trace.coverage". */
  readonly id: string;
  readonly text: string;
  readonly ariaLabel: string;
}

/** The status bar at the bottom of the window. */
export class StatusBar {
  constructor(private readonly wb: Workbench) {}

  async items(): Promise<StatusBarEntry[]> {
    return this.wb.page.locator('.part.statusbar .statusbar-item').evaluateAll((items) =>
      items
        .filter((i) => (i as HTMLElement).offsetParent !== null)
        .map((i) => ({
          id: i.id,
          text: ((i as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim(),
          ariaLabel: i.querySelector('[aria-label]')?.getAttribute('aria-label') ?? i.getAttribute('aria-label') ?? '',
        })),
    );
  }

  /**
   * Waits for a visible item whose id, text or accessible label matches (string: contained; RegExp: tested)
   * and returns it.
   */
  async item(match: string | RegExp, timeout = 30_000): Promise<StatusBarEntry> {
    const test = (s: string) => (typeof match === 'string' ? s.includes(match) : match.test(s));
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = (await this.items()).find((i) => test(i.id) || test(i.text) || test(i.ariaLabel));
      if (found) return found;
      if (Date.now() > deadline) {
        const all = (await this.items()).map((i) => `${i.id}: "${i.text}"`).join('\n');
        throw new Error(`Timed out after ${timeout} ms: status bar item ${String(match)}; items:\n${all}`);
      }
      await this.wb.page.waitForTimeout(250);
    }
  }
}
