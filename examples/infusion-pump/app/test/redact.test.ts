/** @verifies SR-9 */
import assert from 'node:assert/strict';

import { REDACTED, redactForTelemetry, redactText } from '../src/util/redact.js';

describe('PHI redaction for telemetry', () => {
	it('removes medical record numbers from free text', () => {
		assert.equal(redactText('order failed for MRN 00482913'), `order failed for MRN ${REDACTED}`);
	});

	it('removes dates that could be a date of birth', () => {
		assert.equal(redactText('dob 1948-03-02 mismatch'), `dob ${REDACTED} mismatch`);
	});

	it('replaces PHI fields at any depth and keeps the rest', () => {
		const report = {
			status: 409,
			request: { mrn: '00482913', drug_id: 'heparin-25k', rate_ml_h: 41 },
			patients: [{ patientName: 'Ruth Alvarez' }],
		};
		assert.deepEqual(redactForTelemetry(report), {
			status: 409,
			request: { mrn: REDACTED, drug_id: 'heparin-25k', rate_ml_h: 41 },
			patients: [{ patientName: REDACTED }],
		});
	});

	it('keeps error names and redacts their messages', () => {
		assert.deepEqual(redactForTelemetry(new TypeError('bad MRN:00482913')), {
			name: 'TypeError',
			message: `bad MRN:${REDACTED}`,
		});
	});
});
