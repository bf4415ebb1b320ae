// Typed client for the gateway API used by the unit dashboard.
//
// Authentication failures are surfaced to the session layer and never retried silently, because a
// retry with a stale token would hide an expired session from the clinician (SR-6).

import type { PumpSummary } from '../auth/roles.js';
import { redactForTelemetry } from '../util/redact.js';

export interface ResponseLike {
	readonly status: number;
	readonly headers: { get(name: string): string | null };
	json(): Promise<unknown>;
}

export type FetchLike = (
	url: string,
	init: { method: string; headers: Record<string, string>; body?: string | undefined },
) => Promise<ResponseLike>;

export interface OrderRequest {
	readonly mrn: string;
	readonly drugId: string;
	readonly concentration: string;
	readonly rateMlH: number;
	readonly vtbiMl: number;
}

export class StepUpRequired extends Error {}
export class NotPermitted extends Error {}

export class RateLimited extends Error {
	constructor(readonly retryAfterSeconds: number) {
		super(`The gateway is busy; try again in ${retryAfterSeconds} s.`);
	}
}

export class GatewayClient {
	constructor(
		private readonly baseUrl: string,
		private readonly accessToken: () => Promise<string>,
		private readonly fetchFn: FetchLike,
		private readonly report: (event: unknown) => void = () => {},
	) {}

	async listPumps(careUnit: string): Promise<PumpSummary[]> {
		return (await this.#request('GET', `/api/units/${encodeURIComponent(careUnit)}/pumps`)) as PumpSummary[];
	}

	async sendOrder(serial: string, order: OrderRequest): Promise<{ sequence: number }> {
		const body = {
			mrn: order.mrn,
			drug_id: order.drugId,
			concentration: order.concentration,
			rate_ml_h: order.rateMlH,
			vtbi_ml: order.vtbiMl,
		};
		return (await this.#request('POST', `/api/pumps/${encodeURIComponent(serial)}/orders`, body)) as {
			sequence: number;
		};
	}

	async #request(method: string, path: string, body?: unknown): Promise<unknown> {
		const res = await this.fetchFn(this.baseUrl + path, {
			method,
			headers: {
				authorization: `Bearer ${await this.accessToken()}`,
				'content-type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		switch (res.status) {
			case 200:
			case 202:
				return res.json();
			case 401:
				throw new StepUpRequired('Please sign in again to continue.');
			case 403:
				throw new NotPermitted('Your role does not allow this action on this pump.');
			case 429:
				throw new RateLimited(Math.max(1, Math.ceil(Number(res.headers.get('retry-after') ?? '1'))));
			default: {
				const detail = await res.json().catch(() => undefined);
				// The request body may carry an MRN; only the redacted form leaves the browser.
				this.report(redactForTelemetry({ method, path, status: res.status, request: body, detail }));
				throw new Error(`The gateway answered ${res.status}; the request was not applied.`);
			}
		}
	}
}
