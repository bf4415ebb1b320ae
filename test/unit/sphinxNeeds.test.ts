import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, ExtractionCache, FileSelector, IdMatcher, LineIndex, extractFile, isSupported, parseConfig, type ExtractContext, type FileContributions, type Range, type TraceConfig } from '../../src/core';
import { needsReading } from '../../src/core/config/needsSettings';
import { findingKeys, indexOf, joinLines } from './util';

const fixtures = path.resolve(__dirname, '../fixtures/sphinx-needs');
const text = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

const contextOf = (config: TraceConfig = DEFAULT_CONFIG): ExtractContext => ({ matcher: new IdMatcher(config.kinds), isTest: false, needs: needsReading(config.needs) });
const extract = (file: string, source: string, config?: TraceConfig) => extractFile(file, source, contextOf(config));

/** The text a range covers. */
function covered(source: string, range: Range): string {
  const lines = new LineIndex(source);
  return source.slice(lines.lineStart(range.start.line) + range.start.character, lines.lineStart(range.end.line) + range.end.character);
}

/** The 1-based line on which `needle` stands, the last time when `last`. */
const lineOf = (source: string, needle: string, last = false) => new LineIndex(source).positionAt(last ? source.lastIndexOf(needle) : source.indexOf(needle)).line + 1;
const itemOf = (file: FileContributions, id: string) => file.items.find((item) => item.id === id)!;
const linksOf = (source: string, file: FileContributions) => file.links.map((link) => `${link.from} ${link.type} ${link.to} @${link.location.range.start.line + 1} ${covered(source, link.location.range)}`);

describe('sphinx-needs exports (needs.json)', () => {
  const source = text('needs.json');
  const file = extract('docs/_build/needs/needs.json', source);

  it('reads the needs of the current version only, each as an item of its type\'s kind; untraced types are left out', () => {
    assert.deepEqual(
      file.items.map((item) => [item.id, item.kind, item.title]),
      [
        ['REQ_001', 'requirement', 'Authenticate dose commands'],
        ['REQ_002', 'requirement', 'Reject replayed commands'],
        ['SPEC_AUTH_01', 'control', 'HMAC over the dose command'],
        ['TEST_DOSE_01', 'test', 'Unsigned and replayed commands are rejected'],
      ],
      'REQ_LEGACY_PIN is only in version 2.0; US_0007 is a story',
    );
  });

  it('locates each need at its id in the current version, and its section on the whole need', () => {
    const item = itemOf(file, 'REQ_001');
    assert.equal(covered(source, item.location.range), 'REQ_001');
    assert.equal(item.location.range.start.line + 1, lineOf(source, '"id": "REQ_001"', true));
    assert.match(covered(source, item.sectionRange), /^\{\s*"asil": ""[\s,\S]*"type_name": "Requirement"\s*\}$/);
  });

  it('keeps status, tags, type name, source, section, content and the project\'s own options as attributes', () => {
    assert.deepEqual(itemOf(file, 'REQ_001').attributes, {
      'need type': 'req',
      'type name': 'Requirement',
      status: 'open',
      tags: 'security, auth',
      source: 'requirements/commands.rst:9',
      section: 'Dose commands',
      description: 'Every dose command carries an HMAC over its body and a counter.',
      category: 'Authentication',
    });
  });

  it('makes link fields links as "needs.links" says, by the kind of the need for the generic links, at each ID in the JSON', () => {
    const at = (needle: string) => lineOf(source, needle, true);
    assert.deepEqual(linksOf(source, file), [
      `REQ_001 derives SO_2 @${at('"SO_2"')} SO_2`,
      `REQ_002 derives REQ_001 @${at('"links": [\n                        "REQ_001",') + 1} REQ_001`,
      `SPEC_AUTH_01 implements REQ_001 @${at('"links": [\n                        "REQ_001"\n') + 1} REQ_001`,
      `SPEC_AUTH_01 mitigates TM-3 @${at('"TM-3"')} TM-3`,
      `TEST_DOSE_01 verifies REQ_001 @${at('"tests": [\n                        "REQ_001"') + 1} REQ_001`,
      `TEST_DOSE_01 verifies REQ_002 @${at('"REQ_002.counter"')} REQ_002`,
    ]);
  });

  it('reads no backlinks, leaves out links to needs of untraced types, and makes unmapped link fields references', () => {
    assert.ok(!file.links.some((link) => link.to === 'US_0007'), 'US_0007 is a story, which is not traced');
    assert.ok(!file.links.some((link) => link.from === 'REQ_001' && link.to === 'REQ_002'), 'links_back of REQ_001');
    assert.deepEqual(file.references.map((reference) => `${reference.id} @${reference.location.range.start.line + 1}`), [`REQ_009 @${lineOf(source, '"REQ_009"')}`]);
  });

  it('finds link fields by the export\'s schema when empty fields are left out, and keeps extra options', () => {
    const exported = JSON.stringify({
      current_version: '1.0',
      versions: {
        '1.0': {
          needs: { TC_7: { id: 'TC_7', type: 'test', title: 'Boot check', checks: ['SR-2'], priority: 'high', is_modified: true } },
          needs_defaults_removed: true,
          needs_schema: { properties: { checks: { field_type: 'links' }, priority: { field_type: 'extra' }, is_modified: { field_type: 'core' } } },
        },
      },
    });
    const read = extract('needs.json', exported);
    assert.deepEqual(read.references.map((reference) => reference.id), ['SR-2'], 'checks is a link field, mapped to nothing');
    assert.deepEqual(itemOf(read, 'TC_7').attributes, { 'need type': 'test', priority: 'high' });
  });

  it('is one unreadable-file problem at the parser\'s position when malformed, and leaves other files alone', () => {
    const broken = text('needs-malformed.json');
    const read = extract('docs/needs.json', broken);
    assert.deepEqual(read.items, []);
    assert.deepEqual(
      read.problems.map((problem) => [problem.message, problem.range.start.line + 1, covered(broken, problem.range)]),
      [['Not readable as JSON: property name expected', lineOf(broken, '                }'), '}']],
    );
    const index = indexOf({ 'docs/broken/needs.json': broken, 'docs/needs.json': source });
    assert.deepEqual(index.unreadableFiles().map((finding) => [finding.location.path, finding.severity]), [['docs/broken/needs.json', 'error']]);
    assert.ok(index.graph.item('REQ_001'));
  });

  it('says so at "current_version" when it names no version, and reads no other JSON', () => {
    const wrong = '{\n  "current_version": "3.0",\n  "versions": { "2.1": { "needs": {} } }\n}';
    assert.deepEqual(
      extract('needs.json', wrong).problems.map((problem) => [problem.message, covered(wrong, problem.range)]),
      [['Not readable as a sphinx-needs export: "current_version" "3.0" names no version with needs, so none of its needs can be read', '"3.0"']],
    );
    assert.deepEqual(extract('app/package.json', '{ "name": "app", "versions": ["1.0"], "current_version": "1.0" }'), { path: 'app/package.json', items: [], links: [], references: [], problems: [] });
  });
});

