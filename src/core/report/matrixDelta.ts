/**
 * Keyed updates of the matrix: the extension host sends a view's changed rows only ({@link diffRows}) and
 * the webview applies them ({@link applyDelta}). Dependency-free like matrixVocabulary.ts, so the webview
 * bundle imports it too.
 */
import { compareRows, rowKey, type MatrixRow, type TraceMatrix } from './matrixVocabulary';
import type { TraceSummary } from './summary';

/** What changed in one view: rows added or changed (whole), rows removed (by `rowKey`), the new summary. */
export interface MatrixDelta {
  readonly upserted: readonly MatrixRow[];
  readonly removed: readonly string[];
  readonly summary: TraceSummary;
}

/** A row's content as a string: rows are compared by it to find what changed. */
function rowSignature(row: MatrixRow): string {
  return JSON.stringify(row);
}

/**
 * What changed between the rows sent before (their signatures by ID) and the rows now: the host sends
 * only these, and keeps the returned signatures for the next update.
 */
export function diffRows(
  previous: ReadonlyMap<string, string>,
  rows: readonly MatrixRow[],
): { upserted: MatrixRow[]; removed: string[]; signatures: Map<string, string> } {
  const signatures = new Map<string, string>();
  const upserted: MatrixRow[] = [];
  for (const row of rows) {
    const signature = rowSignature(row);
    signatures.set(rowKey(row), signature);
    if (previous.get(rowKey(row)) !== signature) {
      upserted.push(row);
    }
  }
  const removed = [...previous.keys()].filter((id) => !signatures.has(id));
  return { upserted, removed, signatures };
}

/**
 * Applies a view's delta: changed rows are replaced, removed ones dropped, new ones added in order (by group, then ID).
 * Rows that did not change keep their identity, so the webview re-renders only the changed ones.
 */
export function applyDelta(matrix: TraceMatrix, delta: MatrixDelta): TraceMatrix {
  const removed = new Set(delta.removed);
  const changed = new Map(delta.upserted.map((row) => [rowKey(row), row]));
  const rows: MatrixRow[] = [];
  for (const row of matrix.rows) {
    const key = rowKey(row);
    if (removed.has(key)) {
      continue;
    }
    rows.push(changed.get(key) ?? row);
    changed.delete(key);
  }
  if (changed.size > 0) {
    rows.push(...changed.values());
    rows.sort(compareRows);
  }
  return { ...matrix, rows, summary: delta.summary };
}
