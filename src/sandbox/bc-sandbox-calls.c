/* bc-sandbox-calls.c: placing, reading and listing calls, both profiles
 *
 * Enforces the contract as the real service would: required fields,
 * E.164, agent and number checks, SIP header keys, metadata shape, the
 * workspace concurrency limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-sandbox"

#include "config.h"

#include "bc-phone.h"
#include "bc-sandbox-private.h"

typedef struct
{
  const char *from, *to, *agent, *version, *ignore, *headers, *variables;
} FieldNames;

static const FieldNames native_names = {
  "fromNumber", "toNumber", "agentId", "overrideAgentVersion",
  "ignoreE164Validation", "customSipHeaders", "uponai_dynamic_variables",
};
static const FieldNames retell_names = {
  "from_number", "to_number", "override_agent_id", "override_agent_version",
  "ignore_e164_validation", "custom_sip_headers", "retell_llm_dynamic_variables",
};

static gboolean
valid_sip_headers (JsonNode    *node,
                   const char **why)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *why = "must be an object";
      return FALSE;
    }
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    {
      const char *s;

      if (g_ascii_strncasecmp (name, "X-", 2) != 0 || name[2] == '\0')
        {
          *why = "keys must start with X-";
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          *why = "values must be strings";
          return FALSE;
        }
      s = json_node_get_string (value);
      if (strpbrk (s, "\r\n") != NULL)
        {
          *why = "values must not contain CR or LF";
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
string_values (JsonNode *node)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
      return FALSE;
  return TRUE;
}

/* Validates one call request of @body; on success sets the agent to use.
 * Answers @msg and returns FALSE on the first violation. */
static gboolean
validate_call (BcSandbox         *self,
               SoupServerMessage *msg,
               gboolean           retell,
               const FieldNames  *f,
               JsonObject        *o,
               const char        *from,
               const char       **agent_out,
               gint64            *version_out)
{
  const char *to = _sb_get_string (o, f->to);
  const char *agent = _sb_get_string (o, f->agent);
  JsonNode *node;
  SbNumber *number;
  SbAgent *a;
  gboolean ignore = FALSE;
  g_autofree char *message = NULL;
  const char *why = NULL;

  if (from == NULL || to == NULL)
    {
      message = g_strdup_printf ("%s is required", from == NULL ? f->from : f->to);
      _sb_respond_error (msg, retell, 400, "invalid_request", message);
      return FALSE;
    }

  number = _sb_find_number (self, from);
  if (number == NULL)
    {
      message = g_strdup_printf ("%s %s is not a number of this account", f->from, from);
      _sb_respond_error (msg, retell, 404, "not_found", message);
      return FALSE;
    }

  node = json_object_get_member (o, f->ignore);
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          message = g_strdup_printf ("%s must be a boolean", f->ignore);
          _sb_respond_error (msg, retell, 400, "invalid_request", message);
          return FALSE;
        }
      ignore = json_node_get_boolean (node);
    }
  if (!ignore && !bc_phone_is_e164 (to))
    {
      message = g_strdup_printf ("%s is not a valid E.164 number", f->to);
      _sb_respond_error (msg, retell, 400, "invalid_destination", message);
      return FALSE;
    }

  if (json_object_has_member (o, f->agent) && (agent == NULL || *agent == '\0'))
    {
      message = g_strdup_printf ("%s must be a non-empty string", f->agent);
      _sb_respond_error (msg, retell, 400, "invalid_request", message);
      return FALSE;
    }
  if (agent == NULL)
    {
      const SbOutbound *pick = _sb_number_pick (number, g_str_hash (to));

      agent = pick != NULL ? pick->agent_id : number->legacy_agent_id;
      *version_out = pick != NULL ? pick->version : -1;
      if (agent == NULL)
        {
          message = g_strdup_printf ("%s is required: %s is not bound to an agent", f->agent, from);
          _sb_respond_error (msg, retell, 400, "invalid_request", message);
          return FALSE;
        }
    }
  a = _sb_find_agent (self, agent);
  if (a == NULL)
    {
      message = g_strdup_printf ("Agent %s not found", agent);
      _sb_respond_error (msg, retell, 404, "not_found", message);
      return FALSE;
    }

  node = json_object_get_member (o, f->version);
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 0 || json_node_get_int (node) >= a->n_versions)
        {
          message = g_strdup_printf ("%s must be an existing version of %s (0–%" G_GINT64_FORMAT ")",
                                     f->version, agent, a->n_versions - 1);
          _sb_respond_error (msg, retell, 400, "invalid_request", message);
          return FALSE;
        }
      *version_out = json_node_get_int (node);
    }

  node = json_object_get_member (o, f->headers);
  if (node != NULL && !valid_sip_headers (node, &why))
    {
      message = g_strdup_printf ("%s: %s", f->headers, why);
      _sb_respond_error (msg, retell, 400, "invalid_request", message);
      return FALSE;
    }

  node = json_object_get_member (o, "metadata");
  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    {
      _sb_respond_error (msg, retell, 400, "invalid_request", "metadata must be an object");
      return FALSE;
    }

  node = json_object_get_member (o, f->variables);
  if (node != NULL && !string_values (node))
    {
      message = g_strdup_printf ("%s must be an object of strings", f->variables);
      _sb_respond_error (msg, retell, 400, "invalid_request", message);
      return FALSE;
    }

  *agent_out = agent;
  return TRUE;
}

