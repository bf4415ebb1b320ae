// Unit tests for the pump's TLS policy and connection admission.
//
// The policy checks read mbedtls_ssl_config fields directly; that is acceptable in a test and is why
// this file, and only this file, defines MBEDTLS_ALLOW_PRIVATE_ACCESS.
#define MBEDTLS_ALLOW_PRIVATE_ACCESS

#include "unity.h"

#include "pumplink/audit_log.h"
#include "pumplink/link.h"
#include "support/fake_platform.h"

#define GATEWAY "pumplink-gw.clinical.example-hospital.org"

static mbedtls_ssl_config s_conf;
static mbedtls_x509_crt s_ca, s_own;
static mbedtls_pk_context s_key;
static link_admission_t s_adm;

void setUp(void)
{
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_crypto_init());
    fake_platform_reset();
    audit_init();
    mbedtls_ssl_config_init(&s_conf);
    mbedtls_x509_crt_init(&s_ca);
    mbedtls_x509_crt_init(&s_own);
    mbedtls_pk_init(&s_key);
    link_admission_init(&s_adm);
}

void tearDown(void)
{
    mbedtls_ssl_config_free(&s_conf);
    mbedtls_x509_crt_free(&s_ca);
    mbedtls_x509_crt_free(&s_own);
    mbedtls_pk_free(&s_key);
}

// @verifies SR-1
void test_tls_policy_requires_peer_verification(void)
{
    link_tls_identity_t id = {&s_ca, &s_own, &s_key, GATEWAY};

    link_tls_configure(&s_conf, &id);
    TEST_ASSERT_EQUAL(MBEDTLS_SSL_VERIFY_REQUIRED, s_conf.authmode);
    TEST_ASSERT_EQUAL_PTR(&s_ca, s_conf.ca_chain);
}

// @verifies SR-1
void test_tls_policy_allows_tls13_only(void)
{
    link_tls_identity_t id = {&s_ca, &s_own, &s_key, GATEWAY};

    link_tls_configure(&s_conf, &id);
    TEST_ASSERT_EQUAL(MBEDTLS_SSL_VERSION_TLS1_3, s_conf.min_tls_version);
    TEST_ASSERT_EQUAL(MBEDTLS_SSL_VERSION_TLS1_3, s_conf.max_tls_version);
}

// @verifies SR-11
void test_connect_only_to_configured_gateway(void)
{
    TEST_ASSERT_FALSE(link_admit_connect(&s_adm, "10.20.0.66", GATEWAY, 0));
    TEST_ASSERT_TRUE(link_admit_connect(&s_adm, GATEWAY, GATEWAY, 0));
}

// @verifies SR-11
void test_at_most_two_sessions(void)
{
    TEST_ASSERT_TRUE(link_admit_connect(&s_adm, GATEWAY, GATEWAY, 0));
    TEST_ASSERT_TRUE(link_admit_connect(&s_adm, GATEWAY, GATEWAY, 0));
    TEST_ASSERT_FALSE(link_admit_connect(&s_adm, GATEWAY, GATEWAY, 0));
    link_on_close(&s_adm);
    TEST_ASSERT_TRUE(link_admit_connect(&s_adm, GATEWAY, GATEWAY, 0));
}

// @verifies SR-11
void test_backoff_after_five_failed_handshakes(void)
{
    for (int i = 0; i < 5; i++) {
        TEST_ASSERT_TRUE(link_admit_connect(&s_adm, GATEWAY, GATEWAY, 1000));
        link_on_handshake(&s_adm, false, 1000);
    }
    TEST_ASSERT_FALSE(link_admit_connect(&s_adm, GATEWAY, GATEWAY, 1000 + LINK_BACKOFF_MS - 1));
    TEST_ASSERT_TRUE(link_admit_connect(&s_adm, GATEWAY, GATEWAY, 1000 + LINK_BACKOFF_MS));
    TEST_ASSERT_EQUAL(5, audit_count());
}

int main(void)
{
    UNITY_BEGIN();
    RUN_TEST(test_tls_policy_requires_peer_verification);
    RUN_TEST(test_tls_policy_allows_tls13_only);
    RUN_TEST(test_connect_only_to_configured_gateway);
    RUN_TEST(test_at_most_two_sessions);
    RUN_TEST(test_backoff_after_five_failed_handshakes);
    return UNITY_END();
}
