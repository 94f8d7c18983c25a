/* bc-sandbox-handlers.c: routing, auth, the account endpoints, shared helpers
 *
 * Enforces the contract as the real service would: token, required
 * fields, E.164, agent and number checks, SIP header keys, metadata shape,
 * the workspace concurrency limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-sandbox"

#include "config.h"

#include "bc-sandbox-private.h"

/* A string member, or NULL when absent or of another type. */
const char *
_sb_get_string (JsonObject *o,
                const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

JsonNode *
_sb_parse_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

void
_sb_respond_rate_limited (BcSandbox         *self,
                          SoupServerMessage *msg,
                          gboolean           retell,
                          const char        *code,
                          const char        *message)
{
  char value[16];

  g_snprintf (value, sizeof value, "%u", self->options.retry_after_s);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", value);
  _sb_respond_error (msg, retell, 429, code, message);
}

/* TRUE when a fault answered (or will answer) @msg instead. */
gboolean
_sb_apply_gateway_fault (BcSandbox         *self,
                         SoupServerMessage *msg,
                         gboolean           retell,
                         SbFault            fault)
{
  switch (fault)
    {
    case SB_FAULT_429:
      _sb_respond_rate_limited (self, msg, retell, "rate_limited", "Too many requests");
      return TRUE;
    case SB_FAULT_500:
      _sb_respond_error (msg, retell, 500, "internal_error", "Internal server error");
      return TRUE;
    case SB_FAULT_503:
      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html><body><h1>503 Service Unavailable</h1></body></html>", 58);
      return TRUE;
    case SB_FAULT_NONE:
    case SB_FAULT_SLOW:
    case SB_FAULT_CLOSE:
    default:
      return FALSE;
    }
}

/* Sends the response already set, late or never, as @fault says. */
void
_sb_deliver (BcSandbox         *self,
             SoupServerMessage *msg,
             SbFault            fault)
{
  if (fault == SB_FAULT_SLOW)
    _sb_answer_late (self, msg);
  else if (fault == SB_FAULT_CLOSE)
    _sb_drop_connection (msg);
}

gboolean
_sb_check_workspace (BcSandbox         *self,
                     SoupServerMessage *msg,
                     GHashTable        *query)
{
  const char *w = query != NULL ? g_hash_table_lookup (query, "workspaceId") : NULL;
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, self->options.workspace_id);

  if (w == NULL)
    {
      _sb_respond_error (msg, FALSE, 400, "invalid_request", "workspaceId is required");
      return FALSE;
    }
  if (!g_str_equal (w, expected))
    {
      _sb_respond_error (msg, FALSE, 403, "forbidden", "This token has no access to that workspace");
      return FALSE;
    }
  return TRUE;
}

static void
add_outbound (JsonBuilder *b,
              SbNumber    *n)
{
  json_builder_set_member_name (b, "outbound_agents");
  json_builder_begin_array (b);
  for (guint j = 0; j < n->outbound->len; j++)
    {
      SbOutbound *o = g_ptr_array_index (n->outbound, j);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "agent_id");
      json_builder_add_string_value (b, o->agent_id);
      json_builder_set_member_name (b, "agent_version");
      json_builder_add_int_value (b, o->version);
      json_builder_set_member_name (b, "weight");
      json_builder_add_double_value (b, o->weight);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
handle_numbers (BcSandbox         *self,
                SoupServerMessage *msg,
                gboolean           retell)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (!retell)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "success");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "numbers");
    }
  json_builder_begin_array (b);
  for (guint i = 0; i < self->numbers->len; i++)
    {
      SbNumber *n = g_ptr_array_index (self->numbers, i);
      SbOutbound *first = n->outbound->len > 0 ? g_ptr_array_index (n->outbound, 0) : NULL;
      const char *agent = first != NULL ? first->agent_id : n->legacy_agent_id;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, retell ? "phone_number" : "number");
      json_builder_add_string_value (b, n->number);
      if (!retell)
        {
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, n->id);
          json_builder_set_member_name (b, "workspace_id");
          json_builder_add_int_value (b, self->options.workspace_id);
          json_builder_set_member_name (b, "agent_id");
          if (n->legacy_agent_id != NULL)
            json_builder_add_string_value (b, n->legacy_agent_id);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "default_agent_id");
          json_builder_add_null_value (b);
        }
      else if (agent != NULL)
        {
          json_builder_set_member_name (b, "outbound_agent_id");
          json_builder_add_string_value (b, agent);
        }
      if (n->outbound->len > 0)
        {
          add_outbound (b, n);
          json_builder_set_member_name (b, "outbound_agent_version");
          json_builder_add_int_value (b, first->version);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (!retell)
    json_builder_end_object (b);

  root = json_builder_get_root (b);
  _sb_respond (msg, 200, root);
}

