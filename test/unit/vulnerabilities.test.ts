import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, DEFAULT_POLICY, RuleName, addDays, vulnerabilityLens, combineSummaries, daysBetween, parseConfig, summarize, vulnerabilityLine, type FileContributions, type Finding, type TraceConfig } from '../../src/core';
import { indexOf, joinLines } from './util';

const TODAY = '2026-11-28';
const config: TraceConfig = { ...DEFAULT_CONFIG, today: TODAY };

const records = joinLines(
  '# Vulnerability records',
  '',
  '## VULN-1: Heap overflow in the BLE stack',
  '- Severity: critical',
  '- Controlled: no',
  '- Identified: 2026-09-01',
  '- Status: open',
  '',
  '## VULN-2: Session fixation in the dashboard',
  '- Severity: high',
  '- Controlled: no',
  '- Identified: 2026-11-10',
  '- Communicated: 2026-11-20',
  '- Status: open',
  '',
  '## VULN-3: Weak TLS cipher accepted by the gateway',
  '- Severity: medium',
  '- Controlled: no',
  '- Identified: 2026-01-31',
  '- Communicated: 2026-03-05',
  '- Patched: 2026-03-20',
  '- Status: patched',
  '',
  '## VULN-4: Verbose error page',
  '- Severity: low',
  '- Identified: 2026-11-01',
  '',
  '## VULN-5: Outdated zlib in the updater',
  '- Severity: high',
  '- Controlled: yes',
  '- Identified: 2026-08-01',
  '- Communicated: 2026-08-15',
  '- Status: mitigated',
  '',
  '## VULN-6: Unauthenticated BLE pairing',
  '- Severity: high',
  '- Controlled: no',
  '- Identified: 2026-06-01',
  '- Status: not affected',
);

const ruleLines = (findings: readonly Finding[]) =>
  findings.filter((finding) => finding.rule.startsWith('vulnerability-')).map((finding) => `${finding.rule} ${finding.item}`);

