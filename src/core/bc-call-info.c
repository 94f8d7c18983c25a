/* bc-call-info.c: one call as the API reports it, read defensively
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-call-info"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-api-error.h"
#include "bc-api-json.h"
#include "bc-call-info.h"

G_DEFINE_BOXED_TYPE (BcCallInfo, bc_call_info, bc_call_info_copy, bc_call_info_free)

static const struct {
  const char           *reason;
  BcDisconnectCategory  category;
} reasons[] = {
  { "user_hangup", BC_DISCONNECT_NORMAL },
  { "agent_hangup", BC_DISCONNECT_NORMAL },
  { "call_transfer", BC_DISCONNECT_NORMAL },
  { "inactivity", BC_DISCONNECT_NORMAL },
  { "max_duration_reached", BC_DISCONNECT_NORMAL },
  { "voicemail_reached", BC_DISCONNECT_VOICEMAIL },
  { "ivr_reached", BC_DISCONNECT_IVR },
  { "dial_no_answer", BC_DISCONNECT_NO_ANSWER },
  { "dial_busy", BC_DISCONNECT_BUSY },
  { "user_declined", BC_DISCONNECT_BUSY },
  { "dial_failed", BC_DISCONNECT_NOT_CONNECTED },
  { "invalid_destination", BC_DISCONNECT_NOT_CONNECTED },
  { "telephony_provider_permission_denied", BC_DISCONNECT_NOT_CONNECTED },
  { "telephony_provider_unavailable", BC_DISCONNECT_NOT_CONNECTED },
  { "sip_routing_error", BC_DISCONNECT_NOT_CONNECTED },
  { "marked_as_spam", BC_DISCONNECT_NOT_CONNECTED },
  { "concurrency_limit_reached", BC_DISCONNECT_ERROR },
  { "no_valid_payment", BC_DISCONNECT_ERROR },
  { "scam_detected", BC_DISCONNECT_ERROR },
};

BcDisconnectCategory
bc_disconnect_category_from_string (const char *reason)
{
  if (reason == NULL || *reason == '\0')
    return BC_DISCONNECT_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_ascii_strcasecmp (reason, reasons[i].reason) == 0)
      return reasons[i].category;

  if (g_ascii_strncasecmp (reason, "error_", 6) == 0)
    return BC_DISCONNECT_ERROR;

  return BC_DISCONNECT_OTHER;
}

BcCallStatus
bc_call_status_from_string (const char *status)
{
  static const char * const names[] = {
    [BC_CALL_STATUS_REGISTERED] = "registered",
    [BC_CALL_STATUS_NOT_CONNECTED] = "not_connected",
    [BC_CALL_STATUS_ONGOING] = "ongoing",
    [BC_CALL_STATUS_ENDED] = "ended",
    [BC_CALL_STATUS_ERROR] = "error",
  };

  if (status == NULL)
    return BC_CALL_STATUS_UNKNOWN;

  for (guint i = BC_CALL_STATUS_REGISTERED; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (status, names[i]) == 0)
      return i;

  return BC_CALL_STATUS_UNKNOWN;
}

BcCallInfo *
bc_call_info_new_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(BcCallInfo) info = NULL;
  JsonObject *object;
  JsonObject *analysis;
  JsonNode *metadata;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, BC_API_ERROR, BC_API_ERROR_PROTOCOL,
                           _("The server’s answer does not describe a call."));
      return NULL;
    }

  object = json_node_get_object (node);
  info = g_new0 (BcCallInfo, 1);
  info->raw = json_object_ref (object);
  info->call_id = bc_api_json_dup_string (object, BC_NAMES ("call_id", "callId", "id", "call_sid", "callSid"));
  if (info->call_id == NULL || *info->call_id == '\0')
    {
      g_set_error_literal (error, BC_API_ERROR, BC_API_ERROR_PROTOCOL,
                           _("The server’s answer has no call id."));
      return NULL;
    }

  info->status_raw = bc_api_json_dup_string (object, BC_NAMES ("call_status", "callStatus", "status"));
  info->status = bc_call_status_from_string (info->status_raw);
  info->disconnection_reason = bc_api_json_dup_string (object, BC_NAMES ("disconnection_reason", "disconnectionReason"));
  info->disconnect_category = bc_disconnect_category_from_string (info->disconnection_reason);

  info->call_successful = BC_TRISTATE_UNKNOWN;
  info->in_voicemail = BC_TRISTATE_UNKNOWN;
  analysis = bc_api_json_get_object (object, BC_NAMES ("call_analysis", "callAnalysis"));
  if (analysis != NULL)
    {
      info->has_analysis = TRUE;
      info->call_successful = bc_api_json_get_tristate (analysis, BC_NAMES ("call_successful", "callSuccessful"));
      info->in_voicemail = bc_api_json_get_tristate (analysis, BC_NAMES ("in_voicemail", "inVoicemail"));
      info->user_sentiment = bc_api_json_dup_string (analysis, BC_NAMES ("user_sentiment", "userSentiment"));
      info->call_summary = bc_api_json_dup_string (analysis, BC_NAMES ("call_summary", "callSummary"));
    }

  info->agent_id = bc_api_json_dup_string (object, BC_NAMES ("agent_id", "agentId"));
  info->agent_version = bc_api_json_get_int (object, BC_NAMES ("agent_version", "agentVersion"), -1);
  info->from_number = bc_api_json_dup_string (object, BC_NAMES ("from_number", "fromNumber"));
  info->to_number = bc_api_json_dup_string (object, BC_NAMES ("to_number", "toNumber"));
  info->start_ms = MAX (0, bc_api_json_get_int (object, BC_NAMES ("start_timestamp", "startTimestamp"), 0));
  info->end_ms = MAX (0, bc_api_json_get_int (object, BC_NAMES ("end_timestamp", "endTimestamp"), 0));
  info->duration_ms = bc_api_json_get_int (object, BC_NAMES ("duration_ms", "durationMs"), -1);
  if (info->duration_ms < 0 && info->start_ms > 0 && info->end_ms >= info->start_ms)
    info->duration_ms = info->end_ms - info->start_ms;

  /* Kept as text whatever its type, so that a malformed value is not lost;
   * bc_call_info_get_bc_tag() checks the shape. */
  metadata = bc_api_json_member (object, BC_NAMES ("metadata"));
  info->metadata_json = bc_api_json_to_string (metadata);

  return g_steal_pointer (&info);
}

