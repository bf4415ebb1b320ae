/**
 * The geometry of the virtualized grid, without a DOM: how many lines each row takes, the column widths,
 * the row offsets and which row is at a scroll position. Row heights follow from the entries per cell,
 * so nothing is measured. Pure, tested in plain Node.
 */
import type { MatrixColumn, MatrixRow } from '../src/core/report/matrixVocabulary';
import { otherGaps } from './rowStatus';

/** Height of one line of a cell and the vertical padding of a row, in CSS pixels (matrix.css uses the same). */
export const LINE_HEIGHT = 20;
export const ROW_PADDING = 8;

/** Entries a cell shows before "+n more". */
export const MAX_CELL_LINES = 4;

/** How many lines a cell with `count` entries takes (an empty cell takes one). */
export function cellLines(count: number): number {
  return Math.max(1, Math.min(count, MAX_CELL_LINES));
}

/** The line under a row's title: its category, unless the row's group (the column before its ID) names it already. */
export function categoryLine(row: MatrixRow): string | undefined {
  return row.category && row.category !== row.group?.name ? row.category : undefined;
}

/** Lines of a row: its tallest cell. Row heights follow from this, so the virtual list needs no measuring. */
export function rowLines(row: MatrixRow, columns: readonly MatrixColumn[]): number {
  let lines = Math.max(categoryLine(row) ? 2 : 1, cellLines(1 + otherGaps(row).length));
  for (const column of columns) {
    lines = Math.max(lines, cellLines(row.cells[column.key]?.length ?? 0));
  }
  return lines;
}

/**
 * Pixel widths of the grid's columns (in a grouped view the group first, then ID, title, one per cell
 * column, status): minimum widths in `em`, and the space left shared by weight between the group (1),
 * long IDs (1), the title (2.5) and the cells (1.2 each). Fixed widths keep each row's layout trivial —
 * measured, `minmax(…, fr)` tracks with `min-content` made a filter keystroke spend ~50 ms in layout
 * measuring text.
 */
export function columnWidths(available: number, cellColumns: number, em: number, view: { grouped?: boolean; longIds?: boolean } = {}): number[] {
  const group = view.grouped ? { minimum: [11], weight: [1] } : { minimum: [], weight: [] };
  const id = view.longIds ? { minimum: 11, weight: 1 } : { minimum: 6.5, weight: 0 };
  const minimum = [...group.minimum, id.minimum, 10, ...Array<number>(cellColumns).fill(8.5), 7.5].map((width) => width * em);
  const weights = [...group.weight, id.weight, 2.5, ...Array<number>(cellColumns).fill(1.2), 0];
  const extra = Math.max(0, available - minimum.reduce((a, b) => a + b, 0));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  return minimum.map((width, i) => Math.floor(width + (extra * weights[i]!) / totalWeight));
}

/** Offsets of each row from the top and the total height, for the virtual list. */
export function rowOffsets(heights: readonly number[]): { offsets: Float64Array; total: number } {
  const offsets = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) {
    offsets[i + 1] = offsets[i]! + heights[i]!;
  }
  return { offsets, total: offsets[heights.length]! };
}

/** The index of the row at a vertical position (binary search over the offsets). */
export function rowAt(offsets: Float64Array, count: number, y: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid + 1]! <= y) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return Math.min(low, Math.max(0, count - 1));
}
