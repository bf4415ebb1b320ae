import * as assert from 'node:assert/strict';
import { locationLabel, type Finding } from '../../src/core';
import { TraceTree, worstSeverity, type TraceNode, type TraceTreeFilter } from '../../src/core/report/traceTreeModel';
import { indexOf, joinLines } from './util';

const files = {
  'docs/concept.md': joinLines('## SO-1: Dose integrity', '## SO-2: Availability', '## MC-1: Replay'),
  'docs/threats.md': joinLines('## TM-1: Replay', '## TM-2: Spoofing', '## TM-3: Flood', '## TM-4: Unmitigated'),
  'docs/reqs.md': joinLines(
    '## SR-1: Nonces',
    'Derives from: SO-1, MC-1',
    'Mitigates: TM-1, TM-2',
    '## SR-2: Signed commands',
    'Derives from: SO-1',
    '## SR-3: Orphan',
    'Mitigates: TM-99',
  ),
  'docs/controls.md': joinLines('## SC-1: HMAC module', 'Implements: SR-2', 'Mitigates: TM-2', '## SC-2: Spare control'),
  'docs/tests.md': joinLines('## TC-1: Replay test', 'Verifies: SR-2'),
  'docs/risk.md': joinLines('## RA-1: Flood accepted', 'Accepts: TM-3', 'Approved by: J. Doe', 'Date: 2026-01-05'),
  'docs/zz-dup.md': '## SR-1: Copied by mistake',
  'src/nonce.c': '// @implements SR-1\n// @implements SR-1',
  'src/hmac.c': '/* @implements SC-1 */\n// @mitigates TM-4',
  'test/nonce_test.c': '// @verifies SR-1\n// see SR-77',
};

function treeOf(sources: Record<string, string>, filter: TraceTreeFilter = 'all'): TraceTree {
  const index = indexOf(sources);
  return new TraceTree(index.graph, index.findings(), filter);
}

/** One line per node, indented by depth: `label (relation)`, with `!` when the node has findings. */
function render(tree: TraceTree, nodes: readonly TraceNode[] = tree.roots(), depth = 0): string[] {
  return nodes.flatMap((node) => {
    const relation = node.type !== 'group' && node.relation ? ` (${node.relation})` : '';
    const flag = node.type !== 'group' && node.findings.length > 0 ? ' !' : '';
    return [`${'  '.repeat(depth)}${node.label}${relation}${flag}`, ...render(tree, tree.children(node), depth + 1)];
  });
}

function pathOf(node: TraceNode | undefined): string {
  const labels: string[] = [];
  for (let up = node; up; up = up.parent) {
    labels.unshift(up.label);
  }
  return labels.join(' / ');
}

const sr1 = [
  'SR-1 Nonces (derives) !',
  '  docs/zz-dup.md:1 (duplicate) !',
  '  src/nonce.c:1 (implements)',
  '  src/nonce.c:2 (implements)',
  '  test/nonce_test.c:1 (verifies)',
];

