#ifndef PUMPLINK_FW_UPDATE_H
#define PUMPLINK_FW_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FW_MAGIC 0x504C4657u /* "PLFW" */
#define FW_SIG_LEN 64u       /* raw ECDSA P-256 r || s */
#define FW_SIGNED_HEADER_LEN 16u
#define FW_HEADER_LEN (FW_SIGNED_HEADER_LEN + FW_SIG_LEN)
#define FW_MAX_IMAGE (1024u * 1024u)

typedef enum {
    FW_OK = 0,
    FW_ERR_FORMAT,
    FW_ERR_SIGNATURE,
    FW_ERR_ROLLBACK,
    FW_ERR_CRYPTO,
    FW_ERR_STORAGE,
    FW_ERR_SELF_TEST,
} fw_status_t;

typedef struct {
    uint32_t magic;
    uint16_t header_version;
    uint16_t flags;
    uint32_t security_version;
    uint32_t image_len;
} fw_header_t;

fw_status_t fw_update_verify(const uint8_t *blob, size_t len, fw_header_t *hdr);
fw_status_t fw_update_commit(const fw_header_t *hdr, bool self_test_passed);

#endif /* PUMPLINK_FW_UPDATE_H */
