/* bc-sandbox-network.c: the demo account and the simulated phone network
 *
 * A call's whole life is drawn when it is created, from the seed and its
 * to-number (and how many calls that number had before), so that a run is
 * reproducible whatever order concurrent requests arrive in. Its status at
 * any moment is then computed from the simulated clock: no timers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-sandbox"

#include "config.h"

#include <math.h>

#include "bc-sandbox-private.h"

void
_sb_number_free (gpointer data)
{
  SbNumber *n = data;

  g_free (n->id);
  g_free (n->number);
  g_clear_pointer (&n->outbound, g_ptr_array_unref);
  g_free (n->legacy_agent_id);
  g_free (n);
}

static void
outbound_free (gpointer data)
{
  SbOutbound *o = data;

  g_free (o->agent_id);
  g_free (o);
}

void
_sb_agent_free (gpointer data)
{
  SbAgent *a = data;

  g_free (a->agent_id);
  g_free (a->name);
  g_free (a);
}

void
_sb_call_free (gpointer data)
{
  SbCall *c = data;

  g_free (c->call_id);
  g_free (c->from_number);
  g_free (c->to_number);
  g_free (c->agent_id);
  g_clear_pointer (&c->metadata, json_node_unref);
  g_clear_pointer (&c->variables, json_node_unref);
  g_free (c->batch_call_id);
  g_free (c);
}

static void
add_agent (BcSandbox  *self,
           const char *id,
           const char *name,
           gint64      n_versions)
{
  SbAgent *a = g_new0 (SbAgent, 1);

  a->agent_id = g_strdup (id);
  a->name = g_strdup (name);
  a->n_versions = n_versions;
  g_ptr_array_add (self->agents, a);
}

static SbNumber *
add_number (BcSandbox  *self,
            const char *id,
            const char *number)
{
  SbNumber *n = g_new0 (SbNumber, 1);

  n->id = g_strdup (id);
  n->number = g_strdup (number);
  n->outbound = g_ptr_array_new_with_free_func (outbound_free);
  g_ptr_array_add (self->numbers, n);
  return n;
}

static void
bind (SbNumber   *n,
      const char *agent_id,
      gint64      version,
      double      weight)
{
  SbOutbound *o = g_new0 (SbOutbound, 1);

  o->agent_id = g_strdup (agent_id);
  o->version = version;
  o->weight = weight;
  g_ptr_array_add (n->outbound, o);
}

void
_sb_seed_account (BcSandbox *self)
{
  SbNumber *n;

  add_agent (self, "agent_sales", "Sales follow-up", 3);
  add_agent (self, "agent_support", "Support check-in", 2);
  add_agent (self, "agent_survey", "Satisfaction survey", 1);

  /* Two weighted agents. */
  n = add_number (self, "num_1", "+14155550100");
  bind (n, "agent_sales", 2, 70);
  bind (n, "agent_support", 1, 30);
  /* An older record: one agent, no outbound_agents. */
  n = add_number (self, "num_2", "+14155550101");
  n->legacy_agent_id = g_strdup ("agent_support");
  /* Unbound: not offered, refused without an agentId. */
  add_number (self, "num_3", "+14155550102");
  n = add_number (self, "num_4", "+442079460958");
  bind (n, "agent_survey", 0, 1);
}

gint64
_sb_now_ms (BcSandbox *self)
{
  gint64 elapsed_us = g_get_monotonic_time () - self->start_mono_us;

  return self->start_wall_ms + (gint64) (elapsed_us / 1000.0 * self->options.time_scale) + self->offset_ms;
}

SbNumber *
_sb_find_number (BcSandbox  *self,
                 const char *number)
{
  for (guint i = 0; number != NULL && i < self->numbers->len; i++)
    {
      SbNumber *n = g_ptr_array_index (self->numbers, i);

      if (g_strcmp0 (n->number, number) == 0)
        return n;
    }
  return NULL;
}

SbAgent *
_sb_find_agent (BcSandbox  *self,
                const char *agent_id)
{
  for (guint i = 0; agent_id != NULL && i < self->agents->len; i++)
    {
      SbAgent *a = g_ptr_array_index (self->agents, i);

      if (g_strcmp0 (a->agent_id, agent_id) == 0)
        return a;
    }
  return NULL;
}

