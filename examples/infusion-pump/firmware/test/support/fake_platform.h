/* Host-side fakes of pumplink/platform.h for the Unity tests. */
#ifndef FAKE_PLATFORM_H
#define FAKE_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include <psa/crypto.h>

void fake_platform_reset(void);
void fake_set_utc(uint32_t utc);
void fake_set_envelope_key(psa_key_id_t key);
void fake_set_release_key(psa_key_id_t key);
void fake_nv_fail_writes(bool fail);
uint64_t fake_nv_value(int id);
bool fake_remote_indicator(void);

/* Creates a volatile HMAC-SHA256 key from fixed test bytes, usable to both compute and verify. */
psa_key_id_t fake_make_hmac_key(void);

#endif
