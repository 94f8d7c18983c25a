/* bc-api-body.c: request bodies, per profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-api-body"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-api-error.h"
#include "bc-api-types.h"

const char *
bc_api_profile_to_string (BcApiProfile profile)
{
  return profile == BC_API_PROFILE_RETELL ? "retell" : "uponai";
}

gboolean
bc_api_profile_from_string (const char   *name,
                            BcApiProfile *profile)
{
  if (g_strcmp0 (name, "uponai") == 0)
    *profile = BC_API_PROFILE_UPONAI;
  else if (g_strcmp0 (name, "retell") == 0)
    *profile = BC_API_PROFILE_RETELL;
  else
    return FALSE;
  return TRUE;
}

void
bc_call_page_free (BcCallPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->calls, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

/* NULL (and no error) for NULL or empty text. */
static JsonObject *
parse_object (const char  *text,
              const char  *column,
              GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;

  if (text == NULL || *text == '\0')
    return NULL;

  node = json_from_string (text, &local_error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BC_API_ERROR, BC_API_ERROR_INVALID_REQUEST,
                   _("The “%s” of this recipient is not a JSON object."), column);
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}

/* Dynamic variables are strings for the API: other scalars are written as
 * their JSON text, so that "42" and 42 reach the agent alike. */
static JsonObject *
stringify_values (JsonObject *object)
{
  JsonObject *out = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        json_object_set_string_member (out, name, json_node_get_string (value));
      else if (!JSON_NODE_HOLDS_NULL (value))
        {
          g_autofree char *text = json_to_string (value, FALSE);
          json_object_set_string_member (out, name, text);
        }
    }

  return out;
}

JsonNode *
bc_api_build_initiate_body (BcApiProfile         profile,
                            gint64               workspace_id,
                            const BcCallRequest *req,
                            GError             **error)
{
  const BcRecipientData *r;
  gboolean retell = profile == BC_API_PROFILE_RETELL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(JsonObject) headers = NULL;
  g_autoptr(JsonObject) variables = NULL;
  JsonObject *tag;
  const char *agent_id;
  gint64 agent_version;
  JsonNode *node;

  g_return_val_if_fail (req != NULL && req->recipient != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r = req->recipient;
  if (r->override_agent_id != NULL && *r->override_agent_id != '\0')
    {
      agent_id = r->override_agent_id;
      agent_version = r->override_agent_version;
    }
  else
    {
      agent_id = req->agent_id;
      agent_version = r->override_agent_version >= 0 ? r->override_agent_version : req->agent_version;
    }

  if (agent_id == NULL || *agent_id == '\0')
    {
      g_set_error_literal (error, BC_API_ERROR, BC_API_ERROR_INVALID_REQUEST,
                           _("No agent is bound to the From Number and the recipient names none."));
      return NULL;
    }

  metadata = parse_object (r->metadata, "metadata", error);
  if (metadata == NULL && error != NULL && *error != NULL)
    return NULL;
  headers = parse_object (r->custom_sip_headers, "custom_sip_headers", error);
  if (headers == NULL && error != NULL && *error != NULL)
    return NULL;
  variables = parse_object (r->variables, "variables", error);
  if (variables == NULL && error != NULL && *error != NULL)
    return NULL;

  if (metadata == NULL)
    metadata = json_object_new ();
  tag = json_object_new ();
  json_object_set_string_member (tag, "batch", req->batch_id != NULL ? req->batch_id : "");
  json_object_set_int_member (tag, "recipient", r->id);
  json_object_set_int_member (tag, "attempt", req->attempt);
  json_object_set_object_member (metadata, "bc", tag);

  body = json_object_new ();
  json_object_set_string_member (body, retell ? "from_number" : "fromNumber", req->from_number);
  json_object_set_string_member (body, retell ? "to_number" : "toNumber", r->phone);
  json_object_set_string_member (body, retell ? "override_agent_id" : "agentId", agent_id);
  if (!retell && workspace_id >= 0)
    json_object_set_int_member (body, "workspaceId", workspace_id);
  if (agent_version >= 0)
    json_object_set_int_member (body, retell ? "override_agent_version" : "overrideAgentVersion", agent_version);
  if (r->ignore_e164)
    json_object_set_boolean_member (body, retell ? "ignore_e164_validation" : "ignoreE164Validation", TRUE);
  if (headers != NULL)
    json_object_set_object_member (body, retell ? "custom_sip_headers" : "customSipHeaders",
                                   g_steal_pointer (&headers));
  if (variables != NULL)
    json_object_set_object_member (body, retell ? "retell_llm_dynamic_variables" : "uponai_dynamic_variables",
                                   stringify_values (variables));
  json_object_set_object_member (body, "metadata", g_steal_pointer (&metadata));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, body);
  return node;
}
