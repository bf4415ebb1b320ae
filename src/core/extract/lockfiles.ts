import { errorMessage } from '../util/errors';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { FileProblem, LockedPackage, LockfileEcosystem, Position, Range } from '../model';

export type { LockedPackage, LockfileEcosystem };
import { LineIndex } from '../util/text';

/** What {@link readLockfile} read from one lockfile. */
export interface Lockfile {
  readonly packages: LockedPackage[];
  /** At most one for JSON and TOML (the parser's first error); one per malformed go.sum line. */
  readonly problems: FileProblem[];
}

/** Reads one kind of lockfile; `lines` holds the text. */
type Reader = (lines: LineIndex, fileName: string) => Lockfile;

/** Whether {@link readLockfile} knows the file by its name. */
export function isLockfile(path: string): boolean {
  return readerFor(fileNameOf(path)) !== undefined;
}

/**
 * Reads the packages a lockfile pins: `package-lock.json` and `npm-shrinkwrap.json` (lockfile v1 to v3),
 * `poetry.lock`, pip's `requirements*.txt` (pinned lines only), `Cargo.lock` and `go.sum`. Undefined
 * when the file name is none of these. Malformed JSON or TOML gives one problem at the parser's
 * position, never an exception.
 */
export function readLockfile(path: string, text: string): Lockfile | undefined {
  const fileName = fileNameOf(path);
  return readerFor(fileName)?.(new LineIndex(text), fileName);
}

function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function readerFor(fileName: string): Reader | undefined {
  switch (fileName) {
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return readPackageLock;
    case 'poetry.lock':
      return readPoetryLock;
    case 'Cargo.lock':
      return readCargoLock;
    case 'go.sum':
      return readGoSum;
    default:
      return fileName.startsWith('requirements') && fileName.endsWith('.txt') ? readRequirements : undefined;
  }
}

function locked(ecosystem: LockfileEcosystem, name: string, version: string, range: Range, dev: boolean): LockedPackage {
  return { purl: `pkg:${ecosystem}/${purlName(ecosystem, name)}@${version}`, ecosystem, name, version, range, dev };
}

/**
 * The name part of the purl. npm's scope `@` is percent-encoded (`%40babel/core`); PyPI names are
 * normalised as PEP 503 says, as the purl spec asks; Cargo and Go names stay as written (a Go module
 * path's segments are the purl's namespace). Versions stay as written, `+` included, as the `component`
 * ID pattern expects.
 */
