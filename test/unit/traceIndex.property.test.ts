import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { IdMatcher, extractFile, openTraceWorkspace, type FileContributions, type FileExtractor, type Finding, type FileRole, type TraceConfig, type TraceWorkspace } from '../../src/core';
import { SentContributions, applyContributionsDelta, parseContributions } from '../../src/core/extract/contributionsDelta';
import { TraceConventions } from '../../src/core/extract/linkKeys';
import { InMemoryWorkspace } from './util';
import { fuzzRuns } from './fuzz';

const PATHS = ['docs/reqs.md', 'docs/threats.md', 'docs/more.md', 'src/a.c', 'src/b.py', 'test/a.test.ts', 'tests/test_b.py', 'test-results/junit.xml', 'sbom/app.cdx.json', 'package-lock.json'];
const DOCUMENT_LINES = [
  '## SO-1: Objective', '## SR-1: Nonces', '## SR-2: Keys', '## TM-1: Replay', 'Derives from: SO-1', 'Mitigates: TM-1',
  '| ID | Title |\n|---|---|\n| SR-3 | Row |', '```\n## SR-4\n```', 'See SR-1.', '', '\r',
  '## VULN-1: Overflow', '- Controlled: no', '- Identified: 2026-08-01', '- Status: not affected', '- CVE: CVE-2026-1', 'Affects: pkg:npm/a@1.0.0',
  // OpenFastTrace: revisions of one item in different files, coverage, forwards.
  '`dsn~a~1`', '`dsn~a~2`', '`req~r~1`', 'Needs: impl, utest', 'Covers:\n- req~r~1', 'Status: rejected', 'arch --> dsn : req~r~1',
];
const CODE_LINES = [
  '// @implements SR-1', '// @verifies SR-1, SR-2', '# @implements SR-3', '"""@verifies SR-2"""', 'x = 1', '/* @mitigates TM-1 */',
  'def test_login():', '    # @verifies SR-1', '    pass', "describe('Auth', () => {", "it('logs in', () => {});", '});',
  '// [impl->dsn~a~1]', '# [utest->dsn~a~2]', '// [impl~~2->req~r~1] [dsn->req~r~1>>impl]',
];
/** JUnit XML as pytest and jest-junit write it, for the tests the code lines above can declare; and a broken file. */
const RESULTS = [
  '<testsuite name="pytest"><testcase classname="tests.test_b" name="test_login"><failure message="no"/></testcase></testsuite>',
  '<testsuite name="pytest"><testcase classname="tests.test_b" name="test_login"/></testsuite>',
  '<testsuites><testsuite name="Auth"><testcase classname="Auth logs in" name="Auth logs in"><skipped/></testcase></testsuite></testsuites>',
  '<testsuite name="x"><testcase classname="a" name="b"><properties><property name="verifies" value="SR-2"/></properties></testcase></testsuite>',
  '<testsuite><testcase name="broken"',
];
const component = (name: string, version: string, level: string) => ({ type: 'library', 'bom-ref': name, name, version, purl: `pkg:npm/${name}@${version}`, properties: [{ name: 'level of support', value: level }] });
const SBOMS = [
  { bomFormat: 'CycloneDX', specVersion: '1.5', components: [component('a', '1.0.0', 'active')] },
  { bomFormat: 'CycloneDX', specVersion: '1.5', components: [component('a', '1.0.0', 'deprecated'), component('b', '2.0.0', 'active')], vulnerabilities: [{ id: 'CVE-2026-1', analysis: { state: 'exploitable' }, affects: [{ ref: 'a' }] }] },
  { bomFormat: 'CycloneDX', specVersion: '1.6', components: [] },
]
  .map((sbom) => JSON.stringify(sbom, null, 2))
  .concat(['{ "bomFormat": "CycloneDX", ']);
const lockfile = (packages: Record<string, string>) =>
  JSON.stringify({ lockfileVersion: 3, packages: { '': {}, ...Object.fromEntries(Object.entries(packages).map(([name, version]) => [`node_modules/${name}`, { version }])) } }, null, 2);
const LOCKFILES = [lockfile({ a: '1.0.0' }), lockfile({ a: '1.0.0', b: '2.0.0', c: '3.0.0' }), lockfile({})];

/** A text for a path: lines of a document or of code, or one of the results files, SBOMs or lockfiles above. */
function textFor(path: string): fc.Arbitrary<string> {
  if (path.endsWith('.xml')) {
    return fc.constantFrom(...RESULTS);
  }
  if (path.endsWith('.cdx.json')) {
    return fc.constantFrom(...SBOMS);
  }
  if (path.endsWith('package-lock.json')) {
    return fc.constantFrom(...LOCKFILES);
  }
  return fc.array(fc.constantFrom(...(path.endsWith('.md') ? DOCUMENT_LINES : CODE_LINES)), { maxLength: 8 }).map((lines) => lines.join('\n'));
}
const pathArbitrary = fc.constantFrom(...PATHS);
const operationArbitrary = fc.oneof(
  pathArbitrary.chain((path) => textFor(path).map((text) => ({ type: 'write' as const, path, text }))),
  pathArbitrary.chain((path) => textFor(path).map((text) => ({ type: 'edit in editor' as const, path, text }))),
  fc.record({ type: fc.constant('delete' as const), path: pathArbitrary }),
  fc.record({ type: fc.constant('rename' as const), path: pathArbitrary, to: pathArbitrary }),
);

