#ifndef PUMPLINK_DOSE_CMD_H
#define PUMPLINK_DOSE_CMD_H

#include <stddef.h>
#include <stdint.h>

#define DOSE_SERIAL_LEN 16u
#define DOSE_HEADER_LEN (DOSE_SERIAL_LEN + 8u + 4u + 2u)
#define DOSE_TAG_LEN 32u
#define DOSE_MAX_BODY 512u
#define DOSE_FRESHNESS_S 30u
#define DOSE_MAX_CLOCK_SKEW_S 5u

typedef enum {
    DOSE_OK = 0,
    DOSE_ERR_FORMAT,
    DOSE_ERR_TAG,
    DOSE_ERR_SERIAL,
    DOSE_ERR_REPLAY,
    DOSE_ERR_STALE,
    DOSE_ERR_STORAGE,
} dose_status_t;

/** An envelope whose tag, addressee, sequence number and age have all been checked. */
typedef struct {
    uint64_t seq;
    uint32_t issued_at;
    uint16_t body_len;
    const uint8_t *body; /* points into the caller's receive buffer */
} dose_envelope_t;

typedef struct {
    char serial[DOSE_SERIAL_LEN];
    uint64_t last_seq;
} dose_ctx_t;

dose_status_t dose_ctx_init(dose_ctx_t *ctx, const char *serial);
dose_status_t dose_envelope_accept(dose_ctx_t *ctx, const uint8_t *buf, size_t len, dose_envelope_t *out);
const char *dose_status_str(dose_status_t status);

#endif /* PUMPLINK_DOSE_CMD_H */
