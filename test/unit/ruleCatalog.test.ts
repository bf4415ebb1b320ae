import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RULES, buildMatrix, ruleProblem, ruleTitle } from '../../src/core';
import type { RuleStatus } from '../../src/protocol';
import { gapLines, ruleTooltip } from '../../webview/labels';
import { indexOf, joinLines } from './util';

const repo = path.resolve(__dirname, '../..');

/** Every rule as the panel receives it, at its default severity. */
const ruleStatuses: RuleStatus[] = RULES.map((rule) => ({ name: rule.name, description: rule.description, severity: rule.defaultSeverity }));

describe('Rule catalog', () => {
  it('gives every rule a short title in words, not its code', () => {
    for (const rule of RULES) {
      assert.match(rule.title, /^[A-Z][A-Za-z]*( [A-Za-z]+){1,3}$/, `${rule.name}: "${rule.title}"`);
      assert.equal(rule.title.toLowerCase().replace(/ /g, '-'), rule.name, `${rule.name}: the title reads as the code, so the documentation's anchors stay the codes`);
    }
    assert.equal(new Set(RULES.map((rule) => rule.title)).size, RULES.length, 'titles are unique');
  });

  it('states every rule’s problem as a sentence about the item', () => {
    for (const rule of RULES) {
      const sentence = rule.problem('SR-3');
      assert.match(sentence, /^SR-3 [a-z].*[a-z]\.$/, `${rule.name}: "${sentence}"`);
      assert.notEqual(sentence, rule.description, `${rule.name}: the problem is not the rule's description`);
    }
    assert.equal(ruleProblem('requirement-not-verified', 'SR-3'), 'SR-3 is not verified by any test.');
    assert.equal(ruleTitle('requirement-not-verified'), 'Requirement not verified');
  });

  it('falls back to the name for a rule it does not know', () => {
    assert.equal(ruleTitle('no-such-rule'), 'no-such-rule');
    assert.equal(ruleProblem('no-such-rule', 'SR-3'), 'SR-3: no-such-rule.');
  });

  it('is dependency-free, so the webview can import it: only types come in', () => {
    const source = fs.readFileSync(path.join(repo, 'src/core/graph/ruleCatalog.ts'), 'utf8');
    const imports = source.split('\n').filter((line) => /^import\b/.test(line));
    assert.deepEqual(
      imports.filter((line) => !line.startsWith('import type ')),
      [],
    );
  });
});

describe('Rule wording in the matrix panel', () => {
  it('states each gap of the selected item with its rule’s problem sentence, each rule once', () => {
    const index = indexOf({
      'docs/concept.md': '## SO-1: Protect dose integrity',
      'docs/reqs.md': joinLines('## SR-3: Nonces', 'Derives from: SO-1'),
      'src/nonce.c': '// @implements SR-3',
    });
    const row = buildMatrix(index, 'requirements').rows.find((candidate) => candidate.id === 'SR-3')!;
    assert.deepEqual(gapLines(row.id, [...row.gaps, ...row.gaps], ruleStatuses), [
      { rule: 'requirement-not-verified', title: 'Requirement not verified', severity: 'error', problem: 'SR-3 is not verified by any test.' },
    ]);
  });

  it('names a rule by its title in its tooltip, with its code for those who configure it', () => {
    const status: RuleStatus = { name: 'requirement-not-derived', description: 'Every requirement derives from a security objective or misuse case.', severity: 'off' };
    assert.equal(
      ruleTooltip(status),
      'Requirement not derived: Every requirement derives from a security objective or misuse case. Rule requirement-not-derived, switched off.',
    );
  });
});

describe('docs/rules.md', () => {
  it('heads each rule’s section with its title, in catalog order, with its code below', () => {
    const text = fs.readFileSync(path.join(repo, 'docs/rules.md'), 'utf8');
    const sections = [...text.matchAll(/^## (.+)\n\nCode `([a-z-]+)`\./gm)].map(([, title, name]) => ({ title, name }));
    assert.deepEqual(
      sections,
      RULES.map((rule) => ({ title: rule.title, name: rule.name })),
    );
  });
});
