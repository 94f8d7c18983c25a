/* bc-from-number.h: a number calls are placed from, and its agents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *agent_id;
  gint64  version;   /* -1: the agent's current version */
  double  weight;    /* > 0 */
} BcOutboundAgent;

typedef struct
{
  char   *id;            /* the API's record id, may be NULL */
  char   *number;        /* E.164 as the API sent it */
  gint64  workspace_id;  /* -1 unknown */
  GArray *agents;        /* of BcOutboundAgent; empty when unbound */
} BcFromNumber;

#define BC_TYPE_FROM_NUMBER (bc_from_number_get_type ())

GType         bc_from_number_get_type      (void) G_GNUC_CONST;
/* Reads either profile's record: outbound_agents[] with weights, or the
 * older agent_id / default_agent_id / outbound_agent_id with
 * outbound_agent_version. NULL when @node carries no number. */
BcFromNumber *bc_from_number_new_from_json (JsonNode           *node);
BcFromNumber *bc_from_number_copy          (const BcFromNumber *number);
void          bc_from_number_free          (BcFromNumber       *number);

/* Bound = at least one outbound agent: only bound numbers are offered. */
gboolean      bc_from_number_is_bound      (const BcFromNumber *number);

/* The outbound agent for one recipient, picked by weight and
 * deterministically from @recipient_id, so that a retry or a re-run of a
 * batch sends the same person to the same agent. NULL when unbound. */
const BcOutboundAgent *bc_from_number_pick_agent (const BcFromNumber *number,
                                                  gint64              recipient_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcFromNumber, bc_from_number_free)

G_END_DECLS
