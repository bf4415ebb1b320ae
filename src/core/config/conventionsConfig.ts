/** The settings of `jsp-trace.jsonc` for a team's own conventions: link keys, annotation verbs, tables. */
import type { Node as JsonNode } from 'jsonc-parser';
import { properties, type Fail } from './config';
import {
  ANNOTATION_MEANINGS,
  BUILT_IN_ANNOTATION_VERBS,
  DEFAULT_TABLE_CONVENTIONS,
  DOCUMENT_LINK_TYPES,
  builtInLinkOfKey,
  normalizedKey,
  type AnnotationVerbs,
  type ConventionSettings,
  type LinkKeySynonyms,
  type TableConventions,
} from '../extract/linkKeys';

/** What a key may look like: what the reader takes for the key of a `Key: value` line. */
const KEY_SHAPE = /^[A-Za-z][A-Za-z /()-]{0,40}$/;
/** What a verb may look like: one word of up to 40 characters with at least one letter. */
const VERB_SHAPE = /^(?=[^\s]*[A-Za-z])[^\s]{1,40}$/;
const TITLE_FALLBACKS: readonly TableConventions['titleFallback'][] = ['second-column', 'none'];

/** Validates one of the conventions settings and puts its value in `config`; false when `key` is none of them. */
export function applyConventionSetting(config: { -readonly [K in keyof ConventionSettings]: ConventionSettings[K] }, key: string, node: JsonNode, fail: Fail): boolean {
  switch (key) {
    case 'linkKeys':
      config.linkKeys = parseLinkKeys(key, node, config.reversedLinkKeys, fail);
      return true;
    case 'reversedLinkKeys':
      config.reversedLinkKeys = parseLinkKeys(key, node, config.linkKeys, fail);
      return true;
    case 'annotationVerbs':
      config.annotationVerbs = parseAnnotationVerbs(node, fail);
      return true;
    case 'tables':
      config.tables = parseTables(node, fail);
      return true;
    default:
      return false;
  }
}

/**
 * `"linkKeys"` or `"reversedLinkKeys"`: more keys per link type, e.g. `{ "derives": ["Satisfies"] }`. A key
 * must not be a key of another link already, built in or in `other` (the other of the two settings).
 */
function parseLinkKeys(setting: 'linkKeys' | 'reversedLinkKeys', node: JsonNode, other: LinkKeySynonyms, fail: Fail): LinkKeySynonyms {
  const reversed = setting === 'reversedLinkKeys';
  const taken = new Map<string, string>();
  for (const [type, keys] of Object.entries(other)) {
    keys.forEach((key) => taken.set(normalizedKey(key), `a key of "${reversed ? 'linkKeys' : 'reversedLinkKeys'}.${type}"`));
  }
  const known = `link types: ${DOCUMENT_LINK_TYPES.join(', ')}`;
  return parseLists(setting, node, DOCUMENT_LINK_TYPES, known, fail, (field, key, type) => {
    if (!KEY_SHAPE.test(key.trim())) {
      return `"${key}" cannot be a link key: a key starts with a letter and holds only letters, spaces, "/", "(", ")" and "-", at most 41 characters.`;
    }
    const builtIn = builtInLinkOfKey(key);
    if (builtIn && (builtIn.type !== type || builtIn.reversed !== reversed)) {
      return `"${key}" is a built-in key that declares ${builtIn.reversed ? 'reversed ' : ''}"${builtIn.type}" links; it cannot also be a key of "${field}".`;
    }
    const clash = taken.get(normalizedKey(key));
    taken.set(normalizedKey(key), `a key of "${field}"`);
    return clash && `"${key}" is already ${clash}.`;
  });
}

/**
 * `"annotationVerbs"`: more verbs per meaning, as written in comments, e.g. `{ "verifies": ["@tests"] }`.
 * A verb must not mean something else already.
 */
