#include "fake_platform.h"

#include "pumplink/platform.h"

static uint32_t s_utc;
static uint32_t s_millis;
static psa_key_id_t s_envelope_key;
static psa_key_id_t s_release_key;
static uint64_t s_nv[2];
static bool s_nv_fail_writes;
static bool s_indicator;

static const uint8_t k_test_hmac_key[32] = {
    0x5c, 0x1e, 0x93, 0x07, 0xa4, 0x2b, 0xd8, 0x61, 0x0f, 0x7a, 0xc3, 0x95, 0x48, 0xee, 0x21, 0x6d,
    0xb0, 0x34, 0x8f, 0x12, 0x9a, 0x57, 0xe6, 0x0c, 0x73, 0xd1, 0x2e, 0x88, 0x4f, 0xa9, 0x16, 0xc2,
};

void fake_platform_reset(void)
{
    s_utc = 1767225600u; /* 2026-01-01T00:00:00Z */
    s_millis = 0;
    s_nv[0] = s_nv[1] = 0;
    s_nv_fail_writes = false;
    s_indicator = false;
}

void fake_set_utc(uint32_t utc) { s_utc = utc; }
void fake_set_envelope_key(psa_key_id_t key) { s_envelope_key = key; }
void fake_set_release_key(psa_key_id_t key) { s_release_key = key; }
void fake_nv_fail_writes(bool fail) { s_nv_fail_writes = fail; }
uint64_t fake_nv_value(int id) { return s_nv[id]; }
bool fake_remote_indicator(void) { return s_indicator; }

psa_key_id_t fake_make_hmac_key(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_set_key_type(&attr, PSA_KEY_TYPE_HMAC);
    psa_set_key_bits(&attr, 256);
    psa_set_key_algorithm(&attr, PSA_ALG_HMAC(PSA_ALG_SHA_256));
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE);
    (void)psa_import_key(&attr, k_test_hmac_key, sizeof k_test_hmac_key, &key);
    return key;
}

uint32_t plat_utc_now(void) { return s_utc; }
uint32_t plat_millis(void) { return s_millis; }
psa_key_id_t plat_envelope_key(void) { return s_envelope_key; }
psa_key_id_t plat_release_key(void) { return s_release_key; }
void plat_ui_set_remote_indicator(bool available) { s_indicator = available; }

int plat_nv_read_u64(plat_nv_id_t id, uint64_t *value)
{
    *value = s_nv[id];
    return 0;
}

int plat_nv_write_u64(plat_nv_id_t id, uint64_t value)
{
    if (s_nv_fail_writes) {
        return -1;
    }
    s_nv[id] = value;
    return 0;
}
