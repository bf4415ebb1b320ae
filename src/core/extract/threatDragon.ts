/**
 * OWASP Threat Dragon v2 models (2.0–2.6): every threat on every diagram element becomes a `threat` item, at
 * the place its title is written in the JSON, so that diagnostics, go to definition and the matrix land there.
 */
import type { FileContributions, FileProblem, ItemDefinition } from '../model';
import { RuleName } from '../graph/ruleCatalog';
import { elements, isJsonObjectText, JsonPositions, member, memberAt, parseJsonTree, textOf, type JsonNode } from './jsonTree';
import type { IdMatcher } from '../config/ids';

/** What a threat-model reader needs besides the file. */
export interface ThreatModelOptions {
  readonly matcher: IdMatcher;
  /** Put before a threat's number when its title starts with no ID: `TM-` makes threat 21 `TM-21`. */
  readonly idPrefix: string;
}

/** The prefix and a threat's number (`TM-21`), when that makes an ID of the threat kind; shared by the threat-model readers. */
export function numberedThreatId({ idPrefix, matcher }: ThreatModelOptions, number: number): string | undefined {
  const id = `${idPrefix}${number}`;
  return matcher.kindOf(id) === 'threat' ? id : undefined;
}

/** Whether a text may be a Threat Dragon v2 model; cheap, before any parsing. */
export function looksLikeThreatDragon(text: string): boolean {
  return isJsonObjectText(text) && /"diagrams"\s*:/.test(text) && /"summary"\s*:/.test(text);
}

/**
 * Reads a Threat Dragon v2 model, or returns undefined for JSON that is not one (a v1 model has no
 * `detail.diagrams[].cells`). Malformed JSON that looks like a model is one problem at the parser's position.
 */
export function readThreatDragon(path: string, text: string, options: ThreatModelOptions): FileContributions | undefined {
  const parsed = parseJsonTree(text);
  if (!parsed.root) {
    return { path, items: [], links: [], references: [], problems: [parsed.problem] };
  }
  const diagrams = memberAt(parsed.root, ['detail', 'diagrams']);
  if (member(parsed.root, 'summary')?.type !== 'object' || diagrams?.type !== 'array') {
    return undefined;
  }
  const reader = new ModelReader(path, text, options);
  for (const diagram of elements(diagrams)) {
    const diagramTitle = textOf(member(diagram, 'title')) ?? '';
    for (const cell of elements(member(diagram, 'cells'))) {
      reader.readCell(cell, diagramTitle);
    }
  }
  return { path, items: reader.items, links: [], references: [], problems: reader.problems };
}

/** The threat fields that become attributes under their own names. */
const THREAT_ATTRIBUTES = ['type', 'severity', 'status', 'mitigation', 'description', 'score'] as const;

class ModelReader {
  readonly items: ItemDefinition[] = [];
  readonly problems: FileProblem[] = [];
  readonly #positions: JsonPositions;

  constructor(
    readonly path: string,
    text: string,
    readonly options: ThreatModelOptions,
  ) {
    this.#positions = new JsonPositions(text);
  }

  readCell(cell: JsonNode, diagram: string): void {
    const data = member(cell, 'data');
    const threats = elements(member(data, 'threats'));
    if (threats.length === 0) {
      return;
    }
    const element = elementName(cell);
    const outOfScope = member(data, 'outOfScope')?.value === true;
    for (const threat of threats) {
      this.#readThreat(threat, { element, diagram, outOfScope });
    }
  }

  #readThreat(threat: JsonNode, where: { element: string; diagram: string; outOfScope: boolean }): void {
    const titleNode = member(threat, 'title');
    const written = textOf(titleNode) ?? '';
    const anchor = titleNode ?? threat;
    const named = this.#idInTitle(written, anchor);
    const id = named?.id ?? this.#numberedId(member(threat, 'number')?.value);
    const attributes: Record<string, string> = { element: where.element, diagram: where.diagram, 'threat model': 'Threat Dragon' };
    for (const field of THREAT_ATTRIBUTES) {
      const value = textOf(member(threat, field))?.trim();
      if (value) {
        attributes[field] = value;
      }
    }
    const methodology = textOf(member(threat, 'modelType'));
    if (methodology) {
      attributes['methodology'] = methodology;
    }
    if (where.outOfScope) {
      attributes['out of scope'] = 'true';
    }
    const title = named?.title ?? written.trim();
    if (id === undefined) {
      const key = textOf(member(threat, 'threatId')) ?? textOf(member(threat, 'id')) ?? `${where.diagram}/${where.element}/${title}`;
      this.problems.push({
        rule: RuleName.ThreatWithoutId,
        item: key,
        message: `Threat "${title}" on ${where.element || 'an element'} of the diagram "${where.diagram}" has no ID: its title does not start with one and ${this.#whyNotNumbered(member(threat, 'number')?.value)}, so nothing can trace it. Start its title with a free ID.`,
        range: this.#positions.of(anchor),
      });
      return;
    }
    this.items.push({
      id,
      kind: 'threat',
      title,
      location: { path: this.path, range: named?.range ?? this.#positions.of(anchor) },
      sectionRange: this.#positions.of(threat),
      attributes,
    });
  }

  /** The prefix and the threat's number, when it has a number and that makes an ID of the threat kind. */
  #numberedId(number: unknown): string | undefined {
    return Number.isInteger(number) && (number as number) >= 0 ? numberedThreatId(this.options, number as number) : undefined;
  }

  #whyNotNumbered(number: unknown): string {
    return Number.isInteger(number) ? `"${this.options.idPrefix}${number as number}" does not match the threat pattern (see "threatIdPrefix")` : 'it has no number';
  }

  /** An ID of the threat kind at the start of the title (`TM-4 Credential theft`, `TM-4: …`), with the rest as title. */
  #idInTitle(title: string, node: JsonNode): { id: string; title: string; range: ReturnType<JsonPositions['of']> } | undefined {
    const leading = title.length - title.trimStart().length;
    const first = this.options.matcher.matches(title).next().value;
    if (!first || first.offset !== leading || first.kind !== 'threat') {
      return undefined;
    }
    const after = first.offset + first.id.length;
    // The title string's first character is one past the opening quote; an ID at its start has no escapes before it.
    const start = node.offset + 1 + first.offset;
    return { id: first.id, title: title.slice(after).replace(/^[\s:.\-–—]+/, '').trim(), range: this.#positions.between(start, start + first.id.length) };
  }
}

/** What an element is called on the diagram: its name, with line breaks as spaces. */
function elementName(cell: JsonNode): string {
  const name = textOf(memberAt(cell, ['data', 'name'])) ?? textOf(memberAt(cell, ['attrs', 'text', 'text'])) ?? textOf(memberAt(cell, ['attrs', 'label', 'text'])) ?? '';
  return name.replace(/\s*\n\s*/g, ' ').trim();
}
