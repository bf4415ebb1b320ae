// @verifies SR-6
import assert from 'node:assert/strict';

import {
	ClinicianSession,
	IDLE_TIMEOUT_MS,
	IDLE_WARNING_MS,
	STEP_UP_MAX_AGE_MS,
	type Clock,
	type Identity,
} from '../src/auth/session.js';

/** A manual clock: timers fire only when the test advances time. */
class ManualClock implements Clock {
	nowMs = 1_767_225_600_000;
	#timers = new Map<number, { at: number; fn: () => void }>();
	#nextId = 1;

	now(): number {
		return this.nowMs;
	}
	setTimeout(fn: () => void, ms: number): unknown {
		const id = this.#nextId++;
		this.#timers.set(id, { at: this.nowMs + ms, fn });
		return id;
	}
	clearTimeout(handle: unknown): void {
		this.#timers.delete(handle as number);
	}
	advance(ms: number): void {
		this.nowMs += ms;
		for (const [id, t] of [...this.#timers].sort((a, b) => a[1].at - b[1].at)) {
			if (t.at <= this.nowMs && this.#timers.delete(id)) {
				t.fn();
			}
		}
	}
}

function setup() {
	const clock = new ManualClock();
	const log: string[] = [];
	const session = new ClinicianSession(clock, {
		onWarning: (ms) => log.push(`warning:${ms}`),
		onExpired: () => log.push('expired'),
	});
	const identity: Identity = {
		subject: 'u-4711',
		displayName: 'Dana Whitfield, RN',
		roles: ['clinician'],
		careUnits: ['4W-ONC'],
		authTimeMs: clock.nowMs,
	};
	session.start(identity);
	return { clock, log, session };
}

describe('ClinicianSession', () => {
	it('warns two minutes before the idle timeout', () => {
		const { clock, log } = setup();
		clock.advance(IDLE_WARNING_MS);
		assert.deepEqual(log, [`warning:${IDLE_TIMEOUT_MS - IDLE_WARNING_MS}`]);
	});

	it('ends the session after 15 minutes without activity', () => {
		const { clock, log, session } = setup();
		clock.advance(IDLE_TIMEOUT_MS);
		assert.equal(session.active, false);
		assert.equal(log.at(-1), 'expired');
	});

	it('restarts the idle timer on activity', () => {
		const { clock, session } = setup();
		clock.advance(IDLE_TIMEOUT_MS - 1_000);
		session.touch();
		clock.advance(IDLE_TIMEOUT_MS - 1_000);
		assert.equal(session.active, true);
	});

	it('requires step-up when the last sign-in is older than 5 minutes', () => {
		const { clock, session } = setup();
		clock.advance(STEP_UP_MAX_AGE_MS);
		assert.equal(session.requiresStepUp(), false);
		clock.advance(1);
		assert.equal(session.requiresStepUp(), true);
		session.completeStepUp(clock.nowMs);
		assert.equal(session.requiresStepUp(), false);
	});

	it('treats a signed-out user as needing to authenticate', () => {
		const { session } = setup();
		session.end();
		assert.equal(session.requiresStepUp(), true);
		assert.throws(() => session.completeStepUp(0), /sign in first/);
	});
});
