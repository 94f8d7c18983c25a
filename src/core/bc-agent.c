/* bc-agent.c: one version of an agent, as the API lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-agent"

#include "config.h"

#include "bc-agent.h"
#include "bc-api-json.h"

G_DEFINE_BOXED_TYPE (BcAgent, bc_agent, bc_agent_copy, bc_agent_free)

BcAgent *
bc_agent_new_from_json (JsonNode *node)
{
  JsonObject *object;
  BcAgent *agent;
  char *id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  id = bc_api_json_dup_string (object, BC_NAMES ("agent_id", "agentId", "id"));
  if (id == NULL || *id == '\0')
    {
      g_free (id);
      return NULL;
    }

  agent = g_new0 (BcAgent, 1);
  agent->agent_id = id;
  agent->version = bc_api_json_get_int (object, BC_NAMES ("version", "agent_version", "agentVersion"), -1);
  agent->name = bc_api_json_dup_string (object, BC_NAMES ("agent_name", "agentName", "name"));

  return agent;
}

BcAgent *
bc_agent_copy (const BcAgent *agent)
{
  BcAgent *copy;

  if (agent == NULL)
    return NULL;

  copy = g_new0 (BcAgent, 1);
  copy->agent_id = g_strdup (agent->agent_id);
  copy->version = agent->version;
  copy->name = g_strdup (agent->name);

  return copy;
}

void
bc_agent_free (BcAgent *agent)
{
  if (agent == NULL)
    return;

  g_free (agent->agent_id);
  g_free (agent->name);
  g_free (agent);
}
