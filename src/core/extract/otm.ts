/**
 * Open Threat Model (OTM) JSON, the exchange format of IriusRisk, Threat Dragon's export and converters of
 * Microsoft Threat Modeling Tool files: its `threats` become `threat` items; a mitigation whose ID is one of
 * ours (`SC-2`, `SR-4`) mitigates the threats it is attached to; components, data flows and trust zones become
 * attributes.
 */
import type { FileContributions, FileProblem, ItemDefinition, Link, Reference } from '../model';
import { RuleName } from '../graph/ruleCatalog';
import { pushTo } from '../util/collections';
import { elements, isJsonObjectText, JsonPositions, member, parseJsonTree, textOf, type JsonNode } from './jsonTree';
import { numberedThreatId, type ThreatModelOptions } from './threatDragon';

/** Whether a text may be an OTM document; cheap, before any parsing. */
export function looksLikeOtm(text: string): boolean {
  return isJsonObjectText(text) && /"otmVersion"\s*:/.test(text);
}

/** A mitigation state that says it was turned down: such a mitigation mitigates nothing. */
const REJECTED_STATES = new Set(['rejected', 'not applicable', 'notapplicable', 'na', 'n/a']);
const isRejected = (state: string | undefined) => REJECTED_STATES.has((state ?? '').toLowerCase().replace(/_/g, ' '));

/**
 * Reads an OTM document, or returns undefined for JSON without `otmVersion`. A threat's ID is its `id` when
 * that matches the threat pattern, else the threat ID prefix followed by its position in `threats` (1 for the first).
 */
export function readOtm(path: string, text: string, options: ThreatModelOptions): FileContributions | undefined {
  const parsed = parseJsonTree(text);
  if (!parsed.root) {
    return { path, items: [], links: [], references: [], problems: [parsed.problem] };
  }
  if (member(parsed.root, 'otmVersion') === undefined) {
    return undefined;
  }
  return new OtmReader(path, text, options, parsed.root).read();
}

/** Where a threat is instantiated: on a component or a data flow, with the mitigations attached there. */
interface ThreatInstance {
  readonly on: string;
  readonly trustZone: string | undefined;
  readonly state: string | undefined;
  readonly mitigations: readonly JsonNode[];
}

class OtmReader {
  readonly #positions: JsonPositions;
  readonly #instances = new Map<string, ThreatInstance[]>();
  readonly #mitigationNames = new Map<string, string>();
  readonly items: ItemDefinition[] = [];
  readonly links: Link[] = [];
  readonly references: Reference[] = [];
  readonly problems: FileProblem[] = [];

  constructor(
    readonly path: string,
    text: string,
    readonly options: ThreatModelOptions,
    readonly root: JsonNode,
  ) {
    this.#positions = new JsonPositions(text);
  }

