import { waitUntil } from '../../shared/poll.js';
import type { Workbench } from './workbench.js';

const VIEW = '.output-view, #workbench\\.panel\\.output';

/** The Output panel, showing one channel at a time. */
export class OutputPanel {
  constructor(private readonly wb: Workbench) {}

  private get page() {
    return this.wb.page;
  }

  /** Shows a channel by name, e.g. "JSP Trace", through "Output: Show Output Channels...". */
  async show(channel: string, timeout = 60_000): Promise<void> {
    // The channel exists only once the extension created it: retry the pick until it is listed.
    await waitUntil(
      async () => {
        await this.wb.dismissQuickInput();
        await this.wb.openQuickInput('F1');
        await this.wb.fillQuickInput('>Output: Show Output Channels');
        await this.wb.pickQuickInputRow(/^Output: Show Output Channels/i, { closes: false });
        await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name', { hasText: /^Output: Show Output Channels/ })
          .first()
          .waitFor({ state: 'detached' });
        await this.wb.fillQuickInput(channel); // the list is virtualised: filter so the row is rendered
        try {
          await this.wb.pickQuickInputRow(channel, { timeout: 3000 });
          return true;
        } catch {
          await this.wb.dismissQuickInput();
          return false;
        }
      },
      (ok) => ok,
      { timeout, interval: 1000, message: `output channel "${channel}" in the list of channels` },
    );
    await this.page.locator(VIEW).first().waitFor({ state: 'visible' });
  }

  /** Lines of the shown channel that are on screen, top to bottom (the view follows the end of the log). */
  async visibleLines(): Promise<string[]> {
    const editor = this.page.locator(`${VIEW} .monaco-editor`).first();
    await editor.waitFor({ state: 'visible' });
    return editor.locator('.view-lines .view-line').evaluateAll((lines) =>
      lines
        .map((l) => ({ top: l.getBoundingClientRect().top, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
  }

  /** Waits until a visible line of the shown channel matches; returns that line. */
  async waitForLine(pattern: RegExp, timeout = 60_000): Promise<string> {
    const lines = await waitUntil(() => this.visibleLines(), (ls) => ls.some((l) => pattern.test(l)), {
      timeout,
      interval: 500,
      message: (ls) => `an output line matching ${pattern}; visible lines:\n${(ls ?? []).join('\n')}`,
    });
    return lines.find((l) => pattern.test(l)) ?? '';
  }

  /** Toggles the panel to fill the window (more lines visible); call again to restore. */
  async toggleMaximized(): Promise<void> {
    await this.wb.runCommand('View: Toggle Maximized Panel');
  }
}
