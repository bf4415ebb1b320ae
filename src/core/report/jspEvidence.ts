import { DEFAULT_CONFIG } from '../config/config';
import type { TraceIndex } from '../graph/traceIndex';

/**
 * Whether a folder holds JSP evidence: at least one link, that is a link line (`Mitigates: TM-3`) or a
 * verb annotation (`@implements SR-4`) naming an ID of a configured kind. Items alone do not count: the
 * default prefixes collide with NIST SP 800-53 control families, so a compliance document's heading
 * `## SC-28 Protection of Information at Rest` defines an item without making the folder a JSP project.
 * OpenFastTrace's items (`req~x~1`) collide with nothing, so one alone is evidence of a traced folder.
 */
export function hasJspEvidence(index: TraceIndex): boolean {
  for (const file of index.graph.files()) {
    if (file.links.length > 0 || file.items.some((item) => item.kind === 'specification')) {
      return true;
    }
  }
  return false;
}

/**
 * The text of a starter `jsp-trace.jsonc`: an empty configuration (the defaults apply) whose comments show
 * the default ID pattern of every kind and the other fields a project changes first.
 */
export function starterConfigText(): string {
  const kinds = Object.entries(DEFAULT_CONFIG.kinds).map(
    ([kind, { pattern }], i, all) => `  //   ${JSON.stringify(kind)}: { "pattern": ${JSON.stringify(pattern)} }${i < all.length - 1 ? ',' : ''}`,
  );
  return [
    '// JSP Trace configuration. Every field is optional; the commented-out values are the defaults.',
    '// The file itself switches JSP Trace on in this folder, even before anything is traced.',
    '{',
    '  // VS Code checks this file against the JSP Trace schema; for other editors, point "$schema" at',
    '  // schemas/jsp-trace.schema.json of the jsp-trace package.',
    '  // "$schema": "./node_modules/jsp-trace/schemas/jsp-trace.schema.json",',
    '',
    '  // The ID pattern of each kind of item, a regular expression matched as a whole word. Uncomment',
    '  // "kinds" and change a pattern to match your IDs, e.g. "requirement": { "pattern": "REQ-\\\\d{3}" }.',
    '  // "kinds": {',
    ...kinds,
    '  // },',
    '',
    '  // The severity of each rule: "error", "warning", "info" or "off".',
    '  // "rules": { "requirement-not-derived": "warning" },',
    '',
    '  // Files to leave out, on top of .gitignore (globs relative to this folder).',
    '  // "exclude": ["docs/archive/**"]',
    '}',
    '',
  ].join('\n');
}
