import * as assert from 'node:assert/strict';
import {
  DEFAULT_CONFIG,
  FDA_CATEGORIES,
  NO_CATEGORY,
  RULES,
  buildMatrices,
  buildMatrix,
  compareRows,
  exportMatrix,
  jspPhases,
  rowKey,
  type MatrixRow,
} from '../../src/core';
import { applyDelta, diffRows } from '../../src/core/report/matrixDelta';
import { GROUP_SORT_KEY, filterRows, prepareRow, sortRows } from '../../webview/filters';
import { categoryLine, columnWidths, rowLines } from '../../webview/gridLayout';
import { otherGaps, severityMap } from '../../webview/rowStatus';
import { DEFAULT_VIEW_STATE } from '../../webview/state';
import { indexOf, joinLines } from './util';

const files = {
  'docs/concept.md': '## SO-1: Safe dosing',
  'docs/reqs.md': joinLines(
    '## SR-1: Mutual TLS',
    'Derives from: SO-1',
    'Category: Authentication',
    '## SR-2: Signed orders',
    'Derives from: SO-1',
    'Category: Code, data & execution integrity',
    '## SR-3: Roles and sessions',
    'Derives from: SO-1',
    'Category: Authentication, Authorization',
    '## SR-4: Keep PHI out of logs',
    'Category: Privacy',
    '## SR-5: Uncategorised',
  ),
  'docs/controls.md': joinLines('## SC-1: Device PKI', 'Implements: SR-1', 'Category: Cryptography', '## SC-2: Release pipeline'),
  'src/tls.c': '// @implements SR-1\n// @implements SR-2\n// @implements SR-3',
  'test/tls_test.c': '// @verifies SR-1\n// @verifies SR-3',
};

const key = (row: MatrixRow) => `${row.group?.name} ${row.id}`;

