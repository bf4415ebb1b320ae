import * as assert from 'node:assert/strict';
import { RULES, applyDelta, buildMatrix, diffRows, entryLabel, itemAtPosition, jspPhases, viewOfKind, type ItemKind, type MatrixRow, type TraceIndex } from '../../src/core';
import { coverageFigures } from '../../webview/coverage';
import { filterRows, idContains, prepareRow, sortRows, type FilterContext } from '../../webview/filters';
import { rowAt, rowLines, rowOffsets } from '../../webview/gridLayout';
import { ellipsize, layoutNeighbourhood } from '../../webview/layout';
import { neighbourhood } from '../../webview/neighbourhood';
import { isFailing, missingColumns, missingSeverity, otherGaps, rowPhases, rowStatus, severityMap } from '../../webview/rowStatus';
import { DEFAULT_VIEW_STATE, defaultPanelState, sanitizeState } from '../../webview/state';
import { indexOf, joinLines } from './util';

const files = {
  'docs/concept.md': joinLines('## SO-1: Dose integrity', '## MC-1: Replay attack', '## SO-2: Unused objective'),
  'docs/threats.md': joinLines('## TM-1: Replay', '## TM-2: Spoofing', '## TM-3: Flood'),
  'docs/reqs.md': joinLines(
    '## SR-1: Nonces',
    'Derives from: SO-1',
    'Mitigates: TM-1, TM-9',
    'Category: Authentication',
    '',
    'Body text of SR-1.',
    '## SR-2: Bare',
    '## SR-10: Signed firmware',
    'Derives from: MC-1',
    '## SR-21: Audit log',
    'Derives from: SO-1',
  ),
  'docs/dup.md': '## SR-10: Signed firmware again\nDerives from: SO-1',
  'docs/risk.md': joinLines('## RA-1: Flood accepted', 'Accepts: TM-3', 'Approved by: J. Doe', 'Date: 2026-01-05'),
  'docs/tc.md': joinLines('## TC-1: Replay test', 'Verifies: SR-21'),
  'src/nonce.c': '// @implements SR-1\n// @mitigates TM-2\nint x; // @implements SR-10',
  'src/audit.c': '// @implements SR-21',
  'test/nonce_test.c': '// @verifies SR-1\n// @verifies SR-10',
};

function contextOf(index: TraceIndex): FilterContext {
  const kinds: Record<string, ItemKind> = {};
  for (const id of index.graph.ids()) {
    kinds[id] = index.graph.item(id)!.kind;
  }
  return {
    severities: severityMap(RULES.map((rule) => ({ name: rule.name, description: rule.description, severity: rule.defaultSeverity }))),
    kinds,
  };
}

const ids = (rows: readonly { row: MatrixRow }[]) => rows.map(({ row }) => row.id);

