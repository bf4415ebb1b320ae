/** The Maintenance settings of `jsp-trace.jsonc`: the vulnerability clocks' policy, SBOM drift, support properties. */
import type { Node as JsonNode } from 'jsonc-parser';
import { DEFAULT_POLICY, type VulnerabilityPolicy } from '../graph/vulnerabilities';
import { properties, type Fail } from './config';
import { DEFAULT_END_OF_SUPPORT_PROPERTIES, DEFAULT_LEVEL_PROPERTIES } from '../graph/componentSupport';

const SEVERITIES = ['critical', 'high', 'medium', 'low'];

/** `"policy": { "communicateWithinDays": 30, "patchWithinDays": 60, "clockSeverities": ["critical"] }`. */
export function parsePolicy(node: JsonNode, fail: Fail): VulnerabilityPolicy {
  if (node.type !== 'object') {
    fail('policy', node, '"policy" must be an object: communicateWithinDays, patchWithinDays, clockSeverities.');
    return DEFAULT_POLICY;
  }
  const policy = { ...DEFAULT_POLICY };
  for (const [keyNode, valueNode] of properties(node)) {
    const key = keyNode.value as string;
    const field = `policy.${key}`;
    if (key === 'communicateWithinDays' || key === 'patchWithinDays') {
      if (valueNode.type !== 'number' || !Number.isInteger(valueNode.value) || (valueNode.value as number) < 0) {
        fail(field, valueNode, `"${field}" must be a whole number of days.`);
      } else {
        policy[key] = valueNode.value as number;
      }
    } else if (key === 'clockSeverities') {
      const values = valueNode.type === 'array' ? (valueNode.children ?? []).map((child) => child.value) : undefined;
      if (!values || !values.every((value): value is string => typeof value === 'string' && SEVERITIES.includes(value.toLowerCase()))) {
        fail(field, valueNode, `"${field}" must be an array of severities: ${SEVERITIES.join(', ')}.`);
      } else {
        policy.clockSeverities = values.map((value) => value.toLowerCase());
      }
    } else {
      fail(field, keyNode, `Unknown setting "${key}" in "policy". Known: communicateWithinDays, patchWithinDays, clockSeverities.`);
    }
  }
  return policy;
}

/** An object whose settings are all lists of strings: `"sbomDrift": { "ignore": [...] }`, `"support": { ... }`. */
function stringLists<K extends string>(setting: string, node: JsonNode, keys: readonly K[], defaults: Readonly<Record<K, readonly string[]>>, fail: Fail): Record<K, readonly string[]> {
  const result: Record<K, readonly string[]> = { ...defaults };
  if (node.type !== 'object') {
    fail(setting, node, `"${setting}" must be an object with ${keys.map((key) => `"${key}"`).join(', ')}.`);
    return result;
  }
  for (const [keyNode, valueNode] of properties(node)) {
    const key = keyNode.value as K;
    const field = `${setting}.${key}`;
    if (!keys.includes(key)) {
      fail(field, keyNode, `Unknown setting "${key}" in "${setting}". Known: ${keys.join(', ')}.`);
    } else if (valueNode.type !== 'array' || !(valueNode.children ?? []).every((child) => child.type === 'string')) {
      fail(field, valueNode, `"${field}" must be an array of strings.`);
    } else {
      result[key] = (valueNode.children ?? []).map((child) => child.value as string);
    }
  }
  return result;
}

/** `"sbomDrift": { "ignore": ["tools/**"] }`: lockfiles the drift check leaves out. */
export function parseSbomDrift(node: JsonNode, fail: Fail): { readonly ignore: readonly string[] } {
  return stringLists('sbomDrift', node, ['ignore'], { ignore: [] }, fail);
}

/** `"support": { "levelProperties": [...], "endOfSupportProperties": [...] }`: the SBOM property names to read. */
export function parseSupport(node: JsonNode, fail: Fail): { readonly levelProperties: readonly string[]; readonly endOfSupportProperties: readonly string[] } {
  return stringLists('support', node, ['levelProperties', 'endOfSupportProperties'], DEFAULT_CONFIG_SUPPORT, fail);
}

const DEFAULT_CONFIG_SUPPORT = { levelProperties: DEFAULT_LEVEL_PROPERTIES, endOfSupportProperties: DEFAULT_END_OF_SUPPORT_PROPERTIES };