function purlName(ecosystem: LockfileEcosystem, name: string): string {
  if (ecosystem === 'npm') {
    return name.startsWith('@') ? `%40${name.slice(1)}` : name;
  }
  return ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

function pointRange(position: Position): Range {
  return { start: position, end: position };
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function spanRange(lines: LineIndex, offset: number, length: number): Range {
  return { start: lines.positionAt(offset), end: lines.positionAt(offset + length) };
}

function unreadable(message: string, range: Range): Lockfile {
  return { packages: [], problems: [{ message, range }] };
}

const FILE_START = pointRange({ line: 0, character: 0 });

const NODE_MODULES = 'node_modules/';

function readPackageLock(lines: LineIndex): Lockfile {
  const tooDeep = tooDeepAt(lines.text);
  if (tooDeep !== undefined) {
    return unreadable(`Not readable as JSON: nested more than ${MAX_JSON_DEPTH} levels deep.`, spanRange(lines, tooDeep, 0));
  }
  const errors: ParseError[] = [];
  const root = parseTree(lines.text, errors, { disallowComments: true, allowTrailingComma: false });
  const error = errors[0];
  if (error) {
    // Only the first: the ones after it follow from it.
    const what = printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return unreadable(`Not readable as JSON: ${what}.`, spanRange(lines, error.offset, error.length));
  }
  const keyRange = (key: JsonNode): Range => spanRange(lines, key.offset, key.length);
  const packages: LockedPackage[] = [];
  // Lockfile v2 writes both trees: `packages` is the complete one; v1 has only `dependencies`.
  const tree = root && findNodeAtLocation(root, ['packages']);
  if (tree?.type === 'object') {
    readPackagesTree(tree, keyRange, packages);
  } else {
    const dependencies = root && findNodeAtLocation(root, ['dependencies']);
    readDependenciesTree(dependencies, keyRange, packages);
  }
  return { packages, problems: [] };
}

/**
 * Lockfile v2/v3 `packages`: keys are install folders. The root `""` and workspace folders (keys without
 * `node_modules/`) are the project itself, and `link: true` entries point at such a folder. A `name`
 * field is written when it differs from the folder: an alias (`"string-width-cjs": npm:string-width@4`).
 */
function readPackagesTree(tree: JsonNode, keyRange: (key: JsonNode) => Range, out: LockedPackage[]): void {
  for (const [key, entry] of members(tree)) {
    const folder = String(key.value);
    const at = folder.lastIndexOf(NODE_MODULES);
    const version = stringMember(entry, 'version');
    if (at === -1 || version === undefined || entry.type !== 'object' || booleanMember(entry, 'link')) {
      continue;
    }
    const name = stringMember(entry, 'name') ?? folder.slice(at + NODE_MODULES.length);
    const dev = booleanMember(entry, 'dev') || booleanMember(entry, 'devOptional');
    out.push(locked('npm', name, version, keyRange(key), dev));
  }
}

/**
 * Lockfile v1 `dependencies`: a tree keyed by name. An alias's version reads `npm:<name>@<version>`;
 * other versions with a `:` are git, file or tarball URLs, with no registry version an SBOM would list.
 */
function readDependenciesTree(tree: JsonNode | undefined, keyRange: (key: JsonNode) => Range, out: LockedPackage[]): void {
  if (tree?.type !== 'object') {
    return;
  }
  for (const [key, entry] of members(tree)) {
    let name = String(key.value);
    let version = stringMember(entry, 'version');
    if (version?.startsWith('npm:')) {
      const at = version.lastIndexOf('@');
      [name, version] = at > 'npm:'.length ? [version.slice('npm:'.length, at), version.slice(at + 1)] : [name, undefined];
    }
    if (version !== undefined && !version.includes(':')) {
      out.push(locked('npm', name, version, keyRange(key), booleanMember(entry, 'dev')));
    }
    readDependenciesTree(findNodeAtLocation(entry, ['dependencies']), keyRange, out);
  }
}

/** jsonc-parser and the v1 tree walk recurse once per level: deeper than this, the stack could run out. */
const MAX_JSON_DEPTH = 1000;

/** The offset of the bracket that opens level {@link MAX_JSON_DEPTH} + 1, if any. */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      i += char === '\\' ? 1 : 0;
      inString = char !== '"';
    } else if (char === '"') {
      inString = true;
    } else if ((char === '{' || char === '[') && ++depth > MAX_JSON_DEPTH) {
      return i;
    } else if (char === '}' || char === ']') {
      depth--;
    }
  }
  return undefined;
}

function members(node: JsonNode): [key: JsonNode, value: JsonNode][] {
  return (node.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key && value ? [[key, value] as [JsonNode, JsonNode]] : [];
  });
}

function stringMember(node: JsonNode, key: string): string | undefined {
  const value = findNodeAtLocation(node, [key]);
  return value?.type === 'string' ? (value.value as string) : undefined;
}

function booleanMember(node: JsonNode, key: string): boolean {
  return findNodeAtLocation(node, [key])?.value === true;
}

/**
 * Poetry before 1.5 wrote `category = "dev"`; Poetry 2 writes `groups`, and a package outside `main`
 * is only needed by a dev, test or docs group. Local `directory` sources are the project's own code.
 */
