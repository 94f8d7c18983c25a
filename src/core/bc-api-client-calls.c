/* bc-api-client-calls.c: the endpoints, per profile, and reading answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-api-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bc-api-client-private.h"
#include "bc-api-json.h"

#define AGENTS_PAGE_LIMIT     1000
#define UPONAI_MAX_CALL_LIMIT 100
#define RETELL_MAX_CALL_LIMIT 1000

/* ---- errors ---------------------------------------------------------- */

static gint64
parse_retry_after (const char *value,
                   gint64      now_ms)
{
  g_autoptr(GDateTime) date = NULL;
  char *end = NULL;
  double seconds;

  if (value == NULL)
    return -1;

  seconds = g_ascii_strtod (value, &end);
  if (end != value && *end == '\0')
    return seconds >= 0 && seconds < 86400.0 * 365 ? (gint64) (seconds * 1000) : -1;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;
  return MAX (0, g_date_time_to_unix (date) * 1000 - now_ms);
}

static gboolean
looks_like_code (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && *s != '_' && *s != '-' && *s != '.')
      return FALSE;
  return TRUE;
}

GError *
_bc_api_error_from_answer (BcApiClient *self,
                           guint        status,
                           const char  *reason,
                           GBytes      *body,
                           const char  *retry_after,
                           gint64       now_ms,
                           gboolean     retry_safe)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *server_message = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *shown = NULL;
  JsonObject *object = NULL;
  BcApiErrorCode error_code;
  gboolean fate_unknown = FALSE;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (size > 0 && json_parser_load_from_data (parser, data, size, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  if (object != NULL)
    {
      JsonObject *nested = bc_api_json_get_object (object, BC_NAMES ("error"));

      server_message = bc_api_json_dup_string (object, BC_NAMES ("message", "detail", "error_message"));
      if (server_message == NULL)
        server_message = bc_api_json_dup_string (nested != NULL ? nested : object,
                                                 nested != NULL ? BC_NAMES ("message") : BC_NAMES ("error"));
      code = bc_api_json_dup_string (nested != NULL ? nested : object,
                                     BC_NAMES ("code", "error_code", "errorCode", "reason"));
      if (code == NULL && nested == NULL)
        {
          g_autofree char *error_text = bc_api_json_dup_string (object, BC_NAMES ("error"));
          if (looks_like_code (error_text))
            code = g_steal_pointer (&error_text);
        }
    }

  if (g_strcmp0 (code, "no_valid_payment") == 0 || status == SOUP_STATUS_PAYMENT_REQUIRED)
    error_code = BC_API_ERROR_PAYMENT_REQUIRED;
  else if (g_strcmp0 (code, "concurrency_limit_reached") == 0 || status == 429)
    error_code = BC_API_ERROR_RATE_LIMITED;
  else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    error_code = BC_API_ERROR_UNAUTHORIZED;
  else if (status == SOUP_STATUS_NOT_FOUND)
    error_code = BC_API_ERROR_NOT_FOUND;
  else if (status >= 500 && status < 600)
    {
      error_code = BC_API_ERROR_SERVER;
      /* 502/503 come from in front of the service; any other 5xx to a
       * request that creates something may have come after it did. */
      fate_unknown = !retry_safe && status != SOUP_STATUS_BAD_GATEWAY &&
                     status != SOUP_STATUS_SERVICE_UNAVAILABLE;
    }
  else if (status >= 400 && status < 500)
    error_code = BC_API_ERROR_INVALID_REQUEST;
  else
    error_code = BC_API_ERROR_PROTOCOL;

  shown = _bc_api_client_redact (self, server_message != NULL && *server_message != '\0'
                                       ? server_message
                                       : (reason != NULL && *reason != '\0' ? reason
                                          : soup_status_get_phrase (status)));
  switch (error_code)
    {
    case BC_API_ERROR_UNAUTHORIZED:
      message = g_strdup_printf (_("The API token was refused (%s)."), shown);
      break;
    case BC_API_ERROR_PAYMENT_REQUIRED:
      message = g_strdup_printf (_("The account has no valid payment method (%s)."), shown);
      break;
    case BC_API_ERROR_RATE_LIMITED:
      message = g_strdup_printf (_("Too many calls at once (%s)."), shown);
      break;
    case BC_API_ERROR_NOT_FOUND:
      message = g_strdup_printf (_("Not found (%s)."), shown);
      break;
    case BC_API_ERROR_SERVER:
      message = g_strdup_printf (_("The server failed (HTTP %u: %s)."), status, shown);
      break;
    case BC_API_ERROR_PROTOCOL:
      message = g_strdup_printf (_("Unexpected answer from the server (HTTP %u)."), status);
      break;
    case BC_API_ERROR_INVALID_REQUEST:
    case BC_API_ERROR_NETWORK:
    case BC_API_ERROR_TIMEOUT:
    case BC_API_ERROR_INSECURE_URL:
    case BC_API_ERROR_NOT_SUPPORTED:
    default:
      message = g_steal_pointer (&shown);
      break;
    }

  return bc_api_error_new_full (error_code, status, code,
                                parse_retry_after (retry_after, now_ms),
                                fate_unknown, message);
}

gboolean
_bc_api_check_success (BcApiClient  *self,
                       JsonNode     *root,
                       GError      **error)
{
  JsonObject *object;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;

  object = json_node_get_object (root);
  if (bc_api_json_get_tristate (object, BC_NAMES ("success")) != 0 &&
      g_strcmp0 (json_object_get_string_member_with_default (object, "status", ""), "error") != 0)
    return TRUE;

  /* A refusal dressed as 200: read it like a 400. */
  text = json_to_string (root, FALSE);
  bytes = g_bytes_new_static (text, strlen (text));
  g_propagate_error (error, _bc_api_error_from_answer (self, SOUP_STATUS_BAD_REQUEST, NULL, bytes,
                                                       NULL, 0, FALSE));
  return FALSE;
}

static GError *
protocol_error (const char *what)
{
  g_autofree char *message = g_strdup_printf (_("The server’s answer could not be read: %s."), what);

  return bc_api_error_new_full (BC_API_ERROR_PROTOCOL, 200, NULL, -1, FALSE, message);
}

/* ---- helpers --------------------------------------------------------- */

/* The array of an answer: the root itself, or one of @names in it. */
static JsonArray *
answer_array (JsonNode           *root,
              const char * const *names)
{
  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  if (JSON_NODE_HOLDS_OBJECT (root))
    return bc_api_json_get_array (json_node_get_object (root), names);
  return NULL;
}

static char *
escape (const char *s)
{
  return g_uri_escape_string (s != NULL ? s : "", NULL, FALSE);
}

static void
append_query (GString    *path,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = escape (value);
  g_string_append_printf (path, "%c%s=%s", strchr (path->str, '?') ? '&' : '?', name, escaped);
}

static void
append_query_int (GString    *path,
                  const char *name,
                  gint64      value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  append_query (path, name, buf);
}

static gboolean
return_early_error (BcApiClient         *self,
                    GError              *error,
                    gpointer             source_tag,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
  return TRUE;
}

static gboolean
need_account (BcApiClient         *self,
              gboolean             sid,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  if (sid && bc_api_client_get_profile (self) == BC_API_PROFILE_UPONAI &&
      (bc_api_client_get_account_sid (self) == NULL || *bc_api_client_get_account_sid (self) == '\0'))
    return return_early_error (self, bc_api_error_new_full (BC_API_ERROR_INVALID_REQUEST, 0, NULL, -1, FALSE,
                                                            _("The account SID is not set.")),
                               source_tag, callback, user_data);

  if (!sid && bc_api_client_get_profile (self) == BC_API_PROFILE_UPONAI &&
      bc_api_client_get_workspace_id (self) < 0)
    return return_early_error (self, bc_api_error_new_full (BC_API_ERROR_INVALID_REQUEST, 0, NULL, -1, FALSE,
                                                            _("The workspace id is not set.")),
                               source_tag, callback, user_data);
  return FALSE;
}

/* ---- list numbers ---------------------------------------------------- */

static gpointer
parse_numbers (BcApiClient  *self,
               JsonNode     *root,
               GError      **error)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_from_number_free);
  JsonArray *array;

  if (!_bc_api_check_success (self, root, error))
    return NULL;

  array = answer_array (root, BC_NAMES ("numbers", "phone_numbers", "data"));
  if (array == NULL)
    {
      g_propagate_error (error, protocol_error ("no list of numbers"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      BcFromNumber *number = bc_from_number_new_from_json (json_array_get_element (array, i));

      if (number != NULL)
        g_ptr_array_add (numbers, number);
    }

  return g_steal_pointer (&numbers);
}

void
bc_api_client_list_numbers_async (BcApiClient         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *sid = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (need_account (self, TRUE, bc_api_client_list_numbers_async, callback, user_data))
    return;

  if (bc_api_client_get_profile (self) == BC_API_PROFILE_RETELL)
    path = g_strdup ("/list-phone-numbers");
  else
    {
      sid = escape (bc_api_client_get_account_sid (self));
      path = g_strconcat ("/api/numbers/", sid, NULL);
    }

  _bc_api_client_request (self, "GET", path, NULL, BC_API_REQUEST_RETRY_SAFE | BC_API_REQUEST_REUSE,
                          parse_numbers, (GDestroyNotify) g_ptr_array_unref,
                          cancellable, bc_api_client_list_numbers_async, callback, user_data);
}

GPtrArray *
bc_api_client_list_numbers_finish (BcApiClient   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _bc_api_client_request_finish (self, result, error);
}

/* ---- list agents ----------------------------------------------------- */

typedef struct
{
  GPtrArray *agents;
  char      *next_key;   /* NULL: last page */
} AgentPage;

static void
agent_page_free (gpointer data)
{
  AgentPage *page = data;

  g_clear_pointer (&page->agents, g_ptr_array_unref);
  g_free (page->next_key);
  g_free (page);
}

static gpointer
parse_agents (BcApiClient  *self,
              JsonNode     *root,
              GError      **error)
{
  AgentPage *page;
  JsonArray *array;
  guint n;

  if (!_bc_api_check_success (self, root, error))
    return NULL;

  array = answer_array (root, BC_NAMES ("agents", "data"));
  if (array == NULL)
    {
      g_propagate_error (error, protocol_error ("no list of agents"));
      return NULL;
    }

  page = g_new0 (AgentPage, 1);
  page->agents = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_agent_free);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      BcAgent *agent = bc_agent_new_from_json (json_array_get_element (array, i));

      if (agent != NULL)
        g_ptr_array_add (page->agents, agent);
    }

  /* The key of the next page: the answer's own when it is an object,
   * else (a bare array, full) the last agent id. */
  if (JSON_NODE_HOLDS_OBJECT (root))
    page->next_key = bc_api_json_dup_string (json_node_get_object (root),
                                             BC_NAMES ("paginationKey", "pagination_key", "nextPaginationKey"));
  else if (n >= AGENTS_PAGE_LIMIT && page->agents->len > 0)
    page->next_key = g_strdup (((BcAgent *) g_ptr_array_index (page->agents, page->agents->len - 1))->agent_id);

  return page;
}

