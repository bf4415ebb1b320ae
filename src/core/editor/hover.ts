import { KIND_NAMES, type ItemDefinition, type Link } from '../model';
import type { TraceGraph } from '../graph/graph';
import { acceptances, derivations, implementations, mitigations, verifications } from '../graph/coverage';
import { countOf } from '../util/text';

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
