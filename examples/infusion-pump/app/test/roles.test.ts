// @verifies SR-7
import assert from 'node:assert/strict';

import { allowedActions, canProgram, type PumpSummary, type User } from '../src/auth/roles.js';

const pump: PumpSummary = { serial: 'LVP300-0042917', careUnit: '4W-ONC', online: true };
const nurse: User = { roles: ['clinician'], careUnits: ['4W-ONC'] };

describe('role rules', () => {
	it('lets a clinician program a pump of their own unit', () => {
		assert.equal(canProgram(nurse, pump), true);
		assert.deepEqual(allowedActions(nurse, pump), ['view', 'program', 'stop-remote']);
	});

	it('does not let a clinician program a pump of another unit', () => {
		assert.equal(canProgram(nurse, { ...pump, careUnit: 'ICU-2' }), false);
	});

	it('offers viewers and biomedical technicians no programming', () => {
		assert.deepEqual(allowedActions({ roles: ['viewer'], careUnits: ['4W-ONC'] }, pump), ['view']);
		assert.deepEqual(allowedActions({ roles: ['biomed'], careUnits: ['4W-ONC'] }, pump), ['view', 'download-logs']);
	});

	it('offers no remote programming for an offline pump', () => {
		assert.deepEqual(allowedActions(nurse, { ...pump, online: false }), ['view']);
	});
});
