/**
 * Clinician session in the browser: idle timeout, and step-up authentication before a remote dose
 * change.
 *
 * The gateway enforces both as well (gateway/pumplink_gateway/auth.py). The browser side exists so
 * that an abandoned workstation locks itself, and so that the clinician is asked to sign in again
 * before pressing "Send to pump" rather than after.
 *
 * @implements SR-6
 */

export const IDLE_TIMEOUT_MS = 15 * 60_000;
export const IDLE_WARNING_MS = 13 * 60_000;
export const STEP_UP_MAX_AGE_MS = 5 * 60_000;

/** Time source and timers, injected so that tests can run a 15-minute timeout instantly. */
export interface Clock {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export interface SessionEvents {
	onWarning(remainingMs: number): void;
	onExpired(): void;
}

export interface Identity {
	readonly subject: string;
	readonly displayName: string;
	readonly roles: readonly string[];
	readonly careUnits: readonly string[];
	/** When the user last authenticated at the identity provider (the token's auth_time), in ms. */
	readonly authTimeMs: number;
}

export class ClinicianSession {
	#identity: Identity | undefined;
	#lastActivityMs = 0;
	#warnTimer: unknown;
	#expireTimer: unknown;

	constructor(
		private readonly clock: Clock,
		private readonly events: SessionEvents,
	) {}

	get identity(): Identity | undefined {
		return this.#identity;
	}

	get active(): boolean {
		return this.#identity !== undefined;
	}

	start(identity: Identity): void {
		this.#identity = identity;
		this.touch();
	}

	/** Called on every user interaction that the dashboard counts as activity. */
	touch(): void {
		if (!this.#identity) {
			return;
		}
		this.#lastActivityMs = this.clock.now();
		this.#clearTimers();
		this.#warnTimer = this.clock.setTimeout(
			() => this.events.onWarning(IDLE_TIMEOUT_MS - IDLE_WARNING_MS),
			IDLE_WARNING_MS,
		);
		this.#expireTimer = this.clock.setTimeout(() => this.end(true), IDLE_TIMEOUT_MS);
	}

	/** True when a remote dose change must first send the user back to the identity provider. */
	requiresStepUp(): boolean {
		if (!this.#identity) {
			return true;
		}
		return this.clock.now() - this.#identity.authTimeMs > STEP_UP_MAX_AGE_MS;
	}

	/** Records a fresh authentication after the identity provider's step-up prompt. */
	completeStepUp(authTimeMs: number): void {
		if (!this.#identity) {
			throw new Error('No session to step up; sign in first.');
		}
		this.#identity = { ...this.#identity, authTimeMs };
		this.touch();
	}

	end(expired = false): void {
		this.#clearTimers();
		this.#identity = undefined;
		if (expired) {
			this.events.onExpired();
		}
	}

	idleForMs(): number {
		return this.clock.now() - this.#lastActivityMs;
	}

	#clearTimers(): void {
		if (this.#warnTimer !== undefined) {
			this.clock.clearTimeout(this.#warnTimer);
		}
		if (this.#expireTimer !== undefined) {
			this.clock.clearTimeout(this.#expireTimer);
		}
		this.#warnTimer = this.#expireTimer = undefined;
	}
}
