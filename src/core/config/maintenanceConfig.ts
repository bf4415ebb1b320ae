/** The Maintenance settings of `jsp-trace.jsonc`: the vulnerability clocks' policy. */
import type { Node as JsonNode } from 'jsonc-parser';
import { DEFAULT_POLICY, type VulnerabilityPolicy } from '../graph/vulnerabilities';
import { properties, type Fail } from './config';

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