describe('Vulnerability records and their clocks', () => {
  it('counts calendar days across month ends and leap years', () => {
    assert.equal(addDays('2026-01-31', 30), '2026-03-02');
    assert.equal(addDays('2028-02-10', 30), '2028-03-11', '2028 is a leap year');
    assert.equal(addDays('2026-12-15', 60), '2027-02-13');
    assert.equal(daysBetween('2026-10-01', TODAY), 58);
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
    assert.equal(daysBetween('2100-02-28', '2100-03-01'), 1, '2100 is not a leap year');
  });

  it('reports untriaged records and overdue clocks, saying by how much, and only for what is on the clock', () => {
    const index = indexOf({ 'docs/maintenance/vulnerabilities.md': records }, config);
    assert.deepEqual(ruleLines(index.findings()).sort(), [
      'vulnerability-communication-overdue VULN-1',
      'vulnerability-communication-overdue VULN-3',
      'vulnerability-patch-overdue VULN-1',
      'vulnerability-untriaged VULN-4',
    ]);
    const message = (rule: string, item: string) => index.findings().find((finding) => finding.rule === rule && finding.item === item)!.message;
    assert.equal(
      message(RuleName.VulnerabilityCommunicationOverdue, 'VULN-1'),
      'Vulnerability VULN-1 "Heap overflow in the BLE stack" is uncontrolled and was identified on 2026-09-01: it had to be communicated within 30 days, by 2026-10-01, and no "Communicated:" date says it was — overdue by 58 days.',
    );
    assert.match(message(RuleName.VulnerabilityPatchOverdue, 'VULN-1'), /patched within 60 days, by 2026-10-31, and no "Patched:" date says it was — overdue by 28 days\.$/);
    assert.match(message(RuleName.VulnerabilityCommunicationOverdue, 'VULN-3'), /by 2026-03-02, and was communicated on 2026-03-05, 3 days late\.$/);
  });

  it('follows the policy: other deadlines, and severities on the clock even when controlled', () => {
    const { config: parsed, errors } = parseConfig(JSON.stringify({ policy: { communicateWithinDays: 15, patchWithinDays: 100, clockSeverities: ['High'] } }));
    assert.deepEqual(errors, []);
    const index = indexOf({ 'docs/vulnerabilities.md': records }, { ...parsed, today: TODAY });
    assert.deepEqual(ruleLines(index.findings()).sort(), [
      'vulnerability-communication-overdue VULN-1',
      'vulnerability-communication-overdue VULN-3',
      'vulnerability-patch-overdue VULN-5',
      'vulnerability-untriaged VULN-4',
    ]);
    const bad = parseConfig(JSON.stringify({ policy: { communicateWithinDays: -1, clockSeverities: ['urgent'], respondWithin: 3 } }));
    assert.deepEqual(bad.errors.map((error) => error.field), ['policy.communicateWithinDays', 'policy.clockSeverities', 'policy.respondWithin']);
  });

  it('takes a record and the VEX entry of its CVE as one vulnerability, and reports when they disagree', () => {
    const record = joinLines('## VULN-9: BLE stack overflow', '- Controlled: no', '- Identified: 2026-11-20', '- Status: not affected', '- CVE: CVE-2026-1111');
    const range = { start: { line: 3, character: 6 }, end: { line: 3, character: 21 } };
    const vex = (state: string | undefined): FileContributions => ({
      path: 'sbom/vex.cdx.json',
      items: [{ id: 'CVE-2026-1111', kind: 'vulnerability', title: 'BLE stack overflow', location: { path: 'sbom/vex.cdx.json', range }, sectionRange: range, attributes: state ? { state, published: '2026-01-02T00:00:00Z' } : {} }],
      links: [],
      references: [],
      problems: [],
    });
    const index = indexOf({ 'docs/vulnerabilities.md': record }, config);
    index.setContributions(vex('exploitable'));
    assert.deepEqual(ruleLines(index.findings()), ['vulnerability-conflict VULN-9'], 'the VEX entry is checked through its record, and it is re-checked when the VEX file changes');
    const conflict = index.findings()[0]!;
    assert.equal(conflict.message, 'Vulnerability VULN-9 "BLE stack overflow" says "not affected", but the VEX entry for CVE-2026-1111 says "exploitable": make them agree.');
    assert.equal(conflict.related[0]!.location.path, 'sbom/vex.cdx.json');
    index.setContributions(vex('not_affected'));
    assert.deepEqual(ruleLines(index.findings()), []);
    // Without its record, a VEX entry is checked itself: no state is untriaged.
    index.removeFile('docs/vulnerabilities.md');
    index.setContributions(vex(undefined));
    assert.deepEqual(ruleLines(index.findings()), ['vulnerability-untriaged CVE-2026-1111']);
  });

  it('gives FDA\'s metrics: the share patched, days to patch, what is open and the oldest open one', () => {
    const patchedLater = joinLines('## VULN-8: Replay of firmware manifests', '- Severity: high', '- Controlled: no', '- Identified: 2026-04-01', '- Communicated: 2026-04-20', '- Patched: 2026-05-19', '- Status: patched');
    const index = indexOf({ 'docs/vulnerabilities.md': records, 'docs/more.md': patchedLater }, config);
    const metrics = summarize(index).vulnerabilities;
    assert.deepEqual(
      { total: metrics.total, patched: metrics.patched, notAffected: metrics.notAffected, daysToPatch: metrics.daysToPatch, openBySeverity: metrics.openBySeverity, oldestOpen: metrics.oldestOpen },
      {
        total: 7,
        patched: 2,
        notAffected: 1,
        daysToPatch: { count: 2, total: 48 + 48, max: 48 },
        openBySeverity: { critical: 1, high: 2, low: 1 },
        oldestOpen: { id: 'VULN-5', identified: '2026-08-01', days: 119 },
      },
    );
    assert.deepEqual(metrics.byStatus, { open: 2, patched: 2, untriaged: 1, mitigated: 1, 'not affected': 1 });
    assert.equal(vulnerabilityLine(metrics), '7 vulnerabilities · 2 patched of 6 affected (33%) · days to patch: mean 48, max 48 · open: 1 critical, 2 high, 1 low · oldest open: VULN-5 (119 days)');
    const twice = combineSummaries([summarize(index), summarize(index)]).vulnerabilities;
    assert.deepEqual([twice.total, twice.patched, twice.daysToPatch.count, twice.daysToPatch.max, twice.oldestOpen?.id], [14, 4, 4, 48, 'VULN-5']);
  });

  it('says in the CodeLens how each record stands on its clocks', () => {
    const index = indexOf({ 'docs/vulnerabilities.md': records }, config);
    const lens = (id: string, today: string | null = TODAY) => vulnerabilityLens(index.graph.item(id)!, DEFAULT_POLICY, today ?? undefined);
    assert.equal(lens('VULN-1'), 'open · communication overdue by 58 days · patch overdue by 28 days');
    assert.equal(lens('VULN-2'), 'open · communicated 2026-11-20 · patch in 42 days');
    assert.equal(lens('VULN-2', '2027-01-09'), 'open · communicated 2026-11-20 · patch today');
    assert.equal(lens('VULN-2', null), 'open · communicated 2026-11-20 · patch by 2027-01-09');
    assert.equal(lens('VULN-3'), 'patched · communicated 3 days late · patched 2026-03-20');
    assert.equal(lens('VULN-4'), 'not triaged · not on the clock');
    assert.equal(lens('VULN-5'), 'mitigated · controlled');
    assert.equal(lens('VULN-6'), 'not affected');
  });

  it('reads a record\'s "Resolved by:" as the requirement resolving it, the same link as the requirement\'s "Resolves:"', () => {
    const index = indexOf({
      'docs/vulnerabilities.md': joinLines('## VULN-1: Overflow', '- Status: patched', '- Resolved by: SR-3', '', 'Resolved by: SR-9 in prose outside a list is a link too.'),
      'docs/requirements.md': joinLines('## SR-3: Bounds-checked parser', '- Resolves: VULN-2'),
      'docs/notes.md': 'Resolved by: SR-3, outside any item: only a mention.',
    });
    const resolving = (id: string) => index.graph.incoming(id).filter((link) => link.type === 'resolves').map((link) => `${link.from} ${link.location.path}:${link.location.range.start.line + 1}`);
    assert.deepEqual(resolving('VULN-1'), ['SR-3 docs/vulnerabilities.md:3', 'SR-9 docs/vulnerabilities.md:5']);
    assert.deepEqual(resolving('VULN-2'), ['SR-3 docs/requirements.md:2']);
    assert.deepEqual(index.graph.references('SR-3').map((reference) => reference.location.path), ['docs/notes.md']);
    assert.equal(index.graph.item('VULN-1')!.attributes['resolved by'], undefined, 'a link, not an attribute');
  });
});
