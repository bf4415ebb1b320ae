/**
 * CycloneDX JSON (spec 1.4–1.6): the components of an SBOM, its dependency graph, and the vulnerabilities of
 * an SBOM or a separate VEX document, each with the place in the file it comes from.
 *
 * The reader walks the text once with jsonc-parser ({@link walkJson}), as strictly as `JSON.parse` (no comments, no
 * trailing commas): it reads the parts that become items as the walk reaches them and lets the rest go by; where
 * the text is not JSON, jsonc-parser's first error, in words and in place, is all there is to say.
 */
import type { FileContributions, FileProblem, ItemDefinition, Link, Range } from '../model';
import { LineIndex } from '../util/text';
import { TypedReaders, walkJson, type JsonSyntaxError, type Located, type ValueReader } from './cyclonedxJson';
import { jsonSyntaxProblem } from './jsonTree';

/** Whether a text may be a CycloneDX document; cheap, before any parsing. */
export function looksLikeCycloneDx(text: string): boolean {
  return /"bomFormat"\s*:/.test(text);
}

/**
 * Reads a CycloneDX JSON file as cdxgen, syft, the CycloneDX build plugins (npm, Maven) and Dependency-Track write
 * it. Malformed JSON gives one problem at the parser's position; JSON that is not CycloneDX (an SPDX document,
 * a `package.json`) gives nothing; a field of the wrong type is skipped with a problem, the rest still read.
 * Never throws.
 */
export function readCycloneDx(path: string, text: string): FileContributions {
  const contributions = (items: ItemDefinition[], links: Link[], problems: FileProblem[]) => ({ path, items, links, references: [], problems });
  const reader = new BomReader(path, text);
  try {
    const syntaxError = reader.read();
    if (syntaxError) {
      return contributions([], [], [jsonSyntaxProblem(text, syntaxError)]);
    }
    if (!reader.isCycloneDx) {
      return contributions([], [], []);
    }
    // References inside the file name bom-refs: they link to the items those bom-refs name.
    const idOf = (ref: string) => reader.idsByRef.get(ref) ?? ref;
    const links = reader.links.map((link) => ({ ...link, from: link.from === undefined ? undefined : idOf(link.from), to: idOf(link.to) }));
    return contributions(reader.items, links, reader.problems);
  } catch (error) {
    // Only a pathological file gets here (JSON nested thousands deep exhausts the parser's stack).
    return contributions([], [], [{ message: `Not readable as CycloneDX: ${String(error)}`, range: reader.range(0, 0) }]);
  }
}

/** The component fields that become attributes under their own names. */
const COMPONENT_FIELDS = ['name', 'version', 'purl', 'group', 'type', 'bom-ref'] as const;
type ComponentField = (typeof COMPONENT_FIELDS)[number];
const isComponentField = (key: string): key is ComponentField => (COMPONENT_FIELDS as readonly string[]).includes(key);

/** `analysis` fields and the attribute each becomes. */
const ANALYSIS_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  ['state', 'state'], ['justification', 'justification'], ['detail', 'detail'], ['firstIssued', 'first issued'], ['lastUpdated', 'last updated'],
]);
/** CycloneDX's rating severities, lowest first; GitHub's `moderate` ranks as `medium`. */
const SEVERITY_ORDER = ['unknown', 'none', 'info', 'low', 'medium', 'high', 'critical'];

/**
 * Reads one CycloneDX document into items, links and problems. Each part of the document has a {@link ValueReader}
 * that the walk hands the part's value to as it reaches it; an object's reader gets its start and end when it
 * closes, after the readers of its members.
 */
class BomReader {
  items: ItemDefinition[] = [];
  readonly links: Link[] = [];
  readonly problems: FileProblem[] = [];
  /** The item ID of each component whose bom-ref is not its ID (it is named by its purl). */
  readonly idsByRef = new Map<string, string>();
  isCycloneDx = false;
  readonly #path: string;
  readonly #text: string;
  readonly #json = new TypedReaders((start, end, message) => this.#problem(start, end, message));
  #lines: LineIndex | undefined;

  constructor(path: string, text: string) {
    this.#path = path;
    this.#text = text;
  }

