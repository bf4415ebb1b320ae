/*
 * Unit tests for firmware image verification and the anti-rollback counter.
 *
 * Images are signed in the test with a freshly generated P-256 key that stands in for the release
 * key; the production key never leaves the offline HSM.
 */
#include <string.h>

#include "unity.h"

#include "pumplink/fw_update.h"
#include "pumplink/platform.h"
#include "support/fake_platform.h"

static psa_key_id_t s_release;
static psa_key_id_t s_rogue;
static uint8_t s_blob[FW_HEADER_LEN + 4096];

static psa_key_id_t make_signing_key(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&attr, 256);
    psa_set_key_algorithm(&attr, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH);
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_generate_key(&attr, &key));
    return key;
}

static size_t build_image(psa_key_id_t signer, uint32_t security_version, uint32_t image_len)
{
    uint8_t digest[32];
    size_t digest_len = 0, sig_len = 0;
    uint8_t hdr[FW_SIGNED_HEADER_LEN] = {
        0x50, 0x4C, 0x46, 0x57, 0x00, 0x01, 0x00, 0x00,
        (uint8_t)(security_version >> 24), (uint8_t)(security_version >> 16),
        (uint8_t)(security_version >> 8), (uint8_t)security_version,
        (uint8_t)(image_len >> 24), (uint8_t)(image_len >> 16), (uint8_t)(image_len >> 8), (uint8_t)image_len,
    };

    memcpy(s_blob, hdr, sizeof hdr);
    for (uint32_t i = 0; i < image_len; i++) {
        s_blob[FW_HEADER_LEN + i] = (uint8_t)(i * 31u + 7u);
    }

    psa_hash_operation_t op = PSA_HASH_OPERATION_INIT;
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_hash_setup(&op, PSA_ALG_SHA_256));
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_hash_update(&op, hdr, sizeof hdr));
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_hash_update(&op, s_blob + FW_HEADER_LEN, image_len));
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_hash_finish(&op, digest, sizeof digest, &digest_len));
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_sign_hash(signer, PSA_ALG_ECDSA(PSA_ALG_SHA_256), digest, digest_len,
                                                 s_blob + FW_SIGNED_HEADER_LEN, FW_SIG_LEN, &sig_len));
    return FW_HEADER_LEN + image_len;
}

void setUp(void)
{
    TEST_ASSERT_EQUAL(PSA_SUCCESS, psa_crypto_init());
    fake_platform_reset();
    s_release = make_signing_key();
    s_rogue = make_signing_key();
    fake_set_release_key(s_release);
}

void tearDown(void)
{
    psa_destroy_key(s_release);
    psa_destroy_key(s_rogue);
}

// @verifies SR-4
void test_signed_image_is_accepted(void)
{
    fw_header_t hdr;
    size_t len = build_image(s_release, 3, 4096);

    TEST_ASSERT_EQUAL(FW_OK, fw_update_verify(s_blob, len, &hdr));
    TEST_ASSERT_EQUAL_UINT32(3, hdr.security_version);
}

// @verifies SR-4
void test_image_with_flipped_byte_is_rejected(void)
{
    fw_header_t hdr;
    size_t len = build_image(s_release, 3, 4096);

    s_blob[FW_HEADER_LEN + 1000] ^= 0x01;
    TEST_ASSERT_EQUAL(FW_ERR_SIGNATURE, fw_update_verify(s_blob, len, &hdr));
}

// @verifies SR-4
void test_image_signed_with_other_key_is_rejected(void)
{
    fw_header_t hdr;
    size_t len = build_image(s_rogue, 3, 4096);

    TEST_ASSERT_EQUAL(FW_ERR_SIGNATURE, fw_update_verify(s_blob, len, &hdr));
}

// @verifies SR-4
void test_security_version_cannot_be_edited_after_signing(void)
{
    fw_header_t hdr;
    size_t len = build_image(s_release, 2, 4096);

    s_blob[11] = 9; /* claim security version 9 */
    TEST_ASSERT_EQUAL(FW_ERR_SIGNATURE, fw_update_verify(s_blob, len, &hdr));
}

/* @verifies SR-5 */
void test_older_security_version_is_rejected(void)
{
    fw_header_t hdr;
    size_t len = build_image(s_release, 4, 4096);

    TEST_ASSERT_EQUAL(FW_OK, fw_update_verify(s_blob, len, &hdr));
    TEST_ASSERT_EQUAL(FW_OK, fw_update_commit(&hdr, true));

    len = build_image(s_release, 3, 4096);
    TEST_ASSERT_EQUAL(FW_ERR_ROLLBACK, fw_update_verify(s_blob, len, &hdr));
}

/* @verifies SR-5 */
void test_counter_unchanged_when_self_test_fails(void)
{
    fw_header_t hdr;
    size_t len = build_image(s_release, 5, 4096);

    TEST_ASSERT_EQUAL(FW_OK, fw_update_verify(s_blob, len, &hdr));
    TEST_ASSERT_EQUAL(FW_ERR_SELF_TEST, fw_update_commit(&hdr, false));
    TEST_ASSERT_EQUAL_UINT64(0, fake_nv_value(PLAT_NV_SECURITY_VERSION));
}

int main(void)
{
    UNITY_BEGIN();
    RUN_TEST(test_signed_image_is_accepted);
    RUN_TEST(test_image_with_flipped_byte_is_rejected);
    RUN_TEST(test_image_signed_with_other_key_is_rejected);
    RUN_TEST(test_security_version_cannot_be_edited_after_signing);
    RUN_TEST(test_older_security_version_is_rejected);
    RUN_TEST(test_counter_unchanged_when_self_test_fails);
    return UNITY_END();
}
