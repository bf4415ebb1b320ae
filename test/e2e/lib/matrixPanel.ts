import type { FrameLocator } from 'playwright-core';
import type { Workbench } from './workbench.js';

/** The matrix panel's tab title. */
export const MATRIX_TITLE = 'Traceability Matrix';

/** Opens the matrix from the palette, with the side bar hidden for room, and returns its content frame. */
export async function openMatrix(wb: Workbench): Promise<FrameLocator> {
  // The palette lists the extension's commands once its extension host is up: the status bar item says so.
  await wb.statusBar.item(/JSP \d+\/\d+ verified/, 60_000);
  // Room for the matrix, as QA would make it.
  await wb.runCommand('View: Toggle Primary Side Bar Visibility');
  await wb.runCommand(`JSP Trace: Open ${MATRIX_TITLE}`);
  await wb.webview.waitFor('.mbody .mrow', { title: MATRIX_TITLE, timeout: 60_000 });
  return wb.webview.frame();
}

export interface ShownRow {
  id: string;
  title: string;
  status: string;
}

/**
 * Every row the grid of the visible tab has, in order. The grid is virtualized (only the rows in view
 * exist), so this scrolls it from top to bottom, collects the rows by their aria-rowindex, and scrolls
 * back to where it was.
 */
export async function shownRows(frame: FrameLocator): Promise<ShownRow[]> {
  return frame.locator('vscode-tab-panel:not([hidden]) .mgrid').evaluate(async (grid) => {
    const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const seen = new Map<number, { id: string; title: string; status: string }>();
    const collect = () => {
      for (const row of grid.querySelectorAll('.mbody .mrow')) {
        seen.set(Number(row.getAttribute('aria-rowindex')), {
          id: (row.querySelector('.item-id')?.textContent ?? '').trim(),
          title: (row.querySelector('.mcell.title .line')?.textContent ?? '').trim(),
          status: (row.querySelector('.pill')?.textContent ?? '').trim(),
        });
      }
    };
    const start = grid.scrollTop;
    grid.scrollTop = 0;
    await frames();
    collect();
    while (grid.scrollTop + grid.clientHeight < grid.scrollHeight - 1) {
      grid.scrollTop += Math.max(50, grid.clientHeight / 2);
      await frames();
      collect();
    }
    grid.scrollTop = start;
    await frames();
    return [...seen].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
  });
}

/** Picks an option of a vscode-single-select in the webview by its label. */
export async function choose(frame: FrameLocator, selectLabel: string, option: string): Promise<void> {
  await frame.locator(`vscode-tab-panel:not([hidden]) vscode-single-select[aria-label="${selectLabel}"]`).click();
  await frame.getByRole('option', { name: option, exact: true }).click();
}
