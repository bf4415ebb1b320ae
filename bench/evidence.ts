/**
 * The postmarket evidence of a generated workspace (bench/README.md, "SBOM and vulnerabilities"): one CycloneDX
 * 1.5 SBOM of the product's components with a VEX section, as a pipeline merges cdxgen's and syft's output (written
 * compact, as syft writes it by default: see {@link sbomText}); vulnerability registers in Markdown whose records name those components; risk
 * acceptances of some components past their end of support; and a lockfile for each ecosystem that has one,
 * the same packages as the SBOM but for a few updated since it was generated. The writer draws its own random
 * numbers, so the rest of the tree is byte for byte the same with and without it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { DEFAULT_CONFIG } from '../src/core/config/config';
import { addDays } from '../src/core/util/dates';
import type { Random } from './generate';
import { EVIDENCE_TODAY, makeComponents, uuid, type Component, type Ecosystem } from './components';
import { writeLockfiles, type LockfileStats } from './lockfiles';
import { SEVERITY_SCORES, makeRecords, makeVex, recordFindings, type VexEntry, type VulnerabilityRecord } from './vulnerabilities';

export { EVIDENCE_TODAY };

/** What the evidence holds; {@link expected} is what the rules should find in it, from what was written on purpose. */
export interface EvidenceStats {
  readonly written: boolean;
  /** Files in all (SBOM, registers, acceptances, lockfiles), extra to the workspace's files. */
  readonly files: number;
  readonly bytes: number;
  readonly sbom: { readonly path: string; readonly bytes: number; readonly components: number; readonly byEcosystem: Record<string, number>; readonly dependencies: number; readonly vex: number };
  readonly records: number;
  readonly registers: number;
  readonly registerBytes: number;
  readonly acceptances: number;
  readonly lockfiles: readonly LockfileStats[];
  /** Findings the rules should report, by rule name (and `unknown-reference` for records naming a purl the SBOM no longer lists). */
  readonly expected: Record<string, number>;
}

export const NO_EVIDENCE: EvidenceStats = {
  written: false, files: 0, bytes: 0, sbom: { path: '', bytes: 0, components: 0, byEcosystem: {}, dependencies: 0, vex: 0 },
  records: 0, registers: 0, registerBytes: 0, acceptances: 0, lockfiles: [], expected: {},
};

/**
 * How much evidence a workspace of `files` files gets: per 10,000 files 2,000 components, 50 VEX entries and
 * 200 vulnerability records. It stops growing there: one product has one SBOM, and an SBOM of more components
 * would pass the default `maxFileSize` (1 MiB) and not be read at all.
 */
export function evidenceSizes(files: number): { components: number; vex: number; records: number } {
  const scale = Math.min(files, 10_000);
  return { components: Math.max(30, Math.round(scale / 5)), vex: Math.max(1, Math.round(scale / 200)), records: Math.max(4, Math.round(scale / 50)) };
}

// ---------------------------------------------------------------------------------------------------------
// Documents

const PRODUCT = { type: 'application', 'bom-ref': 'pumplink-platform', name: 'PumpLink platform', version: '2.3.0', supplier: { name: 'Northfield Medical' } };

/** A component as its tool writes it: cdxgen's key order, syft's, or a hand-kept firmware entry. */
function componentJson(c: Component): Record<string, unknown> {
  const licenses = c.license ? { licenses: [{ license: { id: c.license } }] } : {};
  const properties = c.properties.length > 0 ? { properties: c.properties.map(([name, value]) => ({ name, value })) } : {};
  const purl = c.ecosystem === 'maven' ? `${c.purl}?type=jar` : c.purl;
  switch (c.tool) {
    case 'cdxgen':
      return { ...(c.group ? { group: c.group } : {}), name: c.name, version: c.version, ...licenses, purl, type: 'library', 'bom-ref': c.bomRef, ...properties };
    case 'syft':
      return { 'bom-ref': c.bomRef, type: 'library', name: c.name, version: c.version, ...licenses, purl, ...properties };
    case 'manual':
      return { type: c.name.startsWith('freertos') ? 'operating-system' : 'library', 'bom-ref': c.bomRef, supplier: { name: 'PumpLink firmware team' }, name: c.name, version: c.version, ...licenses, purl, ...properties };
  }
}

