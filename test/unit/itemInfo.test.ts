import * as assert from 'node:assert/strict';
import { closestIds, combineSummaries, duplicateDefinitionLabel, editDistance, summarize, hoverMarkdown, idAt, itemTitle, nextFreeId, occurrences, renumberConsequence, traceStatusLine } from '../../src/core';
import { indexOf, joinLines } from './util';

const files = {
  'docs/concept.md': joinLines('## SO-1: Dose integrity', '## MC-1: Replay'),
  'docs/threats.md': joinLines('## TM-1: Replay', '## TM-2: Spoofing', '## TM-3: Flood'),
  'docs/reqs.md': joinLines('## SR-1: Nonces', 'Derives from: SO-1', 'Mitigates: TM-1, TM-2', 'Category: Authentication', '## SR-2: <img src=x onerror=alert(1)>', '## SR-14: Later'),
  'docs/risk.md': joinLines('## RA-1: Flood accepted', 'Accepts: TM-3', 'Approved by: J. Doe', 'Date: 2026-01-05'),
  'src/nonce.c': '// @implements SR-1\n// @implements SR-1',
  'test/nonce_test.c': '// @verifies SR-1\n// see SR-2',
};
const index = indexOf(files);
const graph = index.graph;

describe('Item information for the editor', () => {
  it('finds the ID under a position, touching either end', () => {
    assert.deepEqual(idAt(index.matcher, '// @verifies SR-12, TM-3', 13), { id: 'SR-12', start: 13, end: 18 });
    assert.deepEqual(idAt(index.matcher, '// @verifies SR-12, TM-3', 18)?.id, 'SR-12');
    assert.equal(idAt(index.matcher, '// @verifies SR-12, TM-3', 5), undefined);
  });

  it('describes the trace status of each kind in one line', () => {
    const status = (id: string) => traceStatusLine(graph, graph.item(id)!);
    assert.equal(status('SR-1'), '2 implementations · 1 test · mitigates TM-1, TM-2');
    assert.equal(status('SR-2'), 'not implemented · not verified · not derived');
    assert.equal(status('TM-1'), 'mitigated by SR-1');
    assert.equal(status('TM-3'), 'accepted by RA-1');
    assert.equal(status('SO-1'), '1 requirement derives from it');
    assert.equal(status('MC-1'), 'no requirement derives from it');
    assert.equal(status('RA-1'), 'accepts TM-3');
  });

  it('builds a hover with title, kind, status and attributes, escaping workspace text', () => {
    const hover = hoverMarkdown(graph, 'SR-1');
    assert.match(hover, /^\*\*SR\\-1\*\* Nonces\n\n\*Security requirement\* · 2 implementations/);
    assert.match(hover, /- Category: Authentication/);
    assert.match(hover, /Derives from SO-1 \(Dose integrity\)/);
    assert.match(hover, /Defined in `docs\/reqs.md:1`/);
    assert.match(hoverMarkdown(graph, 'SR-2'), /\\<img src=x onerror=alert\\\(1\\\)\\>/);
    assert.equal(hoverMarkdown(graph, 'SR-99'), '**SR-99** is not defined anywhere in the workspace.');
  });

  it('lists every occurrence of an ID', () => {
    assert.deepEqual(
      occurrences(graph, 'SR-2').map((l) => `${l.path}:${l.range.start.line}`),
      ['docs/reqs.md:4', 'test/nonce_test.c:1'],
    );
  });

  it('suggests the closest defined IDs, same kind first', () => {
    assert.deepEqual(closestIds(graph, index.matcher, 'SR-11'), ['SR-1', 'SR-14', 'SR-2']);
    assert.deepEqual(closestIds(graph, index.matcher, 'TM-42'), ['TM-2', 'TM-1', 'TM-3']);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('finds the next free ID of a series', () => {
    assert.equal(nextFreeId(graph, 'SR-1'), 'SR-15');
    assert.equal(nextFreeId(graph, 'TM-2'), 'TM-4');
    const withMention = indexOf({ ...files, 'test/x_test.c': '// @verifies SR-15 and SR-99' });
    assert.equal(nextFreeId(withMention.graph, 'SR-1'), 'SR-16', 'a mentioned number is skipped, a far one does not count');
  });
});

describe('An ID defined twice', () => {
  // The superseded definition sorts first by path; the annotations were written for the current one.
  const duplicate = indexOf({
    'docs/legacy.md': joinLines('## SR-3: Legacy session timeout', 'Category: Authentication'),
    'docs/reqs.md': joinLines('## SR-1: Nonces', '## SR-3: Lock the pump after ten minutes', 'Category: Authorization'),
    'app/a.c': '// @implements SR-3',
    'app/b.c': '\n\n// @implements SR-3',
    'test/lock_test.c': '// @verifies SR-3',
    'docs/plan.md': joinLines('## TC-1: Lock test', 'Verifies: SR-3', 'See SR-3.'),
  }).graph;
  const [legacy, current] = duplicate.definitions('SR-3');

  it('shows every title, never only the first definition\'s', () => {
    assert.equal(itemTitle(duplicate, 'SR-3'), 'Legacy session timeout / Lock the pump after ten minutes (defined 2×)');
    assert.equal(itemTitle(duplicate, 'SR-1'), 'Nonces');
    assert.equal(itemTitle(duplicate, 'SR-9'), undefined);
  });

  it('hovers with each definition, its location and attributes, and the links as the ID\'s', () => {
    const hover = hoverMarkdown(duplicate, 'SR-3');
    assert.match(hover, /^\*\*SR\\-3\*\* is ambiguous: it is defined 2 times, and every link to or from SR\\-3 counts for each definition\./);
    assert.match(hover, /\*Security requirement\* · 2 implementations · 2 tests/);
    assert.match(hover, /\n1\. Legacy session timeout, in `docs\/legacy\.md:1`\n   - Category: Authentication\n/);
    assert.match(hover, /\n2\. Lock the pump after ten minutes, in `docs\/reqs\.md:2`\n   - Category: Authorization/);
    assert.doesNotMatch(hover, /Defined in/);
  });

  it('says on each definition which of them it is', () => {
    assert.equal(duplicateDefinitionLabel(duplicate, legacy!), '1 of 2 definitions of SR-3');
    assert.equal(duplicateDefinitionLabel(duplicate, current!), '2 of 2 definitions of SR-3');
    assert.equal(duplicateDefinitionLabel(duplicate, duplicate.item('SR-1')!), undefined);
  });

  it('says which annotations, links and mentions will name the other definition after renumbering one', () => {
    assert.equal(
      renumberConsequence(duplicate, current!, 'SR-4'),
      '3 annotations, 1 link and 1 mention (app/a.c:1, app/b.c:3, docs/plan.md:2, …) name SR-3 and now point at the definition in docs/legacy.md:1: change those meant for this one to SR-4.',
    );
    assert.match(renumberConsequence(duplicate, legacy!, 'SR-4'), /now point at the definition in docs\/reqs\.md:2:/);
    const alone = indexOf({ 'a.md': joinLines('## SR-3: A', '## SR-3: B') }).graph;
    assert.equal(renumberConsequence(alone, alone.definitions('SR-3')[1]!, 'SR-4'), 'Nothing else names SR-3: it now means only the definition in a.md:1.');
  });
});

describe('Combined summaries', () => {
  it('add up the figures of several folders', () => {
    const one = summarize(index);
    const both = combineSummaries([one, one]);
    assert.equal(both.requirements.total, one.requirements.total * 2);
    assert.equal(both.findings.total, one.findings.total * 2);
    assert.equal(both.byRule['requirement-not-verified'], one.byRule['requirement-not-verified']! * 2);
    assert.equal(both.items.threat, 6);
    assert.deepEqual(combineSummaries([one]), one);
  });
});
