import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, IdMatcher, extractFile, parseConfig, type FileContributions, type TraceConfig } from '../../src/core';
import { TraceConventions } from '../../src/core/extract/linkKeys';
import { findingKeys, indexOf, joinLines } from './util';

/** The configuration a `jsp-trace.jsonc` of `text` gives; fails the test on any configuration error. */
function configOf(text: string): TraceConfig {
  const { config, errors } = parseConfig(text);
  assert.deepEqual(errors, []);
  return config;
}

const team = configOf(
  JSON.stringify({
    linkKeys: { derives: ['Satisfies', 'Traces to'], mitigates: ['Addresses'] },
    reversedLinkKeys: { verifies: ['Verified by'], implements: ['Implemented by'] },
    annotationVerbs: { implements: ['@requirement'], verifies: ['@tests'], traces: ['lobster-trace:'] },
  }),
);

function extract(path: string, text: string, config: TraceConfig = team, isTest = false): FileContributions {
  return extractFile(path, text, { matcher: new IdMatcher(config.kinds), conventions: new TraceConventions(config), isTest });
}
const links = (result: FileContributions) => result.links.map((link) => `${link.from} ${link.type} ${link.to}`);

const errorsOf = (text: string) => parseConfig(text).errors.map((e) => `${e.field}@${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`);

describe("A team's own conventions in jsp-trace.jsonc", () => {
  it('reads link keys, reversed link keys, annotation verbs and table conventions', () => {
    const config = configOf(
      joinLines(
        '{',
        '  "linkKeys": { "derives": ["Satisfies", " Traces  to "] },',
        '  "reversedLinkKeys": { "verifies": ["Verified by"] },',
        '  "annotationVerbs": { "verifies": ["@tests"], "traces": ["lobster-trace:"] },',
        '  "tables": { "titleColumns": ["Requirement"], "titleFallback": "none" },',
        '}',
      ),
    );
    assert.deepEqual(config.linkKeys, { derives: ['Satisfies', 'Traces  to'] });
    assert.deepEqual(config.reversedLinkKeys, { verifies: ['Verified by'] });
    assert.deepEqual(config.annotationVerbs, { verifies: ['@tests'], traces: ['lobster-trace:'] });
    assert.deepEqual(config.tables, { titleColumns: ['Requirement'], titleFallback: 'none' });
    assert.deepEqual([DEFAULT_CONFIG.linkKeys, DEFAULT_CONFIG.reversedLinkKeys, DEFAULT_CONFIG.annotationVerbs], [{}, {}, {}]);
  });

  it('names the field and the position of each wrong key, verb or table setting', () => {
    assert.deepEqual(
      errorsOf(
        joinLines(
          '{',
          '  "linkKeys": { "satisfies": ["Satisfies"], "derives": ["Traces_to", "Verifies", "Satisfies"], "mitigates": "Addresses" },',
          '  "reversedLinkKeys": { "verifies": ["Satisfies", "Resolved by", "Verified by"] },',
          '  "annotationVerbs": { "implements": ["@verifies", "@tests", "lobster trace"], "verifies": ["@tests", "@verifies"], "refines": [] },',
          '  "tables": { "titleFallback": "first-column", "titles": [] },',
          '}',
        ),
      ),
      [
        'linkKeys.satisfies@2:17 Unknown key "satisfies" in "linkKeys". Known link types: derives, mitigates, implements, verifies, accepts, affects, resolves.',
        'linkKeys.derives@2:57 "Traces_to" cannot be a link key: a key starts with a letter and holds only letters, spaces, "/", "(", ")" and "-", at most 41 characters.',
        'linkKeys.derives@2:70 "Verifies" is a built-in key that declares "verifies" links; it cannot also be a key of "linkKeys.derives".',
        'linkKeys.mitigates@2:109 "linkKeys.mitigates" must be an array of strings.',
        'reversedLinkKeys.verifies@3:38 "Satisfies" is already a key of "linkKeys.derives".',
        'reversedLinkKeys.verifies@3:51 "Resolved by" is a built-in key that declares reversed "resolves" links; it cannot also be a key of "reversedLinkKeys.verifies".',
        'annotationVerbs.implements@4:39 "@verifies" is the built-in verb of "verifies"; it cannot also be a verb of "annotationVerbs.implements".',
        'annotationVerbs.implements@4:62 "lobster trace" cannot be an annotation verb: a verb is one word of up to 40 characters, with at least one letter, as written in comments (e.g. "@tests", "lobster-trace:").',
        'annotationVerbs.verifies@4:93 "@tests" is already a verb of "annotationVerbs.implements".',
        'annotationVerbs.refines@4:117 Unknown key "refines" in "annotationVerbs". Known meanings: implements, verifies, mitigates, traces ("traces": "verifies" in a test file, "implements" elsewhere).',
        'tables.titleFallback@5:32 "tables.titleFallback" must be "second-column" (a table without a title column takes the second column as the title) or "none".',
        'tables.titles@5:48 Unknown setting "titles" in "tables". Known: titleColumns, titleFallback.',
      ],
    );
  });

  it('accepts a built-in key or verb listed again under its own link, and keeps the built-in ones working', () => {
    const config = configOf('{ "linkKeys": { "verifies": ["Verifies", "Checks"] }, "annotationVerbs": { "verifies": ["@verifies"] } }');
    const result = extract('docs/tc.md', joinLines('## TC-1: Boot', 'Verifies: SR-1', 'Checks: SR-2', 'Derives from: SO-1'), config);
    assert.deepEqual(links(result), ['TC-1 verifies SR-1', 'TC-1 verifies SR-2', 'TC-1 derives SO-1']);
  });
});