function parseAnnotationVerbs(node: JsonNode, fail: Fail): AnnotationVerbs {
  const taken = new Map<string, string>();
  const known = `meanings: ${ANNOTATION_MEANINGS.join(', ')} ("traces": "verifies" in a test file, "implements" elsewhere)`;
  return parseLists('annotationVerbs', node, ANNOTATION_MEANINGS, known, fail, (field, verb, meaning) => {
    if (!VERB_SHAPE.test(verb)) {
      return `"${verb}" cannot be an annotation verb: a verb is one word of up to 40 characters, with at least one letter, as written in comments (e.g. "@tests", "lobster-trace:").`;
    }
    const builtIn = BUILT_IN_ANNOTATION_VERBS.get(verb);
    if (builtIn && builtIn !== meaning) {
      return `"${verb}" is the built-in verb of "${builtIn}"; it cannot also be a verb of "${field}".`;
    }
    const clash = taken.get(verb);
    taken.set(verb, field);
    return clash && `"${verb}" is already a verb of "${clash}".`;
  });
}

/** `"tables": { "titleColumns": ["Title", ...], "titleFallback": "second-column" }`. */
function parseTables(node: JsonNode, fail: Fail): TableConventions {
  const tables = { ...DEFAULT_TABLE_CONVENTIONS };
  if (node.type !== 'object') {
    fail('tables', node, '"tables" must be an object with "titleColumns" and "titleFallback".');
    return tables;
  }
  for (const [keyNode, valueNode] of properties(node)) {
    const key = keyNode.value as string;
    const field = `tables.${key}`;
    if (key === 'titleColumns') {
      const names = valueNode.type === 'array' ? (valueNode.children ?? []).map((child) => child.value) : undefined;
      if (!names || !names.every((name): name is string => typeof name === 'string' && name.trim() !== '')) {
        fail(field, valueNode, `"${field}" must be an array of column names, e.g. ["Title", "Name"].`);
      } else {
        tables.titleColumns = names;
      }
    } else if (key === 'titleFallback') {
      if (!TITLE_FALLBACKS.includes(valueNode.value as TableConventions['titleFallback'])) {
        fail(field, valueNode, `"${field}" must be "second-column" (a table without a title column takes the second column as the title) or "none".`);
      } else {
        tables.titleFallback = valueNode.value as TableConventions['titleFallback'];
      }
    } else {
      fail(field, keyNode, `Unknown setting "${key}" in "tables". Known: titleColumns, titleFallback.`);
    }
  }
  return tables;
}

/**
 * An object mapping names from `names` (described by `known` in an error) to arrays of strings, each string
 * checked by `problemOf` (given the field, the string and the name), with errors at the offending node.
 */
function parseLists<Name extends string>(
  setting: string,
  node: JsonNode,
  names: readonly Name[],
  known: string,
  fail: Fail,
  problemOf: (field: string, value: string, name: Name) => string | undefined,
): Partial<Record<Name, readonly string[]>> {
  const result: Partial<Record<Name, readonly string[]>> = {};
  if (node.type !== 'object') {
    fail(setting, node, `"${setting}" must be an object whose keys are ${names.map((name) => `"${name}"`).join(', ')}, each with an array of strings.`);
    return result;
  }
  for (const [keyNode, valueNode] of properties(node)) {
    const name = keyNode.value as Name;
    const field = `${setting}.${name}`;
    if (!names.includes(name)) {
      fail(field, keyNode, `Unknown key "${name}" in "${setting}". Known ${known}.`);
      continue;
    }
    if (valueNode.type !== 'array' || !(valueNode.children ?? []).every((child) => child.type === 'string')) {
      fail(field, valueNode, `"${field}" must be an array of strings.`);
      continue;
    }
    const values: string[] = [];
    for (const child of valueNode.children ?? []) {
      const problem = problemOf(field, child.value as string, name);
      if (problem) {
        fail(field, child, problem);
      } else {
        values.push((child.value as string).trim());
      }
    }
    result[name] = values;
  }
  return result;
}