function readPoetryLock(lines: LineIndex): Lockfile {
  return readTomlPackages(lines, 'pypi', (table) => {
    const source = table['source'];
    if (isTable(source) && source['type'] === 'directory') {
      return undefined;
    }
    const groups = table['groups'];
    return table['category'] === 'dev' || (Array.isArray(groups) && groups.length > 0 && !groups.includes('main'));
  });
}

/** A package without `source` is one of the workspace's own crates. Cargo.lock does not say what is dev-only. */
function readCargoLock(lines: LineIndex): Lockfile {
  return readTomlPackages(lines, 'cargo', (table) => (typeof table['source'] === 'string' ? false : undefined));
}

/** The `[[package]]` tables that have a name and a version; `devOf` says whether one is dev-only, or skips it. */
function readTomlPackages(
  lines: LineIndex,
  ecosystem: LockfileEcosystem,
  devOf: (table: Readonly<Record<string, unknown>>) => boolean | undefined,
): Lockfile {
  let document: Record<string, unknown>;
  try {
    document = parseToml(lines.text);
  } catch (error) {
    return unreadable(...tomlProblem(error, lines));
  }
  const tables = Array.isArray(document['package']) ? document['package'].filter(isTable) : [];
  const ranges = placeTomlPackages(tables, lines);
  const packages = tables.flatMap((table, i) => {
    const { name, version } = table;
    const dev = typeof name === 'string' && typeof version === 'string' ? devOf(table) : undefined;
    return dev === undefined ? [] : [locked(ecosystem, String(name), String(version), ranges[i]!, dev)];
  });
  return { packages, problems: [] };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** smol-toml counts lines and columns from 1 and in UTF-16 code units; its message ends with a code excerpt. */
function tomlProblem(error: unknown, lines: LineIndex): [message: string, range: Range] {
  if (!(error instanceof TomlError)) {
    return [`Not readable as TOML: ${errorMessage(error)}`, FILE_START];
  }
  const message = error.message.replace(/^Invalid TOML document: /, '').split('\n', 1)[0];
  const line = Math.min(Math.max(error.line - 1, 0), lines.lineCount - 1);
  const character = Math.min(Math.max(error.column - 1, 0), lines.lineText(line).length);
  return [`Not readable as TOML: ${message}`, pointRange({ line, character })];
}

/**
 * Gives each parsed `[[package]]` table the range of its `name = "..."` line. The TOML parser gives
 * values, not positions, so the text is scanned for `[[package]]` headers, and in each header's block
 * (up to the next table header, so a dependency called `name` under `[package.dependencies]` is never
 * taken) for the line whose key is `name`. That line's value is read by the TOML parser itself, not by
 * a pattern. Parsed tables and scanned blocks are both in file order: each table takes the next block
 * whose name equals its own, so a header-like line inside a multi-line string cannot shift the rest.
 * A table with no such block (a quoted or dotted `package` header) points at the start of the file.
 */
function placeTomlPackages(tables: readonly Record<string, unknown>[], lines: LineIndex): Range[] {
  const blocks = scanPackageNames(lines);
  let next = 0;
  return tables.map((table) => {
    let found = next;
    while (found < blocks.length && blocks[found]!.name !== table['name']) {
      found++;
    }
    if (found === blocks.length) {
      return FILE_START;
    }
    next = found + 1;
    return blocks[found]!.range;
  });
}

function scanPackageNames(lines: LineIndex): { name: string; range: Range }[] {
  const names: { name: string; range: Range }[] = [];
  let inPackage = false;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
      // A table header; a line of a multi-line array starts with a value, not `[`, in both formats.
      inPackage = /^\[\[\s*package\s*\]\]\s*(#.*)?$/.test(trimmed);
    } else if (inPackage && /^["']?name["']?\s*=/.test(trimmed)) {
      const name = tomlKeyValue(trimmed, 'name');
      if (name !== undefined) {
        const start = text.indexOf(trimmed);
        names.push({ name, range: lineRange(line, start, start + trimmed.length) });
      }
    }
  }
  return names;
}

/** The string value of a one-line `key = value`, read by the TOML parser; undefined if it is not one. */
function tomlKeyValue(line: string, key: string): string | undefined {
  try {
    const value = parseToml(line)[key];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `name[extras] == version` once options and markers are cut off; `==` or `===` with one exact version. */
const PINNED_REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s,;*=<>!~]+)$/;
/** pip's comment rule: `#` at the start of a line or after whitespace. */
const COMMENT = /(^|\s)#.*$/;
/** pip never continues a comment line, even one that ends with `\`. */
const WHOLE_LINE_COMMENT = /^\s*#/;

/**
 * pip requirements files, as pip-compile writes them (hashes on `\`-continued lines, `# via` comments)
 * or by hand. No well-kept npm library parses them, so this is a small line parser after pip's own
 * rules: `\` continues a line unless the line is a comment, comments start at `#` after whitespace.
 * Only exact pins count: an unpinned, ranged or wildcard requirement has no version to compare with an
 * SBOM, and options (`-r`, `-e`, `--index-url`), URL and path requirements name no registry version.
 * The file name is the only hint of dev use pip has: `requirements-dev.txt`, `requirements_test.txt`.
 */
function readRequirements(lines: LineIndex, fileName: string): Lockfile {
  const dev = fileName.slice('requirements'.length, -'.txt'.length).split(/[-_.]/).some((word) => DEV_WORDS.has(word));
  const packages: LockedPackage[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const firstLine = line;
    const first = lines.lineText(line);
    let logical = first;
    while (logical.endsWith('\\') && !WHOLE_LINE_COMMENT.test(lines.lineText(line)) && line + 1 < lines.lineCount) {
      logical = logical.slice(0, -1) + lines.lineText(++line);
    }
    const requirement = logical.replace(COMMENT, '').split(/\s--?[A-Za-z]/, 1)[0]!.split(';', 1)[0]!.trim();
    const match = requirement.startsWith('-') ? null : PINNED_REQUIREMENT.exec(requirement);
    if (match) {
      // The requirement starts the logical line, so on its first physical line; pip-compile keeps it whole there.
      const start = logical.indexOf(requirement);
      const end = Math.min(start + requirement.length, first.length - (first.endsWith('\\') ? 1 : 0));
      packages.push(locked('pypi', match[1]!, match[2]!, lineRange(firstLine, start, end), dev));
    }
  }
  return { packages, problems: [] };
}

const DEV_WORDS: ReadonlySet<string> = new Set(['dev', 'test', 'tests']);

/**
 * go.sum has `module version h1:hash` lines, and `module version/go.mod h1:hash` for the module's go.mod.
 * Only the first kind counts: a module whose go.sum has only its go.mod line took part in version
 * selection but none of its code is built, so no SBOM lists it. Versions keep their `v` and any
 * `+incompatible`, as Go purls write them.
 */
function readGoSum(lines: LineIndex): Lockfile {
  const packages: LockedPackage[] = [];
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  for (let line = 0; line < lines.lineCount; line++) {
    const fields = lines.lineText(line).trim().split(/\s+/).filter(Boolean);
    if (fields.length === 0) {
      continue;
    }
    const [module, version] = fields;
    if (fields.length !== 3 || !module || !version) {
      const range = lineRange(line, 0, lines.lineText(line).length);
      problems.push({ message: 'Not a go.sum line: expected "module version hash".', range });
    } else if (!version.endsWith('/go.mod') && !seen.has(`${module}@${version}`)) {
      seen.add(`${module}@${version}`);
      const start = lines.lineText(line).indexOf(module);
      const end = lines.lineText(line).indexOf(version, start + module.length) + version.length;
      packages.push(locked('golang', module, version, lineRange(line, start, end), false));
    }
  }
  return { packages, problems };
}