/**
 * Extraction as the extension does it: the worker sends each file's next extraction as a delta against the
 * last, and the host rebuilds it from what it kept, so the index gets the entries that did not change as the
 * objects it holds already.
 */
class DeltaExtractor implements FileExtractor {
  readonly #matcher: IdMatcher;
  readonly #conventions: TraceConventions;
  readonly #sent = new Map<string, SentContributions>();
  readonly #held = new Map<string, FileContributions>();

  constructor(config: TraceConfig) {
    this.#matcher = new IdMatcher(config.kinds);
    this.#conventions = new TraceConventions(config);
  }

  async extract(path: string, text: string, role: FileRole): Promise<FileContributions> {
    const next = extractFile(path, text, { matcher: this.#matcher, conventions: this.#conventions, ...role });
    const sent = this.#sent.get(path);
    const held = this.#held.get(path);
    const received = sent && held ? applyContributionsDelta(held, sent.deltaTo(next).delta) : parseContributions(JSON.stringify(next));
    this.#sent.set(path, SentContributions.of(next));
    this.#held.set(path, received);
    return received;
  }

  forget(path: string): void {
    this.#sent.delete(path);
    this.#held.delete(path);
  }

  dispose(): void {}
}

function findingsByPath(workspace: TraceWorkspace): Map<string, Finding[]> {
  const byPath = new Map<string, Finding[]>();
  for (const finding of workspace.findings()) {
    byPath.set(finding.location.path, [...(byPath.get(finding.location.path) ?? []), finding]);
  }
  return byPath;
}

/** What a workspace answers: its findings and summary, comparable across workspaces. */
function answers(workspace: TraceWorkspace): unknown {
  return { findings: workspace.findings(), summary: workspace.summary() };
}

describe('Incremental index (property)', () => {
  for (const { extraction, extractor } of [
    { extraction: 'in this thread', extractor: undefined },
    { extraction: 'sent as deltas', extractor: (config: TraceConfig) => new DeltaExtractor(config) },
  ]) {
    it(`after random edits, renames and deletions — documents, code, test results, SBOMs, lockfiles — equals a rebuild of the same files (extraction ${extraction})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operationArbitrary, { maxLength: 8 }), async (operations) => {
          const files = new InMemoryWorkspace({
            'docs/reqs.md': '## SR-1: Nonces\nDerives from: SO-1',
            'src/a.c': '// @implements SR-1',
            // Results and an annotated test from the start, so that edits of either re-join incrementally.
            'test-results/junit.xml': RESULTS[0]!,
            'tests/test_b.py': 'def test_login():\n    # @verifies SR-1\n    pass',
          });
          const workspace = openTraceWorkspace({ reader: files, today: '2026-11-28', extractor });
          await workspace.rebuild();
          // The editor publishes diagnostics again only for the files an update names: it must name every file whose findings changed.
          const affected = new Set<string>();
          const update = async (path: string, text?: string) => (await workspace.update(path, text)).affectedPaths.forEach((changed) => affected.add(changed));
          for (const operation of operations) {
            const before = findingsByPath(workspace);
            affected.clear();
            if (operation.type === 'write') {
              files.files[operation.path] = operation.text;
              await update(operation.path);
            } else if (operation.type === 'edit in editor') {
              // Saved at once, so that a rebuild reads the same text.
              files.files[operation.path] = operation.text;
              await update(operation.path, operation.text);
            } else if (operation.type === 'delete') {
              delete files.files[operation.path];
              await update(operation.path);
            } else if (files.files[operation.path] !== undefined && operation.to !== operation.path) {
              files.files[operation.to] = files.files[operation.path]!;
              delete files.files[operation.path];
              await update(operation.path);
              await update(operation.to);
            }
            const after = findingsByPath(workspace);
            const differing = [...new Set([...before.keys(), ...after.keys()])].filter((path) => JSON.stringify(before.get(path)) !== JSON.stringify(after.get(path)));
            assert.deepEqual(differing.filter((path) => !affected.has(path)), [], `files whose findings changed unannounced after ${JSON.stringify(operation)}`);
          }
          const fresh = openTraceWorkspace({ reader: new InMemoryWorkspace({ ...files.files }), today: '2026-11-28' });
          await fresh.rebuild();
          assert.deepEqual(answers(workspace), answers(fresh));
        }),
        { numRuns: fuzzRuns(40) },
      );
    }).timeout(fuzzRuns(40) * 200);
  }
});
