/**
 * sphinx-needs exports (`needs.json`, as `sphinx-build -b needs` or `needs_build_json` write it): the needs of
 * the `current_version` become items at the place their `id` is written in the JSON, their link fields links.
 */
import type { FileContributions, FileProblem, Range } from '../model';
import { elements, isJsonObjectText, JsonPositions, member, parseJsonTree, textOf, type JsonNode } from './jsonTree';
import { attributeName, isNeedId, NeedCollector, type NeedsContext, type NeedTarget } from './needs';

/** Whether a text may be a needs.json export; cheap, before any parsing. */
export function looksLikeNeedsExport(text: string): boolean {
  return isJsonObjectText(text) && /"current_version"\s*:/.test(text) && /"versions"\s*:/.test(text);
}

/**
 * The fields sphinx-needs itself fills in (its schema's `core` fields): not options a project gave the need,
 * so not attributes. Title, status, tags, content and where the need was written are read on their own.
 */
const CORE_FIELDS = new Set([
  'id', 'title', 'type', 'type_name', 'status', 'tags', 'content', 'description', 'docname', 'doctype', 'lineno',
  'lineno_content', 'section_name', 'sections', 'external_css', 'external_url', 'is_external', 'is_import',
  'is_modified', 'is_need', 'is_part', 'jinja_content', 'modifications', 'parent_need', 'parts', 'arch',
  'constraints', 'constraints_passed', 'constraints_results', 'constraints_error', 'has_dead_links',
  'has_forbidden_dead_links', 'layout', 'style', 'template', 'pre_template', 'post_template', 'pre_content',
  'post_content', 'signature', 'collapse', 'hide', 'full_title', 'id_complete', 'id_parent', 'target_id',
  'created', 'updated', 'delete',
]);

/**
 * Reads a needs.json export, or returns undefined for JSON without `versions`. Malformed JSON that looks
 * like an export, or a `current_version` that names no version, is one problem where the parser or the
 * field says.
 */
export function readNeedsExport(path: string, text: string, context: NeedsContext): FileContributions | undefined {
  const parsed = parseJsonTree(text);
  if (!parsed.root) {
    return { path, items: [], links: [], references: [], problems: [parsed.problem] };
  }
  const versions = member(parsed.root, 'versions');
  if (versions?.type !== 'object') {
    return undefined;
  }
  const positions = new JsonPositions(text);
  const currentNode = member(parsed.root, 'current_version');
  const current = textOf(currentNode);
  const needs = member(current === undefined ? undefined : member(versions, current), 'needs');
  if (needs?.type !== 'object') {
    const problem: FileProblem = {
      message: `Not readable as a sphinx-needs export: "current_version" ${current === undefined ? 'is missing' : `"${current}" names no version with needs`}, so none of its needs can be read`,
      range: positions.of(currentNode ?? versions),
    };
    return { path, items: [], links: [], references: [], problems: [problem] };
  }
  return new ExportReader(path, positions, context, member(versions, current!)!).read(needs);
}

class ExportReader {
  readonly #collector: NeedCollector;
  /** The link fields the export's schema names (newer exports carry a `needs_schema` and may leave out empty fields). */
  readonly #schemaLinks = new Set<string>();
  /** Fields the schema marks as sphinx-needs' own. */
  readonly #schemaCore = new Set<string>();