describe('Matrix categories view', () => {
  const config = { ...DEFAULT_CONFIG, categories: { 'Updatability and Patchability': 'The pump is replaced, never patched: <b>hardware</b> swap.' } };
  const index = indexOf(files, config);
  const matrix = buildMatrix(index, 'categories');

  it("lists FDA's eight categories in the guidance's order, then the items in none, each item under every category it names", () => {
    assert.deepEqual([...new Set(matrix.rows.map((row) => row.group!.name))], [...FDA_CATEGORIES, NO_CATEGORY]);
    assert.deepEqual(matrix.rows.map(key), [
      'Authentication SR-1',
      'Authentication SR-3',
      'Authorization SR-3',
      'Cryptography SC-1',
      'Code, Data and Execution Integrity SR-2',
      'Confidentiality Confidentiality',
      'Event Detection and Logging Event Detection and Logging',
      'Resiliency and Recovery Resiliency and Recovery',
      'Updatability and Patchability Updatability and Patchability',
      'No category SC-2',
      'No category SR-4',
      'No category SR-5',
    ]);
    assert.equal(new Set(matrix.rows.map(rowKey)).size, matrix.rows.length, 'each row has its own key');
    assert.deepEqual(matrix.rows.map((row) => row.group!.order), [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8]);
    assert.deepEqual([...matrix.rows].sort(compareRows), matrix.rows);
  });

  it("names each row's category as FDA spells it, and keeps an unknown one under \"No category\"", () => {
    const row = (group: string, id: string) => matrix.rows.find((candidate) => candidate.group?.name === group && candidate.id === id)!;
    assert.equal(row('Code, Data and Execution Integrity', 'SR-2').category, 'Code, Data and Execution Integrity');
    assert.equal(row('Authorization', 'SR-3').category, 'Authorization');
    assert.equal(row(NO_CATEGORY, 'SR-4').category, 'Privacy');
    assert.deepEqual(row(NO_CATEGORY, 'SR-4').gaps, ['control-category-unknown', 'requirement-not-derived', 'requirement-not-implemented', 'requirement-not-verified']);
    assert.equal(row(NO_CATEGORY, 'SR-5').category, undefined);
  });

  it('gives requirements and controls their trace status, the same row as in the requirements view', () => {
    const requirements = buildMatrices(index, ['requirements', 'categories']);
    const sr1 = requirements.categories.rows.find((row) => row.id === 'SR-1')!;
    const { group: _group, ...withoutGroup } = sr1;
    assert.deepEqual(withoutGroup, requirements.requirements.rows.find((row) => row.id === 'SR-1'));
    const status = (id: string) => [...new Set(matrix.rows.filter((row) => row.id === id).map((row) => row.status))];
    assert.deepEqual(status('SR-1'), ['traced']);
    assert.deepEqual(status('SR-2'), ['untraced']); // implemented, not verified
    assert.deepEqual(status('SC-2'), ['traced']); // no rule is about a control's own trace
    assert.deepEqual(matrix.rows.find((row) => row.id === 'SC-1')!.cells['implementedBy'], []);
  });

  it('shows an empty category as a placeholder row: a gap, or the justification from jsp-trace.jsonc', () => {
    const confidentiality = matrix.rows.find((row) => row.group?.name === 'Confidentiality')!;
    assert.equal(confidentiality.placeholder, true);
    assert.equal(confidentiality.title, 'No requirement or control');
    assert.equal(confidentiality.status, 'untraced');
    assert.deepEqual(confidentiality.gaps, ['control-category-empty']);
    assert.deepEqual(otherGaps(confidentiality), ['control-category-empty']);
    const justified = matrix.rows.find((row) => row.group?.name === 'Updatability and Patchability')!;
    assert.equal(justified.placeholder, true);
    assert.equal(justified.title, 'No requirement or control needed: The pump is replaced, never patched: <b>hardware</b> swap.');
    assert.equal(justified.status, 'traced');
    assert.deepEqual(justified.gaps, []);
    assert.equal(matrix.rows.some((row) => row.group?.name === NO_CATEGORY && row.placeholder), false);
  });

  it('points a placeholder at where its finding is reported, else at the configuration file', () => {
    const withConfig = indexOf(files, config);
    const placeholder = buildMatrix(withConfig, 'categories').rows.find((row) => row.id === 'Confidentiality')!;
    assert.equal(placeholder.location.path, withConfig.findings().find((f) => f.rule === 'control-category-empty')!.location.path);
    const unused = buildMatrix(indexOf({ 'docs/reqs.md': '## SR-1: No category anywhere' }), 'categories');
    assert.equal(unused.rows.filter((row) => row.placeholder).length, 8);
    assert.ok(unused.rows.every((row) => !row.placeholder || (row.location.path === 'jsp-trace.jsonc' && row.gaps.length === 0)));
  });

  it('exports the category each row is listed under', () => {
    const csv = exportMatrix(matrix, jspPhases(index), 'csv', { title: 'pump', generated: '' }).split('\n');
    assert.equal(csv[0], 'ID,Title,Category,Defined in,Derived from,Mitigates,Implemented by,Verified by,Status,Gaps');
    assert.match(csv[3]!, /^SR-3,Roles and sessions,Authorization,docs\/reqs.md:7,/);
    assert.match(csv[6]!, /^Confidentiality,No requirement or control,Confidentiality,/);
    const html = exportMatrix(matrix, jspPhases(index), 'html', { title: 'pump', generated: '' });
    assert.match(html, /&lt;b&gt;hardware&lt;\/b&gt;/);
    assert.doesNotMatch(html, /<b>hardware/);
  });

  describe('in the panel', () => {
    const context = { severities: severityMap(RULES.map((rule) => ({ name: rule.name, description: rule.description, severity: rule.defaultSeverity }))), kinds: {} };
    const prepared = matrix.rows.map(prepareRow);

    it('sorts within each category, in the guidance\'s order of categories unless sorted by category', () => {
      const byIdDown = sortRows(prepared, 'id', 'desc', context).map(({ row }) => key(row));
      assert.deepEqual(byIdDown.slice(0, 3), ['Authentication SR-3', 'Authentication SR-1', 'Authorization SR-3']);
      assert.deepEqual(byIdDown.slice(-3), ['No category SR-5', 'No category SR-4', 'No category SC-2']);
      const byStatus = sortRows(prepared, 'status', 'asc', context).map(({ row }) => row.group!.name);
      assert.deepEqual([...new Set(byStatus)], [...FDA_CATEGORIES, NO_CATEGORY]);
      const byCategoryDown = sortRows(prepared, GROUP_SORT_KEY, 'desc', context).map(({ row }) => key(row));
      assert.deepEqual(byCategoryDown.slice(0, 4), ['No category SC-2', 'No category SR-4', 'No category SR-5', 'Updatability and Patchability Updatability and Patchability']);
    });

    it('finds rows by their category, their ID or their title', () => {
      const shown = (text: string) => filterRows(prepared, { ...DEFAULT_VIEW_STATE, text }, context).map(({ row }) => key(row));
      assert.deepEqual(shown('authorization'), ['Authorization SR-3']);
      assert.deepEqual(shown('confidentiality'), ['Confidentiality Confidentiality']);
      assert.deepEqual(shown('SR-3'), ['Authentication SR-3', 'Authorization SR-3']);
      assert.deepEqual(filterRows(prepared, { ...DEFAULT_VIEW_STATE, kind: 'control' }, context).map(({ row }) => row.id), [
        'SC-1',
        'Confidentiality',
        'Event Detection and Logging',
        'Resiliency and Recovery',
        'Updatability and Patchability',
        'SC-2',
      ]);
    });

    it('gives the category its own column and no second line under the title, unless it is another one', () => {
      const sr2 = matrix.rows.find((row) => row.id === 'SR-2')!;
      const sr4 = matrix.rows.find((row) => row.id === 'SR-4')!;
      assert.equal(categoryLine(sr2), undefined);
      assert.equal(categoryLine({ ...sr2, group: undefined }), 'Code, Data and Execution Integrity');
      assert.equal(categoryLine(sr4), 'Privacy');
      assert.equal(rowLines(sr2, matrix.columns), 1);
      assert.equal(rowLines({ ...sr2, group: undefined }, matrix.columns), 2);
      const plain = columnWidths(1400, 4, 13);
      const grouped = columnWidths(1400, 4, 13, { grouped: true });
      assert.equal(grouped.length, plain.length + 1);
      assert.ok(grouped[0]! >= 11 * 13);
      assert.ok(grouped.reduce((a, b) => a + b, 0) <= 1400);
    });
  });
});

describe('Live updates of the categories view', () => {
  it('keeps an item in two categories as two rows, and new rows in their group', () => {
    const before = { 'docs/reqs.md': joinLines('## SR-1: Roles', 'Category: Authentication, Authorization', '## SR-2: Keys', 'Category: Cryptography') };
    const after = { 'docs/reqs.md': joinLines('## SR-1: Roles and sessions', 'Category: Authentication, Authorization', '## SR-2: Keys', 'Category: Cryptography', '## SR-3: Logs', 'Category: Authentication') };
    const old = buildMatrix(indexOf(before, DEFAULT_CONFIG), 'categories');
    const next = buildMatrix(indexOf(after, DEFAULT_CONFIG), 'categories');
    const sent = diffRows(new Map(), old.rows).signatures;
    const { upserted, removed } = diffRows(sent, next.rows);
    const applied = applyDelta(old, { upserted, removed, summary: next.summary });
    assert.deepEqual(applied.rows.map(rowKey), next.rows.map(rowKey));
    assert.deepEqual(applied.rows, next.rows);
  });
});