  /** Reads the document; where it is not JSON, the error and nothing else. */
  read(): JsonSyntaxError | undefined {
    let bomFormat: string | undefined;
    let [hasComponents, hasVulnerabilities] = [false, false];
    const product: ItemDefinition[] = [];
    const components = this.#json.array('"components"', (value) => {
      hasComponents = true;
      return this.#component('An entry of "components"', this.items)(value);
    });
    const vulnerabilities = this.#json.array('"vulnerabilities"', this.#vulnerability());
    const member = (key: string): ValueReader | undefined => {
      switch (key) {
        case 'bomFormat':
          return (value) => void (bomFormat = value.type === 'string' ? value.value : undefined);
        case 'metadata':
          return this.#json.object('"metadata"', { member: (field) => (field === 'component' ? this.#component('"metadata.component"', product, true) : undefined) });
        case 'components':
          return (value) => {
            hasComponents = value.type !== 'array' && value.type !== 'null';
            return components(value);
          };
        case 'dependencies':
          return this.#json.array('"dependencies"', this.#dependency());
        case 'vulnerabilities':
          return (value) => {
            hasVulnerabilities = value.type === 'array';
            return vulnerabilities(value);
          };
        default:
          return undefined;
      }
    };
    const syntaxError = walkJson(this.#text, (root) => (root.type === 'object' ? { member } : undefined));
    // A VEX document (vulnerabilities, no components) names in metadata.component the product it speaks of,
    // which the product's SBOM defines: read here too, its ID would be defined twice (Dependency-Track puts the
    // project's UUID there in both its SBOM and its VEX exports).
    this.items = hasVulnerabilities && !hasComponents ? this.items : [...product, ...this.items];
    this.isCycloneDx = bomFormat === 'CycloneDX';
    return syntaxError;
  }

  range(start: number, end: number): Range {
    this.#lines ??= new LineIndex(this.#text);
    return { start: this.#lines.positionAt(start), end: this.#lines.positionAt(end) };
  }

  /**
   * Reads a component, then the components nested in it, into `out` in document order. The component the BOM
   * describes (`metadata.component`, the product itself rather than a part of it) says so in its attributes.
   */
  #component(what: string, out: ItemDefinition[], isSubject = false): ValueReader {
    return this.#json.object(what, () => {
      const fields: Partial<Record<ComponentField, Located>> = {};
      const attributes: Record<string, string> = {};
      const own: Record<string, string> = isSubject ? { 'metadata component': 'true' } : {};
      const licenses: string[] = [];
      const slot = out.length;
      const member = (key: string): ValueReader | undefined => {
        if (isComponentField(key)) {
          return this.#json.located(`"${key}"`, (located) => void (fields[key] = located));
        }
        switch (key) {
          case 'supplier':
            return this.#json.object('"supplier"', { member: (field) => (field === 'name' ? this.#json.string('"supplier.name"', (name) => put(own, 'supplier', name)) : undefined) });
          case 'licenses':
            return this.#json.array('"licenses"', this.#license(licenses));
          case 'properties':
            return this.#json.array('"properties"', this.#property(attributes));
          case 'components':
            return this.#json.array('"components"', this.#component('An entry of "components"', out));
          default:
            return undefined;
        }
      };
      const close = (start: number, end: number) => {
        put(own, 'licenses', licenses.join(', '));
        // The component's own fields win over a property of the same name.
        const item = this.#componentItem(start, end, fields, Object.assign(attributes, own));
        if (item) {
          // After its nested components, which `out` holds from `slot` on: only they move.
          out.splice(slot, 0, item);
        }
      };
      return { member, close };
    });
  }

  #componentItem(start: number, end: number, fields: Partial<Record<ComponentField, Located>>, attributes: Record<string, string>): ItemDefinition | undefined {
    const value = (field: ComponentField) => fields[field]?.value || undefined;
    const name = value('name');
    const version = value('version');
    const ref = fields['bom-ref']?.value ? fields['bom-ref'] : undefined;
    // Named by its purl, as documents name it (a bom-ref is unique only in its BOM; syft makes it a hash).
    const purl = value('purl');
    const id = (purl && purlWithoutQualifiers(purl)) ?? ref?.value ?? (name && version ? `${name}@${version}` : name);
    if (ref && id !== undefined && id !== ref.value) {
      this.idsByRef.set(ref.value, id);
    }
    if (id === undefined) {
      this.#problem(start, this.#firstLineEnd(start, end), 'This component has no "bom-ref", "purl" or "name" to name it by: JSP Trace skipped it.');
      return undefined;
    }
    for (const field of COMPONENT_FIELDS) {
      put(attributes, field, value(field));
    }
    return {
      id,
      kind: 'component',
      title: name && version ? `${name} ${version}` : (name ?? id),
      location: { path: this.#path, range: ref ? this.range(ref.start, ref.end) : this.range(start, this.#firstLineEnd(start, end)) },
      sectionRange: this.range(start, end),
      attributes,
    };
  }

  /** `{ "license": { "id" | "name" } }` or `{ "expression" }`. */
  #license(out: string[]): ValueReader {
    const license = this.#json.object('"license"', () => {
      const named: Record<string, string> = {};
      const member = (field: string) => (field === 'id' || field === 'name' ? this.#json.string(`"${field}"`, (text) => put(named, field, text)) : undefined);
      return { member, close: () => pushPresent(out, named['id'] ?? named['name']) };
    });
    const member = (key: string) => (key === 'expression' ? this.#json.string('"expression"', (expression) => pushPresent(out, expression)) : key === 'license' ? license : undefined);
    return this.#json.object('An entry of "licenses"', { member });
  }

  /** A property becomes an attribute under its name in lower case; values of one name are joined. */
  #property(attributes: Record<string, string>): ValueReader {
    return this.#json.object('An entry of "properties"', () => {
      let name: string | undefined;
      let value = '';
      const member = (key: string) => (key === 'name' ? this.#json.string('"name"', (text) => void (name = text))
        : key === 'value' ? this.#json.string('"value"', (text) => void (value = text ?? '')) : undefined);
      const close = () => {
        if (name !== undefined) {
          const key = name.toLowerCase();
          const before = Object.hasOwn(attributes, key) ? attributes[key] : undefined;
          attributes[key] = before && value ? `${before}, ${value}` : before || value;
        }
      };
      return { member, close };
    });
  }

  #dependency(): ValueReader {
    return this.#json.object('An entry of "dependencies"', () => {
      let ref: string | undefined;
      const targets: Located[] = [];
      const member = (key: string) => (key === 'ref' ? this.#json.string('"ref"', (text) => void (ref = text))
        : key === 'dependsOn' ? this.#json.array('"dependsOn"', this.#json.located('An entry of "dependsOn"', (target) => pushPresent(targets, target))) : undefined);
      const close = () => {
        const from = ref && refTarget(ref);
        for (const target of from ? targets : []) {
          this.links.push({ type: 'depends', from, to: refTarget(target.value), location: this.#location(target), inTest: false });
        }
      };
      return { member, close };
    });
  }

  #vulnerability(): ValueReader {
    return this.#json.object('An entry of "vulnerabilities"', () => {
      let id: Located | undefined;
      const texts: Record<string, string> = {};
      const attributes: Record<string, string> = {};
      const severities: string[] = [];
      const cwes: string[] = [];
      const affects: Located[] = [];
      const member = (key: string): ValueReader | undefined => {
        switch (key) {
          case 'id':
            return this.#json.located('"id"', (located) => void (id = located));
          case 'description':
          case 'detail':
            return this.#json.string(`"${key}"`, (text) => put(texts, key, text));
          case 'published':
          case 'created':
          case 'updated':
            return this.#json.string(`"${key}"`, (text) => put(attributes, key, text));
          case 'analysis':
            return this.#analysis(attributes);
          case 'ratings':
            return this.#json.array('"ratings"', this.#json.object('An entry of "ratings"', { member: (field) => (field === 'severity' ? this.#json.string('"severity"', (severity) => pushPresent(severities, severity)) : undefined) }));
          case 'cwes':
            return this.#json.array('"cwes"', this.#cwe((cwe) => pushPresent(cwes, cwe)));
          case 'source':
            return this.#json.object('"source"', { member: (field) => (field === 'name' ? this.#json.string('"source.name"', (name) => put(attributes, 'source', name)) : undefined) });
          case 'affects':
            return this.#json.array('"affects"', this.#json.object('An entry of "affects"', { member: (field) => (field === 'ref' ? this.#json.located('"ref"', (ref) => pushPresent(affects, ref)) : undefined) }));
          default:
            return undefined;
        }
      };
      const close = (start: number, end: number) => {
        if (!id?.value) {
          this.#problem(start, this.#firstLineEnd(start, end), 'This vulnerability has no "id" (its CVE or other identifier) to trace it by: JSP Trace skipped it.');
          return;
        }
        put(attributes, 'severity', highestSeverity(severities));
        put(attributes, 'cwe', cwes.join(', '));
        const title = firstLine(texts['description']) ?? firstLine(texts['detail']) ?? id.value;
        this.items.push({ id: id.value, kind: 'vulnerability', title, location: this.#location(id), sectionRange: this.range(start, end), attributes });
        for (const ref of affects) {
          this.links.push({ type: 'affects', from: id.value, to: refTarget(ref.value), location: this.#location(ref), inTest: false });
        }
      };
      return { member, close };
    });
  }

  #analysis(attributes: Record<string, string>): ValueReader {
    const member = (key: string) => {
      const attribute = ANALYSIS_ATTRIBUTES.get(key);
      if (attribute !== undefined) {
        return this.#json.string(`"${key}"`, (text) => put(attributes, attribute, text));
      }
      if (key !== 'response') {
        return undefined;
      }
      const responses: string[] = [];
      return this.#json.array('"response"', this.#json.string('An entry of "response"', (response) => pushPresent(responses, response)), () => put(attributes, 'response', responses.join(', ')));
    };
    return this.#json.object('"analysis"', { member });
  }

  /** CycloneDX writes a CWE as its number; a few producers write `CWE-79`. */
  #cwe(use: (cwe: string) => void): ValueReader {
    return (value) => {
      if (value.type === 'number' || value.type === 'string') {
        return void use(value.type === 'number' ? `CWE-${this.#text.slice(value.start, value.end)}` : value.value);
      }
      return this.#json.mismatch(value, 'number', 'An entry of "cwes"');
    };
  }

  #problem(start: number, end: number, message: string): void {
    this.problems.push({ message, range: this.range(start, end) });
  }

  #location(located: Located): Link['location'] {
    return { path: this.#path, range: this.range(located.start, located.end) };
  }

  /** Where the first line of the value from `start` to `end` ends: the whole value when it is on one line. */
  #firstLineEnd(start: number, end: number): number {
    const text = this.#text;
    let i = start;
    while (i < end && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    return i;
  }
}

