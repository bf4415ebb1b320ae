import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, IdMatcher, JSP_KINDS } from '../../src/core';
import { linkTypeOfKey } from '../../src/core/extract/linkKeys';

const root = path.resolve(__dirname, '../..');

interface Rule {
  readonly match: string;
  readonly name?: string;
  readonly captures?: Record<string, { readonly name: string }>;
}

interface Grammar {
  readonly scopeName: string;
  readonly injectionSelector: string;
  readonly patterns: readonly { readonly include: string }[];
  readonly repository: Record<string, Rule>;
}

function load(file: string): Grammar {
  return JSON.parse(fs.readFileSync(path.join(root, 'syntaxes', file), 'utf8')) as Grammar;
}

const comments = load('jsp-trace.comments.injection.tmLanguage.json');
const markdown = load('jsp-trace.markdown.injection.tmLanguage.json');

/**
 * A TextMate (Oniguruma) pattern as a JavaScript regular expression. The two syntaxes agree on what these
 * grammars use (lookarounds, classes, `\p{L}`), except the leading `(?i)`, which becomes the `i` flag.
 */
function toRegExp(pattern: string): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'giu' : 'gu');
}

/** The texts a rule scopes in a line as `text=scope` (the rule's scope, or each capture's but the whole match's). */
function scoped(rule: Rule, line: string): string[] {
  return [...line.matchAll(toRegExp(rule.match))].flatMap((match) => {
    if (rule.name) {
      return [`${match[0]}=${rule.name}`];
    }
    return Object.entries(rule.captures ?? {})
      .filter(([group]) => group !== '0' && match[Number(group)] !== undefined)
      .map(([group, capture]) => `${match[Number(group)]}=${capture.name}`);
  });
}

/** The texts a rule matches in a line. */
const texts = (rule: Rule, line: string) => [...line.matchAll(toRegExp(rule.match))].map((match) => match[0]);

describe('Injection grammars', () => {
  it('compile every pattern as a JavaScript regular expression', () => {
    for (const grammar of [comments, markdown]) {
      for (const include of grammar.patterns) {
        assert.ok(grammar.repository[include.include.slice(1)], `${grammar.scopeName} includes ${include.include}`);
      }
      for (const [name, rule] of Object.entries(grammar.repository)) {
        assert.doesNotThrow(() => toRegExp(rule.match), `${grammar.scopeName}#${name}`);
      }
    }
  });

  it('inject into comments and Python docstrings, and into Markdown outside code', () => {
    assert.equal(comments.injectionSelector, 'L:comment -string -markup.fenced_code, L:string.quoted.docstring -markup.fenced_code');
    assert.equal(markdown.injectionSelector, 'L:text.html.markdown -markup.fenced_code -markup.raw -markup.underline.link');
    assert.equal(comments.scopeName, 'jsp-trace.comments.injection');
    assert.equal(markdown.scopeName, 'jsp-trace.markdown.injection');
  });

  it('scope each kind of ID by the default pattern of that kind, in the order of the kinds', () => {
    const rule = comments.repository.id!;
    assert.deepEqual(markdown.repository.id, rule);
    assert.deepEqual(
      Object.values(rule.captures!).map((capture) => capture.name),
      JSP_KINDS.map((kind) => `variable.other.constant.${kind}.jsp-trace`),
    );
    for (const kind of JSP_KINDS) {
      assert.ok(rule.match.includes(`(${DEFAULT_CONFIG.kinds[kind].pattern.replace('\\d', '[0-9]')})`), kind);
    }
    assert.deepEqual(scoped(rule, 'SO-1 MC-2 TM-3 SR-4 SC-5 TC-6 VULN-7 RA-8 pkg:npm/%40babel/core@7.26.0'), [
      'SO-1=variable.other.constant.objective.jsp-trace',
      'MC-2=variable.other.constant.misuse.jsp-trace',
      'TM-3=variable.other.constant.threat.jsp-trace',
      'SR-4=variable.other.constant.requirement.jsp-trace',
      'SC-5=variable.other.constant.control.jsp-trace',
      'TC-6=variable.other.constant.test.jsp-trace',
      'VULN-7=variable.other.constant.vulnerability.jsp-trace',
      'RA-8=variable.other.constant.risk.jsp-trace',
      'pkg:npm/%40babel/core@7.26.0=variable.other.constant.component.jsp-trace',
    ]);
  });

  it('highlight the same whole-word IDs that the index finds', () => {
    const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);
    const samples = [
      '@implements SR-12, SR-13 and TM-3',
      'XSR-1 SR-1a SR_1 SR- sr-1 -SR-2 SR-3- (SR-4) [TM-5] `SC-6`',
      'SR-7.',
      'VULN-2024 RA-0 TC-99999',
      'über SR-8é ÄSR-9 SR-10',
      'SR-11/SR-12',
    ];
    for (const line of samples) {
      assert.deepEqual(texts(comments.repository.id!, line), [...matcher.matches(line)].map((match) => match.id), line);
    }
  });

  it('highlight the annotation verbs in comments', () => {
    const rule = comments.repository.annotation!;
    assert.deepEqual(texts(rule, '/* @implements SR-4 */ // @verifies SR-5; # @mitigates TM-1'), ['@implements', '@verifies', '@mitigates']);
    assert.deepEqual(texts(rule, '@implementsX @implement @Implements implements: SR-1 @deprecated'), []);
    assert.deepEqual(Object.values(rule.captures!).map((capture) => capture.name), ['storage.type.annotation.jsp-trace', 'punctuation.definition.annotation.jsp-trace']);
  });

  it('highlight link keys at the start of Markdown lines, in every form the extractor reads', () => {
    const rule = markdown.repository['link-key']!;
    const lines: [string, string][] = [
      ['Derives from: SO-2, MC-1', 'Derives from'],
      ['Derived from: SO-2', 'Derived from'],
      ['**Mitigates:** TM-3', 'Mitigates'],
      ['**Implements**: SR-1', 'Implements'],
      ['__Verifies__: SR-1', 'Verifies'],
      ['- Accepts: TM-4', 'Accepts'],
      ['* **Affects:** VULN-1', 'Affects'],
      ['1. Resolves: VULN-1', 'Resolves'],
      ['> Mitigates: TM-1', 'Mitigates'],
      ['  - derives  from : SO-1', 'derives  from'],
      ['MITIGATES: TM-1', 'MITIGATES'],
    ];
    for (const [line, key] of lines) {
      assert.deepEqual(texts(rule, line), [key], line);
      assert.ok(linkTypeOfKey(key), `${key} is a link key of the extractor`);
    }
    for (const line of ['The control mitigates: TM-1 in prose.', 'Category: Authentication', 'Mitigates TM-1', 'Remitigates: TM-1', '```Mitigates: TM-1']) {
      assert.deepEqual(texts(rule, line), [], line);
    }
    assert.equal(rule.name, 'keyword.other.link-key.jsp-trace');
  });

  it('are the files package.json contributes, with matching scope names', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes?: { grammars?: { scopeName: string; path: string }[] };
    };
    for (const entry of manifest.contributes?.grammars ?? []) {
      const grammar = JSON.parse(fs.readFileSync(path.join(root, entry.path), 'utf8')) as Grammar;
      assert.equal(grammar.scopeName, entry.scopeName, entry.path);
    }
  });
});
