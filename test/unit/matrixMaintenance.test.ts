import * as assert from 'node:assert/strict';
import {
  DEFAULT_CONFIG,
  GAP_COLUMNS,
  RULES,
  buildMatrices,
  entryLabel,
  exportMatrix,
  jspPhases,
  viewOfKind,
  vulnerabilityLens,
  type MatrixRow,
  type TraceConfig,
  type TraceIndex,
} from '../../src/core';
import { runCli } from '../../src/cli/cli';
import { prepareRow, sortRows } from '../../webview/filters';
import { columnWidths } from '../../webview/gridLayout';
import { missingColumns, otherGaps, rowPhases, severityMap } from '../../webview/rowStatus';
import { buildFrom, indexOf, joinLines } from './util';

const TODAY = '2026-11-28';
const config: TraceConfig = { ...DEFAULT_CONFIG, today: TODAY };

/** A CycloneDX 1.5 SBOM of a product (itself named by a purl) and its npm components, with support properties. */
function sbom(components: { name: string; version: string; level?: string; eos?: string }[]): string {
  const purl = (name: string, version: string) => `pkg:npm/${name}@${version}`;
  return JSON.stringify(
    {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      metadata: { component: { type: 'application', name: 'dashboard', version: '3.1.0', 'bom-ref': 'dashboard', purl: purl('dashboard', '3.1.0') } },
      components: components.map(({ name, version, level, eos }) => ({
        type: 'library',
        'bom-ref': purl(name, version),
        name,
        version,
        purl: purl(name, version),
        properties: [...(level ? [{ name: 'Level of Support', value: level }] : []), ...(eos ? [{ name: 'acme:End-of-Support', value: eos }] : [])],
      })),
    },
    null,
    2,
  );
}

const files = {
  'sbom/dashboard.cdx.json': sbom([
    { name: 'express', version: '4.21.2', level: 'active', eos: '2026-10-01' },
    { name: 'left-pad', version: '1.3.0' },
    { name: 'lodash', version: '4.17.21', level: 'Actively maintained', eos: 'Open source' },
    { name: 'moment', version: '2.29.4', level: 'Deprecated', eos: 'Unknown' },
    { name: 'react', version: '19.0.0', level: 'actively-maintained', eos: '2027-06' },
  ]),
  'docs/register.md': joinLines(
    '## VULN-1: Request smuggling',
    '- Severity: critical',
    '- Controlled: no',
    '- Identified: 2026-09-01',
    '- Communicated: 2026-09-15',
    '- Status: open',
    '- Affects: pkg:npm/express@4.21.2',
    '',
    '## VULN-2: Prototype pollution',
    '- Severity: high',
    '- Controlled: no',
    '- Identified: 2026-11-01',
    '- Status: open',
    '',
    '## VULN-3: Cookie without Partitioned',
    '- Severity: low',
    '- Identified: 2026-11-20',
    '',
    '## VULN-4: Heap overflow',
    '- Severity: critical',
    '- Controlled: no',
    '- Identified: 2026-08-01',
    '- Communicated: 2026-08-20',
    '- Patched: 2026-09-10',
    '- Status: patched',
  ),
  'docs/decisions.md': joinLines(
    '## RA-1: Keep moment until the rewrite',
    '- Accepts: pkg:npm/moment@2.29.4',
    '- Approved by: Dr. A. Jones',
    '- Date: 2026-10-01',
    '',
    '## SR-1: Patch the web server',
    '- Resolves: VULN-1',
  ),
  'docs/maintenance-plan.md': '# Maintenance plan',
};

/** Each row's cells as the exports read them, by column key. */
const cellsOf = (row: MatrixRow) => Object.fromEntries(Object.entries(row.cells).map(([key, entries]) => [key, entries.map(entryLabel)]));
const severities = severityMap(RULES.map((rule) => ({ name: rule.name, description: rule.description, severity: rule.defaultSeverity })));

