/* Unit tests for link supervision: losing the gateway must only disable remote features.
 * @verifies SR-10
 */
#include "unity.h"

#include "pumplink/audit_log.h"
#include "pumplink/link.h"
#include "support/fake_platform.h"

static link_watchdog_t s_wd;

void setUp(void)
{
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_crypto_init());
    fake_platform_reset();
    audit_init();
    link_wd_init(&s_wd, 0);
}

void tearDown(void) {}

void test_link_starts_down_with_indicator_off(void)
{
    TEST_ASSERT_EQUAL(LINK_DOWN, link_wd_poll(&s_wd, 0));
    TEST_ASSERT_FALSE(fake_remote_indicator());
    TEST_ASSERT_FALSE(link_wd_remote_programming_allowed(&s_wd));
}

void test_heartbeat_brings_link_up(void)
{
    link_wd_on_heartbeat(&s_wd, 500);
    TEST_ASSERT_EQUAL(LINK_UP, link_wd_poll(&s_wd, 1000));
    TEST_ASSERT_TRUE(fake_remote_indicator());
    TEST_ASSERT_TRUE(link_wd_remote_programming_allowed(&s_wd));
}

void test_missed_heartbeats_disable_remote_programming(void)
{
    link_wd_on_heartbeat(&s_wd, 1000);
    TEST_ASSERT_EQUAL(LINK_UP, link_wd_poll(&s_wd, 1000 + LINK_HEARTBEAT_TIMEOUT_MS));
    TEST_ASSERT_EQUAL(LINK_DOWN, link_wd_poll(&s_wd, 1001 + LINK_HEARTBEAT_TIMEOUT_MS));
    TEST_ASSERT_FALSE(fake_remote_indicator());
    TEST_ASSERT_FALSE(link_wd_remote_programming_allowed(&s_wd));
    TEST_ASSERT_EQUAL(AUDIT_EV_LINK_LOST, audit_get(audit_count() - 1)->event);
}

void test_timeout_is_correct_across_millis_wrap(void)
{
    link_wd_on_heartbeat(&s_wd, UINT32_MAX - 2000u);
    TEST_ASSERT_EQUAL(LINK_UP, link_wd_poll(&s_wd, 3000u));
    TEST_ASSERT_EQUAL(LINK_DOWN, link_wd_poll(&s_wd, LINK_HEARTBEAT_TIMEOUT_MS));
}

int main(void)
{
    UNITY_BEGIN();
    RUN_TEST(test_link_starts_down_with_indicator_off);
    RUN_TEST(test_heartbeat_brings_link_up);
    RUN_TEST(test_missed_heartbeats_disable_remote_programming);
    RUN_TEST(test_timeout_is_correct_across_millis_wrap);
    return UNITY_END();
}
