import * as assert from 'node:assert/strict';
import { GAP_COLUMNS, MATRIX_VIEWS, MATRIX_VIEW_DEFINITIONS, RULES, buildMatrices, buildMatrix, entryLabel, exportMatrix, jspPhases, viewOfKind } from '../../src/core';
import { buildFrom, indexOf, joinLines } from './util';

const files = {
  'docs/concept.md': joinLines('## SO-1: Dose integrity', '## MC-1: Replay attack'),
  'docs/threats.md': joinLines('## TM-1: Replay', '## TM-2: Spoofing', '## TM-3: Flood'),
  'docs/reqs.md': joinLines('## SR-1: Nonces', 'Derives from: SO-1', 'Mitigates: TM-1, TM-9', 'Category: Authentication', '## SR-2: Bare'),
  'docs/risk.md': joinLines('## RA-1: Flood accepted', 'Accepts: TM-3', 'Approved by: J. Doe', 'Date: 2026-01-05'),
  'src/nonce.c': '// @implements SR-1\n// @mitigates TM-2',
  'test/nonce_test.c': '// @verifies SR-1',
};

describe('Traceability matrix', () => {
  const index = indexOf(files);

  it('has a row per requirement with derivation, mitigation, implementation and verification', () => {
    const matrix = buildMatrix(index, 'requirements');
    assert.deepEqual(matrix.columns.map((c) => c.label), ['Derived from', 'Mitigates', 'Implemented by', 'Verified by']);
    const [first, second] = matrix.rows;
    assert.equal(first!.id, 'SR-1');
    assert.equal(first!.category, 'Authentication');
    assert.equal(first!.status, 'traced');
    assert.deepEqual(
      Object.fromEntries(Object.entries(first!.cells).map(([key, entries]) => [key, entries.map(entryLabel)])),
      {
        derivesFrom: ['SO-1 Dose integrity'],
        mitigates: ['TM-1 Replay', 'TM-9 (not defined)'],
        implementedBy: ['src/nonce.c:1'],
        verifiedBy: ['test/nonce_test.c:1'],
        testResults: [],
      },
    );
    assert.equal(second!.status, 'untraced');
    assert.deepEqual(second!.gaps, ['requirement-not-derived', 'requirement-not-implemented', 'requirement-not-verified']);
  });

  it('switches to threats, with mitigations, acceptances and code mitigations', () => {
    const rows = buildMatrix(index, 'threats').rows;
    assert.deepEqual(
      rows.map((row) => [row.id, row.status, ...Object.values(row.cells).map((entries) => entries.map(entryLabel).join(';'))]),
      [
        ['TM-1', 'traced', 'SR-1 Nonces', '', ''],
        ['TM-2', 'untraced', '', '', 'src/nonce.c:2'],
        ['TM-3', 'traced', '', 'RA-1 Flood accepted', ''],
      ],
    );
  });

  it('switches to objectives and misuse cases, with the requirements derived from them', () => {
    const rows = buildMatrix(index, 'concept').rows;
    assert.deepEqual(rows.map((row) => [row.id, row.status, row.cells['derivedBy']!.map((e) => e.id)]), [
      ['MC-1', 'untraced', []],
      ['SO-1', 'traced', ['SR-1']],
    ]);
  });

  it('names the control or test case when a Markdown line implements or verifies', () => {
    const rows = buildMatrix(indexOf({ ...files, 'docs/more.md': joinLines('## SC-1: Nonce cache', 'Implements: SR-1', '## TC-1: Replay test', 'Verifies: SR-1') })).rows;
    assert.deepEqual(rows[0]!.cells['implementedBy']!.map(entryLabel), ['SC-1 Nonce cache', 'src/nonce.c:1']);
    assert.deepEqual(rows[0]!.cells['verifiedBy']!.map(entryLabel), ['TC-1 Replay test', 'test/nonce_test.c:1']);
  });

  it('builds several views at once, each as buildMatrix builds it alone', () => {
    const all = buildMatrices(index, MATRIX_VIEWS);
    for (const view of MATRIX_VIEWS) {
      assert.deepEqual(all[view], buildMatrix(index, view));
    }
  });

  it('orders rows by ID number', () => {
    const rows = buildMatrix(indexOf({ 'r.md': '## SR-10: a\n## SR-2: b\n## SR-1: c' })).rows;
    assert.deepEqual(rows.map((row) => row.id), ['SR-1', 'SR-2', 'SR-10']);
  });

  it('shows every title of an ID defined twice, in its row, in the cells that name it and in the CSV', () => {
    const duplicate = indexOf({
      'docs/legacy.md': joinLines('## SR-3: Legacy session timeout', 'Category: Authentication'),
      'docs/reqs.md': joinLines('## SR-3: Lock the pump', 'Category: Authorization', 'Mitigates: TM-1'),
      'docs/threats.md': '## TM-1: Unattended pump',
      'app/a.c': '// @implements SR-3',
    });
    const [row] = buildMatrix(duplicate, 'requirements').rows;
    assert.equal(row!.title, 'Legacy session timeout / Lock the pump (defined 2×)');
    assert.equal(row!.category, 'Authentication / Authorization');
    const threats = buildMatrix(duplicate, 'threats');
    assert.deepEqual(threats.rows[0]!.cells['mitigatedBy']!.map(entryLabel), ['SR-3 Legacy session timeout / Lock the pump (defined 2×)']);
    const csv = exportMatrix(buildMatrix(duplicate, 'requirements'), jspPhases(duplicate), 'csv', { title: 'pump', generated: '' }).split('\n');
    assert.match(csv[1]!, /^SR-3,Legacy session timeout \/ Lock the pump \(defined 2×\),Authentication \/ Authorization,docs\/legacy.md:1,/);
  });

  it('builds each view as the vocabulary defines it, and names only real rules behind its columns', () => {
    for (const view of MATRIX_VIEWS) {
      const definition = MATRIX_VIEW_DEFINITIONS[view];
      const matrix = buildMatrix(index, view);
      assert.equal(matrix.title, definition.title);
      // This workspace holds no test results, so the column of their outcomes is left out.
      const shown = definition.columns.filter((column) => !column.needsTestResults);
      assert.deepEqual(matrix.columns, shown.map(({ key, label }) => ({ key, label })));
      assert.ok(matrix.rows.every((row) => definition.kinds.includes(row.kind)));
    }
    // An item's own view is the first that lists its kind: requirements open in theirs, not under a category.
    assert.equal(viewOfKind('requirement'), 'requirements');
    assert.equal(viewOfKind('threat'), 'threats');
    assert.equal(viewOfKind('control'), 'categories');
    assert.equal(viewOfKind('test'), undefined);
    const ruleNames = new Set<string>(RULES.map((rule) => rule.name));
    assert.deepEqual([...GAP_COLUMNS.keys()].filter((rule) => !ruleNames.has(rule)), []);
    assert.equal(GAP_COLUMNS.get('requirement-not-verified'), 'verifiedBy');
    assert.equal(GAP_COLUMNS.has('duplicate-id'), false);
  });

  it('exports one view as CSV, JSON or an HTML page through one entry point', () => {
    const matrix = buildMatrix(index, 'requirements');
    const phases = jspPhases(index);
    const options = { title: 'pump', generated: '2025-01-01T00:00:00.000Z' };
    const csv = exportMatrix(matrix, phases, 'csv', options).split('\n');
    assert.equal(csv[0], 'ID,Title,Category,Defined in,Derived from,Mitigates,Implemented by,Verified by,Status,Gaps');
    assert.equal(csv[1], 'SR-1,Nonces,Authentication,docs/reqs.md:1,SO-1 Dose integrity,TM-1 Replay; TM-9 (not defined),src/nonce.c:1,test/nonce_test.c:1,traced,');
    assert.deepEqual(JSON.parse(exportMatrix(matrix, phases, 'json', options)).rows, JSON.parse(JSON.stringify(matrix.rows)));
    const html = exportMatrix(matrix, phases, 'html', options);
    assert.match(html, /<title>pump: Security requirements<\/title>/);
    assert.match(html, /generated by JSP Trace on 2025-01-01T00:00:00.000Z/);
  });
});

