// Pump tile on the unit dashboard, rendered as an HTML string and inserted by the dashboard view.
//
// Known issue from the October 2026 penetration test, recorded in the threat model as TM-9: the drug
// name comes from the pharmacy's drug library and is interpolated without escaping, so a crafted
// library entry runs script in every dashboard that shows the pump. The fix is pending.

export interface PumpTileModel {
	readonly serial: string;
	readonly room: string;
	readonly drugName: string;
	readonly rateMlH: number;
	readonly remainingMin: number;
	readonly online: boolean;
	readonly alarm?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function formatRemaining(minutes: number): string {
	if (!Number.isFinite(minutes) || minutes < 0) {
		return '—';
	}
	const h = Math.floor(minutes / 60);
	const m = Math.round(minutes % 60);
	return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

export function renderPumpTile(m: PumpTileModel): string {
	const state = m.online ? 'online' : 'offline';
	const alarm = m.alarm ? `<p class="alarm" role="alert">${escapeHtml(m.alarm)}</p>` : '';
	return `<article class="pump-tile ${state}" data-serial="${escapeHtml(m.serial)}">
  <h3>${escapeHtml(m.room)}</h3>
  <p class="drug">${m.drugName}</p>
  <p class="rate">${m.rateMlH.toFixed(1)} mL/h · ${formatRemaining(m.remainingMin)} left</p>
  ${alarm}
  ${m.online ? '' : '<p class="stale">Remote data unavailable — check the pump at the bedside.</p>'}
</article>`;
}
