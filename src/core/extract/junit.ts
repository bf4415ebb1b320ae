import { errorMessage } from '../util/errors';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FileProblem, TestCaseResult, TestOutcome, TestProperty } from '../model';

export type { TestCaseResult, TestOutcome, TestProperty };
import { LineIndex } from '../util/text';

/** What {@link readJUnit} read from one file: its test cases, or the problem that stopped it. */
export interface JUnitFile {
  readonly path: string;
  readonly testCases: readonly TestCaseResult[];
  /** At most one problem: the XML parser's message at the position it gave. */
  readonly problems: readonly FileProblem[];
}

/** A node of fast-xml-parser's `preserveOrder` output: one key (the tag) plus `:@` for attributes. */
type OrderedNode = Record<string, unknown>;

interface SuiteContext {
  readonly name: string;
  readonly timestamp: string | undefined;
  /** The suite's `file` attribute (mocha-junit-reporter writes one per suite). */
  readonly file: string | undefined;
  /** Offset of the suite's start tag, the fallback position of its test cases. */
  readonly start: number;
}

/** A test case before its position is settled: `start` is the parser's offset, when it gave one. */
interface PendingCase extends Omit<TestCaseResult, 'position'> {
  readonly start: number | undefined;
  readonly suiteStart: number;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  captureMetaData: true,
  processEntities: true,
  htmlEntities: false,
  // Left unparsed: a suite's properties (Surefire writes every JVM property, most of its bytes) and the
  // captured output. Neither says how a test ended; a test case's own properties are still read.
  stopNodes: ['*.testsuite.properties', 'testsuite.properties', '*.system-out', '*.system-err'],
});
// Typed as the `Symbol` wrapper in fast-xml-parser's declarations; it is a primitive symbol at run time.
const metaData = XMLParser.getMetaDataSymbol() as unknown as symbol;
const ATTRIBUTES = ':@';
const OUTCOME_TAGS: Readonly<Record<string, TestOutcome>> = { failure: 'failed', error: 'error', skipped: 'skipped' };

/**
 * Reads the test cases of a JUnit XML file as pytest, jest-junit, mocha-junit-reporter, Maven Surefire,
 * go-junit-report and ctest write it. Malformed XML gives one problem with the parser's message and
 * position, never an exception. A well-formed file that is not JUnit XML simply has no test cases.
 */
export function readJUnit(path: string, text: string): JUnitFile {
  const lines = new LineIndex(text);
  const invalid = validate(text, lines);
  if (invalid) {
    return { path, testCases: [], problems: [invalid] };
  }
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch (error) {
    const message = `Not readable as XML: ${errorMessage(error)}`;
    return { path, testCases: [], problems: [{ message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
  }
  const pending: PendingCase[] = [];
  walk(asNodes(document), { name: '', timestamp: undefined, file: undefined, start: 0 }, pending);
  return { path, testCases: placeCases(text, lines, pending), problems: [] };
}

function validate(text: string, lines: LineIndex): FileProblem | undefined {
  let result: ReturnType<typeof XMLValidator.validate>;
  try {
    result = XMLValidator.validate(text);
  } catch (error) {
    result = { err: { code: 'Exception', msg: errorMessage(error), line: 1, col: 1 } };
  }
  if (result === true) {
    return undefined;
  }
  // The validator counts lines and columns from 1; clamp them into the text so the range is always valid.
  // Some errors ("Start tag expected.") come without a column.
  const oneBased = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value - 1 : 0);
  const line = Math.min(Math.max(oneBased(result.err.line), 0), lines.lineCount - 1);
  const character = Math.min(Math.max(oneBased(result.err.col), 0), lines.lineText(line).length);
  const position = { line, character };
  return { message: `Not readable as XML: ${result.err.msg}`, range: { start: position, end: position } };
}

function asNodes(value: unknown): OrderedNode[] {
  return Array.isArray(value) ? value.filter((node): node is OrderedNode => typeof node === 'object' && node !== null) : [];
}

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ATTRIBUTES && key !== '#text');
}

function attributesOf(node: OrderedNode): Readonly<Record<string, string>> {
  const attributes = node[ATTRIBUTES];
  return typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, string>) : {};
}

function startOf(node: OrderedNode): number | undefined {
  const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[metaData];
  return typeof meta?.startIndex === 'number' ? meta.startIndex : undefined;
}

function walk(nodes: readonly OrderedNode[], suite: SuiteContext, out: PendingCase[]): void {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === 'testcase') {
      out.push(readCase(node, suite));
    } else if (tag === 'testsuite' || tag === 'testsuites') {
      const attributes = attributesOf(node);
      const inner: SuiteContext = {
        name: tag === 'testsuite' ? (attributes['name'] ?? '') : suite.name,
        timestamp: attributes['timestamp'] ?? suite.timestamp,
        file: attributes['file'] ?? suite.file,
        start: startOf(node) ?? suite.start,
      };
      walk(asNodes(node[tag]), inner, out);
    } else if (tag !== undefined && !tag.startsWith('?') && !tag.startsWith('!')) {
      // Some writers wrap suites in another element; follow elements, not text.
      walk(asNodes(node[tag]), suite, out);
    }
  }
}

