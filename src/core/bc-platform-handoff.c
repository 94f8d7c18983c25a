/* bc-platform-handoff.c: a batch as retell's create-batch-call body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-batch.h"
#include "bc-platform-handoff.h"
#include "bc-recipient.h"
#include "bc-schedule.h"

gboolean
bc_platform_handoff_check (BcBatch       *batch,
                           BcApiProfile   profile,
                           GError       **error)
{
  g_autoptr(BcSchedule) schedule = NULL;
  const char *policy = bc_batch_get_retry_policy (batch);

  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);

  if (profile != BC_API_PROFILE_RETELL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Running on the platform needs the Retell-compatible profile."));
      return FALSE;
    }
  if (bc_batch_get_from_number (batch) == NULL || bc_batch_get_agent_id (batch) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The batch needs a From Number bound to an agent."));
      return FALSE;
    }
  if (bc_batch_get_recipient_local_time (batch))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The platform calls in one time zone: turn off recipient-local time."));
      return FALSE;
    }
  if (policy != NULL && *policy != '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The platform does not retry calls: remove the retries."));
      return FALSE;
    }
  schedule = bc_schedule_new_for_batch (batch, error);
  return schedule != NULL;
}

static void
add_window (JsonBuilder      *b,
            const BcSchedule *schedule)
{
  static const char * const days[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
  };
  const BcTimeWindow *windows;
  guint n_windows;
  BcWeekdays weekdays = bc_schedule_get_weekdays (schedule);

  windows = bc_schedule_get_windows (schedule, &n_windows);
  json_builder_set_member_name (b, "call_time_window");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "windows");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_windows; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, windows[i].start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, windows[i].end);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "timezone");
  json_builder_add_string_value (b, bc_schedule_get_timezone_id (schedule));
  json_builder_set_member_name (b, "day");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    if (weekdays & (1u << i))
      json_builder_add_string_value (b, days[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

JsonObject *
bc_platform_handoff_build_spec (BcBatch    *batch,
                                GPtrArray  *recipients,
                                gint64      now_us,
                                GError    **error)
{
  g_autoptr(BcSchedule) schedule = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 planned = bc_batch_get_planned_at (batch);

  g_return_val_if_fail (BC_IS_BATCH (batch), NULL);
  g_return_val_if_fail (recipients != NULL, NULL);

  schedule = bc_schedule_new_for_batch (batch, error);
  if (schedule == NULL)
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "from_number");
  json_builder_add_string_value (b, bc_batch_get_from_number (batch));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, bc_batch_get_name (batch));
  json_builder_set_member_name (b, "reserved_concurrency");
  json_builder_add_int_value (b, MAX (bc_batch_get_concurrency (batch), 1));
  if (planned > now_us)
    {
      json_builder_set_member_name (b, "trigger_timestamp");
      json_builder_add_int_value (b, planned / 1000);
    }
  add_window (b, schedule);
  json_builder_set_member_name (b, "tasks");
  json_builder_begin_array (b);
  for (guint i = 0; i < recipients->len; i++)
    {
      const BcRecipientData *row = g_ptr_array_index (recipients, i);
      g_autoptr(JsonNode) task = NULL;
      BcCallRequest req = { 0 };

      req.recipient = row;
      req.batch_id = bc_batch_get_id (batch);
      req.attempt = row->attempts;
      req.from_number = bc_batch_get_from_number (batch);
      req.agent_id = bc_batch_get_agent_id (batch);
      req.agent_version = -1;
      /* The task is the create-phone-call body less the batch's own
       * from_number; a row the body builder refuses fails the whole
       * hand-off before anything is sent. */
      task = bc_api_build_initiate_body (BC_API_PROFILE_RETELL, 0, &req, error);
      if (task == NULL)
        return NULL;
      json_object_remove_member (json_node_get_object (task), "from_number");
      json_builder_add_value (b, g_steal_pointer (&task));
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_object_ref (json_node_get_object (root));
}
