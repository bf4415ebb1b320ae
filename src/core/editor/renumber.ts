import type { TraceGraph } from '../graph/graph';

/**
 * The next unused ID in the series of `id`: one above the highest defined number, skipping numbers that
 * are mentioned anywhere (`SR-11` with SR-1…SR-14 defined → `SR-15`; an unknown `SR-15` in a test would
 * make it `SR-16`). Undefined when the ID has no number.
 */
export function nextFreeId(graph: TraceGraph, id: string): string | undefined {
  const series = /^(.*?)(\d+)(\D*)$/.exec(id);
  if (!series) {
    return undefined;
  }
  const [, prefix, , suffix] = series;
  let highest = 0;
  for (const other of graph.ids()) {
    const match = /^(.*?)(\d+)(\D*)$/.exec(other);
    if (match && match[1] === prefix && match[3] === suffix) {
      highest = Math.max(highest, Number(match[2]));
    }
  }
  const used = graph.allIds();
  let next = highest + 1;
  while (used.has(`${prefix}${next}${suffix}`)) {
    next++;
  }
  return `${prefix}${next}${suffix}`;
}