BcCallInfo *
bc_call_info_copy (const BcCallInfo *info)
{
  BcCallInfo *copy;

  if (info == NULL)
    return NULL;

  copy = g_memdup2 (info, sizeof *info);
  copy->call_id = g_strdup (info->call_id);
  copy->status_raw = g_strdup (info->status_raw);
  copy->disconnection_reason = g_strdup (info->disconnection_reason);
  copy->user_sentiment = g_strdup (info->user_sentiment);
  copy->call_summary = g_strdup (info->call_summary);
  copy->agent_id = g_strdup (info->agent_id);
  copy->from_number = g_strdup (info->from_number);
  copy->to_number = g_strdup (info->to_number);
  copy->metadata_json = g_strdup (info->metadata_json);
  copy->raw = info->raw != NULL ? json_object_ref (info->raw) : NULL;

  return copy;
}

void
bc_call_info_free (BcCallInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->call_id);
  g_free (info->status_raw);
  g_free (info->disconnection_reason);
  g_free (info->user_sentiment);
  g_free (info->call_summary);
  g_free (info->agent_id);
  g_free (info->from_number);
  g_free (info->to_number);
  g_free (info->metadata_json);
  g_clear_pointer (&info->raw, json_object_unref);
  g_free (info);
}

/* A not-connected reason, wherever it appears: some accounts report an
 * unanswered call as "ended" with dial_no_answer. */
static BcCallOutcome
not_connected_outcome (BcDisconnectCategory category)
{
  switch (category)
    {
    case BC_DISCONNECT_NO_ANSWER:
      return BC_CALL_OUTCOME_NO_ANSWER;
    case BC_DISCONNECT_BUSY:
      return BC_CALL_OUTCOME_BUSY;
    case BC_DISCONNECT_ERROR:
      return BC_CALL_OUTCOME_ERROR;
    case BC_DISCONNECT_VOICEMAIL:
    case BC_DISCONNECT_IVR:
      return BC_CALL_OUTCOME_VOICEMAIL;
    case BC_DISCONNECT_NOT_CONNECTED:
    case BC_DISCONNECT_NONE:
    case BC_DISCONNECT_NORMAL:
    case BC_DISCONNECT_OTHER:
    default:
      return BC_CALL_OUTCOME_NOT_CONNECTED;
    }
}