static void request_agents_page (GTask *task, const char *key);

static void
on_agents_page_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GPtrArray *all = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  AgentPage *page;

  page = _bc_api_client_request_finish (BC_API_CLIENT (source), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < page->agents->len; i++)
    g_ptr_array_add (all, bc_agent_copy (g_ptr_array_index (page->agents, i)));

  /* A server repeating its key would loop forever. */
  if (page->next_key != NULL && page->agents->len > 0 && all->len < 1000000)
    request_agents_page (task, page->next_key);
  else
    g_task_return_pointer (task, g_ptr_array_ref (all), (GDestroyNotify) g_ptr_array_unref);

  agent_page_free (page);
}

static void
request_agents_page (GTask      *task,
                     const char *key)
{
  BcApiClient *self = g_task_get_source_object (task);
  g_autoptr(GString) path = NULL;

  if (bc_api_client_get_profile (self) == BC_API_PROFILE_RETELL)
    {
      path = g_string_new ("/list-agents");
      append_query (path, "pagination_key", key);
    }
  else
    {
      path = g_string_new ("/api/agents");
      append_query_int (path, "workspaceId", bc_api_client_get_workspace_id (self));
      append_query_int (path, "limit", AGENTS_PAGE_LIMIT);
      append_query (path, "paginationKey", key);
    }

  _bc_api_client_request (self, "GET", path->str, NULL, BC_API_REQUEST_RETRY_SAFE | BC_API_REQUEST_REUSE,
                          parse_agents, agent_page_free, g_task_get_cancellable (task),
                          bc_api_client_list_agents_async, on_agents_page_cb, g_object_ref (task));
}