describe('sphinx-needs directives in reStructuredText', () => {
  const source = text('requirements.rst');
  const file = extract('docs/requirements.rst', source);

  it('makes each directive of a traced need type with an :id: an item, located at the :id: value', () => {
    assert.deepEqual(
      file.items.map((item) => [item.id, item.kind, item.title, item.location.range.start.line + 1, covered(source, item.location.range)]),
      [
        ['REQ_101', 'requirement', 'Authenticate dose commands', lineOf(source, ':id: REQ_101'), 'REQ_101'],
        ['REQ_102', 'requirement', 'Reject replayed commands', lineOf(source, ':id: REQ_102'), 'REQ_102'],
        ['SPEC_KEYS_01', 'control', 'Session keys rotate hourly', lineOf(source, ':id: SPEC_KEYS_01'), 'SPEC_KEYS_01'],
        ['TEST_REPLAY_01', 'test', 'Replayed command is dropped', lineOf(source, ':id: TEST_REPLAY_01'), 'TEST_REPLAY_01'],
      ],
      'not the examples in a literal block and a code-block, not the need without an ID, not the story',
    );
    assert.match(covered(source, itemOf(file, 'REQ_101').sectionRange), /^\.\. req:: Authenticate dose commands\n[\s\S]*so that a forged command is rejected\.$/);
  });

  it('keeps the other options as attributes, except those that only say how the need is shown', () => {
    assert.deepEqual(itemOf(file, 'REQ_101').attributes, { 'need type': 'req', status: 'open', tags: 'security, auth', category: 'Authentication', 'approved by': 'J. Ortega' });
  });

  it('reads :links: and the configured link options, values continued on further lines, and needs nested in other directives', () => {
    assert.deepEqual(linksOf(source, file), [
      `REQ_102 derives REQ_101 @${lineOf(source, ':links: REQ_101')} REQ_101`,
      `REQ_102 mitigates TM-3 @${lineOf(source, ':mitigates: TM-3')} TM-3`,
      `SPEC_KEYS_01 implements REQ_101 @${lineOf(source, '      REQ_101,')} REQ_101`,
      `SPEC_KEYS_01 implements REQ_102 @${lineOf(source, '      REQ_102')} REQ_102`,
      `TEST_REPLAY_01 verifies REQ_102 @${lineOf(source, ':verifies: REQ_102')} REQ_102`,
      `TEST_REPLAY_01 verifies REQ_101 @${lineOf(source, ':verifies: REQ_102')} REQ_101`,
    ]);
    assert.deepEqual(file.references, [], 'IDs in prose and content are not read');
  });

  it('selects .rst files, which were not read before', () => {
    assert.ok(isSupported('docs/requirements.rst'));
    assert.equal(new FileSelector(DEFAULT_CONFIG).skipReason('docs/requirements.rst'), undefined);
    assert.equal(new FileSelector(DEFAULT_CONFIG).skipReason('docs/notes.txt'), 'unsupported');
  });
});