  read(): FileContributions {
    const zones = new Map(elements(member(this.root, 'trustZones')).map((zone) => [textOf(member(zone, 'id')) ?? '', textOf(member(zone, 'name')) ?? '']));
    const components = elements(member(this.root, 'components'));
    const zoneOfComponent = new Map(components.map((component) => [textOf(member(component, 'id')) ?? '', textOf(member(member(component, 'parent'), 'trustZone'))]));
    for (const component of components) {
      const zone = zoneOfComponent.get(textOf(member(component, 'id')) ?? '');
      this.#collectInstances(component, zone === undefined ? undefined : (zones.get(zone) ?? zone));
    }
    for (const dataflow of elements(member(this.root, 'dataflows'))) {
      this.#collectInstances(dataflow, undefined);
    }
    for (const mitigation of elements(member(this.root, 'mitigations'))) {
      const id = textOf(member(mitigation, 'id'));
      if (id !== undefined) {
        this.#mitigationNames.set(id, textOf(member(mitigation, 'name')) ?? id);
      }
    }
    elements(member(this.root, 'threats')).forEach((threat, index) => this.#readThreat(threat, index + 1));
    return { path: this.path, items: this.items, links: this.links, references: this.references, problems: this.problems };
  }

  #collectInstances(element: JsonNode, trustZone: string | undefined): void {
    const on = textOf(member(element, 'name')) ?? textOf(member(element, 'id')) ?? '';
    for (const instance of elements(member(element, 'threats'))) {
      const threat = textOf(member(instance, 'threat'));
      if (threat === undefined) {
        continue;
      }
      pushTo(this.#instances, threat, { on, trustZone, state: textOf(member(instance, 'state')), mitigations: elements(member(instance, 'mitigations')) });
    }
  }

  #readThreat(threat: JsonNode, position: number): void {
    const idNode = member(threat, 'id');
    const nameNode = member(threat, 'name');
    const written = textOf(idNode);
    const title = textOf(nameNode)?.trim() ?? '';
    const ownId = written !== undefined && this.options.matcher.kindOf(written) === 'threat' ? written : undefined;
    const id = ownId ?? numberedThreatId(this.options, position);
    const anchor = (ownId ? idNode : nameNode) ?? threat;
    if (id === undefined) {
      this.problems.push({
        rule: RuleName.ThreatWithoutId,
        item: written ?? title,
        message: `Threat "${title}" has no ID: its id "${written ?? ''}" does not match the threat pattern, nor does "${this.options.idPrefix}${position}" (see "threatIdPrefix"), so nothing can trace it.`,
        range: this.#positions.of(anchor),
      });
      return;
    }
    const instances = written === undefined ? [] : (this.#instances.get(written) ?? []);
    this.items.push({
      id,
      kind: 'threat',
      title,
      location: { path: this.path, range: this.#positions.of(anchor) },
      sectionRange: this.#positions.of(threat),
      attributes: this.#attributes(threat, instances),
    });
    for (const instance of instances) {
      this.#linkMitigations(id, instance);
    }
  }

  #attributes(threat: JsonNode, instances: readonly ThreatInstance[]): Record<string, string> {
    const list = (values: readonly (string | undefined)[]) => [...new Set(values.filter((value): value is string => Boolean(value)))].join(', ');
    const risk = member(threat, 'risk');
    const mitigationIds = instances.flatMap((instance) => instance.mitigations.map((mitigation) => textOf(member(mitigation, 'mitigation'))));
    const attributes: Record<string, string> = {
      'threat model': 'Open Threat Model',
      type: list(elements(member(threat, 'categories')).map(textOf)),
      description: textOf(member(threat, 'description'))?.trim() ?? '',
      element: list(instances.map((instance) => instance.on)),
      'trust zone': list(instances.map((instance) => instance.trustZone)),
      likelihood: textOf(member(risk, 'likelihood')) ?? '',
      impact: textOf(member(risk, 'impact')) ?? '',
      mitigation: list(mitigationIds.map((id) => (id === undefined ? undefined : (this.#mitigationNames.get(id) ?? id)))),
    };
    const states = list(instances.map((instance) => instance.state));
    // A threat every instance of which is turned down is not applicable, as a Threat Dragon threat can be.
    if (instances.length > 0 && instances.every((instance) => isRejected(instance.state))) {
      attributes['status'] = 'NotApplicable';
    } else if (states) {
      attributes['status'] = states;
    }
    return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== ''));
  }

  /** A mitigation named by one of our requirement or control IDs mitigates the threat, unless it was rejected. */
  #linkMitigations(threatId: string, instance: ThreatInstance): void {
    for (const mitigation of instance.mitigations) {
      const idNode = member(mitigation, 'mitigation');
      const id = textOf(idNode);
      const kind = id === undefined ? undefined : this.options.matcher.kindOf(id);
      if (!idNode || id === undefined || (kind !== 'requirement' && kind !== 'control')) {
        continue;
      }
      const location = { path: this.path, range: this.#positions.of(idNode) };
      if (!isRejected(textOf(member(mitigation, 'state')))) {
        this.links.push({ type: 'mitigates', from: id, to: threatId, location, inTest: false });
      }
      this.references.push({ id, location });
    }
  }
}