describe('JSP phase view', () => {
  it('says which outputs of each phase exist and how complete they are', async () => {
    const { index } = await buildFrom({
      ...files,
      'docs/maintenance-plan.md': '# Maintenance plan',
      'sbom/pump.cdx.json': '{}',
      'reports/junit.xml': '<testsuites/>',
    });
    const phases = jspPhases(index);
    assert.deepEqual(phases.map((p) => p.title), ['Concept', 'Design & Development', 'Verification & Validation', 'Maintenance']);
    const output = (phase: number, name: string) => phases[phase]!.outputs.find((o) => o.name === name)!;
    assert.deepEqual(output(0, 'Security objectives').completeness, { done: 1, total: 1, meaning: 'with a requirement derived from them' });
    assert.deepEqual(output(0, 'Maintenance plan').files, ['docs/maintenance-plan.md']);
    assert.deepEqual(output(1, 'Threat model').completeness?.done, 2);
    assert.deepEqual(output(1, 'SBOM').files, ['sbom/pump.cdx.json']);
    assert.deepEqual(output(2, 'Test results').files, ['reports/junit.xml']);
    assert.deepEqual(output(2, 'Residual-risk acceptances').completeness, { done: 1, total: 1, meaning: 'with an approver' });
    assert.equal(output(3, 'Vulnerability records').count, 0);
  });
});
