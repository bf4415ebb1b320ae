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

/** A row of the matrix grid as it reads on screen. */
export interface GridRow {
  id: string;
  title: string;
  status: string;
  /** The gaps stated in the status cell. */
  gaps: string[];
  /** In a grouped view (Categories), the group the row is listed under, and whether its name is shown on this row. */
  group: string;
  groupShown: boolean;
  /** Each cell column's lines of text, by the column's header. */
  cells: Record<string, string[]>;
}

/** The ID, title and status of a row: what most specs compare. */
export type ShownRow = Pick<GridRow, 'id' | 'title' | 'status'>;

/**
 * Every row the grid of the visible tab has, in order. The grid is virtualized (only the rows in view
 * exist), so this scrolls it from top to bottom, collects the rows by their aria-rowindex, and scrolls
 * back to where it was.
 */
export async function gridRows(frame: FrameLocator): Promise<GridRow[]> {
  return frame.locator('vscode-tab-panel:not([hidden]) .mgrid').evaluate(async (grid) => {
    const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const text = (element: Element | null) => (element?.textContent ?? '').trim();
    const headers = [...grid.querySelectorAll('.mheader .mcell')].map(text).map((label) => label.replace(/[▲▼]$/, ''));
    const seen = new Map<number, GridRow>();
    const collect = () => {
      for (const row of grid.querySelectorAll('.mbody .mrow')) {
        const cells: Record<string, string[]> = {};
        for (const cell of row.querySelectorAll('.mcell.entries')) {
          cells[headers[Number(cell.getAttribute('aria-colindex')) - 1] ?? '?'] = [...cell.querySelectorAll('.line')].map(text);
        }
        const group = row.querySelector('.mcell.group .line');
        seen.set(Number(row.getAttribute('aria-rowindex')), {
          // A placeholder row (an empty category) has no ID link: its ID cell says "–".
          id: text(row.querySelector('.item-id') ?? row.querySelector('.mcell.id')),
          title: text(row.querySelector('.mcell.title .line')),
          status: text(row.querySelector('.pill')),
          gaps: [...row.querySelectorAll('.mcell.status .line.gap')].map(text),
          group: text(group),
          groupShown: group !== null && !group.classList.contains('visually-hidden'),
          cells,
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

/** {@link gridRows}, each as its ID, title and status. */
export async function shownRows(frame: FrameLocator): Promise<ShownRow[]> {
  return (await gridRows(frame)).map(({ id, title, status }) => ({ id, title, status }));
}

/** Picks an option of a vscode-single-select in the webview by its label. */
export async function choose(frame: FrameLocator, selectLabel: string, option: string): Promise<void> {
  await frame.locator(`vscode-tab-panel:not([hidden]) vscode-single-select[aria-label="${selectLabel}"]`).click();
  await frame.getByRole('option', { name: option, exact: true }).click();
}
