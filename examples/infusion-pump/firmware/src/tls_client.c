/* TLS policy and connection admission for the pump-to-gateway link.
 *
 * @implements SR-1
 *
 * The admission rules below come from the pump-side connection requirement; see the threat model
 * entry TM-6 for the flood scenarios they were sized against.
 *
 * @implements SR-11
 */
#include "pumplink/link.h"

#include <string.h>

#include "pumplink/audit_log.h"

/* TLS 1.3 only: the pump and gateway ship together, so there is no legacy peer to fall back for. */
static const int k_ciphersuites[] = {
    MBEDTLS_TLS1_3_AES_256_GCM_SHA384,
    MBEDTLS_TLS1_3_AES_128_GCM_SHA256,
    0,
};

int link_tls_configure(mbedtls_ssl_config *conf, const link_tls_identity_t *id)
{
    int rc = mbedtls_ssl_config_defaults(conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                         MBEDTLS_SSL_PRESET_DEFAULT);
    if (rc != 0) {
        return rc;
    }
    mbedtls_ssl_conf_min_tls_version(conf, MBEDTLS_SSL_VERSION_TLS1_3);
    mbedtls_ssl_conf_max_tls_version(conf, MBEDTLS_SSL_VERSION_TLS1_3);
    mbedtls_ssl_conf_ciphersuites(conf, k_ciphersuites);
    // Never VERIFY_OPTIONAL: a gateway that fails verification gets no connection at all.
    mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(conf, id->gateway_ca, NULL);
    /* No revocation check yet: certificates are short lived instead (SC-1). OCSP stapling is
     * tracked as SR-14. */
    return mbedtls_ssl_conf_own_cert(conf, id->own_cert, id->own_key);
}

void link_admission_init(link_admission_t *a)
{
    memset(a, 0, sizeof *a);
}

bool link_admit_connect(link_admission_t *a, const char *host, const char *configured_host, uint32_t now_ms)
{
    if (host == NULL || configured_host == NULL || strcmp(host, configured_host) != 0) {
        return false;
    }
    if (a->backing_off) {
        if ((int32_t)(now_ms - a->backoff_until_ms) < 0) {
            return false;
        }
        a->backing_off = false;
        a->failed_handshakes = 0;
    }
    if (a->sessions >= LINK_MAX_SESSIONS) {
        return false;
    }
    a->sessions++;
    return true;
}

void link_on_handshake(link_admission_t *a, bool ok, uint32_t now_ms)
{
    if (ok) {
        a->failed_handshakes = 0;
        return;
    }
    if (a->sessions > 0) {
        a->sessions--;
    }
    audit_append(AUDIT_EV_TLS_HANDSHAKE_FAILED, a->failed_handshakes + 1u);
    if (++a->failed_handshakes >= LINK_MAX_FAILED_HANDSHAKES) {
        a->backing_off = true;
        a->backoff_until_ms = now_ms + LINK_BACKOFF_MS;
    }
}

void link_on_close(link_admission_t *a)
{
    if (a->sessions > 0) {
        a->sessions--;
    }
}
