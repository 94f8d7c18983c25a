/* bc-api-client-private.h: the request engine, shared by the client's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-api-client.h"

G_BEGIN_DECLS

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

G_END_DECLS
