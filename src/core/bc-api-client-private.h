/* bc-api-client-private.h: the request engine, shared by the client's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "bc-api-client.h"

G_BEGIN_DECLS

struct _BcApiClient
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *base_url;     /* without a trailing '/' */
  gboolean      base_url_ok;
  BcApiProfile  profile;
  guint         max_conns;
  BcClock      *clock;
  char         *token;
  gint64        workspace_id;
  char         *account_sid;
  guint         timeout_ms;
  guint         max_attempts;
  guint         backoff_base_ms;
  guint         backoff_max_ms;
  gboolean      reuse_connections;
  GRand        *rand;
};

void      _bc_api_client_emit_retry_scheduled (BcApiClient  *self,
                                               guint         attempt,
                                               guint         delay_ms,
                                               const GError *error);

/* Turns a 2xx answer into the task's result; NULL + error when it cannot. */
typedef gpointer (*BcApiParseFunc) (BcApiClient  *self,
                                    JsonNode     *root,
                                    GError      **error);

typedef enum
{
  BC_API_REQUEST_RETRY_SAFE = 1 << 0,  /* a read: may be re-sent after any transient failure */
  BC_API_REQUEST_REUSE      = 1 << 1,  /* may go out on a kept-alive connection */
} BcApiRequestFlags;

/* Sends @method @path_and_query (relative to the base URL) with @body
 * (may be NULL), with retries as the flags allow; the task's result is
 * what @parse returns, freed with @result_free if nobody takes it. */
void      _bc_api_client_request        (BcApiClient         *self,
                                         const char          *method,
                                         const char          *path_and_query,
                                         JsonNode            *body,
                                         BcApiRequestFlags    flags,
                                         BcApiParseFunc       parse,
                                         GDestroyNotify       result_free,
                                         GCancellable        *cancellable,
                                         gpointer             source_tag,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gpointer  _bc_api_client_request_finish (BcApiClient         *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* Replaces every occurrence of the token in @text; @text is returned
 * newly allocated. */
char     *_bc_api_client_redact         (BcApiClient         *self,
                                         const char          *text);

/* An answer that says {"success": false, …} although it came with 2xx. */
gboolean  _bc_api_check_success         (BcApiClient         *self,
                                         JsonNode            *root,
                                         GError             **error);

/* The BC_API_ERROR for an HTTP error answer. */
GError   *_bc_api_error_from_answer     (BcApiClient         *self,
                                         guint                status,
                                         const char          *reason,
                                         GBytes              *body,
                                         const char          *retry_after,
                                         gint64               now_ms,
                                         gboolean             retry_safe);

/* bc-api-client-errors.c */
GError     *_bc_api_protocol_error     (const char          *what);

/* bc-api-client-account.c: helpers of every endpoint */
JsonArray  *_bc_api_answer_array      (JsonNode            *root,
                                       const char * const  *names);
char       *_bc_api_escape            (const char          *s);
void        _bc_api_append_query      (GString             *path,
                                       const char          *name,
                                       const char          *value);
void        _bc_api_append_query_int  (GString             *path,
                                       const char          *name,
                                       gint64               value);
/* Completes a new task on @self with @error at once; returns TRUE. */
gboolean    _bc_api_return_early_error (BcApiClient        *self,
                                        GError             *error,
                                        gpointer            source_tag,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
/* TRUE (and the task completed) when the account SID (@sid) or the
 * workspace id the native profile needs is missing. */
gboolean    _bc_api_need_account      (BcApiClient         *self,
                                       gboolean             sid,
                                       gpointer             source_tag,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);

G_END_DECLS
