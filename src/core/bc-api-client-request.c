/* bc-api-client-request.c: the request engine — send, time out, retry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-api-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bc-api-client-private.h"

/* A Retry-After longer than this is handed to the caller instead of being
 * waited out inside one request. */
#define MAX_INLINE_RETRY_AFTER_MS 60000

typedef struct
{
  char              *method;
  char              *path;
  GBytes            *body;
  BcApiRequestFlags  flags;
  BcApiParseFunc     parse;
  GDestroyNotify     result_free;
  guint              attempt;
  SoupMessage       *msg;
  GCancellable      *attempt_cancellable;
  gulong             cancelled_id;
  guint              timeout_id;
  guint              retry_id;
  guint              cancel_idle_id;
  gboolean           started;
  gboolean           timed_out;
  gint64             sent_at_us;
} Request;

static void send_attempt (GTask *task);

static void
request_free (gpointer data)
{
  Request *req = data;

  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_object (&req->msg);
  g_clear_object (&req->attempt_cancellable);
  g_free (req);
}

/* Everything still pending on @task, undone before it returns. */
static void
request_detach (GTask *task)
{
  BcApiClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  if (req->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), req->cancelled_id);
      req->cancelled_id = 0;
    }
  bc_clock_remove (self->clock, req->timeout_id);
  req->timeout_id = 0;
  bc_clock_remove (self->clock, req->retry_id);
  req->retry_id = 0;
  g_clear_handle_id (&req->cancel_idle_id, g_source_remove);
}

static void
request_return_error (GTask  *task,
                      GError *error)
{
  request_detach (task);
  g_task_return_error (task, error);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
bc_api_check_base_url (const char  *base_url,
                       GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (base_url != NULL)
    uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, BC_API_ERROR, BC_API_ERROR_INSECURE_URL,
                   _("“%s” is not a valid server address."), base_url != NULL ? base_url : "");
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback_host (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, BC_API_ERROR, BC_API_ERROR_INSECURE_URL,
               _("The server address must start with https:// (plain http:// is only allowed for this computer)."));
  return FALSE;
}

