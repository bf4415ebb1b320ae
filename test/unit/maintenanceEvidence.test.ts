import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, RuleName, componentLine, summarize, type Finding, type TraceConfig } from '../../src/core';
import { buildFrom, joinLines } from './util';

const config: TraceConfig = { ...DEFAULT_CONFIG, today: '2026-11-28' };

/** A CycloneDX 1.5 SBOM as a generator writes it, with support properties FDA asks for on each component. */
function sbom(components: { name: string; version: string; level?: string; eos?: string }[], vulnerabilities: unknown[] = []): string {
  return JSON.stringify(
    {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
      version: 1,
      metadata: { timestamp: '2026-11-01T09:00:00Z', component: { type: 'device', name: 'pump', version: '2.3.0', 'bom-ref': 'pump@2.3.0' } },
      components: components.map(({ name, version, level, eos }) => ({
        type: 'library',
        'bom-ref': `pkg:npm/${name}@${version}`,
        name,
        version,
        purl: `pkg:npm/${name}@${version}`,
        properties: [...(level ? [{ name: 'Level of Support', value: level }] : []), ...(eos ? [{ name: 'acme:End-of-Support', value: eos }] : [])],
      })),
      vulnerabilities,
    },
    null,
    2,
  );
}

const lockfile = (packages: Record<string, string>) =>
  JSON.stringify(
    {
      name: 'dashboard',
      version: '3.1.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'dashboard', version: '3.1.0', dependencies: Object.fromEntries(Object.keys(packages).map((name) => [name, '*'])) },
        ...Object.fromEntries(Object.entries(packages).map(([name, version]) => [`node_modules/${name}`, { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, integrity: 'sha512-x' }])),
      },
    },
    null,
    2,
  );

const lines = (findings: readonly Finding[], ...rules: string[]) =>
  findings.filter((finding) => rules.includes(finding.rule)).map((finding) => `${finding.rule} ${finding.item} ${finding.location.path}:${finding.location.range.start.line + 1}`).sort();

const MAINTENANCE_RULES = [RuleName.ComponentSupportUnknown, RuleName.ComponentEndOfSupport, RuleName.SbomDrift, RuleName.VulnerabilityUntriaged, RuleName.UnknownReference];