function vexJson(entry: VexEntry): Record<string, unknown> {
  const [score, vector] = SEVERITY_SCORES[entry.severity]!;
  const issued = `${entry.firstIssued}T09:00:00Z`;
  const analysis = entry.state && {
    analysis: {
      state: entry.state,
      ...(entry.state === 'not_affected' ? { justification: 'code_not_reachable' } : {}),
      detail: entry.state === 'not_affected' ? 'The vulnerable code path is not reachable from PumpLink.' : `Assessed by PSIRT: ${entry.state.replace('_', ' ')}.`,
      firstIssued: issued,
      lastUpdated: issued,
    },
  };
  return {
    'bom-ref': `vex-${entry.id}`,
    id: entry.id,
    source: { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${entry.id}` },
    ratings: [{ source: { name: 'NVD' }, score, severity: entry.severity, method: 'CVSSv31', vector }],
    cwes: [entry.weakness[1]],
    description: `${entry.weakness[0]} in ${entry.component.name} ${entry.component.version}.`,
    published: `${entry.published}T14:15:00Z`,
    updated: `${entry.firstIssued}T08:30:00Z`,
    ...analysis,
    affects: [{ ref: entry.component.bomRef }],
  };
}

/**
 * The SBOM: the product, its components, the dependency graph (the product on every root) and the VEX entries.
 * Compact JSON: pretty-printed, 2,000 components take ~1.45 MB, more than the default `maxFileSize` (1 MiB), and
 * the index would skip the file; compact they take ~0.96 MB (the bench measures the pretty-printed text's
 * reading apart, in its phases).
 */
function sbomText(r: Random, components: readonly Component[], vex: readonly VexEntry[]): { text: string; dependencies: number } {
  const dependedOn = new Set(components.flatMap((c) => c.dependsOn));
  const roots = components.flatMap((c, i) => (dependedOn.has(i) ? [] : [c.bomRef]));
  const dependencies = [
    { ref: PRODUCT['bom-ref'], dependsOn: roots },
    ...components.flatMap((c) => (c.dependsOn.length > 0 ? [{ ref: c.bomRef, dependsOn: c.dependsOn.map((i) => components[i]!.bomRef) }] : [])),
  ];
  const bom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${uuid(r)}`,
    version: 1,
    metadata: {
      timestamp: `${addDays(EVIDENCE_TODAY, -2)}T04:12:37Z`,
      lifecycles: [{ phase: 'build' }],
      tools: { components: [['cdxgen', '11.0.10'], ['syft', '1.18.1'], ['cyclonedx-cli', '0.27.2']].map(([name, version]) => ({ type: 'application', name, version })) },
      component: PRODUCT,
      manufacture: { name: 'Northfield Medical' },
    },
    components: components.map(componentJson),
    dependencies,
    vulnerabilities: vex.map(vexJson),
  };
  const text = JSON.stringify(bom);
  if (Buffer.byteLength(text) >= DEFAULT_CONFIG.maxFileSize) {
    throw new Error(`The generated SBOM (${Buffer.byteLength(text)} bytes) would be skipped by the default maxFileSize (${DEFAULT_CONFIG.maxFileSize}): make it smaller.`);
  }
  return { text, dependencies: dependencies.reduce((n, d) => n + d.dependsOn.length, 0) };
}

/** The registers: one per part of the product, its records in ID order. */
const REGISTERS: readonly { readonly file: string; readonly title: string; readonly ecosystems: readonly Ecosystem[] }[] = [
  { file: 'vulnerability-register-app.md', title: 'Clinician app', ecosystems: ['npm'] },
  { file: 'vulnerability-register-cloud.md', title: 'Cloud and services', ecosystems: ['pypi', 'maven'] },
  { file: 'vulnerability-register-gateway.md', title: 'Gateway and device agent', ecosystems: ['golang', 'cargo'] },
  { file: 'vulnerability-register-firmware.md', title: 'Pump firmware', ecosystems: ['generic'] },
];

function recordLines(id: string, record: VulnerabilityRecord): string[] {
  const line = (key: string, value: string | undefined): string[] => (value === undefined ? [] : [`- ${key}: ${value}`]);
  return [
    `## ${id}: ${record.title}`,
    '',
    ...line('Severity', record.severity),
    ...line('Controlled', record.controlled),
    ...line('Identified', record.identified),
    ...line('Communicated', record.communicated),
    ...line('Patched', record.patched),
    ...line('Status', record.status),
    ...line('CVE', record.cve),
    ...line('Affects', [...record.components.map((c) => c.purl), ...(record.stalePurl ? [record.stalePurl] : [])].join(', ')),
    '',
    record.prose,
    '',
  ];
}

const REGISTER_INTRO = [
  'PSIRT records here every vulnerability that may affect this part of PumpLink: from the nightly SBOM scan,',
  'advisories and external reports. Uncontrolled vulnerabilities are on the 30-day communication and 60-day',
  'patch clocks of the maintenance plan.',
];

const MAINTENANCE_RULES = [
  'component-support-unknown', 'component-end-of-support', 'sbom-drift',
  'vulnerability-untriaged', 'vulnerability-communication-overdue', 'vulnerability-patch-overdue', 'vulnerability-conflict',
];

/** Writes the evidence of a workspace into its folder: see the file's comment. */
export class EvidenceWriter {
  #files = 0;
  #bytes = 0;

  constructor(
    readonly root: string,
    readonly r: Random,
    readonly files: number,
    /** The first vulnerability and risk acceptance numbers the rest of the tree leaves free, and its requirements. */
    readonly ids: { readonly firstVulnerability: number; readonly firstRisk: number; readonly requirements: number },
  ) {}

  write(): EvidenceStats {
    const r = this.r;
    const sizes = evidenceSizes(this.files);
    const components = makeComponents(r, sizes.components);
    const cves = new Set<string>();
    const vex = makeVex(r, components, sizes.vex, cves);
    const records = makeRecords(r, components, vex, sizes.records, this.ids.requirements, cves);
    const sbom = sbomText(r, components, vex);
    const sbomPath = 'sbom/platform.cdx.json';
    const sbomBytes = this.#put(sbomPath, sbom.text);
    const { registers, registerBytes } = this.#writeRegisters(records);
    const accepted = this.#writeAcceptances(components.filter((c) => c.support === 'ended'));
    const lockfiles = writeLockfiles(r, components, (path, text) => this.#put(path, text));

    const expected: Record<string, number> = Object.fromEntries(MAINTENANCE_RULES.map((rule) => [rule, 0]));
    const add = (rule: string): void => void (expected[rule] = (expected[rule] ?? 0) + 1);
    for (const c of components) {
      if (c.support === 'unknown') {
        add('component-support-unknown');
      } else if (c.support === 'ended' && !accepted.has(c)) {
        add('component-end-of-support');
      }
    }
    for (const record of records) {
      recordFindings(record).forEach(add);
      if (record.stalePurl) {
        add('unknown-reference');
      }
    }
    // A VEX entry with a record is checked through the record; one without, on its own: untriaged without an analysis.
    const withRecord = new Set(records.flatMap((record) => (record.vex ? [record.vex] : [])));
    vex.filter((entry) => !withRecord.has(entry) && entry.state === undefined).forEach(() => add('vulnerability-untriaged'));
    expected['sbom-drift'] = lockfiles.reduce((n, lockfile) => n + lockfile.drifted, 0);

    const byEcosystem: Record<string, number> = {};
    components.forEach((c) => void (byEcosystem[c.ecosystem] = (byEcosystem[c.ecosystem] ?? 0) + 1));
    return {
      written: true,
      files: this.#files,
      bytes: this.#bytes,
      sbom: { path: sbomPath, bytes: sbomBytes, components: components.length, byEcosystem, dependencies: sbom.dependencies, vex: vex.length },
      records: records.length,
      registers,
      registerBytes,
      acceptances: accepted.size,
      lockfiles,
      expected,
    };
  }

  /** The registers, one per part of the product; records are numbered in the order they were identified. */
  #writeRegisters(records: readonly VulnerabilityRecord[]): { registers: number; registerBytes: number } {
    const ids = new Map(records.map((record, i) => [record, `VULN-${this.ids.firstVulnerability + i}`]));
    let registers = 0;
    let registerBytes = 0;
    for (const register of REGISTERS) {
      const mine = records.filter((record) => register.ecosystems.includes(record.components[0]!.ecosystem));
      if (mine.length > 0) {
        const lines = [`# ${register.title} vulnerability register`, '', ...REGISTER_INTRO, '', ...mine.flatMap((record) => recordLines(ids.get(record)!, record))];
        registerBytes += this.#put(`docs/maintenance/${register.file}`, lines.join('\n'));
        registers++;
      }
    }
    return { registers, registerBytes };
  }

  /** A quarter of the components past their end of support are kept by a recorded decision: a risk acceptance. */
  #writeAcceptances(ended: readonly Component[]): Set<Component> {
    const accepted = ended.filter(() => this.r.chance(0.25));
    if (accepted.length > 0) {
      const lines = ['# Component support decisions', '', 'Components past their end of support that PumpLink keeps for now, and why.', ''];
      accepted.forEach((c, i) => {
        lines.push(
          `## RA-${this.ids.firstRisk + i}: Keep ${c.name} ${c.version} past its end of support`,
          '',
          `- Accepts: ${c.purl}`,
          '- Approved by: Product Security Board',
          `- Date: ${addDays(EVIDENCE_TODAY, -this.r.int(10, 200))}`,
          '',
          'No supported release keeps the interface the device uses; the replacement is planned for the next major release.',
          '',
        );
      });
      this.#put('docs/maintenance/component-support-decisions.md', lines.join('\n'));
    }
    return new Set(accepted);
  }

  #put(path: string, text: string): number {
    const absolute = nodePath.join(this.root, ...path.split('/'));
    mkdirSync(nodePath.dirname(absolute), { recursive: true });
    writeFileSync(absolute, `${text}\n`);
    this.#files++;
    this.#bytes += Buffer.byteLength(text) + 1;
    return Buffer.byteLength(text) + 1;
  }
}
