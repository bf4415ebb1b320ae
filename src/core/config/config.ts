import { parseTree, printParseErrorCode, findNodeAtLocation, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { JSP_KINDS, type JspKind, type Range, type SeveritySetting } from '../model';
import { LineIndex } from '../util/text';
import { RULES } from '../graph/rules';
import { idPatternProblem } from './patternCheck';
import { isIsoDate } from '../util/dates';
import { FDA_CATEGORIES, parseCategories } from '../graph/categories';
import { DEFAULT_POLICY, type VulnerabilityPolicy } from '../graph/vulnerabilities';
import { DEFAULT_END_OF_SUPPORT_PROPERTIES, DEFAULT_LEVEL_PROPERTIES } from '../graph/componentSupport';
import { parsePolicy, parseSbomDrift, parseSupport } from './maintenanceConfig';
import { isCoverageMeasure, minimumProblem, type CoverageMinimums } from '../report/coverageMinimums';
import type { CoverageMeasure } from '../report/coverageWording';
import { DEFAULT_NEEDS, kindsWithNeedPatterns, type NeedsConfig } from './needsSettings';
import { parseNeeds } from './needsConfig';
import { applyConventionSetting } from './conventionsConfig';
import { DEFAULT_TABLE_CONVENTIONS, type AnnotationVerbs, type LinkKeySynonyms, type TableConventions } from '../extract/linkKeys';

/** The file name of the optional configuration at the workspace root. */
export const CONFIG_FILE_NAME = 'jsp-trace.jsonc';

/** How one kind of item is recognised. */
export interface KindConfig {
  /** Regular expression source matching one ID of this kind, e.g. `SR-\d+`. Matched as a whole word. */
  readonly pattern: string;
}

/** The effective configuration: defaults with the file's values on top. */
export interface TraceConfig {
  readonly include: readonly string[];
  /** Globs never indexed: {@link DEFAULT_EXCLUDES} plus the file's `exclude`. */
  readonly exclude: readonly string[];
  /** Globs of files whose annotations come from tests. */
  readonly tests: readonly string[];
  /** Globs of test results files (JUnit XML), read for the outcome of each test. */
  readonly testResults: readonly string[];
  /** Globs of JSON files read as CycloneDX SBOMs or VEX documents (when their `bomFormat` says so). */
  readonly sboms: readonly string[];
  /** Globs of JSON files read as threat models (Threat Dragon, Open Threat Model) when their content says so. */
  readonly threatModels: readonly string[];
  /** Put before a threat's number in a threat model when its title starts with no ID (`TM-` makes `TM-21`). */
  readonly threatIdPrefix: string;
  /** The SBOM drift check: lockfiles it leaves out (dev-only ones, say). */
  readonly sbomDrift: { readonly ignore: readonly string[] };
  /** The component property names that give its level of support and its end of support. */
  readonly support: { readonly levelProperties: readonly string[]; readonly endOfSupportProperties: readonly string[] };
  /** sphinx-needs: need types as kinds, link options as links, and the globs of `needs.json` exports. */
  readonly needs: NeedsConfig;
  /** Whether files ignored by the root `.gitignore` are skipped. */
  readonly useGitignore: boolean;
  /** Files larger than this many bytes are skipped (and logged). */
  readonly maxFileSize: number;
  readonly kinds: Readonly<Record<JspKind, KindConfig>>;
  /** Severity overrides by rule name. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** Link keys of the team's own, by link type, on top of the built-in ones: `"Satisfies"` for `derives`. */
  readonly linkKeys: LinkKeySynonyms;
  /** Keys that link from the ID written to the section's item: `"Verified by"` for `verifies`. */
  readonly reversedLinkKeys: LinkKeySynonyms;
  /** Annotation verbs of the team's own, as written in comments, on top of `@implements`, `@verifies`, `@mitigates`. */
  readonly annotationVerbs: AnnotationVerbs;
  /** How a table that defines items gives each row its title. */
  readonly tables: TableConventions;
  /** Why a FDA security control category has no requirement or control, by the category's canonical name. */
  readonly categories: Readonly<Record<string, string>>;
  /** How long a vulnerability may wait to be communicated and patched, and which ones are on the clock. */
  readonly policy: VulnerabilityPolicy;
  /** The least coverage `jsp-trace check` accepts, per measure, in percent (`--min-coverage` adds to it). */
  readonly minCoverage: CoverageMinimums;
  /**
   * The date rules measure expiry against (`YYYY-MM-DD`). In the file only for tests; a host sets it from
   * `--today` or its clock once per run. Undefined: expiry is not checked.
   */
  readonly today: string | undefined;
}

/** Dependencies, version control and build output: always excluded, whatever the file's `exclude` adds. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/out/**',
  '**/build/**',
  '**/target/**',
  '**/coverage/**',
  '**/.venv/**',
  '**/__pycache__/**',
];

/** The JSP defaults from DESIGN.md section 3: with no configuration file these apply. */
export const DEFAULT_CONFIG: TraceConfig = {
  include: ['**/*'],
  exclude: DEFAULT_EXCLUDES,
  tests: ['**/test/**', '**/tests/**', '**/__tests__/**', '**/*.test.*', '**/*.spec.*', '**/test_*.*', '**/*_test.*'],
  sboms: ['**/*.cdx.json', '**/bom.json', '**/*.bom.json', '**/*sbom*.json', '**/*vex*.json'],
  threatModels: ['**/*.json'],
  threatIdPrefix: 'TM-',
  sbomDrift: { ignore: [] },
  support: { levelProperties: DEFAULT_LEVEL_PROPERTIES, endOfSupportProperties: DEFAULT_END_OF_SUPPORT_PROPERTIES },
  needs: DEFAULT_NEEDS,
  testResults: ['**/junit*.xml', '**/TEST-*.xml', '**/test-results/**/*.xml', '**/test-results.xml', '**/*-junit.xml', '**/*.junit.xml'],
  useGitignore: true,
  maxFileSize: 1024 * 1024,
  kinds: {
    objective: { pattern: 'SO-\\d+' },
    misuse: { pattern: 'MC-\\d+' },
    threat: { pattern: 'TM-\\d+' },
    requirement: { pattern: 'SR-\\d+' },
    control: { pattern: 'SC-\\d+' },
    test: { pattern: 'TC-\\d+' },
    vulnerability: { pattern: 'VULN-\\d+' },
    risk: { pattern: 'RA-\\d+' },
    // A package URL (purl), as SBOM components are named: `pkg:npm/lodash@4.17.21`, `pkg:generic/mbedtls@3.6.0`.
    component: { pattern: 'pkg:[a-z]+/[A-Za-z0-9._%-]+(?:/[A-Za-z0-9._%-]+)*@[A-Za-z0-9._+-]+' },
  },
  rules: {},
  linkKeys: {},
  reversedLinkKeys: {},
  annotationVerbs: {},
  tables: DEFAULT_TABLE_CONVENTIONS,
  categories: {},
  policy: DEFAULT_POLICY,
  minCoverage: {},
  today: undefined,
};

/** A problem in the configuration file, naming the field and where it is written. */
export interface ConfigError {
  /** The field's path, e.g. `kinds.requirement.pattern`; empty for a syntax error. */
  readonly field: string;
  readonly message: string;
  readonly range: Range;
}

export interface ConfigResult {
  readonly config: TraceConfig;
  /** Any error means the file is not usable; callers report them and do not fall back silently. */
  readonly errors: readonly ConfigError[];
}

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

/** Parses and validates the text of `jsp-trace.jsonc`. */
export function parseConfig(text: string): ConfigResult {
  const lines = new LineIndex(text);
  const errors: ConfigError[] = [];
  const rangeOf = (offset: number, length: number): Range => ({
    start: lines.positionAt(offset),
    end: lines.positionAt(offset + Math.max(length, 1)),
  });
  const fail = (field: string, node: JsonNode | undefined, message: string): void => {
    errors.push({ field, message, range: node ? rangeOf(node.offset, node.length) : rangeOf(0, 0) });
  };

  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  const syntaxError = parseErrors[0];
  if (syntaxError) {
    // Only the first: the ones after it follow from it.
    const what = printParseErrorCode(syntaxError.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    errors.push({ field: '', message: `Invalid JSONC: ${what}.`, range: rangeOf(syntaxError.offset, syntaxError.length) });
    return { config: DEFAULT_CONFIG, errors };
  }
  if (!root) {
    return { config: DEFAULT_CONFIG, errors };
  }
  if (root.type !== 'object') {
    fail('', root, 'The configuration must be a JSON object.');
    return { config: DEFAULT_CONFIG, errors };
  }

  const config: MutableConfig = { ...DEFAULT_CONFIG };
  for (const [keyNode, valueNode] of properties(root)) {
    applySetting(config, keyNode, valueNode, fail);
  }
  // Need types' own ID patterns join their kinds' before anything checks or uses the kinds' patterns.
  config.kinds = kindsWithNeedPatterns(config.kinds, config.needs);
  checkThreatIdPrefix(config, root, fail);
  return { config, errors };
}

type MutableConfig = { -readonly [K in keyof TraceConfig]: TraceConfig[K] };

/** Validates one top-level setting and puts its value in `config`; a wrong value is reported and skipped. */
function applySetting(config: MutableConfig, keyNode: JsonNode, valueNode: JsonNode, fail: Fail): void {
  const stringList = (field: string, node: JsonNode) => globList(field, node, fail);
  const key = keyNode.value as string;
  switch (key) {
    case '$schema':
      break;
    case 'include':
    case 'tests':
    case 'testResults':
    case 'threatModels':
    case 'sboms': {
      const list = stringList(key, valueNode);
      if (list) {
        config[key] = list;
      }
      break;
    }
    case 'exclude': {
      const list = stringList(key, valueNode);
      if (list) {
        config.exclude = [...DEFAULT_EXCLUDES, ...list];
      }
      break;
    }
    case 'useGitignore':
      if (valueNode.type !== 'boolean') {
        fail(key, valueNode, '"useGitignore" must be true or false.');
      } else {
        config.useGitignore = valueNode.value as boolean;
      }
      break;
    case 'maxFileSize':
      if (valueNode.type !== 'number' || !Number.isInteger(valueNode.value) || (valueNode.value as number) <= 0) {
        fail(key, valueNode, '"maxFileSize" must be a positive whole number of bytes.');
      } else {
        config.maxFileSize = valueNode.value as number;
      }
      break;
    case 'threatIdPrefix':
      if (valueNode.type !== 'string') {
        fail(key, valueNode, '"threatIdPrefix" must be a string, such as "TM-".');
      } else {
        config.threatIdPrefix = valueNode.value as string;
      }
      break;
    case 'today':
      if (valueNode.type !== 'string' || !isIsoDate(valueNode.value as string)) {
        fail(key, valueNode, '"today" must be a date written YYYY-MM-DD (for tests only: the CLI takes --today).');
      } else {
        config.today = valueNode.value as string;
      }
      break;
    default:
      if (isObjectSetting(key)) {
        (config as Record<ObjectSetting, unknown>)[key] = OBJECT_SETTINGS[key](valueNode, fail);
      } else if (!applyConventionSetting(config, key, valueNode, fail)) {
        fail(
          key,
          keyNode,
          `Unknown setting "${key}". Known settings: include, exclude, tests, testResults, sboms, sbomDrift, threatModels, threatIdPrefix, support, needs, useGitignore, maxFileSize, kinds, rules, linkKeys, reversedLinkKeys, annotationVerbs, tables, categories, policy, minCoverage, today.`,
        );
      }
  }
}

/** The settings whose value is an object, each with the parser that validates it. */
const OBJECT_SETTINGS: { readonly [K in ObjectSetting]: (node: JsonNode, fail: Fail) => TraceConfig[K] } = {
  kinds: parseKinds,
  rules: parseRules,
  categories: parseCategoryJustifications,
  policy: parsePolicy,
  minCoverage: parseMinCoverage,
  sbomDrift: parseSbomDrift,
  support: parseSupport,
  needs: parseNeeds,
};
type ObjectSetting = 'kinds' | 'rules' | 'categories' | 'policy' | 'minCoverage' | 'sbomDrift' | 'support' | 'needs';
const isObjectSetting = (key: string): key is ObjectSetting => Object.hasOwn(OBJECT_SETTINGS, key);

/**
 * A threat's number after a prefix the person wrote must make an ID of the threat kind. The default prefix
 * is not held against a custom threat pattern: such threats are reported as without an ID, naming the setting.
 */
function checkThreatIdPrefix(config: TraceConfig, root: JsonNode, fail: Fail): void {
  const node = findNodeAtLocation(root, ['threatIdPrefix']);
  const example = `${config.threatIdPrefix}21`;
  if (node && !new RegExp(`^(?:${config.kinds.threat.pattern})$`, 'u').test(example)) {
    fail('threatIdPrefix', node, `"threatIdPrefix" "${config.threatIdPrefix}" followed by a threat's number (${example}) does not match the threat pattern "${config.kinds.threat.pattern}".`);
  }
}

export type Fail = (field: string, node: JsonNode | undefined, message: string) => void;

/** An array of glob strings, or undefined after reporting that the value is not one. */
export function globList(field: string, node: JsonNode, fail: Fail): string[] | undefined {
  if (node.type !== 'array' || !node.children?.every((child) => child.type === 'string')) {
    fail(field, node, `"${field}" must be an array of glob strings.`);
    return undefined;
  }
  return node.children.map((child) => child.value as string);
}

/** The key and value nodes of a JSON object's properties, skipping any the parser left incomplete. */
export function* properties(node: JsonNode): Generator<[key: JsonNode, value: JsonNode]> {
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode && valueNode) {
      yield [keyNode, valueNode];
    }
  }
}