void
bc_api_client_list_agents_async (BcApiClient         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (need_account (self, FALSE, bc_api_client_list_agents_async, callback, user_data))
    return;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bc_api_client_list_agents_async);
  g_task_set_task_data (task, g_ptr_array_new_with_free_func ((GDestroyNotify) bc_agent_free),
                        (GDestroyNotify) g_ptr_array_unref);
  request_agents_page (task, NULL);
}

GPtrArray *
bc_api_client_list_agents_finish (BcApiClient   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- concurrency ----------------------------------------------------- */

static gpointer
parse_concurrency (BcApiClient  *self,
                   JsonNode     *root,
                   GError      **error)
{
  BcConcurrency *c;
  JsonObject *object;

  if (!_bc_api_check_success (self, root, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, protocol_error ("not an object"));
      return NULL;
    }

  object = json_node_get_object (root);
  if (bc_api_json_get_object (object, BC_NAMES ("concurrency", "data")) != NULL)
    object = bc_api_json_get_object (object, BC_NAMES ("concurrency", "data"));

  c = g_new0 (BcConcurrency, 1);
  c->max_concurrent = bc_api_json_get_int (object, BC_NAMES ("maxConcurrent", "concurrency_limit", "max_concurrent"), -1);
  c->current_usage = bc_api_json_get_int (object, BC_NAMES ("currentUsage", "current_concurrency", "current_usage"), -1);
  c->purchased = bc_api_json_get_int (object, BC_NAMES ("purchasedConcurrency", "purchased_concurrency"), -1);
  c->purchase_limit = bc_api_json_get_int (object, BC_NAMES ("concurrencyPurchaseLimit", "concurrency_purchase_limit"), -1);
  if (c->max_concurrent < 0)
    {
      g_free (c);
      g_propagate_error (error, protocol_error ("no concurrency limit"));
      return NULL;
    }

  return c;
}

void
bc_api_client_get_concurrency_async (BcApiClient         *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GString) path = NULL;

  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (need_account (self, FALSE, bc_api_client_get_concurrency_async, callback, user_data))
    return;

  if (bc_api_client_get_profile (self) == BC_API_PROFILE_RETELL)
    path = g_string_new ("/get-concurrency");
  else
    {
      path = g_string_new ("/api/concurrency");
      append_query_int (path, "workspaceId", bc_api_client_get_workspace_id (self));
    }

  _bc_api_client_request (self, "GET", path->str, NULL, BC_API_REQUEST_RETRY_SAFE | BC_API_REQUEST_REUSE,
                          parse_concurrency, g_free,
                          cancellable, bc_api_client_get_concurrency_async, callback, user_data);
}