static void
handle_agents (BcSandbox         *self,
               SoupServerMessage *msg,
               gboolean           retell,
               GHashTable        *query)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *key = query != NULL ? g_hash_table_lookup (query, retell ? "pagination_key" : "paginationKey") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  gint64 limit = limit_text != NULL ? g_ascii_strtoll (limit_text, NULL, 10) : 1000;
  guint n = 0;

  if (limit < 1 || limit > 1000)
    {
      _sb_respond_error (msg, retell, 400, "invalid_request", "limit must be between 1 and 1000");
      return;
    }

  /* Agents are kept sorted by id; a page resumes after the key. */
  json_builder_begin_array (b);
  for (guint i = 0; i < self->agents->len && n < limit; i++)
    {
      SbAgent *a = g_ptr_array_index (self->agents, i);

      if (key != NULL && g_strcmp0 (a->agent_id, key) <= 0)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "agent_id");
      json_builder_add_string_value (b, a->agent_id);
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, a->n_versions - 1);
      json_builder_set_member_name (b, "agent_name");
      json_builder_add_string_value (b, a->name);
      json_builder_end_object (b);
      n++;
    }
  json_builder_end_array (b);

  root = json_builder_get_root (b);
  _sb_respond (msg, 200, root);
}

static void
handle_concurrency (BcSandbox         *self,
                    SoupServerMessage *msg,
                    gboolean           retell)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint active = _sb_active_calls (self, _sb_now_ms (self));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, retell ? "concurrency_limit" : "maxConcurrent");
  json_builder_add_int_value (b, self->options.concurrency_limit);
  json_builder_set_member_name (b, retell ? "current_concurrency" : "currentUsage");
  json_builder_add_int_value (b, active);
  json_builder_set_member_name (b, retell ? "purchased_concurrency" : "purchasedConcurrency");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, retell ? "concurrency_purchase_limit" : "concurrencyPurchaseLimit");
  json_builder_add_int_value (b, 100);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  _sb_respond (msg, 200, root);
}

static gboolean
authorized (BcSandbox         *self,
            SoupServerMessage *msg,
            gboolean           retell)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *message = NULL;

  if (auth != NULL && g_str_has_prefix (auth, "Bearer ") && g_str_equal (auth + 7, self->options.token))
    return TRUE;

  /* Like many real services, it echoes what it was given: the client must
   * keep that out of its errors and logs. */
  message = auth != NULL && g_str_has_prefix (auth, "Bearer ")
            ? g_strdup_printf ("Invalid API key: %s", auth + 7)
            : g_strdup ("Missing Authorization: Bearer token");
  _sb_respond_error (msg, retell, 401, "unauthorized", message);
  return FALSE;
}

void
_sb_handle_api (BcSandbox         *self,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, "GET");
  gboolean post = g_str_equal (method, "POST");
  gboolean retell = !g_str_has_prefix (path, "/api/");
  SbFault fault = SB_FAULT_NONE;
  const char *sid_path;

  if (!authorized (self, msg, retell))
    return;

  /* Creating endpoints draw their faults themselves, keyed by number. */
  if (!(post && (g_str_equal (path, "/api/v1/calls/initiate") || g_str_equal (path, "/v2/create-phone-call"))))
    {
      fault = _sb_draw_fault (self, NULL, FALSE);
      if (_sb_apply_gateway_fault (self, msg, retell, fault))
        return;
    }

  if (get && g_str_has_prefix (path, "/api/numbers/"))
    {
      sid_path = path + strlen ("/api/numbers/");
      if (!g_str_equal (sid_path, self->options.account_sid))
        _sb_respond_error (msg, FALSE, 404, "not_found", "Unknown account");
      else
        handle_numbers (self, msg, FALSE);
    }
  else if (get && g_str_equal (path, "/list-phone-numbers"))
    handle_numbers (self, msg, TRUE);
  else if (get && g_str_equal (path, "/api/agents"))
    {
      if (_sb_check_workspace (self, msg, query))
        handle_agents (self, msg, FALSE, query);
    }
  else if (get && g_str_equal (path, "/list-agents"))
    handle_agents (self, msg, TRUE, query);
  else if (get && g_str_equal (path, "/api/concurrency"))
    {
      if (_sb_check_workspace (self, msg, query))
        handle_concurrency (self, msg, FALSE);
    }
  else if (get && g_str_equal (path, "/get-concurrency"))
    handle_concurrency (self, msg, TRUE);
  else if (post && g_str_equal (path, "/api/v1/calls/initiate"))
    _sb_handle_initiate (self, msg, FALSE);
  else if (post && g_str_equal (path, "/v2/create-phone-call"))
    _sb_handle_initiate (self, msg, TRUE);
  else if (get && g_str_equal (path, "/api/v1/calls"))
    _sb_handle_list_native (self, msg, query);
  else if (get && g_str_has_prefix (path, "/api/v1/calls/"))
    _sb_handle_get_call (self, msg, FALSE, path + strlen ("/api/v1/calls/"));
  else if (get && g_str_has_prefix (path, "/v2/get-call/"))
    _sb_handle_get_call (self, msg, TRUE, path + strlen ("/v2/get-call/"));
  else if (post && g_str_equal (path, "/v2/list-calls"))
    _sb_handle_list_retell (self, msg);
  else if (post && g_str_equal (path, "/create-batch-call"))
    _sb_handle_batch (self, msg);
  else
    {
      _sb_respond_error (msg, retell, 404, "not_found", "No such endpoint");
      return;
    }

  _sb_deliver (self, msg, fault);
}
