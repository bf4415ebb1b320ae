// Pump-side audit trail: a ring of hash-chained records, drained to the gateway when the link is up.
//
// Each record's hash covers its own fields and the previous record's hash, so removing or editing a
// record in the middle breaks verification from that point on. When the ring wraps, the oldest
// retained record's prev_hash becomes the anchor; the gateway has already received the records
// that were overwritten and keeps the full chain (gateway/pumplink_gateway/audit.py).
//
// @implements SR-12
#include "pumplink/audit_log.h"

#include <string.h>

#include "pumplink/platform.h"

static audit_record_t s_ring[AUDIT_CAPACITY];
static uint32_t s_next_index; /* index of the next record to write, counts up forever */
static uint8_t s_head_hash[AUDIT_HASH_LEN];

static void serialize(const audit_record_t *r, uint8_t out[4 + 4 + 2 + 4 + AUDIT_HASH_LEN])
{
    size_t o = 0;
    for (int s = 24; s >= 0; s -= 8) out[o++] = (uint8_t)(r->index >> s);
    for (int s = 24; s >= 0; s -= 8) out[o++] = (uint8_t)(r->utc >> s);
    out[o++] = (uint8_t)(r->event >> 8);
    out[o++] = (uint8_t)r->event;
    for (int s = 24; s >= 0; s -= 8) out[o++] = (uint8_t)(r->detail >> s);
    memcpy(out + o, r->prev_hash, AUDIT_HASH_LEN);
}

static int record_hash(const audit_record_t *r, uint8_t hash[AUDIT_HASH_LEN])
{
    uint8_t buf[4 + 4 + 2 + 4 + AUDIT_HASH_LEN];
    size_t hash_len = 0;
    serialize(r, buf);
    return psa_hash_compute(PSA_ALG_SHA_256, buf, sizeof buf, hash, AUDIT_HASH_LEN, &hash_len) == PSA_SUCCESS
               ? 0
               : -1;
}

void audit_init(void)
{
    memset(s_ring, 0, sizeof s_ring);
    memset(s_head_hash, 0, sizeof s_head_hash);
    s_next_index = 0;
}

int audit_append(audit_event_t event, uint32_t detail)
{
    audit_record_t *r = &s_ring[s_next_index % AUDIT_CAPACITY];
    r->index = s_next_index;
    r->utc = plat_utc_now();
    r->event = (uint16_t)event;
    r->detail = detail;
    memcpy(r->prev_hash, s_head_hash, AUDIT_HASH_LEN);
    if (record_hash(r, r->hash) != 0) {
        return -1;
    }
    memcpy(s_head_hash, r->hash, AUDIT_HASH_LEN);
    s_next_index++;
    return 0;
}

size_t audit_count(void)
{
    return s_next_index < AUDIT_CAPACITY ? s_next_index : AUDIT_CAPACITY;
}

const audit_record_t *audit_get(size_t i)
{
    if (i >= audit_count()) {
        return NULL;
    }
    const uint32_t oldest = s_next_index - (uint32_t)audit_count();
    return &s_ring[(oldest + i) % AUDIT_CAPACITY];
}

bool audit_verify_chain(void)
{
    uint8_t expect[AUDIT_HASH_LEN];
    const size_t n = audit_count();
    for (size_t i = 0; i < n; i++) {
        const audit_record_t *r = audit_get(i);
        if (i > 0 && memcmp(r->prev_hash, audit_get(i - 1)->hash, AUDIT_HASH_LEN) != 0) {
            return false;
        }
        if (record_hash(r, expect) != 0 || memcmp(expect, r->hash, AUDIT_HASH_LEN) != 0) {
            return false;
        }
    }
    return n == 0 || memcmp(audit_get(n - 1)->hash, s_head_hash, AUDIT_HASH_LEN) == 0;
}