gboolean
bc_api_client_get_concurrency_finish (BcApiClient    *self,
                                      GAsyncResult   *result,
                                      BcConcurrency  *concurrency,
                                      GError        **error)
{
  g_autofree BcConcurrency *c = _bc_api_client_request_finish (self, result, error);

  if (c == NULL)
    return FALSE;
  if (concurrency != NULL)
    *concurrency = *c;
  return TRUE;
}

/* ---- calls ----------------------------------------------------------- */

/* The call object of an answer: the native API wraps it twice
 * ({success, call_sid, call: {success, call: {...}}}), get-call once, the
 * retell profile not at all. */
static gpointer
parse_call (BcApiClient  *self,
            JsonNode     *root,
            GError      **error)
{
  JsonObject *object, *inner;
  g_autofree char *sid = NULL;
  BcCallInfo *info;

  if (!_bc_api_check_success (self, root, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, protocol_error ("not an object"));
      return NULL;
    }

  object = json_node_get_object (root);
  sid = bc_api_json_dup_string (object, BC_NAMES ("call_sid", "callSid"));
  for (guint depth = 0; depth < 3; depth++)
    {
      inner = bc_api_json_get_object (object, BC_NAMES ("call"));
      if (inner == NULL)
        break;
      if (!_bc_api_check_success (self, json_object_get_member (object, "call"), error))
        return NULL;
      object = inner;
    }

  /* The outer call_sid stands in for an inner object without an id. */
  if (sid != NULL && bc_api_json_member (object, BC_NAMES ("call_id", "callId", "id")) == NULL)
    {
      g_autoptr(JsonNode) copy = json_node_alloc ();
      JsonObject *patched = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (patched, name, json_node_copy (value));
      json_object_set_string_member (patched, "callId", sid);
      json_node_init_object (copy, patched);
      json_object_unref (patched);
      return bc_call_info_new_from_json (copy, error);
    }

  {
    g_autoptr(JsonNode) node = json_node_alloc ();
    json_node_init_object (node, object);
    info = bc_call_info_new_from_json (node, error);
  }
  return info;
}