function parseKinds(node: JsonNode, fail: Fail): Record<JspKind, KindConfig> {
  const kinds: Record<JspKind, KindConfig> = { ...DEFAULT_CONFIG.kinds };
  if (node.type !== 'object') {
    fail('kinds', node, '"kinds" must be an object keyed by kind name.');
    return kinds;
  }
  for (const [keyNode, valueNode] of properties(node)) {
    const kind = keyNode.value as JspKind;
    const field = `kinds.${kind}`;
    if (!JSP_KINDS.includes(kind)) {
      fail(field, keyNode, `Unknown kind "${kind}". Known kinds: ${JSP_KINDS.join(', ')}.`);
      continue;
    }
    const patternNode = valueNode.type === 'object' ? findNodeAtLocation(valueNode, ['pattern']) : undefined;
    if (valueNode.type !== 'object' || !patternNode) {
      fail(field, valueNode, `"${field}" must be an object with a "pattern" string.`);
      continue;
    }
    const unknownKey = valueNode.children?.map((child) => child.children?.[0]).find((key) => key?.value !== 'pattern');
    if (unknownKey) {
      fail(`${field}.${String(unknownKey.value)}`, unknownKey, `Unknown setting "${String(unknownKey.value)}" in "${field}"; only "pattern" is allowed.`);
    }
    const problem = patternProblem(patternNode);
    if (problem) {
      fail(`${field}.pattern`, patternNode, problem);
      continue;
    }
    kinds[kind] = { pattern: patternNode.value as string };
  }
  return kinds;
}

