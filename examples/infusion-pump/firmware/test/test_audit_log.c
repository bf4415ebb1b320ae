// Unit tests for the pump's hash-chained audit ring.
// @verifies SR-12
#include "unity.h"

#include "pumplink/audit_log.h"
#include "support/fake_platform.h"

void setUp(void)
{
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_crypto_init());
    fake_platform_reset();
    audit_init();
}

void tearDown(void) {}

void test_empty_log_verifies(void)
{
    TEST_ASSERT_TRUE(audit_verify_chain());
}

void test_appended_records_form_a_chain(void)
{
    for (uint32_t i = 0; i < 10; i++) {
        TEST_ASSERT_EQUAL(0, audit_append(AUDIT_EV_ENVELOPE_ACCEPTED, i));
    }
    TEST_ASSERT_EQUAL(10, audit_count());
    TEST_ASSERT_EQUAL_MEMORY(audit_get(3)->hash, audit_get(4)->prev_hash, AUDIT_HASH_LEN);
    TEST_ASSERT_TRUE(audit_verify_chain());
}

void test_edited_record_breaks_the_chain(void)
{
    for (uint32_t i = 0; i < 5; i++) {
        audit_append(AUDIT_EV_FW_STAGED, i);
    }
    ((audit_record_t *)audit_get(2))->detail = 0xdead; /* simulate tampering with flash contents */
    TEST_ASSERT_FALSE(audit_verify_chain());
}

void test_chain_still_verifies_after_ring_wraps(void)
{
    for (uint32_t i = 0; i < AUDIT_CAPACITY + 17; i++) {
        audit_append(AUDIT_EV_LINK_LOST, i);
    }
    TEST_ASSERT_EQUAL(AUDIT_CAPACITY, audit_count());
    TEST_ASSERT_EQUAL_UINT32(17, audit_get(0)->index);
    TEST_ASSERT_TRUE(audit_verify_chain());
}

int main(void)
{
    UNITY_BEGIN();
    RUN_TEST(test_empty_log_verifies);
    RUN_TEST(test_appended_records_form_a_chain);
    RUN_TEST(test_edited_record_breaks_the_chain);
    RUN_TEST(test_chain_still_verifies_after_ring_wraps);
    return UNITY_END();
}
