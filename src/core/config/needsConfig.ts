/** The `needs` setting of `jsp-trace.jsonc`: sphinx-needs types as kinds, link options as links, where exports are. */
import type { Node as JsonNode } from 'jsonc-parser';
import { JSP_KINDS, type ItemKind, type JspKind } from '../model';
import { globList, properties, type Fail } from './config';
import { idPatternProblem } from './patternCheck';
import { DEFAULT_NEEDS, NEED_LINK_MEANINGS, type NeedLinkMeaning, type NeedLinkSetting, type NeedsConfig, type NeedTypeSetting } from './needsSettings';

/** A need type or link option as sphinx-needs names directives and options: `req`, `tool_req`, `tutorial-test`. */
const NEED_NAME = /^[A-Za-z][\w-]*$/;

/**
 * `"needs": { "exports": [...], "types": { "req": "requirement", ... }, "links": { "tests": "verifies", ... } }`.
 * Types and links are added to the defaults (a type set to null is not traced); a wrong entry is reported
 * and skipped.
 */
export function parseNeeds(node: JsonNode, fail: Fail): NeedsConfig {
  if (node.type !== 'object') {
    fail('needs', node, '"needs" must be an object: exports, types, links.');
    return DEFAULT_NEEDS;
  }
  let needs = DEFAULT_NEEDS;
  for (const [keyNode, valueNode] of properties(node)) {
    const key = keyNode.value as string;
    if (key === 'exports') {
      const globs = globList('needs.exports', valueNode, fail);
      needs = globs ? { ...needs, exports: globs } : needs;
    } else if (key === 'types') {
      needs = { ...needs, types: { ...needs.types, ...entries('needs.types', valueNode, fail, needType) } };
    } else if (key === 'links') {
      needs = { ...needs, links: { ...needs.links, ...entries('needs.links', valueNode, fail, needLink) } };
    } else {
      fail(`needs.${key}`, keyNode, `Unknown setting "${key}" in "needs". Known: exports, types, links.`);
    }
  }
  return needs;
}

/** Reads one entry's value, reporting what is wrong with it; undefined skips the entry. */
type EntryReader<T> = (field: string, node: JsonNode, fail: Fail) => T | undefined;

/** The entries of an object keyed by need type or link option names, each read by `read`. */
function entries<T>(setting: string, node: JsonNode, fail: Fail, read: EntryReader<T>): Record<string, T> {
  const result: Record<string, T> = {};
  if (node.type !== 'object') {
    fail(setting, node, `"${setting}" must be an object keyed by ${setting === 'needs.types' ? 'need type (the directive name, such as "req")' : 'link option (such as "tests")'}.`);
    return result;
  }
  for (const [keyNode, valueNode] of properties(node)) {
    const name = keyNode.value as string;
    const field = `${setting}.${name}`;
    if (!NEED_NAME.test(name)) {
      fail(field, keyNode, `"${name}" is not a sphinx-needs name: letters, digits, "_" and "-", starting with a letter.`);
      continue;
    }
    const value = read(field, valueNode, fail);
    if (value !== undefined) {
      result[name] = value;
    }
  }
  return result;
}

const KIND_LIST = JSP_KINDS.join(', ');

/** `"requirement"`, `{ "kind": "requirement", "pattern": "REQ_\\d+" }`, or null (not traced). */
function needType(field: string, node: JsonNode, fail: Fail): NeedTypeSetting | null | undefined {
  if (node.type === 'null') {
    return null;
  }
  if (node.type === 'string') {
    return kindOf(field, node, fail) && { kind: node.value as JspKind };
  }
  if (node.type !== 'object') {
    fail(field, node, `"${field}" must be a kind (${KIND_LIST}), an object with "kind" and "pattern", or null.`);
    return undefined;
  }
  let kind: JspKind | undefined;
  let pattern: string | undefined;
  let valid = true;
  for (const [keyNode, valueNode] of properties(node)) {
    const key = keyNode.value as string;
    if (key === 'kind') {
      kind = kindOf(`${field}.kind`, valueNode, fail);
      valid &&= kind !== undefined;
    } else if (key === 'pattern') {
      const problem = valueNode.type === 'string' && (valueNode.value as string).length > 0 ? idPatternProblem(valueNode.value as string) : 'The pattern must be a non-empty regular expression string.';
      if (problem) {
        fail(`${field}.pattern`, valueNode, problem);
        valid = false;
      } else {
        pattern = valueNode.value as string;
      }
    } else {
      fail(`${field}.${key}`, keyNode, `Unknown setting "${key}" in "${field}"; only "kind" and "pattern" are allowed.`);
    }
  }
  if (kind === undefined && valid) {
    fail(field, node, `"${field}" must name a "kind" (${KIND_LIST}).`);
  }
  return valid && kind !== undefined ? { kind, ...(pattern === undefined ? {} : { pattern }) } : undefined;
}

function kindOf(field: string, node: JsonNode, fail: Fail): JspKind | undefined {
  if (node.type === 'string' && JSP_KINDS.includes(node.value as JspKind)) {
    return node.value as JspKind;
  }
  fail(field, node, `"${field}" must be a kind: ${KIND_LIST}.`);
  return undefined;
}

const MEANING_LIST = NEED_LINK_MEANINGS.map((meaning) => `"${meaning}"`).join(', ');

/** `"verifies"`, or one meaning per kind of the declaring need: `{ "test": "verifies", "control": "implements" }`. */
function needLink(field: string, node: JsonNode, fail: Fail): NeedLinkSetting | undefined {
  if (node.type === 'string') {
    return meaningOf(field, node, fail);
  }
  if (node.type !== 'object') {
    fail(field, node, `"${field}" must be one of ${MEANING_LIST}, or an object mapping kinds of the declaring need to one of them.`);
    return undefined;
  }
  const byKind: Partial<Record<ItemKind, NeedLinkMeaning>> = {};
  let valid = true;
  for (const [keyNode, valueNode] of properties(node)) {
    const kind = keyNode.value as ItemKind;
    if (!JSP_KINDS.includes(kind as JspKind)) {
      fail(`${field}.${kind}`, keyNode, `Unknown kind "${kind}". Known kinds: ${KIND_LIST}.`);
      valid = false;
      continue;
    }
    const meaning = meaningOf(`${field}.${kind}`, valueNode, fail);
    if (meaning === undefined) {
      valid = false;
    } else {
      byKind[kind] = meaning;
    }
  }
  return valid ? byKind : undefined;
}

function meaningOf(field: string, node: JsonNode, fail: Fail): NeedLinkMeaning | undefined {
  if (node.type === 'string' && NEED_LINK_MEANINGS.includes(node.value as NeedLinkMeaning)) {
    return node.value as NeedLinkMeaning;
  }
  fail(field, node, `"${field}" must be one of ${MEANING_LIST}.`);
  return undefined;
}