describe('sphinx-needs directives in MyST Markdown', () => {
  const source = text('dose-commands.md');
  const file = extract('docs/dose-commands.md', source);

  it('makes backtick and colon fences and YAML options of traced need types items, beside the headings\' items', () => {
    assert.deepEqual(
      file.items.map((item) => [item.id, item.kind, item.title, covered(source, item.location.range), item.attributes['status']]),
      [
        ['SR-4', 'requirement', 'Signed dose commands', 'SR-4', undefined],
        ['REQ_201', 'requirement', 'Counter survives a reboot', 'REQ_201', 'open'],
        ['SPEC_FLASH_01', 'control', 'Counter stored in a wear-levelled flash page', 'SPEC_FLASH_01', 'implemented'],
        ['TEST_POWER_01', 'test', 'Counter persists across power loss', 'TEST_POWER_01', 'passed'],
      ],
      'the example in a markdown code block is not a need',
    );
    assert.match(covered(source, itemOf(file, 'SPEC_FLASH_01').sectionRange), /^:::\{spec\}[\s\S]*the newer valid one wins\.\n:::$/);
  });

  it('keeps the heading\'s section: its link lines before and after a directive stay its own', () => {
    assert.deepEqual(linksOf(source, file), [
      `SR-4 derives SO-2 @${lineOf(source, 'Derives from: SO-2')} SO-2`,
      `SR-4 mitigates TM-3 @${lineOf(source, 'Mitigates: TM-3')} TM-3`,
      `REQ_201 derives REQ_101 @${lineOf(source, ':links: REQ_101')} REQ_101`,
      `SPEC_FLASH_01 implements REQ_201 @${lineOf(source, ':satisfies: REQ_201')} REQ_201`,
      `TEST_POWER_01 verifies REQ_201 @${lineOf(source, '  - REQ_201')} REQ_201`,
      `TEST_POWER_01 verifies SR-4 @${lineOf(source, '  - SR-4')} SR-4`,
    ]);
    assert.deepEqual(file.references, []);
  });

  it('keeps them in the extraction cache: the entry written for the document is trusted on the next run', () => {
    const written = new ExtractionCache('run');
    const contributions = written.extract('docs/dose-commands.md', source, () => file);
    let parsedAgain = false;
    const cached = ExtractionCache.fromJson(written.toJson(), 'run').extract('docs/dose-commands.md', source, () => {
      parsedAgain = true;
      return file;
    });
    assert.equal(parsedAgain, false, 'a stored entry that failed its check would be parsed again');
    assert.deepEqual(cached, JSON.parse(JSON.stringify(contributions)));
  });

  it('reads a document whose needs match no ID pattern, and leaves a directive of an untraced type a code block', () => {
    const myst = joinLines('# Needs', '', '```{req} Only a need', ':id: REQ_9', '```');
    assert.deepEqual(extract('a.md', myst).items.map((item) => item.id), ['REQ_9']);
    const { config } = parseConfig('{ "needs": { "types": { "req": null } } }');
    assert.deepEqual(extract('a.md', myst, config).items, []);
  });
});

describe('sphinx-needs in the workspace', () => {
  const files = {
    'docs/requirements.rst': text('requirements.rst'),
    'docs/dose-commands.md': text('dose-commands.md'),
    'tests/test_dose_auth.cpp': text('test_dose_auth.cpp'),
  };
  const codeLinks = (config: TraceConfig) =>
    [...indexOf(files, config).graph.files()]
      .flatMap((contributions) => (contributions.path.endsWith('.cpp') ? contributions.links : []))
      .map((link) => `${link.type} ${link.to}`);

  it('joins "@verifies REQ_101" in C++ tests to the need once its type has an ID pattern', () => {
    const { config, errors } = parseConfig('{ "needs": { "types": { "req": { "kind": "requirement", "pattern": "REQ_\\\\d+" } } } }');
    assert.deepEqual(errors, []);
    assert.deepEqual(codeLinks(config), ['verifies REQ_101', 'verifies REQ_102', 'verifies REQ_201']);
    const index = indexOf(files, config);
    assert.deepEqual(
      findingKeys(index).filter((key) => key.startsWith('unknown-reference')),
      ['unknown-reference SO-2 docs/dose-commands.md:5', 'unknown-reference TM-3 docs/dose-commands.md:16', 'unknown-reference TM-3 docs/requirements.rst:32'],
      'only the JSP IDs the fixtures name without defining',
    );
    assert.ok(index.graph.incoming('REQ_101').some((link) => link.location.path === 'tests/test_dose_auth.cpp' && link.inTest));
  });

  it('does not see the annotations without a pattern: code finds IDs by the kinds\' patterns', () => {
    assert.deepEqual(codeLinks(DEFAULT_CONFIG), []);
  });
});