describe('Maintenance evidence: SBOM components, lockfiles and vulnerabilities in the index', () => {
  const components = [
    { name: 'lodash', version: '4.17.21', level: 'Actively maintained', eos: 'Open source' },
    { name: 'moment', version: '2.29.4', level: 'Deprecated', eos: 'Unknown' },
    { name: 'left-pad', version: '1.3.0' },
    { name: 'express', version: '4.21.2', level: 'active', eos: '2026-10-01' },
  ];

  it('checks each component\'s support, at its line in the SBOM, unless a decision is recorded', async () => {
    const { index } = await buildFrom({ 'sbom/dashboard.cdx.json': sbom(components) }, config);
    assert.deepEqual(lines(index.findings(), ...MAINTENANCE_RULES), [
      'component-end-of-support pkg:npm/express@4.21.2 sbom/dashboard.cdx.json:60',
      'component-end-of-support pkg:npm/moment@2.29.4 sbom/dashboard.cdx.json:35',
      'component-support-unknown pkg:npm/left-pad@1.3.0 sbom/dashboard.cdx.json:52',
    ]);
    const message = (item: string) => index.findings().find((finding) => finding.item === item)!.message;
    assert.match(message('pkg:npm/express@4.21.2'), /its support ended on 2026-10-01 \(today is 2026-11-28\)/);
    assert.match(message('pkg:npm/moment@2.29.4'), /its level of support is "Deprecated"/);
    assert.match(message('pkg:npm/left-pad@1.3.0'), /has no level of support and no end of support/);
    assert.deepEqual(summarize(index).components, { total: 4, bySupport: { 'actively maintained': 2, 'no longer maintained': 1, unknown: 1 }, ended: 1 }, 'the product itself is not counted');
    assert.equal(componentLine(summarize(index).components), '4 SBOM components · 2 actively maintained, 1 no longer maintained, 1 unknown · 1 past end of support');

    const decisions = joinLines(
      '## RA-1: Keep moment until the dashboard rewrite',
      '- Accepts: pkg:npm/moment@2.29.4',
      '- Approved by: Dr. A. Jones',
      '- Date: 2026-10-01',
      '',
      '## SR-1: Upgrade the web framework',
      '- Resolves: pkg:npm/express@4.21.2',
      '- Affects: pkg:npm/express@9.9.9',
    );
    const decided = await buildFrom({ 'sbom/dashboard.cdx.json': sbom(components), 'docs/decisions.md': decisions }, config);
    assert.deepEqual(lines(decided.index.findings(), ...MAINTENANCE_RULES), [
      'component-support-unknown pkg:npm/left-pad@1.3.0 sbom/dashboard.cdx.json:52',
      'unknown-reference pkg:npm/express@9.9.9 docs/decisions.md:8',
    ]);
  });

  it('reports lockfile packages that no SBOM lists at that version, at the lockfile line, and none without an SBOM', async () => {
    const lock = lockfile({ lodash: '4.17.21', moment: '2.30.1', chalk: '5.3.0' });
    const { index } = await buildFrom({ 'sbom/dashboard.cdx.json': sbom(components), 'app/package-lock.json': lock, 'tools/package-lock.json': lock }, {
      ...config,
      sbomDrift: { ignore: ['tools/**'] },
    });
    assert.deepEqual(lines(index.findings(), RuleName.SbomDrift), ['sbom-drift pkg:npm/chalk@5.3.0 app/package-lock.json:26', 'sbom-drift pkg:npm/moment@2.30.1 app/package-lock.json:21']);
    assert.match(index.findings().find((finding) => finding.item === 'pkg:npm/moment@2.30.1')!.message, /^moment 2\.30\.1 is pinned here, but the SBOM lists 2\.29\.4: regenerate the SBOM/);
    const noSbom = await buildFrom({ 'app/package-lock.json': lock }, config);
    assert.deepEqual(lines(noSbom.index.findings(), RuleName.SbomDrift), []);
    // Regenerating the SBOM clears the drift live.
    index.updateFile('sbom/dashboard.cdx.json', sbom([...components, { name: 'moment', version: '2.30.1' }, { name: 'chalk', version: '5.3.0' }]));
    assert.deepEqual(lines(index.findings(), RuleName.SbomDrift), []);
    // A lockfile that goes takes its findings with it.
    index.updateFile('sbom/dashboard.cdx.json', sbom(components));
    assert.equal(lines(index.findings(), RuleName.SbomDrift).length, 2);
    index.removeFile('app/package-lock.json');
    assert.deepEqual(lines(index.findings(), RuleName.SbomDrift), []);
  });

  it('takes VEX entries as vulnerabilities, and reports malformed SBOM JSON at its position', async () => {
    const vex = [{ id: 'CVE-2026-4242', 'bom-ref': 'vuln-1', ratings: [{ severity: 'high' }], affects: [{ ref: 'pkg:npm/lodash@4.17.21' }], published: '2026-10-01T00:00:00Z' }];
    const { index } = await buildFrom({ 'sbom/dashboard.cdx.json': sbom(components.slice(0, 1), vex), 'sbom/broken.cdx.json': '{ "bomFormat": "CycloneDX", "components": [ }' }, config);
    assert.deepEqual(lines(index.findings(), RuleName.VulnerabilityUntriaged, RuleName.UnreadableFile), [
      'unreadable-file sbom/broken.cdx.json sbom/broken.cdx.json:1',
      'vulnerability-untriaged CVE-2026-4242 sbom/dashboard.cdx.json:36',
    ]);
    assert.equal(summarize(index).vulnerabilities.total, 1);
    assert.deepEqual(index.graph.outgoing('CVE-2026-4242').map((link) => `${link.type} ${link.to}`), ['affects pkg:npm/lodash@4.17.21']);
  });

  it('reads a Markdown support addendum over the SBOM: one component, its findings at its SBOM line', async () => {
    const addendum = joinLines(
      '# SBOM support addendum',
      '',
      '| Component | Level of support | End of support | Justification |',
      '| --- | --- | --- | --- |',
      '| pkg:npm/left-pad@1.3.0 | Actively maintained | | Vendored; we maintain our copy |',
      '| pkg:npm/lodash@4.17.21 | Abandoned | | |',
    );
    const { index } = await buildFrom({ 'docs/sbom-addendum.md': addendum, 'sbom/dashboard.cdx.json': sbom(components) }, config);
    assert.deepEqual(lines(index.findings(), RuleName.DuplicateId, ...MAINTENANCE_RULES), [
      'component-end-of-support pkg:npm/express@4.21.2 sbom/dashboard.cdx.json:60',
      'component-end-of-support pkg:npm/lodash@4.17.21 sbom/dashboard.cdx.json:18',
      'component-end-of-support pkg:npm/moment@2.29.4 sbom/dashboard.cdx.json:35',
    ]);
    assert.match(index.findings().find((finding) => finding.item === 'pkg:npm/lodash@4.17.21')!.message, /its level of support is "Abandoned"/);
    assert.equal(summarize(index).components.total, 4);
  });

  it('reads evidence files larger than maxFileSize (a generated SBOM often is), but not documents', async () => {
    const { index } = await buildFrom({ 'sbom/dashboard.cdx.json': sbom(components), 'docs/big.md': `## SR-1: Big\n${'x'.repeat(2000)}` }, { ...config, maxFileSize: 1000 });
    assert.equal(summarize(index).components.total, 4);
    assert.deepEqual(index.unreadableFiles().map((finding) => finding.location.path), ['docs/big.md']);
  });
});
