import { KIND_NAMES, compareLocations, type ItemDefinition, type Link } from '../model';
import type { TraceGraph } from '../graph/graph';
import { acceptanceLinks, derivations, implementations, mitigations, threatNotApplicable, verifications } from '../graph/coverage';
import { countOf } from '../util/text';
import { locationLabel } from '../report/matrixVocabulary';
import type { TestResultsView } from '../graph/testResults';
import { resultLines, resultStatusPart } from './testResultsText';
import { specificationStatus } from '../graph/oftRules';

/**
 * The one-line trace status of an item, as its CodeLens shows it. With test results in the workspace, a
 * requirement's tests say how they fared (`3 tests · 1 failing`).
 */
export function traceStatusLine(graph: TraceGraph, item: ItemDefinition, results?: TestResultsView): string {
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
      const evidence = results?.evidence(id) ?? [];
      if (item.kind === 'requirement' || verified.length > 0) {
        parts.push(verified.length > 0 ? countOf(verified.length, 'test') : evidence.length > 0 ? countOf(evidence.length, 'test result') : 'not verified');
      }
      if (item.kind === 'requirement' && results?.hasResults && (verified.length > 0 || evidence.length > 0)) {
        parts.push(resultStatusPart(evidence));
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
      const acceptedBy = acceptanceLinks(graph, id);
      const notApplicable = threatNotApplicable(item);
      parts.push(
        mitigatedBy.length > 0
          ? `mitigated by ${sources(mitigatedBy)}`
          : acceptedBy.length > 0
            ? `accepted by ${sources(acceptedBy)}`
            : notApplicable
              ? `not applicable: ${notApplicable}`
              : 'not mitigated',
      );
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
    case 'specification':
      parts.push(...specificationStatus(item, graph));
      break;
  }
  return parts.join(' · ');
}

/**
 * The title of an ID as the surfaces show it: its definition's title, or for an ID defined more than once
 * every distinct title and the count ("Rate limiting / Admission control (defined 2×)"), so that no
 * surface passes one definition off as the item. Not `|`: VS Code separates CodeLenses with it. Undefined
 * for an ID that is not defined.
 */
export function itemTitle(graph: TraceGraph, id: string): string | undefined {
  const definitions = graph.definitions(id);
  if (definitions.length <= 1) {
    return definitions[0]?.title;
  }
  return `${[...new Set(definitions.map((item) => item.title))].join(' / ')} (defined ${definitions.length}×)`;
}

/**
 * Which definition of an ID defined more than once this is, as its CodeLens says it ("1 of 2 definitions
 * of SR-11"); undefined for an ID defined once.
 */
export function duplicateDefinitionLabel(graph: TraceGraph, item: ItemDefinition): string | undefined {
  const definitions = graph.definitions(item.id);
  if (definitions.length <= 1) {
    return undefined;
  }
  const position = definitions.findIndex((definition) => compareLocations(definition.location, item.location) === 0) + 1;
  return `${position} of ${definitions.length} definitions of ${item.id}`;
}

/**
 * Hover text (Markdown) for an ID: kind, title, status line, attributes, the latest result of each of its
 * tests, and where it is defined (each definition of a duplicate).
 */
export function hoverMarkdown(graph: TraceGraph, id: string, results?: TestResultsView): string {
  const definitions = graph.definitions(id);
  const item = definitions[0];
  if (!item) {
    return `**${id}** is not defined anywhere in the workspace.`;
  }
  const status = `*${KIND_NAMES[item.kind]}* · ${escapeMarkdown(traceStatusLine(graph, item, results))}`;
  const lines =
    definitions.length === 1
      ? [`**${escapeMarkdown(id)}** ${escapeMarkdown(item.title)}`, '', status, ...attributeLines(item, '')]
      : [
          `**${escapeMarkdown(id)}** is ambiguous: it is defined ${definitions.length} times, and every link to or from ${escapeMarkdown(id)} counts for each definition.`,
          '',
          status,
          '',
          ...definitions.flatMap((definition, i) => [
            `${i + 1}. ${escapeMarkdown(definition.title)}, in \`${locationLabel(definition.location)}\``,
            ...attributeLines(definition, '   ').slice(1),
          ]),
        ];
  const derives = graph.outgoing(id).filter((link) => link.type === 'derives');
  if (derives.length > 0) {
    lines.push('', `Derives from ${[...new Set(derives.map((link) => link.to))].map((to) => describeRef(graph, to)).join(', ')}`);
  }
  const tests = resultLines(results?.evidence(id) ?? []);
  if (tests.length > 0) {
    lines.push('', 'Latest test results:', '', ...tests.map((line) => `- ${escapeMarkdown(line)}`));
  }
  if (definitions.length === 1) {
    lines.push('', `Defined in \`${locationLabel(item.location)}\``);
  }
  return lines.join('\n');
}

/** The item's `Key: value` attributes as a Markdown list (after a blank line), indented under a numbered entry. */
function attributeLines(item: ItemDefinition, indent: string): string[] {
  const attributes = Object.entries(item.attributes);
  return attributes.length === 0 ? [] : ['', ...attributes.map(([key, value]) => `${indent}- ${escapeMarkdown(capitalize(key))}: ${escapeMarkdown(value)}`)];
}

function describeRef(graph: TraceGraph, id: string): string {
  const title = itemTitle(graph, id);
  return title ? `${id} (${escapeMarkdown(title)})` : id;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Escapes text for Markdown so that workspace strings show as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
