/* bc-api-error.h: what went wrong talking to the UponAI API
 *
 * An extended GError domain: besides code and message, every BC_API_ERROR
 * carries the HTTP status, the server's reason code (e.g.
 * "concurrency_limit_reached"), the Retry-After delay, and — for requests
 * that fail in flight — whether the request may have reached the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BC_API_ERROR (bc_api_error_quark ())

typedef enum
{
  BC_API_ERROR_UNAUTHORIZED,     /* 401/403: the token was refused */
  BC_API_ERROR_PAYMENT_REQUIRED, /* 402 or no_valid_payment */
  BC_API_ERROR_RATE_LIMITED,     /* 429 or concurrency_limit_reached; see retry-after */
  BC_API_ERROR_INVALID_REQUEST,  /* 400/422 (message is the server's), or refused before sending */
  BC_API_ERROR_NOT_FOUND,        /* 404 */
  BC_API_ERROR_SERVER,           /* 5xx */
  BC_API_ERROR_NETWORK,          /* no HTTP answer; see fate-unknown */
  BC_API_ERROR_TIMEOUT,          /* no answer in time; see fate-unknown */
  BC_API_ERROR_PROTOCOL,         /* an answer we cannot read */
  BC_API_ERROR_INSECURE_URL,     /* http:// for a host that is not loopback, or a bad URL */
  BC_API_ERROR_NOT_SUPPORTED,    /* not available in this account's profile */
} BcApiErrorCode;

GQuark      bc_api_error_quark               (void);

/* Builds a BC_API_ERROR with its extra fields; @retry_after_ms -1 = none. */
GError     *bc_api_error_new_full            (BcApiErrorCode  code,
                                              guint           http_status,
                                              const char     *server_code,
                                              gint64          retry_after_ms,
                                              gboolean        fate_unknown,
                                              const char     *message);

/* TRUE when @error is a failure of a request that may have reached the
 * server (reset after sending, timeout, a 500/504 on a POST): the caller must
 * reconcile before sending it again. FALSE for any other error, including
 * errors that are not BC_API_ERROR. */
gboolean    bc_api_error_fate_unknown        (const GError   *error);
/* The server's Retry-After, in ms; -1 when it gave none. */
gint64      bc_api_error_get_retry_after_ms  (const GError   *error);
/* 0 when no HTTP answer was read; 400 for a {"success": false} answer
 * that came with 200 (it is read as the refusal it is). */
guint       bc_api_error_get_http_status     (const GError   *error);
/* The server's machine-readable reason ("code"/"error_code"/"reason"), or NULL. */
const char *bc_api_error_get_server_code     (const GError   *error);

/* Whether waiting and sending again may help (rate limits, 5xx, network
 * trouble); independent of whether sending again is *safe* (fate). */
gboolean    bc_api_error_is_transient        (const GError   *error);

G_END_DECLS