char *
_bc_api_client_redact (BcApiClient *self,
                       const char  *text)
{
  g_autoptr(GString) out = NULL;

  if (text == NULL)
    return NULL;
  if (self->token == NULL || *self->token == '\0')
    return g_strdup (text);

  out = g_string_new (text);
  g_string_replace (out, self->token, "[redacted]", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Errors that happen before a single byte of the request is written. */
static gboolean
is_connect_error (const GError *error)
{
  if (error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return TRUE;

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_FAILED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_AUTH_FAILED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_NOT_ALLOWED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_NEED_AUTH);
}

static GError *
error_from_transport (BcApiClient  *self,
                      Request      *req,
                      const GError *error)
{
  g_autofree char *detail = _bc_api_client_redact (self, error->message);
  g_autofree char *message = NULL;
  gboolean fate_unknown;

  if (req->timed_out)
    {
      fate_unknown = req->started;
      message = g_strdup_printf (_("The server did not answer within %u seconds."),
                                 (self->timeout_ms + 999) / 1000);
      return bc_api_error_new_full (BC_API_ERROR_TIMEOUT, 0, NULL, -1, fate_unknown, message);
    }

  /* "starting" fires once a connection is ready, just before the request
   * is written; anything failing before that never reached the server. */
  fate_unknown = req->started && !is_connect_error (error);
  if (error->domain == G_TLS_ERROR)
    message = g_strdup_printf (_("The server’s identity could not be verified: %s"), detail);
  else
    message = g_strdup_printf (_("Could not reach the server: %s"), detail);

  return bc_api_error_new_full (BC_API_ERROR_NETWORK, 0, NULL, -1, fate_unknown, message);
}

static guint
backoff_delay_ms (BcApiClient *self,
                  guint        attempt,
                  gint64       retry_after_ms)
{
  guint64 delay = self->backoff_base_ms;
  guint64 half;

  for (guint i = 1; i < attempt && delay < self->backoff_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->backoff_max_ms);

  half = delay / 2;
  delay = half + (guint64) g_rand_double_range (self->rand, 0, (double) (delay - half + 1));
  if (retry_after_ms >= 0)
    delay = MAX (delay, (guint64) retry_after_ms);

  return (guint) MIN (delay, G_MAXUINT);
}

static gboolean
should_retry (BcApiClient  *self,
              Request      *req,
              const GError *error)
{
  gint64 retry_after = bc_api_error_get_retry_after_ms (error);

  if (req->attempt >= self->max_attempts || !bc_api_error_is_transient (error))
    return FALSE;
  if (retry_after > MAX_INLINE_RETRY_AFTER_MS)
    return FALSE;
  if (req->flags & BC_API_REQUEST_RETRY_SAFE)
    return TRUE;

  /* Not safe to repeat: only when it surely never reached the server. The
   * caller paces 429s itself (it shrinks its in-flight limit). */
  return g_error_matches (error, BC_API_ERROR, BC_API_ERROR_NETWORK) &&
         !bc_api_error_fate_unknown (error);
}

static gboolean
on_retry_due_cb (gpointer data)
{
  GTask *task = data;
  Request *req = g_task_get_task_data (task);

  req->retry_id = 0;
  send_attempt (task);
  return G_SOURCE_REMOVE;
}

static void
fail_or_retry (GTask  *task,
               GError *error)
{
  BcApiClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  guint delay;

  if (!should_retry (self, req, error))
    {
      request_return_error (task, error);
      return;
    }

  delay = backoff_delay_ms (self, req->attempt, bc_api_error_get_retry_after_ms (error));
  g_debug ("%s %s: attempt %u failed (%s), retrying in %u ms",
           req->method, req->path, req->attempt, error->message, delay);
  req->retry_id = bc_clock_add_timeout (self->clock, delay, on_retry_due_cb,
                                        g_object_ref (task), g_object_unref);
  _bc_api_client_emit_retry_scheduled (self, req->attempt, delay, error);
  g_error_free (error);
}

static void
on_send_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BcApiClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  gpointer result_data;
  guint status;
  gsize size = 0;
  const char *data;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  bc_clock_remove (self->clock, req->timeout_id);
  req->timeout_id = 0;

  if (g_task_return_error_if_cancelled (task))
    {
      request_detach (task);
      return;
    }

  if (bytes == NULL)
    {
      fail_or_retry (task, error_from_transport (self, req, error));
      return;
    }

  status = soup_message_get_status (req->msg);
  g_debug ("%s %s → %u (%" G_GINT64_FORMAT " ms, attempt %u)", req->method, req->path, status,
           (g_get_monotonic_time () - req->sent_at_us) / 1000, req->attempt);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (req->msg);

      fail_or_retry (task, _bc_api_error_from_answer (self, status,
                                                      soup_message_get_reason_phrase (req->msg),
                                                      bytes,
                                                      soup_message_headers_get_one (headers, "Retry-After"),
                                                      bc_clock_now_ms (self->clock),
                                                      req->flags & BC_API_REQUEST_RETRY_SAFE));
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  parser = json_parser_new_immutable ();
  if (size == 0 || !json_parser_load_from_data (parser, data, size, &parse_error) ||
      json_parser_get_root (parser) == NULL)
    {
      request_return_error (task, bc_api_error_new_full (BC_API_ERROR_PROTOCOL, status, NULL, -1, FALSE,
                                                         _("The server’s answer could not be read.")));
      return;
    }

  result_data = req->parse (self, json_parser_get_root (parser), &error);
  request_detach (task);
  if (result_data == NULL && error->domain == BC_API_ERROR && bc_api_error_get_http_status (error) == 0)
    {
      /* Parsers that know nothing of HTTP: add what the answer was. */
      g_task_return_error (task, bc_api_error_new_full (error->code, status, NULL, -1, FALSE, error->message));
    }
  else if (result_data == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result_data, req->result_free);
}

static void
on_msg_starting_cb (SoupMessage *msg,
                    gpointer     user_data)
{
  Request *req = user_data;

  req->started = TRUE;
}

static gboolean
on_timeout_cb (gpointer data)
{
  Request *req = data;

  req->timeout_id = 0;
  req->timed_out = TRUE;
  g_cancellable_cancel (req->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
send_attempt (GTask *task)
{
  BcApiClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *uri = g_strconcat (self->base_url, req->path, NULL);
  SoupMessageHeaders *headers;

  req->attempt++;
  req->started = FALSE;
  req->timed_out = FALSE;
  g_clear_object (&req->msg);
  g_clear_object (&req->attempt_cancellable);

  req->msg = soup_message_new (req->method, uri);
  if (req->msg == NULL)
    {
      request_return_error (task, bc_api_error_new_full (BC_API_ERROR_INVALID_REQUEST, 0, NULL, -1, FALSE,
                                                         _("The request address is not valid.")));
      return;
    }

  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", req->body);
  if (req->flags & BC_API_REQUEST_REUSE)
    soup_message_add_flags (req->msg, SOUP_MESSAGE_IDEMPOTENT);
  else
    /* This connection will carry nothing else: say so, and both ends close
     * it after the answer. Left open, it idles in libsoup's pool until
     * evicted, and a libsoup 3.2 server (the sandbox) never notices the
     * client's close: one descriptor per call placed, until EMFILE. */
    soup_message_headers_replace (headers, "Connection", "close");

  g_signal_connect (req->msg, "starting", G_CALLBACK (on_msg_starting_cb), req);

  req->attempt_cancellable = g_cancellable_new ();
  if (self->timeout_ms > 0)
    req->timeout_id = bc_clock_add_timeout (self->clock, self->timeout_ms, on_timeout_cb, req, NULL);
  req->sent_at_us = g_get_monotonic_time ();

  soup_session_send_and_read_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                                    req->attempt_cancellable, on_send_cb, g_object_ref (task));
}

static gboolean
on_cancel_idle_cb (gpointer data)
{
  GTask *task = data;
  Request *req = g_task_get_task_data (task);

  req->cancel_idle_id = 0;
  /* Between attempts nothing else will complete the task. */
  if (req->retry_id != 0)
    {
      request_detach (task);
      g_task_return_error_if_cancelled (task);
    }
  return G_SOURCE_REMOVE;
}

/* Runs inside g_cancellable_cancel(): only defer, never complete the task
 * here (its callback could disconnect this handler and deadlock). */
static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      data)
{
  GTask *task = data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GSource) source = NULL;

  if (req->attempt_cancellable != NULL)
    g_cancellable_cancel (req->attempt_cancellable);

  if (req->cancel_idle_id == 0)
    {
      source = g_idle_source_new ();
      g_source_set_callback (source, on_cancel_idle_cb, g_object_ref (task), g_object_unref);
      g_source_set_static_name (source, "[bc] api request cancelled");
      req->cancel_idle_id = g_source_attach (source, g_task_get_context (task));
    }
}

void
_bc_api_client_request (BcApiClient         *self,
                        const char          *method,
                        const char          *path_and_query,
                        JsonNode            *body,
                        BcApiRequestFlags    flags,
                        BcApiParseFunc       parse,
                        GDestroyNotify       result_free,
                        GCancellable        *cancellable,
                        gpointer             source_tag,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Request *req;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, TRUE);

  req = g_new0 (Request, 1);
  req->method = g_strdup (method);
  req->path = g_strdup (path_and_query);
  req->flags = flags;
  req->parse = parse;
  req->result_free = result_free;
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      req->body = g_bytes_new_take (g_steal_pointer (&text), len);
    }
  g_task_set_task_data (task, req, request_free);

  if (!self->base_url_ok)
    {
      bc_api_check_base_url (self->base_url, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (cancellable != NULL)
    req->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), task, NULL);

  send_attempt (task);
}

gpointer
_bc_api_client_request_finish (BcApiClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
