import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, DEFAULT_EXCLUDES, JSP_KINDS, RULES, parseConfig } from '../../src/core';
import { joinLines } from './util';
import { ANNOTATION_MEANINGS, DOCUMENT_LINK_TYPES } from '../../src/core/extract/linkKeys';

const errorsOf = (text: string) =>
  parseConfig(text).errors.map((e) => `${e.field}@${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`);

describe('Configuration', () => {
  it('applies defaults for an empty object', () => {
    assert.deepEqual(parseConfig('{}'), { config: DEFAULT_CONFIG, errors: [] });
  });

  it('reads every field, with comments and trailing commas', () => {
    const { config, errors } = parseConfig(
      joinLines(
        '{',
        '  // our own requirement IDs',
        '  "kinds": { "requirement": { "pattern": "REQ-\\\\d+" } },',
        '  "rules": { "requirement-not-derived": "off", "duplicate-id": "warning" },',
        '  "include": ["docs/**", "src/**"],',
        '  "exclude": ["src/vendor/**"],',
        '  "tests": ["spec/**"],',
        '  "useGitignore": false,',
        '  "maxFileSize": 2048,',
        '}',
      ),
    );
    assert.deepEqual(errors, []);
    assert.equal(config.kinds.requirement.pattern, 'REQ-\\d+');
    assert.equal(config.kinds.threat.pattern, 'TM-\\d+');
    assert.deepEqual(config.rules, { 'requirement-not-derived': 'off', 'duplicate-id': 'warning' });
    assert.deepEqual([config.include, config.tests], [['docs/**', 'src/**'], ['spec/**']]);
    assert.deepEqual(config.exclude, [...DEFAULT_EXCLUDES, 'src/vendor/**'], 'exclude adds to the defaults');
    assert.equal(config.useGitignore, false);
    assert.equal(config.maxFileSize, 2048);
  });

  it('names the field and its position for each invalid value', () => {
    assert.deepEqual(
      errorsOf(
        joinLines(
          '{',
          '  "include": "docs/**",',
          '  "maxFileSize": -1,',
          '  "useGitignore": "yes",',
          '  "kinds": { "requirement": { "pattern": "SR-(" }, "story": { "pattern": "US-\\\\d+" } },',
          '  "rules": { "no-such-rule": "error", "duplicate-id": "fatal" },',
          '  "colour": true',
          '}',
        ),
      ),
      [
        'include@2:14 "include" must be an array of glob strings.',
        'maxFileSize@3:18 "maxFileSize" must be a positive whole number of bytes.',
        'useGitignore@4:19 "useGitignore" must be true or false.',
        'kinds.requirement.pattern@5:42 The pattern is not a valid regular expression: Invalid regular expression: /SR-(/u: Unterminated group.',
        'kinds.story@5:52 Unknown kind "story". Known kinds: objective, misuse, threat, requirement, control, test, vulnerability, risk, component.',
        `rules.no-such-rule@6:14 Unknown rule "no-such-rule". Known rules: ${RULES.map((rule) => rule.name).join(', ')}.`,
        'rules.duplicate-id@6:55 "rules.duplicate-id" must be one of "error", "warning", "info", "off".',
        'colour@7:3 Unknown setting "colour". Known settings: include, exclude, tests, testResults, sboms, sbomDrift, threatModels, threatIdPrefix, support, needs, useGitignore, maxFileSize, kinds, rules, linkKeys, reversedLinkKeys, annotationVerbs, tables, categories, policy, minCoverage, today.',
      ],
    );
  });

  it('rejects a pattern that matches the empty string', () => {
    assert.match(errorsOf('{ "kinds": { "risk": { "pattern": "RA-\\\\d*|" } } }')[0]!, /^kinds.risk.pattern@1:35 The pattern matches the empty string/);
  });

  it('reports JSON syntax errors with their position and keeps no partial config', () => {
    assert.deepEqual(parseConfig('{\n  "include": ["a"\n}'), {
      config: DEFAULT_CONFIG,
      errors: [{ field: '', message: 'Invalid JSONC: comma expected.', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } } }],
    });
  });

  it('rejects a configuration that is not an object', () => {
    assert.deepEqual(errorsOf('[]'), ['@1:1 The configuration must be a JSON object.']);
  });
});

describe('Configuration schema', () => {
  it('lists the same settings, kinds and rules as the parser knows', async () => {
    const schema = JSON.parse(await fs.readFile(path.join(__dirname, '../../schemas/jsp-trace.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties).filter((key) => key !== '$schema').sort(), Object.keys(DEFAULT_CONFIG).sort());
    assert.deepEqual(Object.keys(schema.properties.kinds.properties), [...JSP_KINDS]);
    assert.deepEqual(Object.keys(schema.properties.rules.properties), RULES.map((rule) => rule.name));
    assert.deepEqual(schema.properties.exclude.default, []);
    assert.deepEqual(schema.properties.tests.default, DEFAULT_CONFIG.tests);
    assert.deepEqual(Object.keys(schema.properties.linkKeys.properties), DOCUMENT_LINK_TYPES);
    assert.deepEqual(Object.keys(schema.properties.reversedLinkKeys.properties), DOCUMENT_LINK_TYPES);
    assert.deepEqual(Object.keys(schema.properties.annotationVerbs.properties), ANNOTATION_MEANINGS);
    assert.deepEqual(schema.properties.tables.default, DEFAULT_CONFIG.tables);
    assert.deepEqual(schema.properties.tables.properties.titleFallback.enum, ['second-column', 'none']);
  });
});

describe('Minimum coverage in the configuration', () => {
  it('reads a percentage per measure and names a wrong measure or value where it is written', () => {
    assert.deepEqual(parseConfig('{ "minCoverage": { "verified": 90, "mitigated": 100 } }').config.minCoverage, { verified: 90, mitigated: 100 });
    const { errors } = parseConfig('{\n  "minCoverage": { "covered": 90, "verified": 120 }\n}');
    assert.deepEqual(
      errors.map((error) => `${error.field}@${error.range.start.line}:${error.range.start.character} ${error.message}`),
      [
        'minCoverage.covered@1:19 In "minCoverage", "covered" is not a coverage measure; the measures are derived, implemented, verified, passing, mitigated.',
        'minCoverage.verified@1:46 In "minCoverage", the minimum of "verified" must be a percentage from 0 to 100.',
      ],
    );
  });
});