describe('Trace tree model', () => {
  it('lists objectives, misuse cases and threats with what derives from, mitigates and traces them', () => {
    const indent = (lines: string[], depth: number, relation = 'derives') =>
      lines.map((line, i) => '  '.repeat(depth) + (i === 0 ? line.replace('(derives)', `(${relation})`) : line));
    assert.deepEqual(render(treeOf(files)), [
      'Security objectives',
      '  SO-1 Dose integrity',
      ...indent(sr1, 2),
      '    SR-2 Signed commands (derives)',
      '      SC-1 HMAC module (implements)',
      '        src/hmac.c:1 (implements)',
      '      TC-1 Replay test (verifies)',
      '  SO-2 Availability',
      'Misuse cases',
      '  MC-1 Replay',
      ...indent(sr1, 2),
      'Threats',
      '  TM-1 Replay',
      ...indent(sr1, 2, 'mitigates'),
      '  TM-2 Spoofing',
      '    SC-1 HMAC module (mitigates)',
      '      src/hmac.c:1 (implements)',
      ...indent(sr1, 2, 'mitigates'),
      '  TM-3 Flood',
      '    RA-1 Flood accepted (accepts)',
      '  TM-4 Unmitigated !',
      '    src/hmac.c:2 (mitigates)',
      'Requirements without objective',
      '  SR-3 Orphan !',
      'Other items',
      '  SC-2 Spare control',
      'Unknown references',
      '  SR-77 !',
      '    test/nonce_test.c:2 (reference) !',
      '  TM-99 !',
      '    docs/reqs.md:7 (mitigates) !',
    ]);
  });

  it('shows only items with findings, the places findings point at and the path to them when filtered', () => {
    assert.deepEqual(render(treeOf(files, 'untraced')), [
      'Security objectives',
      '  SO-1 Dose integrity',
      '    SR-1 Nonces (derives) !',
      '      docs/zz-dup.md:1 (duplicate) !',
      'Misuse cases',
      '  MC-1 Replay',
      '    SR-1 Nonces (derives) !',
      '      docs/zz-dup.md:1 (duplicate) !',
      'Threats',
      '  TM-1 Replay',
      '    SR-1 Nonces (mitigates) !',
      '      docs/zz-dup.md:1 (duplicate) !',
      '  TM-2 Spoofing',
      '    SR-1 Nonces (mitigates) !',
      '      docs/zz-dup.md:1 (duplicate) !',
      '  TM-4 Unmitigated !',
      'Requirements without objective',
      '  SR-3 Orphan !',
      'Unknown references',
      '  SR-77 !',
      '    test/nonce_test.c:2 (reference) !',
      '  TM-99 !',
      '    docs/reqs.md:7 (mitigates) !',
    ]);
  });

  it('carries the findings about each ID on its node', () => {
    const tree = treeOf(files);
    const rules = (id: string) => tree.find(id)!.findings.map((finding) => finding.rule);
    assert.deepEqual(rules('SR-3'), ['requirement-not-derived', 'requirement-not-implemented', 'requirement-not-verified']);
    assert.deepEqual(rules('SR-1'), ['duplicate-id']);
    assert.deepEqual(rules('SR-2'), []);
    assert.equal(worstSeverity(tree.find('SR-3')!.findings), 'error');
    assert.equal(tree.find('SR-1')!.item?.title, 'Nonces');
    assert.equal(tree.find('SR-77')!.item, undefined);
  });

  it('finds the node to reveal for an ID where it first appears, breadth first', () => {
    const tree = treeOf(files);
    assert.equal(pathOf(tree.find('SR-1')), 'Security objectives / SO-1 Dose integrity / SR-1 Nonces');
    assert.equal(pathOf(tree.find('SC-1')), 'Threats / TM-2 Spoofing / SC-1 HMAC module');
    assert.equal(pathOf(tree.find('TC-1')), 'Security objectives / SO-1 Dose integrity / SR-2 Signed commands / TC-1 Replay test');
    assert.equal(pathOf(tree.find('RA-1')), 'Threats / TM-3 Flood / RA-1 Flood accepted');
    assert.equal(pathOf(tree.find('SC-2')), 'Other items / SC-2 Spare control');
    assert.equal(pathOf(tree.find('TM-99')), 'Unknown references / TM-99');
    assert.equal(tree.find('SR-404'), undefined);
  });

  it('finds only what the filter shows', () => {
    const tree = treeOf(files, 'untraced');
    assert.equal(pathOf(tree.find('SR-1')), 'Security objectives / SO-1 Dose integrity / SR-1 Nonces');
    assert.equal(tree.find('SR-2'), undefined);
    assert.equal(tree.find('SO-2'), undefined);
  });

  it('keeps node objects stable, so a found node is the one the view holds', () => {
    const tree = treeOf(files);
    const found = tree.find('TC-1')!;
    const objectives = tree.roots()[0]!;
    assert.equal(tree.roots(), tree.roots());
    assert.equal(tree.children(objectives), tree.children(objectives));
    const so1 = tree.children(objectives)[0]!;
    const sr2 = tree.children(so1).find((node) => node.type === 'item' && node.id === 'SR-2')!;
    assert.equal(tree.children(sr2).find((node) => node.type === 'item' && node.id === 'TC-1'), found);
    assert.equal(tree.parent(found), sr2);
    assert.equal(tree.parent(objectives), undefined);
  });

  it('gives every node a unique key, for tree item IDs', () => {
    const tree = treeOf(files);
    const keys = [...tree.walk()].map((node) => node.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(tree.find('SR-1')!.key, 'g:objectives/i:SO-1/i:SR-1');
  });

  it('does not expand an item again below itself when documents link in a cycle', () => {
    const tree = treeOf({
      'docs/reqs.md': joinLines('## SR-10: One', 'Implements: SR-11', '## SR-11: Two', 'Implements: SR-10'),
    });
    assert.deepEqual(render(tree), [
      'Requirements without objective',
      '  SR-10 One !',
      '    SR-11 Two (implements) !',
      '  SR-11 Two !',
      '    SR-10 One (implements) !',
    ]);
  });

  it('lists a requirement once under each objective and lists repeated links once', () => {
    const tree = treeOf({
      'docs/a.md': joinLines('## SO-1: A', '## SO-2: B', '## SR-1: R', 'Derives from: SO-1, SO-2, SO-1'),
      'src/a.c': '// @implements SR-1, SR-1',
    });
    assert.deepEqual(render(tree), [
      'Security objectives',
      '  SO-1 A',
      '    SR-1 R (derives) !',
      '      src/a.c:1 (implements)',
      '  SO-2 B',
      '    SR-1 R (derives) !',
      '      src/a.c:1 (implements)',
    ]);
  });

  it('is empty for an empty workspace, and when filtered on a workspace without gaps', () => {
    assert.deepEqual(treeOf({}).roots(), []);
    const clean = {
      'docs/a.md': joinLines('## SO-1: A', '## SR-1: R', 'Derives from: SO-1'),
      'src/a.c': '// @implements SR-1',
      'test/a_test.c': '// @verifies SR-1',
    };
    assert.equal(treeOf(clean).roots().length, 1);
    assert.deepEqual(treeOf(clean, 'untraced').roots(), []);
  });

  it('labels locations with one-based lines and ranks severities', () => {
    assert.equal(locationLabel({ path: 'src/a.c', range: { start: { line: 0, character: 3 }, end: { line: 0, character: 7 } } }), 'src/a.c:1');
    const finding = (severity: Finding['severity']) => ({ severity }) as Finding;
    assert.equal(worstSeverity([]), undefined);
    assert.equal(worstSeverity([finding('info'), finding('warning'), finding('info')]), 'warning');
    assert.equal(worstSeverity([finding('warning'), finding('error')]), 'error');
  });
});
