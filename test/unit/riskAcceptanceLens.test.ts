import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, daysBetween, riskAcceptanceLens } from '../../src/core';
import { indexOf, joinLines } from './util';

const TODAY = '2026-11-28';

/** The lens over RA-1, written with `lines` under its heading, against `today`. */
function lens(today: string | undefined, ...lines: string[]): string {
  const index = indexOf(
    { 'docs/threats.md': joinLines('## TM-4: Log disclosure', '## TM-5: Flooding', '## TM-9: Script injection'), 'docs/risk.md': joinLines('## RA-1: Accepted', ...lines) },
    { ...DEFAULT_CONFIG, today },
  );
  return riskAcceptanceLens(index.graph, index.graph.item('RA-1')!, today);
}

const approved = ['Approved by: Dr. A. Jones', 'Date: 2026-03-12'];

describe('Risk acceptance CodeLens', () => {
  it('says what an approved acceptance accepts, who approved it and in how many days it expires', () => {
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved, 'Expires: 2026-12-21'), 'accepts TM-4 · approved by Dr. A. Jones · expires in 23 days');
    assert.equal(lens(TODAY, 'Accepts: TM-4, TM-5', ...approved, 'Expires: 2026-12-21'), 'accepts TM-4, TM-5 · approved by Dr. A. Jones · expires in 23 days');
  });

  it('says "not approved" without an approver or an ISO approval date, whatever the expiry', () => {
    assert.equal(lens(TODAY, 'Accepts: TM-9', 'Date: 2026-11-02'), 'accepts TM-9 · not approved');
    assert.equal(lens(TODAY, 'Accepts: TM-9', 'Date: 2026-11-02', 'Expires: 2020-01-01'), 'accepts TM-9 · not approved');
    assert.equal(lens(TODAY, 'Accepts: TM-9', 'Approved by: Dr. A. Jones'), 'accepts TM-9 · not approved');
    assert.equal(lens(TODAY, 'Accepts: TM-9', 'Approved by: Dr. A. Jones', 'Date: last spring'), 'accepts TM-9 · not approved');
  });

  it('counts the days since an expired acceptance expired', () => {
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved, 'Expires: 2026-03-10'), 'accepts TM-4 · approved by Dr. A. Jones · expired 263 days ago');
  });

  it('says "expires today" on the last day, and one day in the singular either side', () => {
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved, 'Expires: 2026-11-28'), 'accepts TM-4 · approved by Dr. A. Jones · expires today');
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved, 'Expires: 2026-11-29'), 'accepts TM-4 · approved by Dr. A. Jones · expires in 1 day');
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved, 'Expires: 2026-11-27'), 'accepts TM-4 · approved by Dr. A. Jones · expired 1 day ago');
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved, 'Expires: 2026-11-30T09:30Z'), 'accepts TM-4 · approved by Dr. A. Jones · expires in 2 days');
  });

  it('says "no expiry" without an "Expires:" line, and which value is not a date', () => {
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved), 'accepts TM-4 · approved by Dr. A. Jones · no expiry');
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved, 'Expires: next spring'), 'accepts TM-4 · approved by Dr. A. Jones · expiry "next spring" is not a date');
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved, 'Expires: 2027-02-30'), 'accepts TM-4 · approved by Dr. A. Jones · expiry "2027-02-30" is not a date');
  });

  it('counts far-future expiries exactly, across leap years and centuries', () => {
    assert.equal(lens(TODAY, 'Accepts: TM-4', ...approved, 'Expires: 2126-11-28'), 'accepts TM-4 · approved by Dr. A. Jones · expires in 36524 days');
    assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
    assert.equal(daysBetween('2100-02-28', '2100-03-01'), 1);
    // Days, not hours: a change of daylight saving time in between changes nothing.
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
    assert.equal(daysBetween('2026-11-28', '2026-03-10'), -263);
  });

  it('names the expiry date when the host gave no date, and says when it accepts nothing', () => {
    assert.equal(lens(undefined, 'Accepts: TM-4', ...approved, 'Expires: 2027-03-12'), 'accepts TM-4 · approved by Dr. A. Jones · expires 2027-03-12');
    assert.equal(lens(TODAY, ...approved), 'accepts nothing · approved by Dr. A. Jones · no expiry');
  });
});