void
bc_api_client_initiate_call_async (BcApiClient         *self,
                                   const BcCallRequest *request,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  BcApiProfile profile;
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;
  BcApiRequestFlags flags = 0;

  g_return_if_fail (BC_IS_API_CLIENT (self));
  g_return_if_fail (request != NULL);

  profile = bc_api_client_get_profile (self);
  body = bc_api_build_initiate_body (profile, bc_api_client_get_workspace_id (self), request, &error);
  if (body == NULL)
    {
      return_early_error (self, error, bc_api_client_initiate_call_async, callback, user_data);
      return;
    }

  if (bc_api_client_get_reuse_connections (self))
    flags |= BC_API_REQUEST_REUSE;

  _bc_api_client_request (self, "POST",
                          profile == BC_API_PROFILE_RETELL ? "/v2/create-phone-call" : "/api/v1/calls/initiate",
                          body, flags, parse_call, (GDestroyNotify) bc_call_info_free,
                          cancellable, bc_api_client_initiate_call_async, callback, user_data);
}

BcCallInfo *
bc_api_client_initiate_call_finish (BcApiClient   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _bc_api_client_request_finish (self, result, error);
}

void
bc_api_client_get_call_async (BcApiClient         *self,
                              const char          *call_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BC_IS_API_CLIENT (self));
  g_return_if_fail (call_id != NULL);

  id = escape (call_id);
  if (bc_api_client_get_profile (self) == BC_API_PROFILE_RETELL)
    path = g_strconcat ("/v2/get-call/", id, NULL);
  else
    path = g_strconcat ("/api/v1/calls/", id, NULL);

  _bc_api_client_request (self, "GET", path, NULL, BC_API_REQUEST_RETRY_SAFE | BC_API_REQUEST_REUSE,
                          parse_call, (GDestroyNotify) bc_call_info_free,
                          cancellable, bc_api_client_get_call_async, callback, user_data);
}

BcCallInfo *
bc_api_client_get_call_finish (BcApiClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _bc_api_client_request_finish (self, result, error);
}

static gpointer
parse_call_page (BcApiClient  *self,
                 JsonNode     *root,
                 GError      **error)
{
  g_autoptr(BcCallPage) page = g_new0 (BcCallPage, 1);
  JsonArray *array;
  guint n;

  if (!_bc_api_check_success (self, root, error))
    return NULL;

  array = answer_array (root, BC_NAMES ("calls", "data"));
  if (array == NULL)
    {
      g_propagate_error (error, protocol_error ("no list of calls"));
      return NULL;
    }

  page->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_call_info_free);
  page->total = -1;
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      BcCallInfo *info = bc_call_info_new_from_json (json_array_get_element (array, i), NULL);

      if (info != NULL)
        g_ptr_array_add (page->calls, info);
      else
        page->n_unreadable++;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *pagination = bc_api_json_get_object (json_node_get_object (root), BC_NAMES ("pagination"));
      gint64 number = bc_api_json_get_int (pagination, BC_NAMES ("page"), 1);
      gint64 limit = bc_api_json_get_int (pagination, BC_NAMES ("limit"), n);

      page->total = bc_api_json_get_int (pagination, BC_NAMES ("total"), -1);
      if ((page->total >= 0 && number * limit < page->total) ||
          (page->total < 0 && n > 0 && n >= limit))
        page->next_cursor = g_strdup_printf ("%" G_GINT64_FORMAT, number + 1);
    }
  else if (n > 0)
    {
      /* A bare array says nothing of what follows: the page after the
       * last one comes back empty, which costs one request per listing. */
      JsonNode *last = json_array_get_element (array, n - 1);
      page->next_cursor = JSON_NODE_HOLDS_OBJECT (last)
        ? bc_api_json_dup_string (json_node_get_object (last), BC_NAMES ("call_id", "callId"))
        : NULL;
    }

  return g_steal_pointer (&page);
}

/* ISO 8601 UTC with milliseconds, as the native API's fromDate/toDate. */
static char *
iso8601 (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *seconds = NULL;

  if (dt == NULL)
    return NULL;
  seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) (ms % 1000));
}

