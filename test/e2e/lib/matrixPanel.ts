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
