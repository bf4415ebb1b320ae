import { compareLocations, type ItemDefinition } from '../model';
import type { TraceGraph } from '../graph/graph';
import { isMarkdown } from '../config/files';
import { locationLabel } from '../report/matrixVocabulary';
import { countOf } from '../util/text';

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

/**
 * What renumbering one definition of a duplicate ID leaves behind, in a sentence: the annotations, links
 * and mentions keep the old ID, so they then name the other definition(s) only. Says how many and where,
 * so the user can change those that meant the renumbered one.
 */
export function renumberConsequence(graph: TraceGraph, definition: ItemDefinition, newId: string): string {
  const id = definition.id;
  const others = graph.definitions(id).filter((other) => compareLocations(other.location, definition.location) !== 0);
  const target =
    others.length === 1
      ? `the definition in ${locationLabel(others[0]!.location)}`
      : `the ${others.length} other definitions (${others.map((other) => locationLabel(other.location)).join(', ')})`;
  const links = graph.incoming(id);
  const annotations = links.filter((link) => !isMarkdown(link.location.path)).length;
  const counts = [
    annotations > 0 ? countOf(annotations, 'annotation') : '',
    links.length > annotations ? countOf(links.length - annotations, 'link') : '',
    graph.references(id).length > 0 ? countOf(graph.references(id).length, 'mention') : '',
  ].filter((part) => part !== '');
  if (counts.length === 0) {
    return `Nothing else names ${id}: it now means only ${target}.`;
  }
  const places = [...new Set([...links, ...graph.references(id)].sort((a, b) => compareLocations(a.location, b.location)).map((named) => locationLabel(named.location)))];
  const shown = places.length > 3 ? `${places.slice(0, 3).join(', ')}, …` : places.join(', ');
  const total = links.length + graph.references(id).length;
  return `${joinWithAnd(counts)} (${shown}) ${total === 1 ? 'names' : 'name'} ${id} and now ${total === 1 ? 'points' : 'point'} at ${target}: change those meant for this one to ${newId}.`;
}

function joinWithAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}