function readCase(node: OrderedNode, suite: SuiteContext): PendingCase {
  const attributes = attributesOf(node);
  const children = asNodes(node['testcase']);
  const properties: TestProperty[] = [];
  let outcome: TestOutcome = 'passed';
  let message: string | undefined;
  for (const child of children) {
    const tag = tagOf(child);
    if (tag === 'properties') {
      for (const property of asNodes(child[tag])) {
        const { name, value } = attributesOf(property);
        if (tagOf(property) === 'property' && name !== undefined) {
          properties.push({ name, value: value ?? textOf(asNodes(property['property'])) ?? '' });
        }
      }
    } else if (tag !== undefined && OUTCOME_TAGS[tag] && outcomeRank(OUTCOME_TAGS[tag]) > outcomeRank(outcome)) {
      outcome = OUTCOME_TAGS[tag];
      message = attributesOf(child)['message'] ?? firstLine(textOf(asNodes(child[tag])));
    }
  }
  // ctest writes status="fail" / "notrun" / "disabled" as well as the child elements; trust either.
  const status = attributes['status'];
  if (outcome === 'passed' && (status === 'fail' || status === 'failed')) {
    outcome = 'failed';
  } else if (outcome === 'passed' && (status === 'notrun' || status === 'disabled' || status === 'skipped')) {
    outcome = 'skipped';
  }
  const duration = attributes['time'] === undefined ? undefined : Number(attributes['time'].replace(/,/g, ''));
  const file = (attributes['file'] ?? suite.file)?.replace(/\\/g, '/');
  const timestamp = attributes['timestamp'] ?? suite.timestamp;
  // Absent rather than undefined: contributions cross to the host as JSON and must compare equal after.
  return {
    suite: suite.name,
    classname: attributes['classname'] ?? '',
    name: attributes['name'] ?? '',
    ...(file === undefined ? {} : { file }),
    properties,
    verifies: properties.filter((p) => p.name === 'verifies').flatMap((p) => p.value.split(/[\s,;]+/).filter(Boolean)),
    outcome,
    ...(message === undefined ? {} : { message }),
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(duration !== undefined && Number.isFinite(duration) ? { duration } : {}),
    start: startOf(node),
    suiteStart: suite.start,
  };
}

/** An error outranks a failure outranks a skip: a test case with both reports the worst. */
function outcomeRank(outcome: TestOutcome): number {
  return ['passed', 'skipped', 'failed', 'error'].indexOf(outcome);
}

function textOf(nodes: readonly OrderedNode[]): string | undefined {
  const parts = nodes.map((node) => node['#text']).filter((text): text is string | number => text !== undefined);
  return parts.length > 0 ? parts.join('') : undefined;
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.trim().split('\n', 1)[0]?.trim();
  return line ? line : undefined;
}

/**
 * Settles each test case's position: the parser's own offset when it points at a `<testcase` start tag;
 * otherwise the n-th `<testcase` found by {@link scanTestCaseStarts}, if the scan found exactly as many
 * as were parsed; otherwise the start of the enclosing suite.
 */
function placeCases(text: string, lines: LineIndex, pending: readonly PendingCase[]): TestCaseResult[] {
  const fromParser = pending.every((c) => c.start !== undefined && isTestCaseStart(text, c.start));
  const scanned = fromParser ? [] : scanTestCaseStarts(text);
  const useScan = !fromParser && scanned.length === pending.length;
  return pending.map(({ start, suiteStart, ...rest }, i) => {
    const offset = fromParser ? start! : useScan ? scanned[i]! : suiteStart;
    return { ...rest, position: lines.positionAt(Math.min(Math.max(offset, 0), text.length)) };
  });
}

function isTestCaseStart(text: string, offset: number): boolean {
  return text.startsWith('<testcase', offset) && /[\s/>]/.test(text.charAt(offset + 9) || '>');
}

/**
 * The offsets of the `<testcase` start tags in document order, skipping comments, CDATA sections,
 * processing instructions and declarations, where the same characters are not markup.
 */
export function scanTestCaseStarts(text: string): number[] {
  const starts: number[] = [];
  const skips: readonly [string, string][] = [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>'], ['<!', '>']];
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    const skip = skips.find(([open]) => text.startsWith(open, i));
    if (skip) {
      const end = text.indexOf(skip[1], i + skip[0].length);
      if (end === -1) {
        break;
      }
      i = end + skip[1].length - 1;
    } else if (isTestCaseStart(text, i)) {
      starts.push(i);
    }
  }
  return starts;
}