static JsonNode *
retell_list_body (const BcListCallsQuery *query)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "filter_criteria");
  json_builder_begin_object (b);
  if (query->agent_id != NULL)
    {
      json_builder_set_member_name (b, "agent_id");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, query->agent_id);
      json_builder_end_array (b);
    }
  if (query->status != NULL)
    {
      json_builder_set_member_name (b, "call_status");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, query->status);
      json_builder_end_array (b);
    }
  if (query->from_ms > 0 || query->to_ms > 0)
    {
      json_builder_set_member_name (b, "start_timestamp");
      json_builder_begin_object (b);
      if (query->from_ms > 0)
        {
          json_builder_set_member_name (b, "lower_threshold");
          json_builder_add_int_value (b, query->from_ms);
        }
      if (query->to_ms > 0)
        {
          json_builder_set_member_name (b, "upper_threshold");
          json_builder_add_int_value (b, query->to_ms);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "sort_order");
  json_builder_add_string_value (b, "ascending");
  json_builder_set_member_name (b, "limit");
  json_builder_add_int_value (b, query->limit > 0 ? MIN (query->limit, RETELL_MAX_CALL_LIMIT) : RETELL_MAX_CALL_LIMIT);
  if (query->cursor != NULL)
    {
      json_builder_set_member_name (b, "pagination_key");
      json_builder_add_string_value (b, query->cursor);
    }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

void
bc_api_client_list_calls_async (BcApiClient            *self,
                                const BcListCallsQuery *query,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GString) path = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const char *method = "GET";

  g_return_if_fail (BC_IS_API_CLIENT (self));
  g_return_if_fail (query != NULL);

  if (bc_api_client_get_profile (self) == BC_API_PROFILE_RETELL)
    {
      /* A read, although a POST: safe to repeat. */
      method = "POST";
      path = g_string_new ("/v2/list-calls");
      body = retell_list_body (query);
    }
  else
    {
      if (need_account (self, FALSE, bc_api_client_list_calls_async, callback, user_data))
        return;
      path = g_string_new ("/api/v1/calls");
      append_query_int (path, "workspaceId", bc_api_client_get_workspace_id (self));
      append_query (path, "agentId", query->agent_id);
      append_query (path, "status", query->status);
      if (query->from_ms > 0)
        append_query (path, "fromDate", (from = iso8601 (query->from_ms)));
      if (query->to_ms > 0)
        append_query (path, "toDate", (to = iso8601 (query->to_ms)));
      append_query (path, "page", query->cursor != NULL ? query->cursor : "1");
      append_query_int (path, "limit", query->limit > 0 ? MIN (query->limit, UPONAI_MAX_CALL_LIMIT)
                                                        : UPONAI_MAX_CALL_LIMIT);
    }

  _bc_api_client_request (self, method, path->str, body, BC_API_REQUEST_RETRY_SAFE | BC_API_REQUEST_REUSE,
                          parse_call_page, (GDestroyNotify) bc_call_page_free,
                          cancellable, bc_api_client_list_calls_async, callback, user_data);
}

BcCallPage *
bc_api_client_list_calls_finish (BcApiClient   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _bc_api_client_request_finish (self, result, error);
}

/* ---- server-side batch (retell) -------------------------------------- */

static gpointer
parse_batch_call (BcApiClient  *self,
                  JsonNode     *root,
                  GError      **error)
{
  char *id;

  if (!_bc_api_check_success (self, root, error))
    return NULL;

  id = JSON_NODE_HOLDS_OBJECT (root)
    ? bc_api_json_dup_string (json_node_get_object (root), BC_NAMES ("batch_call_id", "batchCallId"))
    : NULL;
  if (id == NULL)
    g_propagate_error (error, protocol_error ("no batch_call_id"));
  return id;
}

void
bc_api_client_create_batch_call_async (BcApiClient         *self,
                                       JsonObject          *spec,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (BC_IS_API_CLIENT (self));
  g_return_if_fail (spec != NULL);

  if (bc_api_client_get_profile (self) != BC_API_PROFILE_RETELL)
    {
      return_early_error (self, bc_api_error_new_full (BC_API_ERROR_NOT_SUPPORTED, 0, NULL, -1, FALSE,
                                                       _("Server-side batches need the Retell-compatible profile.")),
                          bc_api_client_create_batch_call_async, callback, user_data);
      return;
    }

  body = json_node_alloc ();
  json_node_init_object (body, spec);
  _bc_api_client_request (self, "POST", "/create-batch-call", body, 0,
                          parse_batch_call, g_free,
                          cancellable, bc_api_client_create_batch_call_async, callback, user_data);
}

char *
bc_api_client_create_batch_call_finish (BcApiClient   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return _bc_api_client_request_finish (self, result, error);
}