describe('Matrix: the Maintenance views', () => {
  let index: TraceIndex;
  let vulnerabilities: readonly MatrixRow[];
  let components: readonly MatrixRow[];
  const row = (rows: readonly MatrixRow[], id: string) => rows.find((candidate) => candidate.id === id)!;

  before(async () => {
    index = (await buildFrom(files, config)).index;
    const matrices = buildMatrices(index, ['vulnerabilities', 'components']);
    vulnerabilities = matrices.vulnerabilities.rows;
    components = matrices.components.rows;
  });

  describe('Vulnerabilities view', () => {
    it('shows severity, triage and both clocks, in the words of the CodeLens', () => {
      assert.deepEqual(cellsOf(row(vulnerabilities, 'VULN-1')), {
        triage: ['critical', 'open'],
        clocks: ['communicated 2026-09-15', 'patch overdue by 28 days'],
        affects: ['pkg:npm/express@4.21.2 express 4.21.2'],
        resolvedBy: ['SR-1 Patch the web server'],
      });
      assert.deepEqual(cellsOf(row(vulnerabilities, 'VULN-2')).clocks, ['communicate in 3 days', 'patch in 33 days']);
      assert.deepEqual(cellsOf(row(vulnerabilities, 'VULN-4')).clocks, ['communicated 2026-08-20', 'patched 2026-09-10']);
      // Off the clocks: the triage cell says why, the clocks cell is empty.
      assert.deepEqual(cellsOf(row(vulnerabilities, 'VULN-3')), { triage: ['low', 'not triaged', 'not on the clock'], clocks: [], affects: [], resolvedBy: [] });
      for (const { id, cells } of vulnerabilities) {
        // After the severity, the cells say what the CodeLens says.
        const said = [...cells['triage']!.slice(1), ...cells['clocks']!].map(entryLabel).join(' · ');
        assert.equal(said, vulnerabilityLens(index.graph.item(id)!, index.config.policy, TODAY), `${id} reads as its CodeLens`);
      }
    });

    it('gives each running clock its days left, negative once overdue, and none once met', () => {
      const days = (id: string) => row(vulnerabilities, id).cells['clocks']!.map((entry) => entry.daysLeft);
      assert.deepEqual(days('VULN-1'), [undefined, -28]);
      assert.deepEqual(days('VULN-2'), [3, 33]);
      assert.deepEqual(days('VULN-4'), [undefined, undefined]);
    });

    it('sorts the clocks by days left to the nearest deadline: overdue first, then the nearest, then rows without one', () => {
      const prepared = vulnerabilities.map(prepareRow);
      const ids = (direction: 'asc' | 'desc') => sortRows(prepared, 'clocks', direction, { severities }).map(({ row: sorted }) => sorted.id);
      assert.deepEqual(ids('asc'), ['VULN-1', 'VULN-2', 'VULN-3', 'VULN-4']);
      assert.deepEqual(ids('desc'), ['VULN-4', 'VULN-3', 'VULN-2', 'VULN-1']);
      // By text, "communicate in 3 days" would come before "communicated 2026-09-15": the days decide, not the words.
      assert.ok(entryLabel(row(vulnerabilities, 'VULN-2').cells['clocks']![0]!) < entryLabel(row(vulnerabilities, 'VULN-1').cells['clocks']![0]!));
      const [third] = sortRows(prepared, 'triage', 'asc', { severities }).map(({ row: sorted }) => sorted.id);
      assert.equal(third, 'VULN-1', 'other columns still sort by their entries, count first');
    });

    it('lists the overdue rules in the status cell, not under a column', () => {
      assert.deepEqual(otherGaps(row(vulnerabilities, 'VULN-1')), ['vulnerability-patch-overdue']);
      assert.deepEqual(otherGaps(row(vulnerabilities, 'VULN-3')), ['vulnerability-untriaged']);
    });
  });

  describe('Components view', () => {
    it('lists the components, not the product the SBOM describes, named by purl', () => {
      assert.ok(index.graph.item('pkg:npm/dashboard@3.1.0'), 'the product is an item');
      assert.deepEqual(
        components.map((component) => component.id),
        ['pkg:npm/express@4.21.2', 'pkg:npm/left-pad@1.3.0', 'pkg:npm/lodash@4.17.21', 'pkg:npm/moment@2.29.4', 'pkg:npm/react@19.0.0'],
      );
      assert.equal(viewOfKind('component'), 'components');
    });

    it('shows the level and the end of support as understood, with the words written when they differ', () => {
      const cells = (id: string) => cellsOf(row(components, id));
      assert.deepEqual(cells('pkg:npm/express@4.21.2'), {
        supportLevel: ['actively maintained ("active")'],
        endOfSupport: ['ended 2026-10-01'],
        affectedBy: ['VULN-1 Request smuggling'],
        resolvedOrAcceptedBy: [],
      });
      assert.deepEqual(cells('pkg:npm/left-pad@1.3.0'), { supportLevel: ['missing'], endOfSupport: ['missing'], affectedBy: [], resolvedOrAcceptedBy: [] });
      assert.deepEqual(cells('pkg:npm/lodash@4.17.21').endOfSupport, ['justified: Open source']);
      assert.deepEqual(cells('pkg:npm/lodash@4.17.21').supportLevel, ['actively maintained']);
      assert.deepEqual(cells('pkg:npm/moment@2.29.4'), {
        supportLevel: ['no longer maintained ("Deprecated")'],
        endOfSupport: ['missing ("Unknown")'],
        affectedBy: [],
        resolvedOrAcceptedBy: ['RA-1 Keep moment until the rewrite'],
      });
      assert.deepEqual(cells('pkg:npm/react@19.0.0'), { supportLevel: ['actively maintained'], endOfSupport: ['2027-06-30 ("2027-06")'], affectedBy: [], resolvedOrAcceptedBy: [] });
    });

    it('is untraced where a component rule reports the row, and shows a missing decision under its column', () => {
      const status = Object.fromEntries(components.map((component) => [component.id, [component.status, ...component.gaps]]));
      assert.deepEqual(status, {
        'pkg:npm/express@4.21.2': ['untraced', 'component-end-of-support'],
        'pkg:npm/left-pad@1.3.0': ['untraced', 'component-support-unknown'],
        'pkg:npm/lodash@4.17.21': ['traced'],
        'pkg:npm/moment@2.29.4': ['traced'],
        'pkg:npm/react@19.0.0': ['traced'],
      });
      const express = row(components, 'pkg:npm/express@4.21.2');
      const matrixColumns = buildMatrices(index, ['components']).components.columns;
      assert.deepEqual([...missingColumns(express, 'components', matrixColumns)], ['resolvedOrAcceptedBy']);
      assert.equal(GAP_COLUMNS.get('component-end-of-support'), 'resolvedOrAcceptedBy');
      assert.deepEqual(otherGaps(row(components, 'pkg:npm/left-pad@1.3.0')), ['component-support-unknown']);
      // Its own support is no place to open: it adds no phase, the vulnerability that affects it does.
      assert.deepEqual([...rowPhases(express, { 'VULN-1': 'vulnerability' })], ['maintenance']);
    });

    it('sorts by end of support, the one that ended longest ago first, rows without a date last', () => {
      const sorted = sortRows(components.map(prepareRow), 'endOfSupport', 'asc', { severities }).map(({ row: component }) => component.id);
      assert.deepEqual(sorted, ['pkg:npm/express@4.21.2', 'pkg:npm/react@19.0.0', 'pkg:npm/left-pad@1.3.0', 'pkg:npm/lodash@4.17.21', 'pkg:npm/moment@2.29.4']);
      assert.deepEqual(row(components, 'pkg:npm/react@19.0.0').cells['endOfSupport']![0]!.daysLeft, 214);
    });

    it('exports the view as CSV, and gives its package URLs room in the grid', () => {
      const csv = exportMatrix(buildMatrices(index, ['components']).components, jspPhases(index), 'csv', { title: 'dashboard', generated: '' }).split('\n');
      assert.equal(csv[0], 'ID,Title,Category,Defined in,Level of support,End of support,Affected by,Resolved or accepted by,Status,Gaps');
      assert.equal(csv[1], 'pkg:npm/express@4.21.2,express 4.21.2,,sbom/dashboard.cdx.json:17,"actively maintained (""active"")",ended 2026-10-01,VULN-1 Request smuggling,,untraced,component-end-of-support');
      const [plainId] = columnWidths(1400, 4, 13);
      const [longId] = columnWidths(1400, 4, 13, { longIds: true });
      assert.equal(plainId, Math.floor(6.5 * 13));
      assert.ok(longId! > 11 * 13, `a purl gets a wide ID column, more than its minimum: ${longId}`);
    });

    it('prints the view from the CLI', async () => {
      let stdout = '';
      const code = await runCli(['matrix', 'examples/infusion-pump', '--view', 'components', '--format', 'csv', '--today', TODAY], {
        stdout: (text) => (stdout += text),
        stderr: () => undefined,
        color: false,
        cwd: `${__dirname}/../..`,
      });
      assert.equal(code, 0);
      const debian = stdout.split('\n').find((line) => line.startsWith('pkg:generic/debian@11.11,'));
      assert.equal(debian, 'pkg:generic/debian@11.11,debian 11.11,,sbom/pumplink.cdx.json:104,actively maintained,ended 2026-08-31,,,untraced,component-end-of-support');
      assert.equal(stdout.trimEnd().split('\n').length, 12, 'a header and the 11 components, without the product');
    });
  });

  describe('JSP phase view, Maintenance', () => {
    it('lists the plan, the SBOM, the components with their support known and the vulnerabilities on time', () => {
      const maintenance = jspPhases(index).find((phase) => phase.phase === 'maintenance')!;
      assert.deepEqual(maintenance.outputs, [
        { name: 'Maintenance plan', count: 1, files: ['docs/maintenance-plan.md'] },
        { name: 'SBOM', count: 1, files: ['sbom/dashboard.cdx.json'] },
        { name: 'SBOM components', count: 5, completeness: { done: 3, total: 5, meaning: 'with their level and end of support known' } },
        {
          name: 'Vulnerability records',
          count: 4,
          // VULN-1 is overdue; VULN-2 still has days left; VULN-4 was communicated and patched in time; VULN-3 is off the clocks.
          completeness: { done: 2, total: 3, meaning: 'on the clock, communicated and patched on time' },
          files: ['docs/register.md'],
        },
      ]);
    });

    it('counts a record and the VEX entry of its CVE once, and leaves the register out of the maintenance plans', async () => {
      const { index: example } = await buildFrom(
        {
          'docs/maintenance/register.md': joinLines('## VULN-1: Overflow', '- Severity: high', '- Status: open', '- CVE: CVE-2026-1'),
          'docs/maintenance/update-plan.md': '# Update plan',
          'sbom/vex.cdx.json': JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', vulnerabilities: [{ id: 'CVE-2026-1', analysis: { state: 'exploitable' } }] }),
        },
        config,
      );
      const maintenance = jspPhases(example).find((phase) => phase.phase === 'maintenance')!;
      const output = (name: string) => maintenance.outputs.find((candidate) => candidate.name === name)!;
      assert.equal(output('Vulnerability records').count, 1);
      assert.deepEqual(output('Maintenance plan').files, ['docs/maintenance/update-plan.md']);
    });

    it('lists the maintenance plans by path, whatever order the files were indexed in', () => {
      // Workers finish in any order: here the later path is indexed first.
      const index = indexOf({ 'docs/b-maintenance.md': '# Maintenance plan B', 'docs/a-maintenance.md': '# Maintenance plan A' });
      const concept = jspPhases(index).find((phase) => phase.phase === 'concept')!;
      assert.deepEqual(concept.outputs.find((candidate) => candidate.name === 'Maintenance plan')!.files, ['docs/a-maintenance.md', 'docs/b-maintenance.md']);
    });
  });
});
