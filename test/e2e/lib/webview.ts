import type { FrameLocator, Locator } from 'playwright-core';
import type { Workbench } from './workbench.js';

/** The content of a webview panel: VS Code nests it in two frames (iframe.webview → #active-frame). */
export class Webview {
  constructor(private readonly wb: Workbench) {}

  /** The content frame of the visible webview (the last one if several are visible). */
  frame(): FrameLocator {
    const outer = this.wb.page.locator('iframe.webview').filter({ visible: true }).last();
    return outer.contentFrame().locator('#active-frame').contentFrame();
  }

  /**
   * Waits for the visible webview to show an element, e.g. a table, and returns its locator.
   * With a title, first waits for the active editor tab to carry it (the outer iframe has no title).
   */
  async waitFor(selector: string, options: { title?: string; timeout?: number } = {}): Promise<Locator> {
    if (options.title !== undefined) {
      await this.wb.page.locator(`.tabs-container .tab.active[aria-label*="${options.title.replace(/"/g, '\\"')}"]`).first().waitFor();
    }
    const el = this.frame().locator(selector).first();
    await el.waitFor({ state: 'visible', timeout: options.timeout ?? 30_000 });
    return el;
  }

  /** The visible text of the webview's body. */
  async text(options: { title?: string } = {}): Promise<string> {
    const body = await this.waitFor('body', options);
    return (await body.innerText()).trim();
  }
}
