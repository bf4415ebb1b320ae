import * as assert from 'node:assert/strict';
import { isoDateOf, openTraceWorkspace, riskAcceptanceLens, type TraceWorkspace } from '../../src/core';
import { CalendarWatch, msUntilMidnight, type FocusEvent } from '../../src/extension/calendarWatch';
import { TestClock } from './testClock';
import { InMemoryWorkspace, joinLines } from './util';

/** The window's focus, as the test changes it. */
class TestFocus {
  listeners = new Set<(state: { focused: boolean }) => unknown>();
  readonly event: FocusEvent = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(focused: boolean): void {
    this.listeners.forEach((listener) => listener({ focused }));
  }
}

const files = {
  'docs/threats.md': '## TM-10: Logs readable through the service UART',
  'docs/risk.md': joinLines('## RA-3: Service UART logs', 'Accepts: TM-10', 'Approved by: Dr. Helen Okafor', 'Date: 2025-03-10', 'Expires: 2026-03-10'),
};

/** The folder as the extension keeps it: its index is rebuilt on each new day the watch reports, with the date from the same clock. */
function watchedWorkspace(clock: TestClock, focus: TestFocus) {
  const workspace: TraceWorkspace = openTraceWorkspace({ reader: new InMemoryWorkspace(files), clock: () => isoDateOf(clock.now()) });
  const newDays: string[] = [];
  let rebuilt: Promise<unknown> = workspace.rebuild();
  const watch = new CalendarWatch(clock, focus.event, (today) => {
    newDays.push(today);
    rebuilt = workspace.rebuild();
  });
  const status = async () => {
    await rebuilt;
    const index = workspace.index!;
    const expired = index.findings().filter((finding) => finding.rule === 'risk-acceptance-expired').map((finding) => finding.item);
    return { today: index.config.today, expired, lens: riskAcceptanceLens(index.graph, index.graph.item('RA-3')!, index.config.today) };
  };
  return { watch, newDays, status };
}

describe('Dates re-checked when the day changes', () => {
  it('rebuilds at the next local midnight, so an acceptance that expired yesterday is reported, and arms the timer again', async () => {
    const clock = new TestClock(new Date(2026, 2, 10, 23, 50).getTime());
    const { watch, newDays, status } = watchedWorkspace(clock, new TestFocus());
    assert.deepEqual(await status(), { today: '2026-03-10', expired: [], lens: 'accepts TM-10 · approved by Dr. Helen Okafor · expires today' });

    clock.advance(new Date(2026, 2, 10, 23, 59, 59));
    assert.deepEqual(newDays, []);
    clock.advance(new Date(2026, 2, 11, 0, 0, 1));
    assert.deepEqual(newDays, ['2026-03-11']);
    assert.deepEqual(await status(), { today: '2026-03-11', expired: ['RA-3'], lens: 'accepts TM-10 · approved by Dr. Helen Okafor · expired 1 day ago' });

    clock.advance(new Date(2026, 2, 12, 0, 0, 1));
    assert.deepEqual(newDays, ['2026-03-11', '2026-03-12']);
    assert.equal((await status()).lens, 'accepts TM-10 · approved by Dr. Helen Okafor · expired 2 days ago');
    assert.equal(clock.pending, 1);
    watch.dispose();
    assert.equal(clock.pending, 0);
  });

  it('checks the date when the window gets the focus back after the machine slept through midnight', async () => {
    const clock = new TestClock(new Date(2026, 2, 9, 18, 0).getTime());
    const focus = new TestFocus();
    const { watch, newDays, status } = watchedWorkspace(clock, focus);
    assert.deepEqual((await status()).expired, []);

    focus.fire(true);
    assert.deepEqual(newDays, [], 'the same day: nothing to re-check');
    clock.time = new Date(2026, 2, 12, 8, 30).getTime(); // asleep: no timer ran
    focus.fire(false);
    assert.deepEqual(newDays, [], 'losing the focus checks nothing');
    focus.fire(true);
    assert.deepEqual(newDays, ['2026-03-12']);
    assert.deepEqual(await status(), { today: '2026-03-12', expired: ['RA-3'], lens: 'accepts TM-10 · approved by Dr. Helen Okafor · expired 2 days ago' });

    // The late timer finds the day already reported.
    clock.advance(new Date(2026, 2, 12, 8, 31));
    assert.deepEqual(newDays, ['2026-03-12']);
    watch.dispose();
    assert.equal(focus.listeners.size, 0);
  });

  it('times the next local midnight', () => {
    assert.equal(msUntilMidnight(new Date(2026, 10, 28, 23, 59, 30)), 30_000);
    assert.equal(msUntilMidnight(new Date(2026, 11, 31, 23, 0)), 60 * 60_000);
    const midnight = new Date(2026, 10, 29);
    assert.equal(new Date(midnight.getTime() + msUntilMidnight(midnight)).getDate(), 30, 'at midnight: the next one');
  });
});