/**
 * The bom-ref a reference names. A VEX names components of another BOM by BOM-Link,
 * `urn:cdx:<serial>/<version>#<bom-ref>`; producers write the bom-ref after `#` as it is, not percent-encoded.
 */
function refTarget(ref: string): string {
  const hash = ref.startsWith('urn:cdx:') ? ref.indexOf('#') : -1;
  return hash === -1 ? ref : ref.slice(hash + 1);
}

/** A package URL without its `?qualifiers` and `#subpath`: `pkg:npm/lodash@4.17.21?package-id=…` → `pkg:npm/lodash@4.17.21`. */
function purlWithoutQualifiers(purl: string): string | undefined {
  const bare = purl.trim().split(/[?#]/, 1)[0]!;
  return bare.startsWith('pkg:') ? bare : undefined;
}

function highestSeverity(severities: readonly string[]): string | undefined {
  const rank = (severity: string) => SEVERITY_ORDER.indexOf(severity.toLowerCase() === 'moderate' ? 'medium' : severity.toLowerCase());
  return severities.reduce<string | undefined>((best, severity) => (best === undefined || rank(severity) > rank(best) ? severity : best), undefined);
}

function firstLine(text: string | undefined): string | undefined {
  return text?.trim().split(/\r?\n/, 1)[0]?.trim() || undefined;
}

/** Sets an attribute unless the value is missing or empty. */
function put(attributes: Record<string, string>, key: string, value: string | undefined): void {
  if (value) {
    attributes[key] = value;
  }
}

/** Appends a value unless it is missing or an empty string. */
function pushPresent<T>(list: T[], value: T | undefined): void {
  if (value !== undefined && value !== '') {
    list.push(value);
  }
}
