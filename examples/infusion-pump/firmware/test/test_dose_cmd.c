// Unit tests for the dose command envelope: authentication tag, addressee, sequence and age.
#include <string.h>

#include "unity.h"

#include "pumplink/audit_log.h"
#include "pumplink/dose_cmd.h"
#include "pumplink/platform.h"
#include "support/fake_platform.h"

#define SERIAL "LVP300-0042917"

static psa_key_id_t s_key;
static dose_ctx_t s_ctx;
static uint8_t s_buf[DOSE_HEADER_LEN + DOSE_MAX_BODY + DOSE_TAG_LEN];

static const uint8_t k_order[] = "{\"drug\":\"heparin\",\"conc\":\"100 units/mL\",\"rate_ml_h\":12.5,\"vtbi_ml\":250}";

static size_t build_envelope(const char *serial, uint64_t seq, uint32_t issued_at)
{
    size_t o = 0;
    memset(s_buf, 0, sizeof s_buf);
    memcpy(s_buf, serial, strlen(serial));
    o = DOSE_SERIAL_LEN;
    for (int s = 56; s >= 0; s -= 8) s_buf[o++] = (uint8_t)(seq >> s);
    for (int s = 24; s >= 0; s -= 8) s_buf[o++] = (uint8_t)(issued_at >> s);
    s_buf[o++] = (uint8_t)((sizeof k_order) >> 8);
    s_buf[o++] = (uint8_t)(sizeof k_order);
    memcpy(s_buf + o, k_order, sizeof k_order);
    o += sizeof k_order;

    size_t tag_len = 0;
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_mac_compute(s_key, PSA_ALG_HMAC(PSA_ALG_SHA_256), s_buf, o, s_buf + o,
                                                   DOSE_TAG_LEN, &tag_len));
    return o + tag_len;
}

void setUp(void)
{
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_crypto_init());
    fake_platform_reset();
    s_key = fake_make_hmac_key();
    fake_set_envelope_key(s_key);
    audit_init();
    TEST_ASSERT_EQUAL(DOSE_OK, dose_ctx_init(&s_ctx, SERIAL));
}

void tearDown(void)
{
    psa_destroy_key(s_key);
}

// @verifies SR-2
void test_valid_envelope_is_accepted(void)
{
    dose_envelope_t env;
    size_t len = build_envelope(SERIAL, 1, plat_utc_now() - 2);

    TEST_ASSERT_EQUAL(DOSE_OK, dose_envelope_accept(&s_ctx, s_buf, len, &env));
    TEST_ASSERT_EQUAL_UINT64(1, env.seq);
    TEST_ASSERT_EQUAL(sizeof k_order, env.body_len);
    TEST_ASSERT_EQUAL_MEMORY(k_order, env.body, sizeof k_order);
}

// @verifies SR-2
void test_modified_rate_is_rejected(void)
{
    dose_envelope_t env;
    size_t len = build_envelope(SERIAL, 1, plat_utc_now());
    uint8_t *rate = (uint8_t *)strstr((char *)s_buf + DOSE_HEADER_LEN, "12.5");

    rate[0] = '9'; /* 12.5 mL/h becomes 92.5 mL/h */
    TEST_ASSERT_EQUAL(DOSE_ERR_TAG, dose_envelope_accept(&s_ctx, s_buf, len, &env));
    TEST_ASSERT_EQUAL(AUDIT_EV_ENVELOPE_REJECTED, audit_get(audit_count() - 1)->event);
}

// @verifies SR-2
void test_truncated_envelope_is_rejected(void)
{
    dose_envelope_t env;
    size_t len = build_envelope(SERIAL, 1, plat_utc_now());

    TEST_ASSERT_EQUAL(DOSE_ERR_FORMAT, dose_envelope_accept(&s_ctx, s_buf, len - 1, &env));
}

/* @verifies SR-3 */
void test_envelope_for_another_pump_is_rejected(void)
{
    dose_envelope_t env;
    size_t len = build_envelope("LVP300-0042918", 1, plat_utc_now());

    TEST_ASSERT_EQUAL(DOSE_ERR_SERIAL, dose_envelope_accept(&s_ctx, s_buf, len, &env));
}

/* @verifies SR-3 */
void test_replayed_sequence_is_rejected(void)
{
    dose_envelope_t env;
    size_t len = build_envelope(SERIAL, 7, plat_utc_now());

    TEST_ASSERT_EQUAL(DOSE_OK, dose_envelope_accept(&s_ctx, s_buf, len, &env));
    TEST_ASSERT_EQUAL(DOSE_ERR_REPLAY, dose_envelope_accept(&s_ctx, s_buf, len, &env));
}

/* @verifies SR-3 */
void test_sequence_floor_survives_reboot(void)
{
    dose_envelope_t env;
    size_t len = build_envelope(SERIAL, 7, plat_utc_now());

    TEST_ASSERT_EQUAL(DOSE_OK, dose_envelope_accept(&s_ctx, s_buf, len, &env));
    TEST_ASSERT_EQUAL(DOSE_OK, dose_ctx_init(&s_ctx, SERIAL)); /* power cycle */
    TEST_ASSERT_EQUAL(DOSE_ERR_REPLAY, dose_envelope_accept(&s_ctx, s_buf, len, &env));
}

/* @verifies SR-3 */
void test_stale_envelope_is_rejected(void)
{
    dose_envelope_t env;
    size_t len = build_envelope(SERIAL, 1, plat_utc_now() - DOSE_FRESHNESS_S - 1);

    TEST_ASSERT_EQUAL(DOSE_ERR_STALE, dose_envelope_accept(&s_ctx, s_buf, len, &env));
}

void test_envelope_refused_when_sequence_cannot_be_stored(void)
{
    dose_envelope_t env;
    size_t len = build_envelope(SERIAL, 1, plat_utc_now());

    fake_nv_fail_writes(true);
    TEST_ASSERT_EQUAL(DOSE_ERR_STORAGE, dose_envelope_accept(&s_ctx, s_buf, len, &env));
}

int main(void)
{
    UNITY_BEGIN();
    RUN_TEST(test_valid_envelope_is_accepted);
    RUN_TEST(test_modified_rate_is_rejected);
    RUN_TEST(test_truncated_envelope_is_rejected);
    RUN_TEST(test_envelope_for_another_pump_is_rejected);
    RUN_TEST(test_replayed_sequence_is_rejected);
    RUN_TEST(test_sequence_floor_survives_reboot);
    RUN_TEST(test_stale_envelope_is_rejected);
    RUN_TEST(test_envelope_refused_when_sequence_cannot_be_stored);
    return UNITY_END();
}
