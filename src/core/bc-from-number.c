/* bc-from-number.c: a number calls are placed from, and its agents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-from-number"

#include "config.h"

#include "bc-api-json.h"
#include "bc-from-number.h"

G_DEFINE_BOXED_TYPE (BcFromNumber, bc_from_number, bc_from_number_copy, bc_from_number_free)

static void
outbound_agent_clear (gpointer data)
{
  BcOutboundAgent *agent = data;

  g_clear_pointer (&agent->agent_id, g_free);
}

static GArray *
agents_new (void)
{
  GArray *agents = g_array_new (FALSE, TRUE, sizeof (BcOutboundAgent));

  g_array_set_clear_func (agents, outbound_agent_clear);
  return agents;
}

static void
add_agent (GArray     *agents,
           char       *agent_id,
           gint64      version,
           double      weight)
{
  BcOutboundAgent agent = { agent_id, version, weight };

  if (agent_id == NULL || *agent_id == '\0' || !(weight > 0))
    {
      g_free (agent_id);
      return;
    }
  g_array_append_val (agents, agent);
}

BcFromNumber *
bc_from_number_new_from_json (JsonNode *node)
{
  JsonObject *object;
  JsonArray *outbound;
  BcFromNumber *number;
  char *text;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  text = bc_api_json_dup_string (object, BC_NAMES ("number", "phone_number", "phoneNumber"));
  if (text == NULL || *text == '\0')
    {
      g_free (text);
      return NULL;
    }

  number = g_new0 (BcFromNumber, 1);
  number->number = text;
  number->id = bc_api_json_dup_string (object, BC_NAMES ("id", "_id"));
  number->workspace_id = bc_api_json_get_int (object, BC_NAMES ("workspace_id", "workspaceId"), -1);
  number->agents = agents_new ();

  outbound = bc_api_json_get_array (object, BC_NAMES ("outbound_agents", "outboundAgents"));
  for (guint i = 0; outbound != NULL && i < json_array_get_length (outbound); i++)
    {
      JsonNode *element = json_array_get_element (outbound, i);
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      entry = json_node_get_object (element);
      add_agent (number->agents,
                 bc_api_json_dup_string (entry, BC_NAMES ("agent_id", "agentId")),
                 bc_api_json_get_int (entry, BC_NAMES ("agent_version", "agentVersion", "version"), -1),
                 bc_api_json_get_double (entry, BC_NAMES ("weight"), 1.0));
    }

  /* Older records name a single agent. */
  if (number->agents->len == 0)
    add_agent (number->agents,
               bc_api_json_dup_string (object, BC_NAMES ("outbound_agent_id", "outboundAgentId",
                                                         "agent_id", "agentId",
                                                         "default_agent_id", "defaultAgentId")),
               bc_api_json_get_int (object, BC_NAMES ("outbound_agent_version", "outboundAgentVersion"), -1),
               1.0);

  return number;
}

BcFromNumber *
bc_from_number_copy (const BcFromNumber *number)
{
  BcFromNumber *copy;

  if (number == NULL)
    return NULL;

  copy = g_new0 (BcFromNumber, 1);
  copy->id = g_strdup (number->id);
  copy->number = g_strdup (number->number);
  copy->workspace_id = number->workspace_id;
  copy->agents = agents_new ();
  for (guint i = 0; i < number->agents->len; i++)
    {
      const BcOutboundAgent *a = &g_array_index (number->agents, BcOutboundAgent, i);
      add_agent (copy->agents, g_strdup (a->agent_id), a->version, a->weight);
    }

  return copy;
}

void
bc_from_number_free (BcFromNumber *number)
{
  if (number == NULL)
    return;

  g_free (number->id);
  g_free (number->number);
  g_clear_pointer (&number->agents, g_array_unref);
  g_free (number);
}

gboolean
bc_from_number_is_bound (const BcFromNumber *number)
{
  g_return_val_if_fail (number != NULL, FALSE);

  return number->agents->len > 0;
}

/* splitmix64: a fixed, well-mixed function of the row id, the same on every
 * platform and GLib version (g_int64_hash is not guaranteed to be). */
static guint64
mix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

const BcOutboundAgent *
bc_from_number_pick_agent (const BcFromNumber *number,
                           gint64              recipient_id)
{
  double total = 0, point, sum = 0;

  g_return_val_if_fail (number != NULL, NULL);

  if (number->agents->len == 0)
    return NULL;

  for (guint i = 0; i < number->agents->len; i++)
    total += g_array_index (number->agents, BcOutboundAgent, i).weight;

  /* 53 random bits → [0, 1) */
  point = (double) (mix64 ((guint64) recipient_id) >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53) * total;
  for (guint i = 0; i < number->agents->len; i++)
    {
      sum += g_array_index (number->agents, BcOutboundAgent, i).weight;
      if (point < sum)
        return &g_array_index (number->agents, BcOutboundAgent, i);
    }

  return &g_array_index (number->agents, BcOutboundAgent, number->agents->len - 1);
}