describe('Matrix view model', () => {
  const index = indexOf(files);
  const context = contextOf(index);
  const requirements = buildMatrix(index, 'requirements');
  const prepared = requirements.rows.map(prepareRow);
  const filter = (patch: Partial<typeof DEFAULT_VIEW_STATE>) => ids(filterRows(prepared, { ...DEFAULT_VIEW_STATE, ...patch }, context));

  describe('free-text filter', () => {
    it('matches IDs without splitting numbers: SR-1 finds SR-1, not SR-10 or SR-21', () => {
      assert.deepEqual(filter({ text: 'SR-1' }), ['SR-1']);
      assert.deepEqual(filter({ text: 'sr-2' }), ['SR-2']);
      assert.deepEqual(filter({ text: 'SR-' }), ['SR-1', 'SR-2', 'SR-10', 'SR-21']);
      assert.deepEqual(filter({ text: '1' }), ['SR-1']);
      assert.equal(idContains('sr-10', '10'), true);
      assert.equal(idContains('sr-10', '0'), false);
      assert.equal(idContains('req-auth-001', 'auth'), true);
    });

    it('matches titles case-insensitively, every term', () => {
      assert.deepEqual(filter({ text: 'FIRMWARE' }), ['SR-10']);
      assert.deepEqual(filter({ text: 'signed sr-10' }), ['SR-10']);
      assert.deepEqual(filter({ text: 'signed sr-1' }), []);
      assert.deepEqual(filter({ text: '  ' }), ['SR-1', 'SR-2', 'SR-10', 'SR-21']);
    });
  });

  describe('status', () => {
    it('untraced keeps the core\'s untraced rows, covered the traced ones', () => {
      assert.deepEqual(filter({ status: 'untraced' }), ['SR-2']);
      assert.deepEqual(filter({ status: 'covered' }), ['SR-1', 'SR-10', 'SR-21']);
    });

    it('failing means an error finding about the item, including a duplicate ID on a row', () => {
      // SR-21 is verified by a test case (TC-1) rather than a test file: traced, no finding.
      const sr21 = requirements.rows.find((row) => row.id === 'SR-21')!;
      assert.deepEqual(sr21.gaps, []);
      assert.deepEqual(filter({ status: 'failing' }), ['SR-2', 'SR-10']);
      const sr10 = requirements.rows.find((row) => row.id === 'SR-10')!;
      assert.ok(sr10.gaps.includes('duplicate-id'));
      assert.equal(rowStatus(sr10, context.severities), 'failing');
    });

    it('a gap whose rule is a warning does not fail a row; the row stays untraced', () => {
      const warnings = new Map([...context.severities].map(([rule]) => [rule, 'warning']));
      const sr2 = requirements.rows.find((row) => row.id === 'SR-2')!;
      assert.equal(isFailing(sr2, warnings), false);
      assert.equal(rowStatus(sr2, warnings), 'untraced');
    });

    it('shows a missing link in the column the gap is about, other gaps in the status cell', () => {
      const sr2 = requirements.rows.find((row) => row.id === 'SR-2')!;
      assert.deepEqual([...missingColumns(sr2, 'requirements', requirements.columns)].sort(), ['derivesFrom', 'implementedBy', 'verifiedBy']);
      const sr10 = requirements.rows.find((row) => row.id === 'SR-10')!;
      assert.deepEqual(otherGaps(sr10), ['duplicate-id']);
      const concept = buildMatrix(index, 'concept');
      const so2 = concept.rows.find((row) => row.id === 'SO-2')!;
      assert.deepEqual([...missingColumns(so2, 'concept', concept.columns)], ['derivedBy']);
      assert.equal(missingSeverity('implementedBy', context.severities), 'error');
      assert.equal(missingSeverity('derivesFrom', context.severities), 'warning');
      assert.equal(missingSeverity('derivedBy', context.severities), 'warning');
    });
  });

  describe('kind and phase filters', () => {
    it('filters the concept view by kind', () => {
      const concept = buildMatrix(index, 'concept').rows.map(prepareRow);
      assert.deepEqual(ids(filterRows(concept, { ...DEFAULT_VIEW_STATE, kind: 'misuse' }, context)), ['MC-1']);
      assert.deepEqual(ids(filterRows(concept, { ...DEFAULT_VIEW_STATE, kind: 'objective' }, context)), ['SO-1', 'SO-2']);
    });

    it('maps a row to the phases of its kind and of what it links (PHASE_OF_KIND), tests to V&V', () => {
      const sr1 = requirements.rows.find((row) => row.id === 'SR-1')!;
      assert.deepEqual([...rowPhases(sr1, context.kinds)].sort(), ['concept', 'design', 'verification']);
      assert.deepEqual(filter({ phase: 'concept' }), ['SR-1', 'SR-10', 'SR-21']);
      assert.deepEqual(filter({ phase: 'verification' }), ['SR-1', 'SR-10', 'SR-21']);
      assert.deepEqual(filter({ phase: 'maintenance' }), []);
      assert.deepEqual(filter({ phase: 'design' }), ['SR-1', 'SR-2', 'SR-10', 'SR-21']);
    });

    it('combines filters', () => {
      assert.deepEqual(filter({ status: 'untraced', phase: 'verification', text: 'sr-1' }), []);
      assert.deepEqual(filter({ status: 'covered', phase: 'verification', text: 'signed' }), ['SR-10']);
      assert.deepEqual(filter({ status: 'failing', phase: 'concept' }), ['SR-10']);
    });
  });

  describe('sorting', () => {
    it('sorts IDs numerically, either way', () => {
      assert.deepEqual(ids(sortRows([...prepared].reverse(), 'id', 'asc', context)), ['SR-1', 'SR-2', 'SR-10', 'SR-21']);
      assert.deepEqual(ids(sortRows(prepared, 'id', 'desc', context)), ['SR-21', 'SR-10', 'SR-2', 'SR-1']);
    });

    it('sorts by title, by status (failing, untraced, covered) and by a cell column (count, then text)', () => {
      assert.deepEqual(ids(sortRows(prepared, 'title', 'asc', context)), ['SR-21', 'SR-2', 'SR-1', 'SR-10']);
      assert.deepEqual(ids(sortRows(prepared, 'status', 'asc', context)), ['SR-2', 'SR-10', 'SR-1', 'SR-21']);
      assert.deepEqual(ids(sortRows(prepared, 'status', 'desc', context)), ['SR-21', 'SR-1', 'SR-10', 'SR-2']);
      assert.deepEqual(ids(sortRows(prepared, 'mitigates', 'desc', context)), ['SR-1', 'SR-21', 'SR-10', 'SR-2']);
      assert.deepEqual(ids(sortRows(prepared, 'implementedBy', 'asc', context)), ['SR-2', 'SR-21', 'SR-1', 'SR-10']);
    });
  });

  describe('keyed updates', () => {
    it('sends only rows that changed, and the webview keeps the others by identity', () => {
      const first = diffRows(new Map(), requirements.rows);
      assert.equal(first.upserted.length, 4);
      const edited = indexOf({ ...files, 'test/nonce_test.c': '// @verifies SR-1\n// @verifies SR-10\n// @verifies SR-2', 'docs/more.md': '## SR-3: New one' });
      const next = buildMatrix(edited, 'requirements');
      const delta = diffRows(first.signatures, next.rows);
      assert.deepEqual(delta.upserted.map((row) => row.id), ['SR-2', 'SR-3']);
      assert.deepEqual(delta.removed, []);
      const applied = applyDelta(requirements, { upserted: delta.upserted, removed: delta.removed, summary: next.summary });
      assert.deepEqual(applied.rows.map((row) => row.id), ['SR-1', 'SR-2', 'SR-3', 'SR-10', 'SR-21']);
      assert.equal(applied.rows[0], requirements.rows[0], 'an unchanged row is the same object');
      assert.notEqual(applied.rows[1], requirements.rows[1]);
      assert.deepEqual(applied, { ...next, rows: applied.rows });
      assert.deepEqual(JSON.parse(JSON.stringify(applied.rows)), JSON.parse(JSON.stringify(next.rows)));
    });

    it('removes rows whose item went away', () => {
      const { signatures } = diffRows(new Map(), requirements.rows);
      const { 'docs/dup.md': _dup, ...rest } = files;
      const smaller = buildMatrix(indexOf({ ...rest, 'docs/reqs.md': joinLines('## SR-1: Nonces', 'Derives from: SO-1') }), 'requirements');
      const delta = diffRows(signatures, smaller.rows);
      assert.deepEqual(delta.removed, ['SR-2', 'SR-10', 'SR-21']);
      assert.deepEqual(applyDelta(requirements, { ...delta, summary: smaller.summary }).rows.map((row) => row.id), ['SR-1']);
    });
  });

  describe('coverage summary', () => {
    it('gives counts and percentages from the core summary; passing waits for test results', () => {
      const figures = coverageFigures(requirements.summary);
      assert.deepEqual(
        figures.map((f) => [f.key, f.done, f.total, f.percent]),
        [
          ['derived', 3, 4, 75],
          ['implemented', 3, 4, 75],
          ['verified', 3, 4, 75],
          ['passing', undefined, 4, undefined],
          ['mitigated', 2, 3, 67],
        ],
      );
      assert.match(figures[3]!.note, /no test results/);
      assert.match(figures[4]!.note, /1 accepted as residual risk/);
    });
  });

  describe('neighbourhood graph', () => {
    it('links the item to what it derives from and mitigates (upstream) and what implements and verifies it', () => {
      const sr1 = requirements.rows.find((row) => row.id === 'SR-1')!;
      const graph = neighbourhood(sr1, requirements.columns, context.kinds);
      assert.deepEqual(
        graph.nodes.map((node) => [node.key, node.role, node.label]),
        [
          ['center', 'center', 'SR-1'],
          ['id:SO-1', 'upstream', 'SO-1'],
          ['id:TM-1', 'upstream', 'TM-1'],
          ['id:TM-9', 'upstream', 'TM-9'],
          ['loc:src/nonce.c:1', 'downstream', 'nonce.c:1'],
          ['loc:test/nonce_test.c:1', 'downstream', 'nonce_test.c:1'],
        ],
      );
      assert.equal(graph.nodes.find((node) => node.id === 'TM-9')!.undefinedId, true);
      assert.deepEqual(graph.edges.map((edge) => `${edge.from} -${edge.label}-> ${edge.to}`), [
        'id:SO-1 -derives from-> center',
        'id:TM-1 -mitigates-> center',
        'id:TM-9 -mitigates-> center',
        'center -implemented by-> loc:src/nonce.c:1',
        'center -verified by-> loc:test/nonce_test.c:1',
      ]);
    });

    it('lays it out top to bottom with dagre: upstream, the item, downstream, without overlaps', () => {
      const sr1 = requirements.rows.find((row) => row.id === 'SR-1')!;
      const layout = layoutNeighbourhood(neighbourhood(sr1, requirements.columns, context.kinds));
      const node = (key: string) => layout.nodes.find((n) => n.key === key)!;
      assert.ok(node('id:SO-1').y + node('id:SO-1').height < node('center').y);
      assert.ok(node('center').y + node('center').height < node('loc:src/nonce.c:1').y);
      for (const a of layout.nodes) {
        for (const b of layout.nodes) {
          if (a !== b) {
            const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
            assert.ok(apart, `${a.key} and ${b.key} overlap`);
          }
        }
        assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.width <= layout.width + 0.5 && a.y + a.height <= layout.height + 0.5, `${a.key} is inside`);
      }
      assert.equal(layout.edges.length, 5);
      assert.ok(layout.edges.every((edge) => edge.points.length >= 2));
      assert.deepEqual(node('center').lines, ['SR-1', 'Nonces']);
    });

    it('sums up long cells in one "+n more" node and shortens long titles', () => {
      const many = indexOf({
        'docs/reqs.md': '## SR-1: Logged',
        ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`src/f${i}.c`, '// @implements SR-1'])),
      });
      const matrix = buildMatrix(many, 'requirements');
      const graph = neighbourhood(matrix.rows[0]!, matrix.columns, {});
      assert.equal(graph.nodes.filter((node) => node.role === 'downstream').length, 7);
      assert.deepEqual(graph.nodes.filter((node) => node.role === 'more').map((node) => node.label), ['+5 more']);
      assert.equal(ellipsize('abcdef', 4), 'abc…');
    });

    it('keeps a workspace string such as an HTML tag as plain label text', () => {
      const evil = indexOf({ 'docs/reqs.md': '## SR-1: <img src=x onerror=alert(1)>' });
      const matrix = buildMatrix(evil, 'requirements');
      const layout = layoutNeighbourhood(neighbourhood(matrix.rows[0]!, matrix.columns, {}));
      assert.equal(matrix.rows[0]!.title, '<img src=x onerror=alert(1)>');
      assert.deepEqual(layout.nodes[0]!.lines, ['SR-1', '<img src=x onerror=aler…']);
      assert.equal(layout.nodes[0]!.description, 'SR-1 <img src=x onerror=alert(1)> (security requirement)');
    });
  });

  describe('row heights for the virtual list', () => {
    it('takes the tallest cell, capped, and finds rows by offset', () => {
      const sr1 = requirements.rows.find((row) => row.id === 'SR-1')!;
      assert.equal(rowLines(sr1, requirements.columns), 2);
      const { offsets, total } = rowOffsets([28, 48, 28]);
      assert.equal(total, 104);
      assert.equal(rowAt(offsets, 3, 0), 0);
      assert.equal(rowAt(offsets, 3, 27.9), 0);
      assert.equal(rowAt(offsets, 3, 28), 1);
      assert.equal(rowAt(offsets, 3, 1000), 2);
    });
  });

  describe('following the editor', () => {
    it('finds the annotation on the cursor line, else the innermost section', () => {
      const file = index.graph.file('docs/reqs.md')!;
      assert.equal(itemAtPosition(file, { line: 5, character: 3 }), 'SR-1');
      assert.equal(itemAtPosition(file, { line: 6, character: 0 }), 'SR-2');
      const code = index.graph.file('src/nonce.c')!;
      assert.equal(itemAtPosition(code, { line: 2, character: 0 }), 'SR-10');
      assert.equal(viewOfKind('threat'), 'threats');
      assert.equal(viewOfKind('test'), undefined);
    });
  });

  describe('saved state', () => {
    it('restores what was saved and replaces anything malformed with defaults', () => {
      assert.deepEqual(sanitizeState(undefined), defaultPanelState());
      assert.deepEqual(sanitizeState({ version: 2 }), defaultPanelState());
      const state = sanitizeState({
        version: 1,
        tab: 'threats',
        folder: 'file:///w',
        followCursor: true,
        views: { threats: { text: 'TM', status: 'untraced', kind: 'bogus', scrollTop: 120, selected: 'TM-1', sortKey: 'title', sortDir: 'desc' } },
        phasesScrollTop: -3,
      });
      assert.equal(state.tab, 'threats');
      assert.equal(state.followCursor, true);
      assert.deepEqual(state.views.threats, { ...DEFAULT_VIEW_STATE, text: 'TM', status: 'untraced', scrollTop: 120, selected: 'TM-1', sortKey: 'title', sortDir: 'desc' });
      assert.deepEqual(state.views.requirements, DEFAULT_VIEW_STATE);
      assert.equal(state.phasesScrollTop, 0);
    });
  });

  it('reads entries as the exporters write them, and the phase view has the four JSP phases', () => {
    const sr1 = requirements.rows.find((row) => row.id === 'SR-1')!;
    assert.deepEqual(sr1.cells['mitigates']!.map(entryLabel), ['TM-1 Replay', 'TM-9 (not defined)']);
    assert.deepEqual(sr1.cells['implementedBy']!.map(entryLabel), ['src/nonce.c:1']);
    assert.deepEqual(jspPhases(index).map((phase) => phase.title), ['Concept', 'Design & Development', 'Verification & Validation', 'Maintenance']);
  });
});