static gboolean
concurrency_full (BcSandbox *self)
{
  return self->options.concurrency_limit > 0 && !self->options.zero_latency &&
         _sb_active_calls (self, _sb_now_ms (self)) >= self->options.concurrency_limit;
}

void
_sb_handle_initiate (BcSandbox         *self,
                     SoupServerMessage *msg,
                     gboolean           retell)
{
  const FieldNames *f = retell ? &retell_names : &native_names;
  g_autoptr(JsonNode) body = _sb_parse_body (msg);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *o;
  const char *agent = NULL;
  gint64 version = -1;
  SbFault fault;
  SbCall *call;
  JsonNode *w;

  if (body == NULL)
    {
      _sb_respond_error (msg, retell, 400, "invalid_request", "The body must be a JSON object");
      return;
    }
  o = json_node_get_object (body);

  fault = _sb_draw_fault (self, _sb_get_string (o, f->to) != NULL ? _sb_get_string (o, f->to) : "", TRUE);
  if (_sb_apply_gateway_fault (self, msg, retell, fault))
    return;

  if (self->options.payment_required)
    {
      _sb_respond_error (msg, retell, 402, "no_valid_payment", "No valid payment method on this account");
      return;
    }

  w = json_object_get_member (o, "workspaceId");
  if (!retell && w != NULL &&
      (!JSON_NODE_HOLDS_VALUE (w) || json_node_get_value_type (w) != G_TYPE_INT64 ||
       json_node_get_int (w) != self->options.workspace_id))
    {
      _sb_respond_error (msg, FALSE, 403, "forbidden", "This token has no access to that workspace");
      return;
    }

  if (!validate_call (self, msg, retell, f, o, _sb_get_string (o, f->from), &agent, &version))
    return;

  if (concurrency_full (self))
    {
      _sb_respond_rate_limited (self, msg, retell, "concurrency_limit_reached",
                            "Concurrency limit reached for this workspace");
      return;
    }

  call = _sb_create_call (self, _sb_get_string (o, f->from), _sb_get_string (o, f->to), agent, version,
                          json_object_get_member (o, "metadata"),
                          json_object_get_member (o, f->variables));

  if (retell)
    {
      answer = _sb_call_to_json (call, _sb_now_ms (self), TRUE);
      _sb_respond (msg, 201, answer);
    }
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "success");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "call_sid");
      json_builder_add_string_value (b, call->call_id);
      json_builder_set_member_name (b, "call");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "success");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "call");
      json_builder_add_value (b, _sb_call_to_json (call, _sb_now_ms (self), FALSE));
      json_builder_end_object (b);
      json_builder_end_object (b);
      answer = json_builder_get_root (b);
      _sb_respond (msg, 200, answer);
    }

  _sb_deliver (self, msg, fault);
}

