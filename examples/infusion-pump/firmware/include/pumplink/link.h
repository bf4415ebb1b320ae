/* Gateway link: TLS policy, connection admission and link supervision. */
#ifndef PUMPLINK_LINK_H
#define PUMPLINK_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#define LINK_HEARTBEAT_TIMEOUT_MS 10000u
#define LINK_MAX_SESSIONS 2u
#define LINK_MAX_FAILED_HANDSHAKES 5u
#define LINK_BACKOFF_MS 60000u

/* ---- TLS policy (tls_client.c) ---- */

typedef struct {
    mbedtls_x509_crt *gateway_ca; /* pinned PumpLink gateway intermediate */
    mbedtls_x509_crt *own_cert;
    mbedtls_pk_context *own_key; /* opaque key in the secure element */
    const char *gateway_host;
} link_tls_identity_t;

int link_tls_configure(mbedtls_ssl_config *conf, const link_tls_identity_t *id);

/* ---- Connection admission (tls_client.c) ---- */

typedef struct {
    uint8_t sessions;
    uint8_t failed_handshakes;
    uint32_t backoff_until_ms;
    bool backing_off;
} link_admission_t;

void link_admission_init(link_admission_t *a);
bool link_admit_connect(link_admission_t *a, const char *host, const char *configured_host, uint32_t now_ms);
void link_on_handshake(link_admission_t *a, bool ok, uint32_t now_ms);
void link_on_close(link_admission_t *a);

/* ---- Link supervision (link_watchdog.c) ---- */

typedef enum { LINK_DOWN = 0, LINK_UP = 1 } link_state_t;

typedef struct {
    link_state_t state;
    uint32_t last_heartbeat_ms;
} link_watchdog_t;

void link_wd_init(link_watchdog_t *wd, uint32_t now_ms);
void link_wd_on_heartbeat(link_watchdog_t *wd, uint32_t now_ms);
link_state_t link_wd_poll(link_watchdog_t *wd, uint32_t now_ms);
bool link_wd_remote_programming_allowed(const link_watchdog_t *wd);

#endif /* PUMPLINK_LINK_H */
