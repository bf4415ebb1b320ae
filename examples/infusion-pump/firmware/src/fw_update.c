/*
 * Firmware update verification for the LVP-300 communication processor.
 *
 * The same checks run in the update agent (before an image is written to the staging slot) and in
 * the bootloader (before it is booted), so a staging slot written some other way, for example
 * through the service port, gains nothing.
 *
 * @implements SR-4, SR-5
 * @mitigates TM-5
 */
#include "pumplink/fw_update.h"

#include "pumplink/audit_log.h"
#include "pumplink/platform.h"

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static fw_status_t parse_header(const uint8_t *blob, size_t len, fw_header_t *hdr)
{
    if (len < FW_HEADER_LEN) {
        return FW_ERR_FORMAT;
    }
    hdr->magic = be32(blob);
    hdr->header_version = (uint16_t)((blob[4] << 8) | blob[5]);
    hdr->flags = (uint16_t)((blob[6] << 8) | blob[7]);
    hdr->security_version = be32(blob + 8);
    hdr->image_len = be32(blob + 12);
    if (hdr->magic != FW_MAGIC || hdr->header_version != 1 || hdr->image_len == 0 ||
        hdr->image_len > FW_MAX_IMAGE || len != FW_HEADER_LEN + (size_t)hdr->image_len) {
        return FW_ERR_FORMAT;
    }
    return FW_OK;
}

/* The signature covers the signed header and the image, so the security version cannot be
 * lifted from one release and attached to another. */
static fw_status_t check_signature(const uint8_t *blob, const fw_header_t *hdr)
{
    uint8_t digest[32];
    size_t digest_len = 0;
    psa_hash_operation_t op = PSA_HASH_OPERATION_INIT;

    if (psa_hash_setup(&op, PSA_ALG_SHA_256) != PSA_SUCCESS ||
        psa_hash_update(&op, blob, FW_SIGNED_HEADER_LEN) != PSA_SUCCESS ||
        psa_hash_update(&op, blob + FW_HEADER_LEN, hdr->image_len) != PSA_SUCCESS ||
        psa_hash_finish(&op, digest, sizeof digest, &digest_len) != PSA_SUCCESS) {
        psa_hash_abort(&op);
        return FW_ERR_CRYPTO;
    }

    psa_status_t st = psa_verify_hash(plat_release_key(), PSA_ALG_ECDSA(PSA_ALG_SHA_256), digest, digest_len,
                                      blob + FW_SIGNED_HEADER_LEN, FW_SIG_LEN);
    if (st == PSA_ERROR_INVALID_SIGNATURE) {
        return FW_ERR_SIGNATURE;
    }
    return st == PSA_SUCCESS ? FW_OK : FW_ERR_CRYPTO;
}

fw_status_t fw_update_verify(const uint8_t *blob, size_t len, fw_header_t *hdr)
{
    uint64_t floor = 0;
    fw_status_t st = parse_header(blob, len, hdr);

    if (st == FW_OK) {
        st = check_signature(blob, hdr);
    }
    if (st == FW_OK) {
        // Rollback is checked after the signature, so an unsigned blob cannot probe the counter.
        if (plat_nv_read_u64(PLAT_NV_SECURITY_VERSION, &floor) != 0) {
            st = FW_ERR_STORAGE;
        } else if (hdr->security_version < floor) {
            st = FW_ERR_ROLLBACK;
        }
    }

    audit_append(st == FW_OK ? AUDIT_EV_FW_STAGED : AUDIT_EV_FW_REJECTED, (uint32_t)st);
    return st;
}

fw_status_t fw_update_commit(const fw_header_t *hdr, bool self_test_passed)
{
    uint64_t floor = 0;

    if (!self_test_passed) {
        /* The bootloader falls back to the previous slot; the counter stays where it was so that
         * the previous release can still boot. */
        audit_append(AUDIT_EV_FW_REJECTED, FW_ERR_SELF_TEST);
        return FW_ERR_SELF_TEST;
    }
    if (plat_nv_read_u64(PLAT_NV_SECURITY_VERSION, &floor) != 0) {
        return FW_ERR_STORAGE;
    }
    if (hdr->security_version > floor &&
        plat_nv_write_u64(PLAT_NV_SECURITY_VERSION, hdr->security_version) != 0) {
        return FW_ERR_STORAGE;
    }
    audit_append(AUDIT_EV_FW_COMMITTED, hdr->security_version);
    return FW_OK;
}
