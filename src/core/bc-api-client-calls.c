/* bc-api-client-calls.c: placing, following and listing calls, per profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-api-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bc-api-client-private.h"
#include "bc-api-json.h"

#define UPONAI_MAX_CALL_LIMIT 100
#define RETELL_MAX_CALL_LIMIT 1000

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
      g_propagate_error (error, _bc_api_protocol_error ("not an object"));
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
      _bc_api_return_early_error (self, error, bc_api_client_initiate_call_async, callback, user_data);
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

  id = _bc_api_escape (call_id);
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

  array = _bc_api_answer_array (root, BC_NAMES ("calls", "data"));
  if (array == NULL)
    {
      g_propagate_error (error, _bc_api_protocol_error ("no list of calls"));
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
  if (query->batch_call_id != NULL)
    {
      json_builder_set_member_name (b, "batch_call_id");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, query->batch_call_id);
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
      if (_bc_api_need_account (self, FALSE, bc_api_client_list_calls_async, callback, user_data))
        return;
      path = g_string_new ("/api/v1/calls");
      _bc_api_append_query_int (path, "workspaceId", bc_api_client_get_workspace_id (self));
      _bc_api_append_query (path, "agentId", query->agent_id);
      _bc_api_append_query (path, "status", query->status);
      if (query->from_ms > 0)
        _bc_api_append_query (path, "fromDate", (from = iso8601 (query->from_ms)));
      if (query->to_ms > 0)
        _bc_api_append_query (path, "toDate", (to = iso8601 (query->to_ms)));
      _bc_api_append_query (path, "page", query->cursor != NULL ? query->cursor : "1");
      _bc_api_append_query_int (path, "limit", query->limit > 0 ? MIN (query->limit, UPONAI_MAX_CALL_LIMIT)
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
    g_propagate_error (error, _bc_api_protocol_error ("no batch_call_id"));
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
      _bc_api_return_early_error (self, bc_api_error_new_full (BC_API_ERROR_NOT_SUPPORTED, 0, NULL, -1, FALSE,
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
