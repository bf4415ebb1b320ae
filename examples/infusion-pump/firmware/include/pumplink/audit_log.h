#ifndef PUMPLINK_AUDIT_LOG_H
#define PUMPLINK_AUDIT_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_CAPACITY 256u
#define AUDIT_HASH_LEN 32u

typedef enum {
    AUDIT_EV_ENVELOPE_ACCEPTED = 0x0101,
    AUDIT_EV_ENVELOPE_REJECTED = 0x0102,
    AUDIT_EV_FW_STAGED = 0x0201,
    AUDIT_EV_FW_REJECTED = 0x0202,
    AUDIT_EV_FW_COMMITTED = 0x0203,
    AUDIT_EV_LINK_LOST = 0x0301,
    AUDIT_EV_LINK_RESTORED = 0x0302,
    AUDIT_EV_TLS_HANDSHAKE_FAILED = 0x0303,
} audit_event_t;

typedef struct {
    uint32_t index;
    uint32_t utc;
    uint16_t event;
    uint32_t detail;
    uint8_t prev_hash[AUDIT_HASH_LEN];
    uint8_t hash[AUDIT_HASH_LEN];
} audit_record_t;

void audit_init(void);
int audit_append(audit_event_t event, uint32_t detail);
size_t audit_count(void);
const audit_record_t *audit_get(size_t i); /* 0 = oldest retained record */
bool audit_verify_chain(void);

#endif /* PUMPLINK_AUDIT_LOG_H */
