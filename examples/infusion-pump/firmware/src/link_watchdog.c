/*
 * Link supervision on the communication processor.
 *
 * The infusion control processor never calls into this module and never waits for it: it only reads
 * the "remote programming allowed" flag from the shared mailbox. Losing the gateway therefore changes
 * what the clinician can do remotely, and nothing about the infusion that is running.
 *
 * @implements SR-10
 * @mitigates TM-6
 */
#include "pumplink/link.h"

#include "pumplink/audit_log.h"
#include "pumplink/platform.h"

void link_wd_init(link_watchdog_t *wd, uint32_t now_ms)
{
    wd->state = LINK_DOWN;
    wd->last_heartbeat_ms = now_ms;
    plat_ui_set_remote_indicator(false);
}

void link_wd_on_heartbeat(link_watchdog_t *wd, uint32_t now_ms)
{
    wd->last_heartbeat_ms = now_ms;
    if (wd->state != LINK_UP) {
        wd->state = LINK_UP;
        plat_ui_set_remote_indicator(true);
        audit_append(AUDIT_EV_LINK_RESTORED, 0);
    }
}

link_state_t link_wd_poll(link_watchdog_t *wd, uint32_t now_ms)
{
    // Unsigned difference: correct across the 49-day wrap of plat_millis().
    if (wd->state == LINK_UP && now_ms - wd->last_heartbeat_ms > LINK_HEARTBEAT_TIMEOUT_MS) {
        wd->state = LINK_DOWN;
        plat_ui_set_remote_indicator(false);
        audit_append(AUDIT_EV_LINK_LOST, now_ms - wd->last_heartbeat_ms);
    }
    return wd->state;
}

bool link_wd_remote_programming_allowed(const link_watchdog_t *wd)
{
    /* Stale dashboard data must not drive a remote change: without a live link the pump accepts
     * programming at the bedside only. */
    return wd->state == LINK_UP;
}
