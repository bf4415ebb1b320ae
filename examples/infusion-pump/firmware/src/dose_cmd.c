/*
 * Dose command envelope verification on the pump's communication processor.
 *
 * Wire layout (SC-2), integers big-endian:
 *
 *   serial[16] | seq u64 | issued_at u32 | body_len u16 | body[body_len] | tag[32]
 *
 * Nothing in the body is looked at until the tag has been verified; only then are the addressee,
 * sequence number and age checked, and only an envelope that passes all of them is handed to the
 * infusion control processor.
 *
 * @implements SR-2, SR-3
 */
#include "pumplink/dose_cmd.h"

#include <string.h>

#include "pumplink/audit_log.h"
#include "pumplink/platform.h"

static uint64_t read_be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static uint32_t read_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

dose_status_t dose_ctx_init(dose_ctx_t *ctx, const char *serial)
{
    const char *end = memchr(serial, '\0', DOSE_SERIAL_LEN + 1);
    if (end == NULL || end == serial) {
        return DOSE_ERR_FORMAT;
    }
    const size_t n = (size_t)(end - serial);
    memset(ctx->serial, 0, sizeof ctx->serial);
    memcpy(ctx->serial, serial, n);
    /* The last accepted sequence number survives power cycles; otherwise a reboot would reopen
     * every envelope captured since the pump was installed. */
    if (plat_nv_read_u64(PLAT_NV_LAST_DOSE_SEQ, &ctx->last_seq) != 0) {
        return DOSE_ERR_STORAGE;
    }
    return DOSE_OK;
}

static dose_status_t verify_tag(const uint8_t *buf, size_t signed_len)
{
    // psa_mac_verify compares in constant time, so the tag cannot be guessed byte by byte.
    psa_status_t st = psa_mac_verify(plat_envelope_key(), PSA_ALG_HMAC(PSA_ALG_SHA_256), buf, signed_len,
                                     buf + signed_len, DOSE_TAG_LEN);
    return st == PSA_SUCCESS ? DOSE_OK : DOSE_ERR_TAG;
}

dose_status_t dose_envelope_accept(dose_ctx_t *ctx, const uint8_t *buf, size_t len, dose_envelope_t *out)
{
    if (len < DOSE_HEADER_LEN + DOSE_TAG_LEN) {
        return DOSE_ERR_FORMAT;
    }
    const uint16_t body_len = (uint16_t)((buf[DOSE_HEADER_LEN - 2] << 8) | buf[DOSE_HEADER_LEN - 1]);
    if (body_len > DOSE_MAX_BODY || len != DOSE_HEADER_LEN + body_len + DOSE_TAG_LEN) {
        return DOSE_ERR_FORMAT;
    }

    dose_status_t st = verify_tag(buf, DOSE_HEADER_LEN + body_len);
    if (st != DOSE_OK) {
        audit_append(AUDIT_EV_ENVELOPE_REJECTED, (uint32_t)st);
        return st;
    }

    if (memcmp(buf, ctx->serial, DOSE_SERIAL_LEN) != 0) {
        st = DOSE_ERR_SERIAL;
    } else {
        const uint64_t seq = read_be64(buf + DOSE_SERIAL_LEN);
        const uint32_t issued_at = read_be32(buf + DOSE_SERIAL_LEN + 8);
        const uint32_t now = plat_utc_now();

        if (seq <= ctx->last_seq) {
            st = DOSE_ERR_REPLAY;
        } else if (issued_at > now + DOSE_MAX_CLOCK_SKEW_S || now - issued_at > DOSE_FRESHNESS_S) {
            st = DOSE_ERR_STALE;
        } else if (plat_nv_write_u64(PLAT_NV_LAST_DOSE_SEQ, seq) != 0) {
            /* Refuse rather than accept an envelope whose sequence number we could not persist. */
            st = DOSE_ERR_STORAGE;
        } else {
            ctx->last_seq = seq;
            out->seq = seq;
            out->issued_at = issued_at;
            out->body_len = body_len;
            out->body = buf + DOSE_HEADER_LEN;
        }
    }

    audit_append(st == DOSE_OK ? AUDIT_EV_ENVELOPE_ACCEPTED : AUDIT_EV_ENVELOPE_REJECTED, (uint32_t)st);
    return st;
}

const char *dose_status_str(dose_status_t status)
{
    switch (status) {
    case DOSE_OK: return "ok";
    case DOSE_ERR_FORMAT: return "malformed envelope";
    case DOSE_ERR_TAG: return "authentication tag mismatch";
    case DOSE_ERR_SERIAL: return "envelope addressed to another pump";
    case DOSE_ERR_REPLAY: return "sequence number already used";
    case DOSE_ERR_STALE: return "envelope outside freshness window";
    case DOSE_ERR_STORAGE: return "sequence counter storage failure";
    }
    return "unknown";
}
