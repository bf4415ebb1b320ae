import * as assert from 'node:assert/strict';
import {
  DEFAULT_CONFIG,
  FileSelector,
  TraceIndex,
  closestCategories,
  isIsoDate,
  isoDateOf,
  isoDatePart,
  openTraceWorkspace,
  parseCategories,
  parseConfig,
  type Finding,
  type TraceConfig,
} from '../../src/core';
import { InMemoryWorkspace, indexOf, joinLines } from './util';

const TODAY = '2026-11-28';
const config: TraceConfig = { ...DEFAULT_CONFIG, today: TODAY };

const threats = joinLines('## TM-1: Log disclosure', '## TM-2: Flooding');

function acceptance(...attributes: string[]): string {
  return joinLines('## RA-1: Logs accepted', 'Accepts: TM-1', ...attributes);
}

function keys(findings: readonly Finding[], ...rules: string[]): string[] {
  return findings.filter((f) => rules.length === 0 || rules.includes(f.rule)).map((f) => `${f.rule} ${f.item} ${f.location.path}:${f.location.range.start.line + 1}`);
}

function riskFindings(ra: string, { today }: { today: string | undefined } = { today: TODAY }): string[] {
  const index = indexOf({ 'docs/threats.md': threats, 'docs/risk.md': ra }, { ...DEFAULT_CONFIG, today });
  return keys(index.findings(), 'risk-acceptance-unapproved', 'risk-acceptance-expired', 'threat-not-mitigated').filter((key) => !key.includes('TM-2'));
}