describe('Configured link keys in Markdown', () => {
  it('reads synonyms in lines, bold and list items, ignoring case and spacing, beside the built-in keys', () => {
    const result = extract('docs/reqs.md', joinLines('## SR-1: Dose limit', 'Satisfies: SO-1', '- **traces   TO:** MC-1', 'Addresses: TM-1', 'Mitigates: TM-2', 'Satisfied: SO-2'));
    assert.deepEqual(links(result), ['SR-1 derives SO-1', 'SR-1 derives MC-1', 'SR-1 mitigates TM-1', 'SR-1 mitigates TM-2']);
    assert.deepEqual(result.references.map((reference) => reference.id), ['SO-2']);
    assert.deepEqual(result.items[0]!.attributes, { satisfied: 'SO-2' });
  });

  it('reads a reversed key as a link from the written ID to the section item, in a line and a table column', () => {
    const result = extract(
      'docs/reqs.md',
      joinLines('## SR-1: Dose limit', 'Verified by: TC-1, TC-2', 'Implemented by: SC-1', '', '| ID | Title | Verified by |', '| --- | --- | --- |', '| SR-2 | Alarm | TC-3 |'),
    );
    assert.deepEqual(links(result), ['TC-1 verifies SR-1', 'TC-2 verifies SR-1', 'SC-1 implements SR-1', 'TC-3 verifies SR-2']);
    assert.deepEqual(
      result.links.map((link) => link.declaration),
      [
        { key: 'Verified by', place: 'line', reversed: true },
        { key: 'Verified by', place: 'line', reversed: true },
        { key: 'Implemented by', place: 'line', reversed: true },
        { key: 'Verified by', place: 'cell', reversed: true },
      ],
    );
  });

  it('counts a requirement verified through a reversed key as verified, and reports an unknown ID written there', () => {
    const files = {
      'docs/concept.md': '## SO-1: Safe dosing',
      'docs/reqs.md': joinLines('## SR-1: Dose limit', 'Satisfies: SO-1', 'Verified by: TC-1, TC-9', 'Implemented by: SC-1'),
      'docs/tests.md': '## TC-1: Limit test',
      'docs/controls.md': '## SC-1: Limiter',
    };
    const index = indexOf(files, team);
    assert.deepEqual(findingKeys(index), ['unknown-reference TC-9 docs/reqs.md:3']);
    assert.equal(index.findings()[0]!.message, 'SR-1\'s "Verified by:" line names TC-9, which is not defined anywhere in the workspace.');
    assert.deepEqual(findingKeys(indexOf(files)), [
      'requirement-not-derived SR-1 docs/reqs.md:1',
      'requirement-not-implemented SR-1 docs/reqs.md:1',
      'requirement-not-verified SR-1 docs/reqs.md:1',
      'unknown-reference TC-9 docs/reqs.md:3',
    ]);
  });
});