function patternProblem(node: JsonNode): string | undefined {
  if (node.type !== 'string' || (node.value as string).length === 0) {
    return 'The pattern must be a non-empty regular expression string.';
  }
  return idPatternProblem(node.value as string);
}

function parseRules(node: JsonNode, fail: Fail): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  if (node.type !== 'object') {
    fail('rules', node, '"rules" must be an object mapping rule names to a severity.');
    return rules;
  }
  for (const [keyNode, valueNode] of properties(node)) {
    const name = keyNode.value as string;
    const field = `rules.${name}`;
    if (!RULES.some((rule) => rule.name === name)) {
      fail(field, keyNode, `Unknown rule "${name}". Known rules: ${RULES.map((rule) => rule.name).join(', ')}.`);
      continue;
    }
    if (!SEVERITY_SETTINGS.includes(valueNode.value as SeveritySetting)) {
      fail(field, valueNode, `"${field}" must be one of ${SEVERITY_SETTINGS.map((s) => `"${s}"`).join(', ')}.`);
      continue;
    }
    rules[name] = valueNode.value as SeveritySetting;
  }
  return rules;
}

/** `"minCoverage": { "verified": 90, "mitigated": 100 }`. */
function parseMinCoverage(node: JsonNode, fail: Fail): CoverageMinimums {
  const minimums: CoverageMinimums = {};
  if (node.type !== 'object') {
    fail('minCoverage', node, '"minCoverage" must be an object mapping a coverage measure to a percentage, e.g. { "verified": 90 }.');
    return minimums;
  }
  for (const [keyNode, valueNode] of properties(node)) {
    const measure = keyNode.value as string;
    const problem = minimumProblem(measure, valueNode.value);
    if (problem) {
      fail(`minCoverage.${measure}`, isCoverageMeasure(measure) ? valueNode : keyNode, `In "minCoverage", ${problem}`);
    } else {
      minimums[measure as CoverageMeasure] = valueNode.value as number;
    }
  }
  return minimums;
}

function parseCategoryJustifications(node: JsonNode, fail: Fail): Record<string, string> {
  const justifications: Record<string, string> = {};
  if (node.type !== 'object') {
    fail('categories', node, '"categories" must be an object mapping an FDA security control category to why it has no control.');
    return justifications;
  }
  for (const [keyNode, valueNode] of properties(node)) {
    const written = keyNode.value as string;
    const field = `categories.${written}`;
    const { known, unknown } = parseCategories(written);
    if (known.length !== 1 || unknown.length > 0) {
      fail(field, keyNode, `Unknown category "${written}". FDA's categories: ${FDA_CATEGORIES.join('; ')}.`);
      continue;
    }
    if (valueNode.type !== 'string' || (valueNode.value as string).trim() === '') {
      fail(field, valueNode, `"${field}" must be a non-empty justification string.`);
      continue;
    }
    justifications[known[0]!] = valueNode.value as string;
  }
  return justifications;
}
