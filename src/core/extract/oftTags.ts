/**
 * OpenFastTrace's coverage tags in code and any other text file its tag importer reads
 * (`LongTagImportingLineConsumer`): `[impl->dsn~validate-request~n]` (n a revision) anywhere in a line is an
 * item of artifact type `impl` that covers `dsn~validate-request~n`. The optional parts: a revision, or a name
 * and a revision, for the tag's own item (`[impl~~2->…]`, `[impl~validate-password~2->…]`), and the artifact
 * types the tag's item needs after `>>` (`[dsn->req~login~n>>impl,utest]`). These examples are written with
 * `n` so that this file holds no tag.
 */
import type { ItemDefinition, Link } from '../model';
import { LineIndex } from '../util/text';
import { crc32 } from '../util/crc32';
import { ARTIFACT_TYPE, ITEM_ID, ITEM_NAME, ITEM_REVISION, SPACE, javaLines, normalizeOftId, parseOftId } from './oftIds';

/**
 * The extensions the tag importer reads by default, compared case-sensitively as OpenFastTrace does
 * (`TagImporterFactory`): `.C` and `.H` are C++, `.JAVA` is not read.
 */
const TAG_FILE_EXTENSIONS: ReadonlySet<string> = new Set([
  ...['ads', 'adb', 'bat', 'c', 'C', 'cc', 'cpp', 'c++', 'h', 'H', 'h++', 'hh', 'hpp', 'c#', 'cs', 'cfg', 'conf', 'ini', 'feature', 'go', 'groovy'],
  ...['json', 'htm', 'html', 'xhtml', 'xml', 'yaml', 'yml', 'fxml', 'java', 'clj', 'kt', 'kts', 'scala', 'js', 'mjs', 'cjs', 'ejs', 'ts', 'lua'],
  ...['m', 'mm', 'php', 'proto', 'pl', 'pm', 'py', 'robot', 'pu', 'puml', 'plantuml', 'r', 'rs', 'sh', 'bash', 'zsh', 'sv', 'v', 'inc', 'swift'],
  ...['toml', 'tf', 'tfvars', 'sql', 'pls'],
]);

/** Whether OpenFastTrace's tag importer reads a file: by the text after the path's last dot. */
export function isOftTagFile(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > 0 && TAG_FILE_EXTENSIONS.has(path.slice(dot + 1));
}

/**
 * A tag, as `LongTagImportingLineConsumer.TAG_REGEX`: 1 artifact type, 2 own name, 3 own revision, 4 the
 * covered ID, 8 the needed artifact types. Its spaces never cross a line, so it runs over the whole text.
 */
const TAG = new RegExp(
  `\\[${SPACE}*(${ARTIFACT_TYPE})(?:~(${ITEM_NAME})?~(${ITEM_REVISION}))?${SPACE}*->${SPACE}*(${ITEM_ID})` +
    `${SPACE}*(?:>>${SPACE}*(${ARTIFACT_TYPE}(?:${SPACE}*,${SPACE}*${ARTIFACT_TYPE})*)${SPACE}*)?\\]`,
  'gdu',
);

/** The items and coverage links of a file's tags; nothing for a file without `->`. */
export function readOftTags(path: string, text: string, inTest: boolean): { items: ItemDefinition[]; links: Link[] } {
  const items: ItemDefinition[] = [];
  const links: Link[] = [];
  if (!text.includes('->')) {
    return { items, links };
  }
  const positions = new LineIndex(text);
  const range = (start: number, end: number) => ({ start: positions.positionAt(start), end: positions.positionAt(end) });
  const lines = javaLines(text);
  let line = 0;
  let previousLine = -1;
  let matchInLine = 0;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(text); match !== null; match = TAG.exec(text)) {
    while (line + 1 < lines.length && lines[line + 1]!.start <= match.index) {
      line++;
    }
    matchInLine = line === previousLine ? matchInLine + 1 : 0;
    previousLine = line;
    const covered = normalizeOftId(match[4]!);
    const needs = (match[8] ?? '').split(',').map((type) => type.trim()).filter(Boolean);
    const id = `${match[1]!}~${match[2] ?? generatedName(path, line + 1, matchInLine, covered, needs)}~${Number(match[3] ?? 0)}`;
    const [tagStart, tagEnd] = match.indices![0]!;
    const [coveredStart, coveredEnd] = match.indices![4]!;
    const attributes: Record<string, string> = { 'artifact type': match[1]! };
    if (needs.length > 0) {
      attributes['needs'] = needs.join(', ');
    }
    const location = { path, range: range(tagStart, tagEnd) };
    items.push({ id, kind: 'specification', title: '', location, sectionRange: location.range, attributes });
    links.push({ type: 'covers', from: id, to: covered, location: { path, range: range(coveredStart, coveredEnd) }, inTest });
  }
  return { items, links };
}

/**
 * The name of a tag's item when the tag gives none: the covered item's name when the tag needs coverage
 * itself (so that it can be covered in turn), else that name and a checksum of where the tag stands, unique
 * per tag. `line` is one-based and `matchInLine` counts the tags before it on its line, as in OpenFastTrace.
 */
function generatedName(path: string, line: number, matchInLine: number, covered: string, needs: readonly string[]): string {
  const name = parseOftId(covered)!.name;
  return needs.length > 0 ? name : `${name}-${crc32(`${path}${line}${matchInLine}${covered}`)}`;
}
