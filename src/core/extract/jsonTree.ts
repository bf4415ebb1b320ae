/**
 * JSON documents read whole, with positions: the threat-model readers parse a file into jsonc-parser's tree
 * (as strictly as `JSON.parse`) and take from each node where it is written, so that findings land on the
 * line inside the JSON file.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { FileProblem, Range } from '../model';
import { LineIndex } from '../util/text';
import type { JsonSyntaxError } from './cyclonedxJson';

export type JsonNode = Node;

/** Whether a JSON text's root is an object, as every model these readers read has it: a data array never is. */
export function isJsonObjectText(text: string): boolean {
  return /^\s*\{/.test(text);
}

/** A JSON text parsed into a tree, or the parser's first error where it found it. */
export type ParsedJson = { readonly root: JsonNode; readonly problem?: undefined } | { readonly root?: undefined; readonly problem: FileProblem };

export function parseJsonTree(text: string): ParsedJson {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  if (first || !root) {
    const what = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'value expected';
    return { problem: jsonSyntaxProblem(text, { what, offset: first?.offset ?? 0, length: first?.length ?? 0 }) };
  }
  return { root };
}

/** The one problem of a file that is not JSON: the parser's first error, in words and in place. */
export function jsonSyntaxProblem(text: string, error: JsonSyntaxError): FileProblem {
  const lines = new LineIndex(text);
  const start = Math.min(error.offset, text.length);
  const end = Math.min(start + Math.max(error.length, 1), text.length);
  return { message: `Not readable as JSON: ${error.what}`, range: { start: lines.positionAt(start), end: lines.positionAt(end) } };
}

/** The value of an object's member, or undefined when the node is no object or has no such member. */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') {
    return undefined;
  }
  for (const property of node.children ?? []) {
    const [name, value] = property.children ?? [];
    if (name?.value === key) {
      return value;
    }
  }
  return undefined;
}

/** The member at a path of keys, e.g. `['detail', 'diagrams']`. */
export function memberAt(node: JsonNode | undefined, path: readonly string[]): JsonNode | undefined {
  return path.reduce<JsonNode | undefined>((current, key) => member(current, key), node);
}

/** The elements of an array node; none for anything else. */
export function elements(node: JsonNode | undefined): readonly JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

/** A member's value as text: a string as written, a number or boolean in its JSON spelling. */
export function textOf(node: JsonNode | undefined): string | undefined {
  if (node?.type === 'string') {
    return node.value as string;
  }
  return node?.type === 'number' || node?.type === 'boolean' ? String(node.value) : undefined;
}

/** Positions of nodes in one text. */
export class JsonPositions {
  readonly #lines: LineIndex;

  constructor(text: string) {
    this.#lines = new LineIndex(text);
  }

  /** Where a node is written, quotes included. */
  of(node: JsonNode): Range {
    return this.between(node.offset, node.offset + node.length);
  }

  between(start: number, end: number): Range {
    return { start: this.#lines.positionAt(start), end: this.#lines.positionAt(end) };
  }
}