BcCallOutcome
bc_call_info_get_outcome (const BcCallInfo *info,
                          gboolean         *successful)
{
  BcCallOutcome outcome = BC_CALL_OUTCOME_NONE;

  g_return_val_if_fail (info != NULL, BC_CALL_OUTCOME_NONE);

  switch (info->status)
    {
    case BC_CALL_STATUS_ENDED:
      switch (info->disconnect_category)
        {
        case BC_DISCONNECT_VOICEMAIL:
        case BC_DISCONNECT_IVR:
          outcome = BC_CALL_OUTCOME_VOICEMAIL;
          break;
        case BC_DISCONNECT_NO_ANSWER:
        case BC_DISCONNECT_BUSY:
        case BC_DISCONNECT_NOT_CONNECTED:
          outcome = not_connected_outcome (info->disconnect_category);
          break;
        case BC_DISCONNECT_NONE:
        case BC_DISCONNECT_NORMAL:
        case BC_DISCONNECT_ERROR:
        case BC_DISCONNECT_OTHER:
        default:
          /* The contract: ended, not voicemail/IVR, not in_voicemail. */
          outcome = info->in_voicemail == TRUE ? BC_CALL_OUTCOME_VOICEMAIL : BC_CALL_OUTCOME_PICKED_UP;
          break;
        }
      break;
    case BC_CALL_STATUS_NOT_CONNECTED:
      outcome = not_connected_outcome (info->disconnect_category);
      break;
    case BC_CALL_STATUS_ERROR:
      outcome = BC_CALL_OUTCOME_ERROR;
      break;
    case BC_CALL_STATUS_REGISTERED:
    case BC_CALL_STATUS_ONGOING:
    case BC_CALL_STATUS_UNKNOWN:
    default:
      outcome = BC_CALL_OUTCOME_NONE;
      break;
    }

  if (successful != NULL)
    *successful = outcome == BC_CALL_OUTCOME_PICKED_UP && info->call_successful == TRUE;

  return outcome;
}

gboolean
bc_call_info_has_ended (const BcCallInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);

  return info->status == BC_CALL_STATUS_ENDED ||
         info->status == BC_CALL_STATUS_NOT_CONNECTED ||
         info->status == BC_CALL_STATUS_ERROR;
}

gboolean
bc_call_info_is_final (const BcCallInfo *info)
{
  if (!bc_call_info_has_ended (info))
    return FALSE;

  /* Only a connected call gets an analysis worth waiting for. */
  if (bc_call_info_get_outcome (info, NULL) == BC_CALL_OUTCOME_PICKED_UP)
    return info->has_analysis && info->call_successful != BC_TRISTATE_UNKNOWN;

  return TRUE;
}

gboolean
bc_call_info_get_bc_tag (const BcCallInfo  *info,
                         char             **batch_id,
                         gint64            *recipient_id,
                         guint             *attempt)
{
  JsonObject *metadata, *bc;
  g_autofree char *batch = NULL;
  gint64 recipient, n;

  g_return_val_if_fail (info != NULL, FALSE);

  metadata = info->raw != NULL ? bc_api_json_get_object (info->raw, BC_NAMES ("metadata")) : NULL;
  bc = bc_api_json_get_object (metadata, BC_NAMES ("bc"));
  batch = bc_api_json_dup_string (bc, BC_NAMES ("batch"));
  recipient = bc_api_json_get_int (bc, BC_NAMES ("recipient"), -1);
  n = bc_api_json_get_int (bc, BC_NAMES ("attempt"), -1);
  if (batch == NULL || recipient < 0 || n < 0 || n > G_MAXUINT)
    return FALSE;

  if (batch_id != NULL)
    *batch_id = g_steal_pointer (&batch);
  if (recipient_id != NULL)
    *recipient_id = recipient;
  if (attempt != NULL)
    *attempt = (guint) n;
  return TRUE;
}
