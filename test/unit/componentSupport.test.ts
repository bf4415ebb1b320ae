import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ItemDefinition } from '../../src/core';
import { readCycloneDx } from '../../src/core/extract/cyclonedx';
import {
  DEFAULT_END_OF_SUPPORT_PROPERTIES,
  DEFAULT_LEVEL_PROPERTIES,
  componentSupportOf,
  endOfSupport,
  propertyKey,
  supportLevel,
  type EndOfSupport,
  type SupportLevel,
} from '../../src/core/graph/componentSupport';

const origin = { line: 0, character: 0 };
const component = (attributes: Record<string, string>): ItemDefinition => ({
  id: 'pkg:generic/x@1',
  kind: 'component',
  title: 'x 1',
  location: { path: 'sbom.json', range: { start: origin, end: origin } },
  sectionRange: { start: origin, end: origin },
  attributes,
});

describe('Component support', () => {
  it('understands levels of support in any case, with spaces, hyphens or underscores', () => {
    const table: [raw: string | undefined, level: SupportLevel][] = [
      // The values of the published medical-device SBOM.
      ['Actively maintained', 'actively maintained'],
      ['Inactive', 'no longer maintained'],
      ['Deprecated', 'no longer maintained'],
      ['Unknown', 'unknown'],
      // The rest of the vocabulary.
      ['actively-maintained', 'actively maintained'],
      ['ACTIVELY_MAINTAINED', 'actively maintained'],
      ['Active', 'actively maintained'],
      ['maintained', 'actively maintained'],
      ['No longer maintained', 'no longer maintained'],
      ['no-longer-maintained', 'no longer maintained'],
      ['End of life', 'no longer maintained'],
      ['end-of-life', 'no longer maintained'],
      ['EOL', 'no longer maintained'],
      ['Unmaintained', 'no longer maintained'],
      ['Abandoned', 'abandoned'],
      [' abandoned ', 'abandoned'],
      ['unknown', 'unknown'],
      ['n/a', 'unknown'],
      ['N/A', 'unknown'],
      ['', 'unknown'],
      [undefined, 'unknown'],
      ['Community supported', 'unknown'],
      ['maintained by us', 'unknown'],
    ];
    for (const [raw, level] of table) {
      assert.equal(supportLevel(raw), level, String(raw));
    }
  });

  it('understands ends of support: dates, ended, missing, or a justification in place of a date', () => {
    const table: [raw: string | undefined, expected: EndOfSupport][] = [
      // The values of the published medical-device SBOM.
      ['Open source', { kind: 'justified', text: 'Open source' }],
      ['Until hardware support ends', { kind: 'justified', text: 'Until hardware support ends' }],
      ['No longer supported', { kind: 'ended' }],
      ['Unknown', { kind: 'missing' }],
      // Dates: a day, a date-time, a month (its last day), a year (its last day).
      ['2027-06-30', { kind: 'date', date: '2027-06-30' }],
      [' 2027-06-30 ', { kind: 'date', date: '2027-06-30' }],
      ['2027-06-30T23:59:59Z', { kind: 'date', date: '2027-06-30' }],
      ['2027-06-30T10:00+02:00', { kind: 'date', date: '2027-06-30' }],
      ['2027-02', { kind: 'date', date: '2027-02-28' }],
      ['2028-02', { kind: 'date', date: '2028-02-29' }],
      ['2031-12', { kind: 'date', date: '2031-12-31' }],
      ['2027', { kind: 'date', date: '2027-12-31' }],
      // Not dates.
      ['2027-13', { kind: 'justified', text: '2027-13' }],
      ['2027-02-30', { kind: 'justified', text: '2027-02-30' }],
      ['31.12.2027', { kind: 'justified', text: '31.12.2027' }],
      // Ended.
      ['not supported', { kind: 'ended' }],
      ['Unsupported', { kind: 'ended' }],
      ['ended', { kind: 'ended' }],
      ['End of life', { kind: 'ended' }],
      ['end_of_life', { kind: 'ended' }],
      ['EOL', { kind: 'ended' }],
      ['EOS', { kind: 'ended' }],
      ['Expired', { kind: 'ended' }],
      // Missing.
      ['unknown', { kind: 'missing' }],
      ['n/a', { kind: 'missing' }],
      ['None', { kind: 'missing' }],
      ['TBD', { kind: 'missing' }],
      ['', { kind: 'missing' }],
      ['   ', { kind: 'missing' }],
      [undefined, { kind: 'missing' }],
    ];
    for (const [raw, expected] of table) {
      assert.deepEqual(endOfSupport(raw), expected, String(raw));
    }
  });

  it('says a date before today has ended, and a date of today or later has not', () => {
    const today = '2026-03-14';
    assert.deepEqual(endOfSupport('2026-03-13', today), { kind: 'ended', date: '2026-03-13' });
    assert.deepEqual(endOfSupport('2026-02', today), { kind: 'ended', date: '2026-02-28' });
    assert.deepEqual(endOfSupport('2026-03-14', today), { kind: 'date', date: '2026-03-14' });
    assert.deepEqual(endOfSupport('2026-03', today), { kind: 'date', date: '2026-03-31' });
    assert.deepEqual(endOfSupport('2026', today), { kind: 'date', date: '2026-12-31' });
    assert.deepEqual(endOfSupport('Open source', today), { kind: 'justified', text: 'Open source' });
    assert.deepEqual(endOfSupport('2020-01-01', 'not a date'), { kind: 'date', date: '2020-01-01' });
  });

  it('compares property names without namespace, case, spaces, hyphens or underscores', () => {
    assert.equal(propertyKey('acme:End-of-Support'), 'endofsupport');
    assert.equal(propertyKey('cdx:lifecycle:milestone:endOfSupport'), 'endofsupport');
    assert.equal(propertyKey('cdx:fda:level-of-support'), 'levelofsupport');
    assert.equal(propertyKey('Level of Support'), 'levelofsupport');
    assert.equal(propertyKey('support_level'), 'supportlevel');
    assert.equal(propertyKey('EOS'), 'eos');
    assert.deepEqual(DEFAULT_LEVEL_PROPERTIES.map(propertyKey), ['levelofsupport', 'supportlevel']);
    assert.deepEqual(DEFAULT_END_OF_SUPPORT_PROPERTIES.map(propertyKey), ['endofsupport', 'endofsupport', 'endofsupport', 'endofsupportdate', 'eos']);
  });

  it('reads the support status of the components of a 1.6 SBOM, from properties under several names', () => {
    const text = readFileSync(path.resolve(__dirname, '../fixtures/cyclonedx/device-1.6.json'), 'utf8');
    const items = readCycloneDx('sbom/device.cdx.json', text).items.filter((item) => item.kind === 'component');
    assert.deepEqual(Object.fromEntries(items.map((item) => [item.title, componentSupportOf(item)])), {
      'pump-controller-firmware 4.2.0': { level: 'unknown', levelRaw: undefined, endOfSupport: { kind: 'missing' }, eosRaw: undefined },
      'bootloader 1.3.1': { level: 'actively maintained', levelRaw: 'Actively maintained', endOfSupport: { kind: 'date', date: '2031-12-31' }, eosRaw: '2031-12' },
      'FreeRTOS-Kernel V10.4.3': {
        level: 'no longer maintained',
        levelRaw: 'Inactive',
        endOfSupport: { kind: 'justified', text: 'Until hardware support ends' },
        eosRaw: 'Until hardware support ends',
      },
      'dcmtk 3.6.7': { level: 'actively maintained', levelRaw: 'Actively maintained', endOfSupport: { kind: 'justified', text: 'Open source' }, eosRaw: 'Open source' },
      'openssl 3.0.13': { level: 'actively maintained', levelRaw: 'Actively maintained', endOfSupport: { kind: 'date', date: '2026-09-07' }, eosRaw: '2026-09-07' },
      'zlib 1.2.11': { level: 'no longer maintained', levelRaw: 'Deprecated', endOfSupport: { kind: 'ended' }, eosRaw: 'No longer supported' },
      'nRF52840 SoftDevice S140 7.2.0': { level: 'unknown', levelRaw: 'Unknown', endOfSupport: { kind: 'missing' }, eosRaw: 'Unknown' },
      'pump-ui 2.3.0': { level: 'unknown', levelRaw: undefined, endOfSupport: { kind: 'missing' }, eosRaw: undefined },
      'lvgl 8.3.11': { level: 'unknown', levelRaw: undefined, endOfSupport: { kind: 'missing' }, eosRaw: undefined },
    });
  });

  it('takes the first of the configured names that a component has, and other names when configured', () => {
    const item = component({ 'cdx:fda:level-of-support': 'abandoned', 'support level': 'active', eos: '2025-01-01', 'end of support': '2030-06-30' });
    assert.deepEqual(componentSupportOf(item), { level: 'abandoned', levelRaw: 'abandoned', endOfSupport: { kind: 'date', date: '2030-06-30' }, eosRaw: '2030-06-30' });
    assert.deepEqual(componentSupportOf(item, ['Support Level'], ['EOS']), { level: 'actively maintained', levelRaw: 'active', endOfSupport: { kind: 'date', date: '2025-01-01' }, eosRaw: '2025-01-01' });
    assert.deepEqual(componentSupportOf(component({ sunset: 'EOL' }), ['criticality'], ['sunset']), { level: 'unknown', levelRaw: undefined, endOfSupport: { kind: 'ended' }, eosRaw: 'EOL' });
  });
});
