import * as assert from 'node:assert/strict';
import { HeldUntilQuiet } from '../../src/extension/heldUntilQuiet';
import { TestClock } from './testClock';

describe('Held until edits pause (the diagnostics of a file with thousands)', () => {
  const start = Date.UTC(2026, 10, 29, 9);
  const at = (ms: number) => new Date(start + ms);

  it('sends what was held once, a quiet period after the last edit', () => {
    const clock = new TestClock(start);
    const sent: string[][] = [];
    const held = new HeldUntilQuiet<string>(1000, (items) => sent.push(items), clock);
    held.hold('a', 'docs/a.md');
    clock.advance(at(600));
    held.hold('b', 'docs/b.md');
    clock.advance(at(1200));
    assert.deepEqual(sent, [], 'an edit 600 ms later starts the wait again');
    held.hold('a', 'docs/a.md again');
    clock.advance(at(2700));
    assert.deepEqual(sent, [['docs/a.md again', 'docs/b.md']]);
    clock.advance(at(10_000));
    assert.equal(sent.length, 1, 'sent once');
  });

  it('forgets what was sent another way, and sends nothing after dispose', () => {
    const clock = new TestClock(start);
    const sent: string[][] = [];
    const held = new HeldUntilQuiet<string>(1000, (items) => sent.push(items), clock);
    held.hold('a', 'docs/a.md');
    held.hold('b', 'docs/b.md');
    held.drop((item) => item === 'docs/a.md');
    clock.advance(at(1000));
    assert.deepEqual(sent, [['docs/b.md']]);
    held.hold('c', 'docs/c.md');
    held.dispose();
    clock.advance(at(5000));
    assert.deepEqual(sent, [['docs/b.md']]);
  });
});