void
_sb_handle_get_call (BcSandbox         *self,
                     SoupServerMessage *msg,
                     gboolean           retell,
                     const char        *id)
{
  SbCall *call = g_hash_table_lookup (self->calls_by_id, id);
  g_autoptr(JsonNode) answer = NULL;

  if (call == NULL)
    {
      _sb_respond_error (msg, retell, 404, "not_found", "Call not found");
      return;
    }

  if (retell)
    answer = _sb_call_to_json (call, _sb_now_ms (self), TRUE);
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "success");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "call");
      json_builder_add_value (b, _sb_call_to_json (call, _sb_now_ms (self), FALSE));
      json_builder_end_object (b);
      answer = json_builder_get_root (b);
    }
  _sb_respond (msg, 200, answer);
}

static gboolean
parse_iso (const char *text,
           gint64     *ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return TRUE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

static gboolean
call_matches (BcSandbox    *self,
              const SbCall *c,
              gint64        now,
              const char   *agent,
              const char   *status,
              gint64        from_ms,
              gint64        to_ms)
{
  return (agent == NULL || g_strcmp0 (c->agent_id, agent) == 0) &&
         (status == NULL || g_strcmp0 (_sb_call_status (c, now), status) == 0) &&
         c->created_ms >= from_ms && c->created_ms <= to_ms;
}

void
_sb_handle_list_native (BcSandbox         *self,
                        SoupServerMessage *msg,
                        GHashTable        *query)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *page_text = g_hash_table_lookup (query, "page");
  const char *limit_text = g_hash_table_lookup (query, "limit");
  const char *agent = g_hash_table_lookup (query, "agentId");
  const char *status = g_hash_table_lookup (query, "status");
  gint64 page = page_text != NULL ? g_ascii_strtoll (page_text, NULL, 10) : 1;
  gint64 limit = limit_text != NULL ? g_ascii_strtoll (limit_text, NULL, 10) : 20;
  gint64 from_ms = G_MININT64, to_ms = G_MAXINT64, now = _sb_now_ms (self);
  gint64 total = 0, skip;

  if (!_sb_check_workspace (self, msg, query))
    return;
  if (page < 1 || limit < 1 || limit > 100)
    {
      _sb_respond_error (msg, FALSE, 400, "invalid_request", "page must be ≥ 1 and limit 1–100");
      return;
    }
  if (!parse_iso (g_hash_table_lookup (query, "fromDate"), &from_ms) ||
      !parse_iso (g_hash_table_lookup (query, "toDate"), &to_ms))
    {
      _sb_respond_error (msg, FALSE, 400, "invalid_request", "fromDate and toDate must be ISO 8601");
      return;
    }

  skip = (page - 1) * limit;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "calls");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->calls->len; i++)
    {
      SbCall *c = g_ptr_array_index (self->calls, i);

      if (!call_matches (self, c, now, agent, status, from_ms, to_ms))
        continue;
      if (total >= skip && total < skip + limit)
        json_builder_add_value (b, _sb_call_to_json (c, now, FALSE));
      total++;
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "pagination");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "page");
  json_builder_add_int_value (b, page);
  json_builder_set_member_name (b, "limit");
  json_builder_add_int_value (b, limit);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, total);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  _sb_respond (msg, 200, root);
}

static const char *
first_string (JsonObject *o,
              const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;
  JsonArray *a;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return NULL;
  a = json_node_get_array (n);
  return json_array_get_length (a) > 0 ? json_array_get_string_element (a, 0) : NULL;
}

