/* bc-agent.h: one version of an agent, as the API lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *agent_id;
  gint64  version;   /* -1 unknown */
  char   *name;      /* may be NULL */
} BcAgent;

#define BC_TYPE_AGENT (bc_agent_get_type ())

GType    bc_agent_get_type      (void) G_GNUC_CONST;
/* NULL when @node is not an object with an agent id. */
BcAgent *bc_agent_new_from_json (JsonNode      *node);
BcAgent *bc_agent_copy          (const BcAgent *agent);
void     bc_agent_free          (BcAgent       *agent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcAgent, bc_agent_free)

G_END_DECLS
