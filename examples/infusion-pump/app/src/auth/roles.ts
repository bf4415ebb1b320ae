// Role rules for the clinician web app.
// @implements SR-7
//
// The gateway re-checks every one of these on each request (auth.authorize_programming); hiding a
// button here is a convenience for the user, never the control. Reaching programming through the UI
// with the wrong role is the escalation described as TM-8.

export type Role = 'clinician' | 'charge-nurse' | 'pharmacist' | 'biomed' | 'viewer';

export type PumpAction = 'view' | 'program' | 'stop-remote' | 'download-logs' | 'push-library';

export const PROGRAMMING_ROLES: ReadonlySet<Role> = new Set<Role>(['clinician', 'charge-nurse']);

export interface User {
	readonly roles: readonly Role[];
	readonly careUnits: readonly string[];
}

export interface PumpSummary {
	readonly serial: string;
	readonly careUnit: string;
	readonly online: boolean;
}

export function canProgram(user: User, pump: PumpSummary): boolean {
	return (
		pump.online &&
		user.careUnits.includes(pump.careUnit) &&
		user.roles.some((role) => PROGRAMMING_ROLES.has(role))
	);
}

/** The actions the dashboard offers for one pump, in display order. */
export function allowedActions(user: User, pump: PumpSummary): PumpAction[] {
	const actions: PumpAction[] = ['view'];
	if (canProgram(user, pump)) {
		actions.push('program', 'stop-remote');
	}
	if (user.roles.includes('biomed')) {
		actions.push('download-logs');
	}
	if (user.roles.includes('pharmacist') && pump.online) {
		actions.push('push-library');
	}
	return actions;
}
