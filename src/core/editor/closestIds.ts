import type { TraceGraph } from '../graph/graph';
import type { IdMatcher } from '../config/ids';

/** The defined IDs closest to an unknown one (same kind first, by edit distance), best first. */
export function closestIds(graph: TraceGraph, matcher: IdMatcher, unknown: string, limit = 3): string[] {
  const kind = matcher.kindOf(unknown);
  const scored: [string, number][] = [];
  for (const id of graph.ids()) {
    const distance = editDistance(unknown, id) + (graph.item(id)!.kind === kind ? 0 : 2);
    scored.push([id, distance]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0], 'en', { numeric: true }));
  return scored.filter(([, distance]) => distance <= Math.max(2, Math.ceil(unknown.length / 2))).slice(0, limit).map(([id]) => id);
}

/** Levenshtein distance, for suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length]!;
}
