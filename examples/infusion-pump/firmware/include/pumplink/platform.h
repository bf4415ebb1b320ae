/*
 * Board support the PumpLink communication module depends on.
 *
 * Implemented by the LVP-300 BSP on target and by fakes in firmware/test/ on the host. Keeping these
 * few calls behind one header is what lets the security logic run unchanged under the unit tests.
 */
#ifndef PUMPLINK_PLATFORM_H
#define PUMPLINK_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include <psa/crypto.h>

/** Persistent counters kept in the wear-levelled NV journal. */
typedef enum {
    PLAT_NV_LAST_DOSE_SEQ = 0,
    PLAT_NV_SECURITY_VERSION = 1,
} plat_nv_id_t;

/** Seconds since the Unix epoch from the RTC, kept in sync by the gateway over the authenticated link. */
uint32_t plat_utc_now(void);

/** Monotonic milliseconds since boot; wraps after about 49 days, callers use unsigned differences. */
uint32_t plat_millis(void);

/** PSA key id of the per-pump envelope key held in the secure element (HMAC-SHA256, verify only). */
psa_key_id_t plat_envelope_key(void);

/** PSA key id of the release verification key read from one-time-programmable memory. */
psa_key_id_t plat_release_key(void);

int plat_nv_read_u64(plat_nv_id_t id, uint64_t *value);
int plat_nv_write_u64(plat_nv_id_t id, uint64_t value);

/** Drives the "remote features available" icon on the pump's display. */
void plat_ui_set_remote_indicator(bool available);

#endif /* PUMPLINK_PLATFORM_H */