/* FNV-1a then a splitmix finaliser: stable across runs and platforms. */
static guint64
hash64 (guint64     seed,
        const char *key,
        guint64     n,
        guint       salt)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325) ^ seed;

  for (const char *p = key != NULL ? key : ""; *p != '\0'; p++)
    h = (h ^ (guchar) *p) * G_GUINT64_CONSTANT (0x100000001b3);
  h ^= n * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  h ^= (guint64) salt << 32;
  h = (h ^ (h >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  h = (h ^ (h >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return h ^ (h >> 31);
}

double
_sb_uniform (BcSandbox  *self,
             const char *key,
             guint64     n,
             guint       salt)
{
  return (double) (hash64 (self->options.seed, key, n, salt) >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53);
}

const SbOutbound *
_sb_number_pick (SbNumber *number,
                 guint64   key)
{
  double total = 0, point, sum = 0;

  for (guint i = 0; i < number->outbound->len; i++)
    total += ((SbOutbound *) g_ptr_array_index (number->outbound, i))->weight;
  if (number->outbound->len == 0 || total <= 0)
    return NULL;

  point = (double) (hash64 (0, NULL, key, 7) >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53) * total;
  for (guint i = 0; i < number->outbound->len; i++)
    {
      SbOutbound *o = g_ptr_array_index (number->outbound, i);

      sum += o->weight;
      if (point < sum)
        return o;
    }
  return g_ptr_array_index (number->outbound, number->outbound->len - 1);
}

gint64
_sb_call_end_ms (const SbCall *c)
{
  return c->created_ms + c->ring_ms + (c->connected ? c->talk_ms : 0);
}

guint
_sb_active_calls (BcSandbox *self,
                  gint64     now_ms)
{
  guint n = 0;

  /* Newest first: old calls have all ended, so stop at a long-ended run. */
  for (guint i = self->calls->len; i > 0; i--)
    {
      SbCall *c = g_ptr_array_index (self->calls, i - 1);

      if (now_ms < _sb_call_end_ms (c))
        n++;
      else if (now_ms - c->created_ms > 24 * 3600 * 1000)
        break;
    }
  return n;
}

static void
plan_call (BcSandbox *self,
           SbCall    *c,
           guint64    n)
{
  const BcSandboxOptions *o = &self->options;
  double u;

  if (o->zero_latency)
    {
      c->connected = TRUE;
      c->end_reason = "agent_hangup";
      c->successful = TRUE;
      c->sentiment = "Positive";
      return;
    }

#define U(salt) _sb_uniform (self, c->to_number, n, (salt))
  c->ring_ms = 3000 + (gint64) (U (1) * 17000);
  c->analysis_delay_ms = 2000 + (gint64) (U (2) * 8000);

  if (U (3) >= o->pickup_rate)
    {
      u = U (4);
      c->dial_reason = u < 0.60 ? "dial_no_answer" : u < 0.85 ? "dial_busy"
                     : u < 0.95 ? "dial_failed" : "invalid_destination";
      c->ring_ms = g_str_equal (c->dial_reason, "dial_no_answer") ? 30000 : c->ring_ms / 3;
      return;
    }

  c->connected = TRUE;
  if (U (5) < o->voicemail_rate)
    {
      c->voicemail = TRUE;
      c->end_reason = "voicemail_reached";
      c->talk_ms = 15000 + (gint64) (U (6) * 15000);
      c->sentiment = "Unknown";
      return;
    }

  /* Exponential conversation lengths, at least 5 s. */
  c->talk_ms = 5000 + (gint64) (-log (1.0 - U (7)) * MAX (o->mean_duration_s - 5, 1) * 1000);
  c->successful = U (8) < o->success_rate;
  c->end_reason = U (9) < 0.6 ? "user_hangup" : "agent_hangup";
  u = U (10);
  c->sentiment = c->successful ? (u < 0.8 ? "Positive" : "Neutral")
                               : (u < 0.4 ? "Negative" : u < 0.8 ? "Neutral" : "Positive");
#undef U
}

SbCall *
_sb_create_call (BcSandbox  *self,
                 const char *from_number,
                 const char *to_number,
                 const char *agent_id,
                 gint64      agent_version,
                 JsonNode   *metadata,
                 JsonNode   *variables)
{
  SbCall *c = g_new0 (SbCall, 1);
  guint64 n = GPOINTER_TO_UINT (g_hash_table_lookup (self->created, to_number));
  SbAgent *agent = _sb_find_agent (self, agent_id);

  c->seq = self->next_seq++;
  c->call_id = g_strdup_printf ("call_%016" G_GINT64_MODIFIER "x%08x",
                                hash64 (self->options.seed, to_number, n, 99),
                                (guint) c->seq);
  c->from_number = g_strdup (from_number);
  c->to_number = g_strdup (to_number);
  c->agent_id = g_strdup (agent_id);
  c->agent_version = agent_version >= 0 ? agent_version : (agent != NULL ? agent->n_versions - 1 : 0);
  c->metadata = metadata != NULL ? json_node_copy (metadata) : NULL;
  c->variables = variables != NULL ? json_node_copy (variables) : NULL;
  c->created_ms = _sb_now_ms (self);
  plan_call (self, c, n);

  g_ptr_array_add (self->calls, c);
  g_hash_table_insert (self->calls_by_id, c->call_id, c);
  g_hash_table_insert (self->created, g_strdup (to_number), GUINT_TO_POINTER (n + 1));
  self->created_total++;

  return c;
}

const char *
_sb_call_status (const SbCall *c,
                 gint64        now_ms)
{
  if (now_ms < c->created_ms + c->ring_ms)
    return "registered";
  if (!c->connected)
    return "not_connected";
  if (now_ms < _sb_call_end_ms (c))
    return "ongoing";
  return "ended";
}

JsonNode *
_sb_call_to_json (const SbCall *c,
                  gint64        now_ms,
                  gboolean      retell)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *status = _sb_call_status (c, now_ms);
  gboolean over = g_str_equal (status, "ended") || g_str_equal (status, "not_connected");

  /* The native spelling mixes camelCase ids with snake_case outcome
   * fields, as the real answers do; retell is snake_case throughout. */
#define MEMBER(native, snake) json_builder_set_member_name (b, retell ? (snake) : (native))
  json_builder_begin_object (b);
  MEMBER ("callId", "call_id");
  json_builder_add_string_value (b, c->call_id);
  MEMBER ("status", "call_status");
  json_builder_add_string_value (b, status);
  MEMBER ("agentId", "agent_id");
  json_builder_add_string_value (b, c->agent_id);
  MEMBER ("agentVersion", "agent_version");
  json_builder_add_int_value (b, c->agent_version);
  MEMBER ("fromNumber", "from_number");
  json_builder_add_string_value (b, c->from_number);
  MEMBER ("toNumber", "to_number");
  json_builder_add_string_value (b, c->to_number);
  json_builder_set_member_name (b, "direction");
  json_builder_add_string_value (b, "outbound");
  if (c->metadata != NULL)
    {
      json_builder_set_member_name (b, "metadata");
      json_builder_add_value (b, json_node_copy (c->metadata));
    }
  if (c->variables != NULL)
    {
      MEMBER ("uponai_dynamic_variables", "retell_llm_dynamic_variables");
      json_builder_add_value (b, json_node_copy (c->variables));
    }
  if (c->batch_call_id != NULL)
    {
      json_builder_set_member_name (b, "batch_call_id");
      json_builder_add_string_value (b, c->batch_call_id);
    }
  if (!g_str_equal (status, "registered"))
    {
      json_builder_set_member_name (b, "start_timestamp");
      json_builder_add_int_value (b, c->connected ? c->created_ms + c->ring_ms : c->created_ms);
    }
  if (over)
    {
      gint64 end = _sb_call_end_ms (c);
      gint64 start = c->connected ? c->created_ms + c->ring_ms : c->created_ms;

      json_builder_set_member_name (b, "end_timestamp");
      json_builder_add_int_value (b, end);
      json_builder_set_member_name (b, "duration_ms");
      json_builder_add_int_value (b, end - start);
      json_builder_set_member_name (b, "disconnection_reason");
      json_builder_add_string_value (b, c->connected ? c->end_reason : c->dial_reason);
    }
  if (over && c->connected && now_ms >= _sb_call_end_ms (c) + c->analysis_delay_ms)
    {
      json_builder_set_member_name (b, "call_analysis");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "call_successful");
      json_builder_add_boolean_value (b, c->successful && !c->voicemail);
      json_builder_set_member_name (b, "in_voicemail");
      json_builder_add_boolean_value (b, c->voicemail);
      json_builder_set_member_name (b, "user_sentiment");
      json_builder_add_string_value (b, c->sentiment);
      json_builder_set_member_name (b, "call_summary");
      json_builder_add_string_value (b, c->voicemail ? "The agent reached a voicemail box."
                                        : c->successful ? "The person agreed to the follow-up."
                                        : "The person was not interested.");
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
#undef MEMBER

  return json_builder_get_root (b);
}
