import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { contributedIdAt, hasJspEvidence, summarize, traceStatusLine } from '../../src/core';
import { plainStyles, textReport } from '../../src/cli/report';
import { buildFrom, findingKeys, indexOf, joinLines } from './util';

const fixture = path.resolve(__dirname, '../fixtures/openfasttrace');

/** The fixture project's files by path relative to its root, as a workspace holds them. */
function fixtureFiles(): Record<string, string> {
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const full = path.join(folder, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  return Object.fromEntries(walk(fixture).map((file) => [path.relative(fixture, file).split(path.sep).join('/'), readFileSync(file, 'utf8')]));
}

const design = (needs: string, ...more: string[]) => joinLines('## Parser', '`dsn~parser~2`', '', 'Parses the input.', '', `Needs: ${needs}`, ...more);

describe('OpenFastTrace tracing', () => {
  it('reports an item as uncovered until an item of each artifact type it needs covers it', () => {
    const index = indexOf({ 'doc/design.md': design('impl, utest'), 'src/Parser.java': '// [impl->dsn~parser~2]' });
    assert.deepEqual(findingKeys(index), ['oft-uncovered-artifact-type dsn~parser~2 doc/design.md:2']);
    assert.match(index.findings()[0]!.message, /needs impl, utest, but nothing of artifact type utest covers it: add a tag such as \[utest->dsn~parser~2\]/);
    index.updateFile('test/ParserTest.java', '// [utest->dsn~parser~2]');
    assert.deepEqual(findingKeys(index), []);
  });

  it('reports a link to an older revision as outdated, and to a newer one as predated, instead of as unknown', () => {
    const index = indexOf({ 'doc/design.md': design('impl'), 'src/Parser.java': joinLines('// [impl->dsn~parser~1]', '// [impl->dsn~parser~3]') });
    assert.deepEqual(findingKeys(index), [
      'oft-uncovered-artifact-type dsn~parser~2 doc/design.md:2',
      'oft-outdated-link dsn~parser~1 src/Parser.java:1',
      'oft-outdated-link dsn~parser~3 src/Parser.java:2',
    ]);
    const [, outdated, predated] = index.findings();
    assert.match(outdated!.message, /^impl~parser-\d+~0 covers dsn~parser~1, an outdated revision: dsn~parser~2 is defined now\. Check what changed in the item, then cover dsn~parser~2\.$/);
    assert.match(predated!.message, /covers dsn~parser~3, a revision newer than the one defined \(dsn~parser~2\)/);
  });

  it('reports a link to an item that exists in no revision as an unknown reference, and an ID defined twice as a duplicate', () => {
    const index = indexOf({ 'doc/design.md': joinLines(design(''), '', '`dsn~parser~2`'), 'src/Parser.java': '// [impl->dsn~lexer~1]' });
    assert.deepEqual(findingKeys(index), ['duplicate-id dsn~parser~2 doc/design.md:8', 'unknown-reference dsn~lexer~1 src/Parser.java:1']);
  });

  it('reports coverage by an artifact type the item does not need as unwanted, unless both items are rejected', () => {
    const index = indexOf({ 'doc/design.md': design('impl'), 'doc/arch.md': joinLines('`arch~parser~1`', '', 'Covers:', '- dsn~parser~2'), 'src/Parser.java': '// [impl->dsn~parser~2]' });
    assert.deepEqual(findingKeys(index), ['oft-unwanted-coverage dsn~parser~2 doc/arch.md:4']);
    index.updateFile('doc/design.md', joinLines('`dsn~parser~2`', 'Status: rejected', '', 'Needs: impl'));
    assert.deepEqual(findingKeys(index), ['oft-unwanted-coverage dsn~parser~2 doc/arch.md:4'], 'the covering item is not rejected');
    index.updateFile('doc/arch.md', joinLines('`arch~parser~1`', 'Status: rejected', '', 'Covers:', '- dsn~parser~2'));
    assert.deepEqual(findingKeys(index), []);
  });

  it('judges OpenFastTrace items by its rules only: a req item is no JSP requirement', () => {
    const index = indexOf({ 'doc/reqs.md': joinLines('## Login', '`req~login~1`', '', 'Needs: dsn', '', '## SO-1: Safe login', '## SR-1: Login', 'Derives from: SO-1') });
    assert.deepEqual(findingKeys(index), [
      'oft-uncovered-artifact-type req~login~1 doc/reqs.md:2',
      'requirement-not-implemented SR-1 doc/reqs.md:7',
      'requirement-not-verified SR-1 doc/reqs.md:7',
    ]);
    const summary = summarize(index);
    assert.equal(summary.items.specification, 1);
    assert.equal(summary.requirements.total, 1);
  });

  it('re-checks links to every revision of an item when one revision comes or goes in another file', () => {
    const index = indexOf({ 'doc/design.md': design('impl'), 'src/Parser.java': '// [impl->dsn~parser~1]' });
    assert.deepEqual(findingKeys(index), ['oft-uncovered-artifact-type dsn~parser~2 doc/design.md:2', 'oft-outdated-link dsn~parser~1 src/Parser.java:1']);
    index.updateFile('doc/design.md', design('impl').replace('~2', '~3'));
    assert.match(index.findings()[1]!.message, /dsn~parser~3 is defined now/);
    index.removeFile('doc/design.md');
    assert.deepEqual(findingKeys(index), ['unknown-reference dsn~parser~1 src/Parser.java:1']);
    index.updateFile('doc/old.md', joinLines('`dsn~parser~1`', 'Needs: impl'));
    assert.deepEqual(findingKeys(index), []);
  });
});

describe('An OpenFastTrace-traced project, with no configuration', () => {
  it('reads the specification, the code and the tests as OpenFastTrace does, and reports what it reports', async () => {
    const { index } = await buildFrom(fixtureFiles());
    // `oft trace doc src` in the fixture folder: "20 total, 6 defect". The six are the three below and the
    // items above them that are therefore not deeply covered (feat~dose-control~1, req~dose-rate~1,
    // req~occlusion-alarm~1), which JSP Trace leaves to the findings below.
    assert.equal(summarize(index).items.specification, 20);
    assert.deepEqual(findingKeys(index), [
      'oft-uncovered-artifact-type dsn~dose-rate-control~2 doc/design.md:18',
      'oft-uncovered-artifact-type dsn~occlusion-detection~1 doc/design.md:29',
      'oft-outdated-link dsn~dose-rate-control~1 src/main/java/org/example/pump/DoseController.java:18',
    ]);
    assert.equal(hasJspEvidence(index), true);
    assert.deepEqual(index.graph.item('req~occlusion-alarm~1')!.attributes, { 'artifact type': 'req', status: 'proposed', needs: 'dsn', tags: 'Alarms, Safety' });
    assert.equal(index.graph.item('req~example~1'), undefined, 'the example between oft:off and oft:on is no item');
    assert.ok(index.graph.item('dsn~alarm-export~0'), 'the PlantUML tag with >> defines an item that code covers');
  });

  it('states each item’s coverage for its CodeLens and hover', async () => {
    const { index } = await buildFrom(fixtureFiles());
    const status = (id: string) => traceStatusLine(index.graph, index.graph.item(id)!);
    assert.equal(status('dsn~occlusion-detection~1'), 'covers req~occlusion-alarm~1 · impl covered · utest missing');
    assert.equal(status('feat~dose-control~1'), 'req covered');
    assert.equal(status('impl~dose-limit-check-436029862~0'), 'covers dsn~dose-limit-check~1');
  });

  it('finds the OpenFastTrace ID under the cursor, which no ID pattern finds, for hover, definition and references', async () => {
    const { index } = await buildFrom(fixtureFiles());
    const code = index.graph.file('src/main/java/org/example/pump/DoseController.java')!;
    // Line 13: `    // [impl->dsn~dose-limit-check~1]`
    assert.deepEqual(contributedIdAt(code, { line: 12, character: 20 }), { id: 'dsn~dose-limit-check~1', start: 14, end: 36 });
    assert.equal(contributedIdAt(code, { line: 12, character: 10 })?.id, 'impl~dose-limit-check-436029862~0');
    assert.equal(contributedIdAt(code, { line: 11, character: 10 }), undefined);
    const spec = index.graph.file('doc/design.md')!;
    assert.equal(contributedIdAt(spec, { line: 3, character: 3 })?.id, 'dsn~dose-limit-check~1');
  });

  it('counts OpenFastTrace items in the CLI summary, and leaves them out of a summary without any', async () => {
    const { index } = await buildFrom(fixtureFiles());
    const itemsLine = (report: string) => report.split('\n').find((line) => line.startsWith('Items'))!;
    assert.match(itemsLine(textReport('fixture', summarize(index), index.findings(), plainStyles, true)), / · 0 SBOM components · 20 specification items$/);
    const jsp = indexOf({ 'docs/reqs.md': '## SR-1: Login' });
    assert.doesNotMatch(itemsLine(textReport('jsp', summarize(jsp), jsp.findings(), plainStyles, false)), /specification/);
  });

  it('counts one OpenFastTrace item as evidence that the folder is traced', () => {
    assert.equal(hasJspEvidence(indexOf({ 'doc/reqs.md': '`req~login~1`' })), true);
  });
});
