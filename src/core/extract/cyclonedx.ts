/**
 * CycloneDX JSON (spec 1.4–1.6): the components of an SBOM, its dependency graph, and the vulnerabilities of
 * an SBOM or a separate VEX document, each with the place in the file it comes from.
 *
 * A {@link JsonCursor} reads the parts that become items straight from the text and skips the rest, checking
 * it as strictly as `JSON.parse` (no comments, no trailing commas); where the text is not JSON, jsonc-parser,
 * with the same strictness, names the error and places it.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';
import type { FileContributions, FileProblem, ItemDefinition, Link, Range } from '../model';
import { LineIndex } from '../util/text';
import { JsonCursor, JsonSyntaxError, type JsonType, type MemberReader, type ValueReader } from './jsonCursor';

const BYTE_ORDER_MARK = 0xfeff;
const A_TYPE: Readonly<Record<JsonType, string>> = {
  object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'true or false', null: 'null',
};

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
    if (!reader.read(text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0)) {
      return contributions([], [], []);
    }
    // References inside the file name bom-refs: they link to the items those bom-refs name.
    const idOf = (ref: string) => reader.idsByRef.get(ref) ?? ref;
    const links = reader.links.map((link) => ({ ...link, from: link.from === undefined ? undefined : idOf(link.from), to: idOf(link.to) }));
    return contributions(reader.items, links, reader.problems);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return contributions([], [], [syntaxProblem(text, error.offset)]);
    }
    // Only a pathological file gets here (components nested thousands deep exhaust the stack).
    return contributions([], [], [{ message: `Not readable as CycloneDX: ${String(error)}`, range: reader.range(0, 0) }]);
  }
}

/** The one problem of a file that is not JSON: jsonc-parser's first error, in words, where it found it. */
function syntaxProblem(text: string, offset: number): FileProblem {
  const lines = new LineIndex(text);
  const errors: { code: number; offset: number; length: number }[] = [];
  // jsonc-parser cannot read a byte order mark; a space in its place keeps the offsets.
  const input = text.charCodeAt(0) === BYTE_ORDER_MARK ? ` ${text.slice(1)}` : text;
  visit(input, { onError: (code, at, length) => void errors.push({ code, offset: at, length }) }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // jsonc-parser and the cursor have not been seen to disagree; were they to, the cursor's offset still holds.
  const first = errors[0];
  const what = first ? printParseErrorCode(first.code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'not JSON';
  const start = Math.min(first?.offset ?? offset, text.length);
  const end = Math.min(start + Math.max(first?.length ?? 1, 1), text.length);
  return { message: `Not readable as JSON: ${what}`, range: { start: lines.positionAt(start), end: lines.positionAt(end) } };
}

/** A string value, and where its text is: inside the quotes. */
interface Located { readonly value: string; readonly start: number; readonly end: number }

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

/** Reads one CycloneDX document into items, links and problems. */
class BomReader {
  items: ItemDefinition[] = [];
  readonly links: Link[] = [];
  readonly problems: FileProblem[] = [];
  /** The item ID of each component whose bom-ref is not its ID (it is named by its purl). */
  readonly idsByRef = new Map<string, string>();
  readonly #path: string;
  readonly #json: JsonCursor;
  #lines: LineIndex | undefined;

  constructor(path: string, text: string) {
    this.#path = path;
    this.#json = new JsonCursor(text);
  }

  /** Reads the document from `start`; whether it is CycloneDX. Throws a `JsonSyntaxError` where it is not JSON. */
  read(start: number): boolean {
    let bomFormat: string | undefined;
    let [hasComponents, hasVulnerabilities] = [false, false];
    const product: ItemDefinition[] = [];
    const readMember: MemberReader = (key, value) => {
      const type = this.#json.typeAt(value);
      switch (key) {
        case 'bomFormat':
          return void (bomFormat = type === 'string' ? this.#json.string(value) : undefined);
        case 'metadata':
          return this.#object(value, '"metadata"', (field, at) => (field === 'component' ? this.#component(at, '"metadata.component"', product, true) : undefined));
        case 'components':
          hasComponents = type !== 'array' && type !== 'null';
          return this.#array(value, '"components"', (at) => {
            hasComponents = true;
            return this.#component(at, 'An entry of "components"', this.items);
          });
        case 'dependencies':
          return this.#array(value, '"dependencies"', (at) => this.#dependency(at));
        case 'vulnerabilities':
          hasVulnerabilities = type === 'array';
          return this.#array(value, '"vulnerabilities"', (at) => this.#vulnerability(at));
        default:
          return undefined;
      }
    };
    this.#json.document(start, (root) => (this.#json.typeAt(root) === 'object' ? this.#json.members(root, readMember) : undefined));
    // A VEX document (vulnerabilities, no components) names in metadata.component the product it speaks of,
    // which the product's SBOM defines: read here too, its ID would be defined twice (Dependency-Track puts the
    // project's UUID there in both its SBOM and its VEX exports).
    this.items = hasVulnerabilities && !hasComponents ? this.items : [...product, ...this.items];
    return bomFormat === 'CycloneDX';
  }

  range(start: number, end: number): Range {
    this.#lines ??= new LineIndex(this.#json.text);
    return { start: this.#lines.positionAt(start), end: this.#lines.positionAt(end) };
  }

  /**
   * Reads a component, then the components nested in it, into `out` in document order. The component the BOM
   * describes (`metadata.component`, the product itself rather than a part of it) says so in its attributes.
   */
  #component(start: number, what: string, out: ItemDefinition[], isSubject = false): number | undefined {
    const fields: Partial<Record<ComponentField, Located>> = {};
    const attributes: Record<string, string> = {};
    const own: Record<string, string> = isSubject ? { 'metadata component': 'true' } : {};
    const licenses: string[] = [];
    const slot = out.length;
    const end = this.#object(start, what, (key, at) => {
      if (isComponentField(key)) {
        fields[key] = this.#located(at, `"${key}"`);
      } else if (key === 'supplier') {
        return this.#object(at, '"supplier"', (field, value) => void (field === 'name' && put(own, 'supplier', this.#string(value, '"supplier.name"'))));
      } else if (key === 'licenses') {
        return this.#array(at, '"licenses"', (entry) => this.#license(entry, licenses));
      } else if (key === 'properties') {
        return this.#array(at, '"properties"', (entry) => this.#property(entry, attributes));
      } else if (key === 'components') {
        return this.#array(at, '"components"', (entry) => this.#component(entry, 'An entry of "components"', out));
      }
      return undefined;
    });
    if (end === undefined) {
      return undefined;
    }
    put(own, 'licenses', licenses.join(', '));
    // The component's own fields win over a property of the same name.
    const item = this.#componentItem(start, end, fields, Object.assign(attributes, own));
    if (item) {
      // After its nested components, which `out` holds from `slot` on: only they move.
      out.splice(slot, 0, item);
    }
    return end;
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
  #license(start: number, out: string[]): number | undefined {
    return this.#object(start, 'An entry of "licenses"', (key, at) => {
      if (key === 'expression') {
        return void pushPresent(out, this.#string(at, '"expression"'));
      }
      const named: Record<string, string> = {};
      const end = key !== 'license' ? undefined
        : this.#object(at, '"license"', (field, value) => void ((field === 'id' || field === 'name') && put(named, field, this.#string(value, `"${field}"`))));
      pushPresent(out, named['id'] ?? named['name']);
      return end;
    });
  }

  /** A property becomes an attribute under its name in lower case; values of one name are joined. */
  #property(start: number, attributes: Record<string, string>): number | undefined {
    let name: string | undefined;
    let value = '';
    const end = this.#object(start, 'An entry of "properties"', (key, at) => {
      if (key === 'name') {
        name = this.#string(at, '"name"');
      } else if (key === 'value') {
        value = this.#string(at, '"value"') ?? '';
      }
      return undefined;
    });
    if (name !== undefined) {
      const key = name.toLowerCase();
      const before = Object.hasOwn(attributes, key) ? attributes[key] : undefined;
      attributes[key] = before && value ? `${before}, ${value}` : before || value;
    }
    return end;
  }

  #dependency(start: number): number | undefined {
    let ref: string | undefined;
    const targets: Located[] = [];
    const end = this.#object(start, 'An entry of "dependencies"', (key, at) => {
      if (key === 'ref') {
        ref = this.#string(at, '"ref"');
      } else if (key === 'dependsOn') {
        return this.#array(at, '"dependsOn"', (entry) => void pushPresent(targets, this.#located(entry, 'An entry of "dependsOn"')));
      }
      return undefined;
    });
    const from = ref && refTarget(ref);
    for (const target of from ? targets : []) {
      this.links.push({ type: 'depends', from, to: refTarget(target.value), location: this.#location(target), inTest: false });
    }
    return end;
  }

  #vulnerability(start: number): number | undefined {
    let id: Located | undefined;
    const texts: Record<string, string> = {};
    const attributes: Record<string, string> = {};
    const severities: string[] = [];
    const cwes: string[] = [];
    const affects: Located[] = [];
    const end = this.#object(start, 'An entry of "vulnerabilities"', (key, at) => {
      switch (key) {
        case 'id':
          return void (id = this.#located(at, '"id"'));
        case 'description':
        case 'detail':
          return void put(texts, key, this.#string(at, `"${key}"`));
        case 'published':
        case 'created':
        case 'updated':
          return void put(attributes, key, this.#string(at, `"${key}"`));
        case 'analysis':
          return this.#analysis(at, attributes);
        case 'ratings':
          return this.#array(at, '"ratings"', (entry) => this.#object(entry, 'An entry of "ratings"', (field, value) => void (field === 'severity' && pushPresent(severities, this.#string(value, '"severity"')))));
        case 'cwes':
          return this.#array(at, '"cwes"', (entry) => void pushPresent(cwes, this.#cwe(entry)));
        case 'source':
          return this.#object(at, '"source"', (field, value) => void (field === 'name' && put(attributes, 'source', this.#string(value, '"source.name"'))));
        case 'affects':
          return this.#array(at, '"affects"', (entry) => this.#object(entry, 'An entry of "affects"', (field, value) => void (field === 'ref' && pushPresent(affects, this.#located(value, '"ref"')))));
        default:
          return undefined;
      }
    });
    if (end === undefined) {
      return undefined;
    }
    if (!id?.value) {
      this.#problem(start, this.#firstLineEnd(start, end), 'This vulnerability has no "id" (its CVE or other identifier) to trace it by: JSP Trace skipped it.');
      return end;
    }
    put(attributes, 'severity', highestSeverity(severities));
    put(attributes, 'cwe', cwes.join(', '));
    const title = firstLine(texts['description']) ?? firstLine(texts['detail']) ?? id.value;
    this.items.push({ id: id.value, kind: 'vulnerability', title, location: this.#location(id), sectionRange: this.range(start, end), attributes });
    for (const ref of affects) {
      this.links.push({ type: 'affects', from: id.value, to: refTarget(ref.value), location: this.#location(ref), inTest: false });
    }
    return end;
  }

  #analysis(start: number, attributes: Record<string, string>): number | undefined {
    return this.#object(start, '"analysis"', (key, at) => {
      const attribute = ANALYSIS_ATTRIBUTES.get(key);
      if (attribute !== undefined) {
        put(attributes, attribute, this.#string(at, `"${key}"`));
      } else if (key === 'response') {
        const responses: string[] = [];
        const end = this.#array(at, '"response"', (entry) => void pushPresent(responses, this.#string(entry, 'An entry of "response"')));
        put(attributes, 'response', responses.join(', '));
        return end;
      }
      return undefined;
    });
  }

  /** CycloneDX writes a CWE as its number; a few producers write `CWE-79`. */
  #cwe(start: number): string | undefined {
    const type = this.#json.typeAt(start);
    if (type === 'number' || type === 'string') {
      return type === 'number' ? `CWE-${this.#json.text.slice(start, this.#json.end(start))}` : this.#json.string(start);
    }
    return void this.#expect(start, 'number', 'An entry of "cwes"');
  }

  #object(start: number, what: string, read: MemberReader): number | undefined {
    return this.#expect(start, 'object', what) ? this.#json.members(start, read) : undefined;
  }

  #array(start: number, what: string, read: ValueReader): number | undefined {
    return this.#expect(start, 'array', what) ? this.#json.elements(start, read) : undefined;
  }

  #string(start: number, what: string): string | undefined {
    return this.#expect(start, 'string', what) ? this.#json.string(start) : undefined;
  }

  #located(start: number, what: string): Located | undefined {
    const end = this.#expect(start, 'string', what) ? this.#json.end(start) : undefined;
    return end === undefined ? undefined : { value: this.#json.string(start, end), start: start + 1, end: end - 1 };
  }

  /** Whether the value at `start` has the type; a wrong type (null aside, which means absent) is a problem. */
  #expect(start: number, type: JsonType, what: string): boolean {
    const actual = this.#json.typeAt(start);
    if (actual !== type && actual !== 'null') {
      this.#problem(start, this.#json.end(start), `${what} should be ${A_TYPE[type]}, but it is ${A_TYPE[actual]}: JSP Trace skipped it.`);
    }
    return actual === type;
  }

  #problem(start: number, end: number, message: string): void {
    this.problems.push({ message, range: this.range(start, end) });
  }

  #location(located: Located): Link['location'] {
    return { path: this.#path, range: this.range(located.start, located.end) };
  }

  /** Where the first line of the value from `start` to `end` ends: the whole value when it is on one line. */
  #firstLineEnd(start: number, end: number): number {
    const text = this.#json.text;
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
