/**
 * Removes PHI from anything the web app sends to the error-reporting endpoint or writes to the
 * browser console, where it would outlive the session on a shared workstation.
 *
 * @implements SR-9
 */

const PHI_KEYS = new Set(['mrn', 'patientName', 'patient_name', 'dob', 'birthDate', 'birth_date']);
const MRN_IN_TEXT = /\b(MRN[\s:#=]*)(\d{6,10})\b/gi;
const ISO_DATE = /\b(19|20)\d{2}-\d{2}-\d{2}\b/g;
const MAX_DEPTH = 8;

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
	return text.replace(MRN_IN_TEXT, (_m, prefix: string) => `${prefix}${REDACTED}`).replace(ISO_DATE, REDACTED);
}

/** Returns a deep copy of `value` that is safe to send as telemetry. */
export function redactForTelemetry(value: unknown, depth = 0): unknown {
	if (depth > MAX_DEPTH) {
		return REDACTED;
	}
	if (typeof value === 'string') {
		return redactText(value);
	}
	if (Array.isArray(value)) {
		return value.map((v) => redactForTelemetry(v, depth + 1));
	}
	if (value instanceof Error) {
		return { name: value.name, message: redactText(value.message) };
	}
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, v] of Object.entries(value)) {
			out[key] = PHI_KEYS.has(key) ? REDACTED : redactForTelemetry(v, depth + 1);
		}
		return out;
	}
	return value;
}
