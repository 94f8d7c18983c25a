/* bc-api-client.h: the UponAI HTTP API, asynchronously
 *
 * One client per account: one SoupSession sized for the batch concurrency,
 * the account's profile (uponai or retell), its token. Every call is an
 * _async/_finish pair; failures are BC_API_ERROR (see bc-api-error.h) or
 * G_IO_ERROR_CANCELLED. See src/core/README.md for retries, timeouts and
 * the connection-reuse decision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bc-agent.h"
#include "bc-api-error.h"
#include "bc-api-types.h"
#include "bc-call-info.h"
#include "bc-clock.h"
#include "bc-from-number.h"

G_BEGIN_DECLS

#define BC_TYPE_API_CLIENT (bc_api_client_get_type ())

G_DECLARE_FINAL_TYPE (BcApiClient, bc_api_client, BC, API_CLIENT, GObject)

/* https://…, or http:// for a loopback host only (127.0.0.0/8, ::1,
 * localhost). Sets BC_API_ERROR_INSECURE_URL otherwise. */
gboolean     bc_api_check_base_url              (const char    *base_url,
                                                 GError       **error);

/* @max_conns: requests in flight at once (the batch concurrency; it sizes
 * both max-conns and max-conns-per-host, which libsoup fixes at
 * construction). @clock: NULL for a BcRealClock. NULL with
 * BC_API_ERROR_INSECURE_URL for a base URL bc_api_check_base_url() refuses. */
BcApiClient *bc_api_client_new                  (const char    *base_url,
                                                 BcApiProfile   profile,
                                                 guint          max_conns,
                                                 BcClock       *clock,
                                                 GError       **error);

const char  *bc_api_client_get_base_url         (BcApiClient   *self);
BcApiProfile bc_api_client_get_profile          (BcApiClient   *self);
guint        bc_api_client_get_max_conns        (BcApiClient   *self);
BcClock     *bc_api_client_get_clock            (BcApiClient   *self);

/* The token is deliberately not a property: nothing can read it back. */
void         bc_api_client_set_token            (BcApiClient   *self,
                                                 const char    *token);
gboolean     bc_api_client_has_token            (BcApiClient   *self);

gint64       bc_api_client_get_workspace_id     (BcApiClient   *self);
void         bc_api_client_set_workspace_id     (BcApiClient   *self,
                                                 gint64         workspace_id);
const char  *bc_api_client_get_account_sid      (BcApiClient   *self);
void         bc_api_client_set_account_sid      (BcApiClient   *self,
                                                 const char    *account_sid);
guint        bc_api_client_get_timeout_ms       (BcApiClient   *self);
void         bc_api_client_set_timeout_ms       (BcApiClient   *self,
                                                 guint          timeout_ms);
/* Attempts per request, the first included (≥ 1). */
guint        bc_api_client_get_max_attempts     (BcApiClient   *self);
void         bc_api_client_set_max_attempts     (BcApiClient   *self,
                                                 guint          max_attempts);
/* Whether "place a call" may go out on a kept-alive connection. Off by
 * default: see README.md ("Connection reuse") for the duplicate-call risk. */
gboolean     bc_api_client_get_reuse_connections (BcApiClient  *self);
void         bc_api_client_set_reuse_connections (BcApiClient  *self,
                                                  gboolean      reuse);
/* Backoff: base·2^(n-1) capped at max, then "equal jitter" (a uniform
 * pick in [d/2, d]), never below the server's Retry-After. */
void         bc_api_client_set_backoff          (BcApiClient   *self,
                                                 guint          base_ms,
                                                 guint          max_ms);
/* For tests: a fixed seed makes the jitter reproducible. */
void         bc_api_client_set_random_seed      (BcApiClient   *self,
                                                 guint32        seed);

/* The From Numbers of the account (GPtrArray of BcFromNumber; unbound
 * ones included, see bc_from_number_is_bound()). */
void         bc_api_client_list_numbers_async   (BcApiClient          *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GPtrArray   *bc_api_client_list_numbers_finish  (BcApiClient          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Every agent (GPtrArray of BcAgent), following pages. */
void         bc_api_client_list_agents_async    (BcApiClient          *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GPtrArray   *bc_api_client_list_agents_finish   (BcApiClient          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void         bc_api_client_get_concurrency_async  (BcApiClient        *self,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
gboolean     bc_api_client_get_concurrency_finish (BcApiClient        *self,
                                                   GAsyncResult       *result,
                                                   BcConcurrency      *concurrency,
                                                   GError            **error);

/* Places one call. Never re-sent once it may have reached the server: a
 * failure with bc_api_error_fate_unknown() must be reconciled by the
 * caller (list-calls, metadata.bc) before any new attempt. */
void         bc_api_client_initiate_call_async  (BcApiClient          *self,
                                                 const BcCallRequest  *request,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
BcCallInfo  *bc_api_client_initiate_call_finish (BcApiClient          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void         bc_api_client_get_call_async       (BcApiClient          *self,
                                                 const char           *call_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
BcCallInfo  *bc_api_client_get_call_finish      (BcApiClient          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* One page of calls; follow page->next_cursor for the next. */
void         bc_api_client_list_calls_async     (BcApiClient            *self,
                                                 const BcListCallsQuery *query,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
BcCallPage  *bc_api_client_list_calls_finish    (BcApiClient            *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

/* retell profile only (BC_API_ERROR_NOT_SUPPORTED otherwise): the
 * server-side batch, @spec being the create-batch-call body as the
 * contract gives it. Returns the batch_call_id. Like initiate, never
 * re-sent once it may have reached the server. */
void         bc_api_client_create_batch_call_async  (BcApiClient        *self,
                                                     JsonObject         *spec,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
char        *bc_api_client_create_batch_call_finish (BcApiClient        *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

G_END_DECLS