void
_sb_handle_list_retell (BcSandbox         *self,
                        SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = _sb_parse_body (msg);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o, *filter, *range;
  const char *agent, *status, *key, *batch_call;
  gint64 limit, from_ms, to_ms, now = _sb_now_ms (self), n = 0;
  gboolean ascending, started;

  /* Retell accepts an empty body. */
  o = body != NULL ? json_node_get_object (body) : NULL;
  filter = o != NULL && json_object_has_member (o, "filter_criteria") ? json_object_get_object_member (o, "filter_criteria") : NULL;
  range = filter != NULL && json_object_has_member (filter, "start_timestamp") ? json_object_get_object_member (filter, "start_timestamp") : NULL;
  agent = first_string (filter, "agent_id");
  status = first_string (filter, "call_status");
  batch_call = first_string (filter, "batch_call_id");
  from_ms = range != NULL ? json_object_get_int_member_with_default (range, "lower_threshold", G_MININT64) : G_MININT64;
  to_ms = range != NULL ? json_object_get_int_member_with_default (range, "upper_threshold", G_MAXINT64) : G_MAXINT64;
  limit = o != NULL ? json_object_get_int_member_with_default (o, "limit", 50) : 50;
  key = _sb_get_string (o, "pagination_key");
  ascending = g_strcmp0 (_sb_get_string (o, "sort_order"), "ascending") == 0;

  if (limit < 1 || limit > 1000)
    {
      _sb_respond_error (msg, TRUE, 400, "invalid_request", "limit must be 1–1000");
      return;
    }

  started = key == NULL;
  json_builder_begin_array (b);
  for (guint k = 0; k < self->calls->len && n < limit; k++)
    {
      SbCall *c = g_ptr_array_index (self->calls, ascending ? k : self->calls->len - 1 - k);

      if (!started)
        {
          started = g_strcmp0 (c->call_id, key) == 0;
          continue;
        }
      if (!call_matches (self, c, now, agent, status, from_ms, to_ms) ||
          (batch_call != NULL && g_strcmp0 (c->batch_call_id, batch_call) != 0))
        continue;
      json_builder_add_value (b, _sb_call_to_json (c, now, TRUE));
      n++;
    }
  json_builder_end_array (b);

  root = json_builder_get_root (b);
  _sb_respond (msg, 200, root);
}

void
_sb_handle_batch (BcSandbox         *self,
                  SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = _sb_parse_body (msg);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *batch_id = NULL;
  g_autofree char *message = NULL;
  JsonObject *o;
  JsonArray *tasks;
  const char *from;
  SbBatch *batch;
  gint64 scheduled_ms;

  if (body == NULL)
    {
      _sb_respond_error (msg, TRUE, 400, "invalid_request", "The body must be a JSON object");
      return;
    }
  o = json_node_get_object (body);
  from = _sb_get_string (o, "from_number");
  tasks = json_object_has_member (o, "tasks") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "tasks"))
          ? json_object_get_array_member (o, "tasks") : NULL;
  if (tasks == NULL || json_array_get_length (tasks) == 0)
    {
      _sb_respond_error (msg, TRUE, 400, "invalid_request", "tasks must be a non-empty array");
      return;
    }

  /* Validate every task before creating any: all or nothing. */
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonNode *t = json_array_get_element (tasks, i);
      const char *agent = NULL;
      gint64 version = -1;

      if (!JSON_NODE_HOLDS_OBJECT (t) ||
          !validate_call (self, msg, TRUE, &retell_names, json_node_get_object (t), from, &agent, &version))
        {
          if (!JSON_NODE_HOLDS_OBJECT (t))
            _sb_respond_error (msg, TRUE, 400, "invalid_request", "every task must be an object");
          return;
        }
    }

  batch_id = g_strdup_printf ("batch_%08x", (guint) self->next_seq++);
  batch = _sb_batch_new (self, o, batch_id, from, &message);
  if (batch == NULL)
    {
      _sb_respond_error (msg, TRUE, 400, "invalid_request", message);
      return;
    }
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *t = json_array_get_object_element (tasks, i);
      const char *agent = NULL;
      gint64 version = -1;

      validate_call (self, msg, TRUE, &retell_names, t, from, &agent, &version);
      _sb_batch_add_task (batch, t, agent, version);
    }
  scheduled_ms = batch->cursor_ms;
  /* The platform owns the tasks now: they are placed over time, inside
   * the window, as _sb_run_batches() catches up (from now on). */
  g_ptr_array_add (self->batches, batch);
  _sb_run_batches (self, _sb_now_ms (self));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "batch_call_id");
  json_builder_add_string_value (b, batch_id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, _sb_get_string (o, "name") != NULL ? _sb_get_string (o, "name") : "");
  json_builder_set_member_name (b, "from_number");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "scheduled_timestamp");
  json_builder_add_int_value (b, scheduled_ms);
  json_builder_set_member_name (b, "total_task_count");
  json_builder_add_int_value (b, json_array_get_length (tasks));
  if (json_object_has_member (o, "call_time_window"))
    {
      json_builder_set_member_name (b, "call_time_window");
      json_builder_add_value (b, json_node_copy (json_object_get_member (o, "call_time_window")));
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  _sb_respond (msg, 201, root);
}