  constructor(
    readonly path: string,
    readonly positions: JsonPositions,
    readonly context: NeedsContext,
    version: JsonNode,
  ) {
    this.#collector = new NeedCollector(path, context);
    for (const [name, field] of entriesOf(member(member(version, 'needs_schema'), 'properties'))) {
      const fieldType = textOf(member(field, 'field_type'));
      (fieldType === 'links' ? this.#schemaLinks : fieldType === 'core' ? this.#schemaCore : new Set<string>()).add(name);
    }
  }

  read(needs: JsonNode): FileContributions {
    const typeOf = new Map(entriesOf(needs).map(([key, need]) => [textOf(member(need, 'id')) ?? key, textOf(member(need, 'type')) ?? '']));
    // The export says what every need is: a link to one of a type that is not traced is left out, not unknown.
    const untraced = (id: string) => typeOf.has(id) && !this.#collector.kindOf(typeOf.get(id)!);
    for (const [key, need, keyNode] of entriesOf(needs)) {
      const idNode = member(need, 'id');
      const id = textOf(idNode) ?? key;
      if (need.type !== 'object' || !isNeedId(id)) {
        continue;
      }
      const targets = this.#targets(need);
      this.#collector.add({
        id,
        idRange: this.#stringRange(idNode ?? keyNode, id),
        type: textOf(member(need, 'type')) ?? '',
        title: (textOf(member(need, 'title')) ?? '').trim(),
        sectionRange: this.positions.of(need),
        attributes: this.#attributes(need, new Set(targets.map((target) => target.option))),
        targets: targets.filter((target) => !untraced(target.id.split('.')[0]!)),
      });
    }
    const { items, links, references } = this.#collector;
    return { path: this.path, items, links, references, problems: [] };
  }

  /** Every ID in the need's link fields: `links`, the schema's link fields, any field with a `_back` twin, the configured link options. */
  #targets(need: JsonNode): NeedTarget[] {
    // A set and the entries' own values: a need with many fields costs their number, not its square.
    const entries = entriesOf(need);
    const names = new Set(entries.map(([name]) => name));
    const isLinkField = (name: string) =>
      !name.endsWith('_back') && (this.#schemaLinks.has(name) || names.has(`${name}_back`) || this.#collector.isLinkOption(name));
    return entries.filter(([name]) => isLinkField(name)).flatMap(([option, value]) =>
      elements(value)
        .map((node) => ({ node, id: textOf(node) ?? '' }))
        .filter(({ id }) => isNeedId(id))
        .map(({ node, id }) => ({ option, id, range: this.#stringRange(node, id) })),
    );
  }

  /** Status, tags, the type's name, where the need was written, its content and the project's own options. */
  #attributes(need: JsonNode, links: ReadonlySet<string>): Record<string, string> {
    const attributes: Record<string, string> = {};
    const set = (name: string, value: string | undefined) => {
      if (value?.trim()) {
        attributes[name] = value.trim();
      }
    };
    set('type name', textOf(member(need, 'type_name')));
    set('status', textOf(member(need, 'status')));
    set('tags', elements(member(need, 'tags')).map(textOf).filter(Boolean).join(', '));
    const docname = textOf(member(need, 'docname'));
    const lineno = textOf(member(need, 'lineno'));
    set('source', docname && `${docname}${textOf(member(need, 'doctype')) ?? '.rst'}${lineno ? `:${lineno}` : ''}`);
    set('section', textOf(member(need, 'section_name')));
    set('description', textOf(member(need, 'content')) ?? textOf(member(need, 'description')));
    for (const [name, value] of entriesOf(need)) {
      if (!CORE_FIELDS.has(name) && !this.#schemaCore.has(name) && !links.has(name) && !name.endsWith('_back')) {
        set(attributeName(name), textOf(value));
      }
    }
    return attributes;
  }

  /** Where a string's text is written, without its quotes (the whole string when it holds escapes). */
  #stringRange(node: JsonNode, value: string): Range {
    return node.type === 'string' && node.length === value.length + 2 ? this.positions.between(node.offset + 1, node.offset + 1 + value.length) : this.positions.of(node);
  }
}

/** An object's members as [name, value, name node]; none for anything else. */
function entriesOf(node: JsonNode | undefined): [string, JsonNode, JsonNode][] {
  if (node?.type !== 'object') {
    return [];
  }
  return (node.children ?? []).flatMap((property) => {
    const [name, value] = property.children ?? [];
    return name && value && typeof name.value === 'string' ? [[name.value, value, name] as [string, JsonNode, JsonNode]] : [];
  });
}
