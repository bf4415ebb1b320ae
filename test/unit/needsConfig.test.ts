import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, IdMatcher, JSP_KINDS, parseConfig } from '../../src/core';
import { NEED_LINK_MEANINGS, needsReading, linkMeaning } from '../../src/core/config/needsSettings';
import { joinLines } from './util';

const errorsOf = (text: string) =>
  parseConfig(text).errors.map((e) => `${e.field}@${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`);

describe('The "needs" setting', () => {
  it('adds types and links to the defaults: a kind, a kind with a pattern, null; a link type or one per kind', () => {
    const { config, errors } = parseConfig(
      joinLines(
        '{',
        '  "needs": {',
        '    "exports": ["docs/_build/needs/needs.json"],',
        '    "types": { "sys_req": "requirement", "tc": { "kind": "test", "pattern": "TC_\\\\d{3}" }, "impl": null },',
        '    "links": { "validated_by": "reference", "covers": { "test": "verifies", "control": "implements" } },',
        '  },',
        '}',
      ),
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(config.needs.exports, ['docs/_build/needs/needs.json']);
    assert.deepEqual([config.needs.types['sys_req'], config.needs.types['tc'], config.needs.types['impl'], config.needs.types['req']], [
      { kind: 'requirement' },
      { kind: 'test', pattern: 'TC_\\d{3}' },
      null,
      { kind: 'requirement' },
    ]);
    const reading = needsReading(config.needs);
    assert.equal(reading.types['impl'], undefined, 'a type set to null is not traced');
    assert.deepEqual(
      [linkMeaning(reading, 'covers', 'test'), linkMeaning(reading, 'covers', 'control'), linkMeaning(reading, 'covers', 'requirement'), linkMeaning(reading, 'tests', 'test'), linkMeaning(reading, 'owner', 'test')],
      ['verifies', 'implements', 'reference', 'verifies', undefined],
    );
  });

  it('adds a need type\'s pattern to its kind\'s patterns, so that code and documents find the need IDs', () => {
    const { config } = parseConfig('{ "needs": { "types": { "req": { "kind": "requirement", "pattern": "REQ_\\\\d+" }, "spec": { "kind": "requirement", "pattern": "SPEC_[A-Z]+_\\\\d+" } } } }');
    const matcher = new IdMatcher(config.kinds);
    assert.deepEqual(
      [...matcher.matches('// @verifies REQ_001, SPEC_AUTH_01 and SR-4; not XREQ_1')].map((match) => `${match.id} ${match.kind}`),
      ['REQ_001 requirement', 'SPEC_AUTH_01 requirement', 'SR-4 requirement'],
    );
    assert.equal(config.kinds.threat, DEFAULT_CONFIG.kinds.threat);
    assert.equal(parseConfig('{ "needs": { "types": { "req": "requirement" } } }').config.kinds, DEFAULT_CONFIG.kinds, 'no pattern, no change');
  });

  it('names the field and its position for each invalid value', () => {
    assert.deepEqual(
      errorsOf(
        joinLines(
          '{',
          '  "needs": {',
          '    "exports": "needs.json",',
          '    "types": { "story": "feature", "req": { "pattern": "REQ_\\\\d+" }, "tc": { "kind": "test", "pattern": "TC_\\\\d+\\\\d+" }, "sys req": "requirement" },',
          '    "links": { "tests": "tested", "covers": { "story": "verifies" }, "links": 3 },',
          '    "colour": true',
          '  }',
          '}',
        ),
      ),
      [
        'needs.exports@3:16 "needs.exports" must be an array of glob strings.',
        'needs.types.story@4:25 "needs.types.story" must be a kind: objective, misuse, threat, requirement, control, test, vulnerability, risk, component.',
        'needs.types.req@4:43 "needs.types.req" must name a "kind" (objective, misuse, threat, requirement, control, test, vulnerability, risk, component).',
        'needs.types.tc.pattern@4:105 The pattern can take quadratic time on some lines: "\\\\d+" and "\\\\d+" can match the same characters one after the other, so every split between them is tried. Make adjacent repeats match different characters, e.g. "\\\\d{2,}" rather than "\\\\d+\\\\d+".',
        'needs.types.sys req@4:122 "sys req" is not a sphinx-needs name: letters, digits, "_" and "-", starting with a letter.',
        'needs.links.tests@5:25 "needs.links.tests" must be one of "derives", "mitigates", "implements", "verifies", "accepts", "affects", "resolves", "reference".',
        'needs.links.covers.story@5:47 Unknown kind "story". Known kinds: objective, misuse, threat, requirement, control, test, vulnerability, risk, component.',
        'needs.links.links@5:79 "needs.links.links" must be one of "derives", "mitigates", "implements", "verifies", "accepts", "affects", "resolves", "reference", or an object mapping kinds of the declaring need to one of them.',
        'needs.colour@6:5 Unknown setting "colour" in "needs". Known: exports, types, links.',
      ],
    );
  });

  it('keeps the defaults of entries it rejects', () => {
    const { config } = parseConfig('{ "needs": { "types": { "req": "feature" }, "links": { "tests": "tested" } } }');
    assert.deepEqual([config.needs.types['req'], config.needs.links['tests']], [{ kind: 'requirement' }, 'verifies']);
  });
});

describe('The "needs" schema', () => {
  it('has the parser\'s defaults, kinds and link meanings', async () => {
    const schema = JSON.parse(await fs.readFile(path.join(__dirname, '../../schemas/jsp-trace.schema.json'), 'utf8'));
    const needs = schema.properties.needs.properties;
    assert.deepEqual(Object.keys(needs), Object.keys(DEFAULT_CONFIG.needs));
    assert.deepEqual(needs.exports.default, DEFAULT_CONFIG.needs.exports);
    const types = Object.fromEntries(Object.entries(needs.types.default as Record<string, string>).map(([type, kind]) => [type, { kind }]));
    assert.deepEqual(types, DEFAULT_CONFIG.needs.types);
    assert.deepEqual(needs.links.default, DEFAULT_CONFIG.needs.links);
    const [kindName, kindObject] = schema.definitions.needType.oneOf;
    assert.deepEqual([kindName.enum, kindObject.properties.kind.enum], [[...JSP_KINDS], [...JSP_KINDS]]);
    assert.deepEqual(schema.definitions.needLinkMeaning.enum, NEED_LINK_MEANINGS);
    assert.deepEqual(Object.keys(schema.definitions.needLink.oneOf[1].properties), [...JSP_KINDS]);
  });
});
