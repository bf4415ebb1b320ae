import { KIND_NAMES, type ItemDefinition, type Link, type Location } from '../model';
import type { TraceGraph } from '../graph/graph';
import type { IdMatcher } from '../config/ids';
import { acceptances, derivations, implementations, mitigations, verifications } from '../graph/coverage';
import { countOf } from '../util/text';

/** An ID written in a line of text, with its character span. */
export interface IdSpan {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/** The ID under a character position of a line, if any (the position may touch either end). */
export function idAt(matcher: IdMatcher, lineText: string, character: number): IdSpan | undefined {
  for (const match of matcher.matches(lineText)) {
    const end = match.offset + match.id.length;
    if (match.offset <= character && character <= end) {
      return { id: match.id, start: match.offset, end };
    }
  }
  return undefined;
}

/** Every place an ID is written: definitions, links to and from it, and plain mentions. */
export function occurrences(graph: TraceGraph, id: string): Location[] {
  return [
    ...graph.definitions(id).map((item) => item.location),
    ...graph.incoming(id).map((link) => link.location),
    ...graph.references(id).map((reference) => reference.location),
  ];
}

/** The one-line trace status of an item, as its CodeLens shows it. */
export function traceStatusLine(graph: TraceGraph, item: ItemDefinition): string {
  const id = item.id;
  const targets = (links: readonly Link[]) => [...new Set(links.map((link) => link.to))].join(', ');
  const sources = (links: readonly Link[]) => [...new Set(links.map((link) => link.from ?? link.location.path))].join(', ');
  const outgoing = (type: Link['type']) => graph.outgoing(id).filter((link) => link.type === type);
  const parts: string[] = [];
  switch (item.kind) {
    case 'requirement':
    case 'control': {
      const implemented = implementations(graph, id);
      const verified = verifications(graph, id);
      parts.push(implemented.length > 0 ? countOf(implemented.length, 'implementation') : 'not implemented');
      if (item.kind === 'requirement' || verified.length > 0) {
        parts.push(verified.length > 0 ? countOf(verified.length, 'test') : 'not verified');
      }
      if (outgoing('mitigates').length > 0) {
        parts.push(`mitigates ${targets(outgoing('mitigates'))}`);
      }
      if (item.kind === 'requirement' && derivations(graph, id).length === 0) {
        parts.push('not derived');
      }
      if (item.kind === 'control' && outgoing('implements').length > 0) {
        parts.push(`implements ${targets(outgoing('implements'))}`);
      }
      break;
    }
    case 'threat': {
      const mitigatedBy = mitigations(graph, id);
      const acceptedBy = acceptances(graph, id);
      parts.push(mitigatedBy.length > 0 ? `mitigated by ${sources(mitigatedBy)}` : acceptedBy.length > 0 ? `accepted by ${sources(acceptedBy)}` : 'not mitigated');
      break;
    }
    case 'objective':
    case 'misuse': {
      const derived = graph.incoming(id).filter((link) => link.type === 'derives');
      const requirements = new Set(derived.map((link) => link.from ?? link.location.path)).size;
      parts.push(requirements === 0 ? 'no requirement derives from it' : `${countOf(requirements, 'requirement')} ${requirements === 1 ? 'derives' : 'derive'} from it`);
      break;
    }
    case 'test':
      parts.push(outgoing('verifies').length > 0 ? `verifies ${targets(outgoing('verifies'))}` : 'verifies nothing');
      break;
    case 'risk':
      parts.push(outgoing('accepts').length > 0 ? `accepts ${targets(outgoing('accepts'))}` : 'accepts nothing');
      break;
    case 'vulnerability':
      parts.push(outgoing('affects').length > 0 ? `affects ${targets(outgoing('affects'))}` : 'no affected component recorded');
      break;
  }
  return parts.join(' · ');
}

/** Hover text (Markdown) for an ID: kind, title, status line, attributes and where it is defined. */
export function hoverMarkdown(graph: TraceGraph, id: string): string {
  const item = graph.item(id);
  if (!item) {
    return `**${id}** is not defined anywhere in the workspace.`;
  }
  const lines = [`**${escapeMarkdown(id)}** ${escapeMarkdown(item.title)}`, '', `*${KIND_NAMES[item.kind]}* · ${escapeMarkdown(traceStatusLine(graph, item))}`];
  const attributes = Object.entries(item.attributes);
  if (attributes.length > 0) {
    lines.push('', ...attributes.map(([key, value]) => `- ${escapeMarkdown(capitalize(key))}: ${escapeMarkdown(value)}`));
  }
  const derives = graph.outgoing(id).filter((link) => link.type === 'derives');
  if (derives.length > 0) {
    lines.push('', `Derives from ${derives.map((link) => describeRef(graph, link.to)).join(', ')}`);
  }
  lines.push('', `Defined in \`${item.location.path}:${item.location.range.start.line + 1}\``);
  if (graph.definitions(id).length > 1) {
    lines.push('', `⚠ Defined ${graph.definitions(id).length} times`);
  }
  return lines.join('\n');
}

function describeRef(graph: TraceGraph, id: string): string {
  const title = graph.item(id)?.title;
  return title ? `${id} (${escapeMarkdown(title)})` : id;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Escapes text for Markdown so that workspace strings show as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

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