describe('Configured annotation verbs in code', () => {
  it('links the IDs after a configured verb, keeps the built-in verbs, and matches verbs as written', () => {
    const text = joinLines('// @requirement SR-1, SR-2', '// @implements SR-3', '// @Requirement SR-4', '// @requirements SR-5');
    const result = extract('src/dose.c', text);
    assert.deepEqual(links(result), ['undefined implements SR-1', 'undefined implements SR-2', 'undefined implements SR-3']);
    assert.deepEqual(result.references.map((reference) => reference.id), ['SR-4', 'SR-5']);
    assert.deepEqual(result.links[0]!.declaration, { key: '@requirement', place: 'annotation' });
  });

  it('reads a verb ending in a colon, and a "traces" verb as verifies in a test and implements elsewhere', () => {
    const code = '# lobster-trace: SR-1\ndef limit(): pass';
    assert.deepEqual(links(extract('pump/limit.py', code)), ['undefined implements SR-1']);
    const testCode = (verb: string) => joinLines('def test_limit():', `    # ${verb} SR-1`, '    pass');
    const test = extract('tests/test_limit.py', testCode('lobster-trace:'), team, true);
    assert.deepEqual(links(test), ['undefined verifies SR-1']);
    assert.deepEqual(test.links[0]!.test, { name: 'test_limit', enclosing: [] }, 'a traces verb in a test joins test results like @verifies');
    assert.deepEqual(links(extract('pump/limit.py', '# xlobster-trace: SR-1')), []);
  });

  it('names the verb as written when its ID is unknown', () => {
    const index = indexOf({ 'tests/test_limit.py': '# @tests SR-99\ndef test_limit(): pass' }, team);
    assert.equal(index.findings()[0]!.message, '@tests names SR-99, which is not defined anywhere in the workspace.');
  });
});

describe('Messages about links say how the link was written', () => {
  const requirement = { 'docs/reqs.md': '## SR-1: Dose limit' };

  it('says "cell" for a link in a table column and "line" for a key-value line, with the key as written', () => {
    const index = indexOf(
      {
        ...requirement,
        'docs/tests.md': joinLines('| ID | Test | Verifies |', '| --- | --- | --- |', '| TC-2 | Boot | SR-1, SR-42 |', '', '## TC-3: Soak', 'Verifies: SR-43'),
        'docs/design.md': joinLines('## SC-1: Limiter', 'satisfies: SO-77'),
        'docs/notes.md': joinLines('# Notes', 'Mitigates: TM-99'),
      },
      team,
    );
    const messages = index.findings().filter((finding) => finding.rule === 'unknown-reference').map((finding) => finding.message);
    assert.deepEqual(messages, [
      'SC-1\'s "satisfies:" line names SO-77, which is not defined anywhere in the workspace.',
      'A "Mitigates:" line names TM-99, which is not defined anywhere in the workspace.',
      'TC-2\'s "Verifies" cell names SR-42, which is not defined anywhere in the workspace.',
      'TC-3\'s "Verifies:" line names SR-43, which is not defined anywhere in the workspace.',
    ]);
  });

  it('updates the message when only the key changes, as a full check would say it', () => {
    const index = indexOf({ ...requirement, 'docs/tests.md': joinLines('## TC-3: Soak', 'Verifies: SR-43') }, team);
    index.updateFile('docs/tests.md', joinLines('## TC-3: Soak', 'verifies: SR-43'));
    const unknown = index.findings().filter((finding) => finding.rule === 'unknown-reference');
    assert.deepEqual(unknown.map((finding) => finding.message), ['TC-3\'s "verifies:" line names SR-43, which is not defined anywhere in the workspace.']);
  });
});