describe('Dates', () => {
  it('accepts only calendar dates written YYYY-MM-DD', () => {
    for (const date of ['2026-11-28', '2024-02-29', '2000-02-29', '9999-12-31']) {
      assert.ok(isIsoDate(date), date);
    }
    for (const date of ['2026-13-01', '2026-02-29', '1900-02-29', '2026-11-31', '26-11-28', '2026/11/28', '2026-11-28T10:00Z', '', 'today']) {
      assert.ok(!isIsoDate(date), date);
    }
  });

  it('reads the date of an ISO 8601 date or date-time written in a document', () => {
    assert.equal(isoDatePart(' 2026-03-12 '), '2026-03-12');
    assert.equal(isoDatePart('2026-03-12T09:30Z'), '2026-03-12');
    assert.equal(isoDatePart('2026-03-12T09:30:00+01:00'), '2026-03-12');
    assert.equal(isoDatePart('12 March 2026'), undefined);
    assert.equal(isoDatePart('2026-02-30'), undefined);
  });

  it('formats a host clock reading as its local date', () => {
    assert.equal(isoDateOf(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
  });
});

describe('Risk acceptances', () => {
  it('count when approved, dated and in date', () => {
    assert.deepEqual(riskFindings(acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12', 'Expires: 2027-03-12')), []);
    assert.deepEqual(riskFindings(acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12')), [], 'Expires: is optional');
    assert.deepEqual(riskFindings(acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12T10:00Z', 'Expires: 9999-12-31')), [], 'far future');
  });

  it('are still in date on the day they expire, and expired the day after', () => {
    assert.deepEqual(riskFindings(acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12', `Expires: ${TODAY}`)), []);
    assert.deepEqual(riskFindings(acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12', 'Expires: 2026-11-27')), [
      'risk-acceptance-expired RA-1 docs/risk.md:1',
      'threat-not-mitigated TM-1 docs/threats.md:1',
    ]);
  });

  it('are unapproved without an approver, without a date or with a date that is not ISO 8601', () => {
    for (const attributes of [['Date: 2026-03-12'], ['Approved by: Dr. Lee'], ['Approved by:   ', 'Date: 2026-03-12'], ['Approved by: Dr. Lee', 'Date: 12 March 2026'], ['Approved by: Dr. Lee', 'Date: 2026-02-30']]) {
      assert.deepEqual(
        riskFindings(acceptance(...attributes)),
        ['risk-acceptance-unapproved RA-1 docs/risk.md:1', 'threat-not-mitigated TM-1 docs/threats.md:1'],
        attributes.join(' / '),
      );
    }
  });

  it('count as expired when Expires: is not a date, since nothing shows they are in date', () => {
    assert.deepEqual(riskFindings(acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12', 'Expires: next year')), [
      'risk-acceptance-expired RA-1 docs/risk.md:1',
      'threat-not-mitigated TM-1 docs/threats.md:1',
    ]);
  });

  it('are not checked for expiry when the host gives no date', () => {
    assert.deepEqual(riskFindings(acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12', 'Expires: 2000-01-01'), { today: undefined }), []);
  });

  it('say in the threat’s message why the acceptance does not count', () => {
    const index = indexOf({ 'docs/threats.md': threats, 'docs/risk.md': acceptance('Date: 2026-03-12') }, config);
    const finding = index.findings().find((f) => f.rule === 'threat-not-mitigated' && f.item === 'TM-1')!;
    assert.equal(
      finding.message,
      'Threat TM-1 "Log disclosure" is not mitigated: no requirement or control declares "Mitigates: TM-1", and the risk acceptance RA-1 does not count because it has no "Approved by:" line.',
    );
    const expired = indexOf({ 'docs/threats.md': threats, 'docs/risk.md': acceptance('Approved by: Dr. Lee', 'Date: 2025-01-01', 'Expires: 2026-01-01') }, config);
    assert.match(expired.findings().find((f) => f.rule === 'risk-acceptance-expired')!.message, /expired on 2026-01-01 \(today is 2026-11-28\)/);
  });

  it('re-check the threats they accept when only their attributes change', () => {
    const index = indexOf({ 'docs/threats.md': threats, 'docs/risk.md': acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12') }, config);
    assert.deepEqual(keys(index.findings(), 'threat-not-mitigated'), ['threat-not-mitigated TM-2 docs/threats.md:2']);
    const change = index.updateFile('docs/risk.md', acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12', 'Expires: 2026-06-30'));
    assert.ok(change.changedIds.has('TM-1'), 'the accepted threat is re-checked');
    assert.ok(change.affectedPaths.has('docs/threats.md'), 'its file republishes diagnostics');
    const fresh = indexOf({ 'docs/threats.md': threats, 'docs/risk.md': acceptance('Approved by: Dr. Lee', 'Date: 2026-03-12', 'Expires: 2026-06-30') }, config);
    assert.deepEqual(index.findings(), fresh.findings());
    assert.deepEqual(keys(index.findings(), 'threat-not-mitigated'), ['threat-not-mitigated TM-1 docs/threats.md:1', 'threat-not-mitigated TM-2 docs/threats.md:2']);
  });
});

describe('FDA security control categories', () => {
  it('match names case- and punctuation-insensitively, splitting at commas outside a name', () => {
    const table: [string, string[], string[]][] = [
      ['Authentication', ['Authentication'], []],
      ['authentication, AUTHORIZATION', ['Authentication', 'Authorization'], []],
      ['Code, Data and Execution Integrity', ['Code, Data and Execution Integrity'], []],
      ['Code, data & execution integrity', ['Code, Data and Execution Integrity'], []],
      ['Cryptography, Code, Data and Execution Integrity, Confidentiality', ['Cryptography', 'Code, Data and Execution Integrity', 'Confidentiality'], []],
      ['Event detection & logging; Resiliency and recovery', ['Event Detection and Logging', 'Resiliency and Recovery'], []],
      ['Updatability-and-Patchability.', ['Updatability and Patchability'], []],
      ['Privacy, Cryptography', ['Cryptography'], ['Privacy']],
      ['Code, Integrity', [], ['Code', 'Integrity']],
      ['Authentication, ', ['Authentication'], []],
    ];
    for (const [value, known, unknown] of table) {
      assert.deepEqual(parseCategories(value), { known, unknown }, value);
    }
  });

  it('suggest the closest names for an unknown value', () => {
    assert.equal(closestCategories('Privacy')[0], 'Confidentiality');
    assert.equal(closestCategories('Privacy').length, 2);
    assert.equal(closestCategories('Authentification')[0], 'Authentication');
    assert.equal(closestCategories('Logging')[0], 'Event Detection and Logging');
  });

  it('report an unknown value at the requirement or control, naming the closest categories', () => {
    const index = indexOf({
      'docs/reqs.md': joinLines('## SR-1: Keep PHI out of logs', 'Category: Privacy', '## SR-2: Sign releases', 'Category: Code, data & execution integrity'),
      'docs/controls.md': joinLines('## SC-1: PKI', 'Category: Cryptografy'),
    }, config);
    const unknown = index.findings().filter((f) => f.rule === 'control-category-unknown');
    assert.deepEqual(keys(unknown), ['control-category-unknown SC-1 docs/controls.md:1', 'control-category-unknown SR-1 docs/reqs.md:1']);
    assert.match(unknown[1]!.message, /"Privacy" \(closest: Confidentiality or /);
    assert.match(unknown[0]!.message, /"Cryptografy" \(closest: Cryptography or /);
  });

  it('report each empty category once, at the first requirements document, once the workspace uses categories', () => {
    const unused = indexOf({ 'docs/reqs.md': '## SR-1: Nonces' }, config);
    assert.deepEqual(keys(unused.findings(), 'control-category-empty'), [], 'a workspace that never names a category is not told about them');
    const index = indexOf({
      'docs/b-reqs.md': joinLines('## SR-1: Nonces', 'Category: Authentication, Authorization, Cryptography, Confidentiality'),
      'docs/a-reqs.md': joinLines('## SR-2: Logs', 'Category: Event Detection and Logging, Resiliency and Recovery'),
      'docs/controls.md': joinLines('## SC-1: Signing', 'Category: Code, Data and Execution Integrity'),
    }, config);
    const empty = index.findings().filter((f) => f.rule === 'control-category-empty');
    assert.deepEqual(keys(empty), ['control-category-empty Updatability and Patchability docs/a-reqs.md:1']);
    assert.equal(empty[0]!.severity, 'info');
  });

  it('do not report a category that the configuration justifies, and report at the configuration file', async () => {
    const files = {
      'jsp-trace.jsonc': '{ "categories": { "resiliency & recovery": "Stateless device." } }',
      'docs/reqs.md': joinLines('## SR-1: Nonces', 'Category: Authentication, Authorization, Cryptography, Confidentiality, Event Detection and Logging, Code, Data and Execution Integrity'),
    };
    const workspace = openTraceWorkspace({ reader: new InMemoryWorkspace(files), today: TODAY });
    await workspace.rebuild();
    assert.deepEqual(keys(workspace.findings(), 'control-category-empty'), ['control-category-empty Updatability and Patchability jsp-trace.jsonc:1']);
  });

  it('keep an incremental index equal to a rebuild as categories come and go', () => {
    const steps: Record<string, string>[] = [
      { 'docs/reqs.md': joinLines('## SR-1: Nonces', 'Category: Authentication') },
      { 'docs/reqs.md': joinLines('## SR-1: Nonces', 'Category: Authentication, Cryptography'), 'docs/controls.md': joinLines('## SC-1: PKI', 'Category: Confidentiality') },
      { 'docs/a.md': joinLines('## SR-2: Earlier document', 'Category: Privacy') },
      { 'docs/controls.md': joinLines('## SC-1: PKI', 'Category: Updatability and Patchability') },
      { 'docs/reqs.md': joinLines('## TM-7: Now a threat', 'Category: Authentication') },
      { 'docs/a.md': '# Nothing here', 'docs/controls.md': '# Nothing here' },
    ];
    const index = new TraceIndex(config, new FileSelector(config));
    const files: Record<string, string> = {};
    for (const step of steps) {
      for (const [path, text] of Object.entries(step)) {
        files[path] = text;
        index.updateFile(path, text);
      }
      assert.deepEqual(keys(index.findings()), keys(indexOf(files, config).findings()), JSON.stringify(step));
    }
  });
});

describe('Configuration of dates and categories', () => {
  it('validates today as a date and categories as known names with a justification', () => {
    const { config: parsed, errors } = parseConfig('{ "today": "2026-11-28", "categories": { "Code, data & execution integrity": "Not applicable." } }');
    assert.deepEqual(errors, []);
    assert.equal(parsed.today, '2026-11-28');
    assert.deepEqual(parsed.categories, { 'Code, Data and Execution Integrity': 'Not applicable.' });
    const bad = parseConfig('{ "today": "28.11.2026", "categories": { "Privacy": "x", "Cryptography": "" } }').errors.map((error) => `${error.field}: ${error.message}`);
    assert.equal(bad.length, 3);
    assert.match(bad[0]!, /^today: "today" must be a date written YYYY-MM-DD/);
    assert.match(bad[1]!, /^categories.Privacy: Unknown category "Privacy"/);
    assert.match(bad[2]!, /^categories.Cryptography: .* non-empty justification/);
  });

  it('takes the date fixed by the host over the configuration’s, and the configuration’s over the clock', async () => {
    const files = {
      'jsp-trace.jsonc': '{ "today": "2026-06-01" }',
      'docs/threats.md': threats,
      'docs/risk.md': acceptance('Approved by: Dr. Lee', 'Date: 2026-01-01', 'Expires: 2026-07-01'),
    };
    const expiredWith = async (options: { today?: string; clock?: () => string }): Promise<boolean> => {
      const workspace = openTraceWorkspace({ reader: new InMemoryWorkspace(files), ...options });
      await workspace.rebuild();
      return workspace.findings().some((f) => f.rule === 'risk-acceptance-expired');
    };
    assert.equal(await expiredWith({ clock: () => '2026-12-01' }), false, 'the configuration wins over the clock');
    assert.equal(await expiredWith({ today: '2026-12-01', clock: () => '2026-01-01' }), true, 'a fixed date wins over the configuration');
  });
});
