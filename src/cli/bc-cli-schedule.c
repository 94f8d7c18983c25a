/* bc-cli-schedule.c: batch-calls-cli schedule — a Draft's time windows,
 * concurrency and retries, then Planned (or Ongoing at once)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "bc-cli.h"
#include "bc-schedule.h"
#include "bc-scheduler.h"

/* ISO 8601 as people write it: "2026-12-01T09:00" (GLib 2.74 wants the
 * seconds, so they are added when missing) and, without an offset, in the
 * schedule's zone — the zone the windows are read in — or else the system's. */
static gboolean
parse_at (const char  *text,
          const char  *zone_id,
          gint64      *at,
          GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GRegex) no_seconds = g_regex_new ("^([0-9-]+[T ][0-9]{2}:[0-9]{2})([^:0-9].*)?$",
                                              0, 0, NULL);
  g_autofree char *full = g_regex_replace (no_seconds, text, -1, 0, "\\1:00\\2", 0, NULL);

  tz = zone_id != NULL && *zone_id != '\0' ? g_time_zone_new_identifier (zone_id)
                                           : g_time_zone_new_local ();
  if (tz == NULL)
    tz = g_time_zone_new_local ();

  dt = g_date_time_new_from_iso8601 (full != NULL ? full : text, tz);
  if (dt == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an ISO 8601 date and time (e.g. 2026-05-04T09:30 or "
                     "2026-05-04T09:30:00+02:00)"),
                   text);
      return FALSE;
    }
  *at = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

int
bc_cli_schedule (const BcCliGlobals  *globals,
                 int                  argc,
                 char               **argv)
{
  g_autofree char *at = NULL;
  g_auto(GStrv) windows = NULL;
  g_autofree char *days = NULL;
  g_autofree char *timezone = NULL;
  g_auto(GStrv) retries = NULL;
  gboolean local_time = FALSE;
  gboolean on_platform = FALSE;
  int concurrency = 0;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Start at this time (ISO 8601); default: now"), N_("TIME") },
    { "window", 0, 0, G_OPTION_ARG_STRING_ARRAY, &windows, N_("Call only in this daily window (repeatable)"), N_("HH:MM-HH:MM") },
    { "days", 0, 0, G_OPTION_ARG_STRING, &days, N_("Call only on these days (mon,tue,… or weekdays)"), N_("DAYS") },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &timezone, N_("The windows' time zone (IANA name)"), N_("ZONE") },
    { "recipient-local-time", 0, 0, G_OPTION_ARG_NONE, &local_time, N_("Windows in each recipient's own zone (CSV column timezone)"), NULL },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency, N_("Calls in flight at most"), N_("N") },
    { "retry", 0, 0, G_OPTION_ARG_STRING_ARRAY, &retries, N_("Retry an outcome (no_answer, busy, failed, voicemail)"), N_("OUTCOME:MAX:DELAY") },
    { "on-platform", 0, 0, G_OPTION_ARG_NONE, &on_platform, N_("Hand the batch to the platform, which places the calls (--profile retell)"), NULL },
    { NULL }
  };
  g_autoptr(BcStore) store = NULL;
  g_autoptr(BcSchedule) schedule = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined_windows = NULL;
  g_autofree char *joined_retries = NULL;
  BcWeekdays weekdays;
  BcBatch *batch;
  BcBatchState target;
  gint64 now = g_get_real_time ();
  gint64 planned_at = 0;

  if (!bc_cli_parse (N_("BATCH"), _("Sets when a Draft batch may call, and submits it: Planned "
                                    "for --at, or Ongoing at once."),
                     entries, &argc, &argv))
    return BC_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      bc_cli_error (_("schedule needs one batch id or name"));
      return BC_CLI_EXIT_USAGE;
    }
  /* Said before anything else: only retell's endpoints take a batch. */
  if (on_platform && g_strcmp0 (globals->profile, "retell") != 0)
    {
      bc_cli_error (_("--on-platform needs --profile retell: only the Retell-compatible "
                      "endpoints take a whole batch"));
      return BC_CLI_EXIT_USAGE;
    }
  store = bc_cli_open_store (globals);
  if (store == NULL)
    return BC_CLI_EXIT_IO;
  batch = bc_cli_find_batch (store, argv[1]);
  if (batch == NULL)
    return BC_CLI_EXIT_DATA;
  if (bc_batch_get_state (batch) != BC_BATCH_STATE_DRAFT)
    {
      bc_cli_error (_("The batch “%s” is %s: only a Draft can be scheduled"),
                    bc_batch_get_name (batch), bc_batch_state_get_label (bc_batch_get_state (batch)));
      return BC_CLI_EXIT_DATA;
    }

  if (windows != NULL)
    joined_windows = g_strjoinv (",", windows);
  if (retries != NULL)
    joined_retries = g_strjoinv (",", retries);
  weekdays = bc_batch_get_weekdays (batch);
  if ((days != NULL && !bc_weekdays_parse (days, &weekdays, &error)) ||
      !bc_scheduler_check_retry_policy (joined_retries, &error) ||
      (at != NULL && !parse_at (at, timezone != NULL ? timezone : bc_batch_get_timezone (batch),
                                  &planned_at, &error)))
    {
      bc_cli_error ("%s", error->message);
      return BC_CLI_EXIT_USAGE;
    }
  schedule = bc_schedule_new_parse (joined_windows != NULL ? joined_windows : bc_batch_get_windows (batch),
                                    weekdays,
                                    timezone != NULL ? timezone : bc_batch_get_timezone (batch),
                                    local_time, &error);
  if (schedule == NULL)
    {
      bc_cli_error ("%s", error->message);
      return BC_CLI_EXIT_USAGE;
    }
  if (concurrency < 0 || concurrency > 1000)
    {
      bc_cli_error (_("--concurrency must be between 1 and 1000"));
      return BC_CLI_EXIT_USAGE;
    }

  if (joined_windows != NULL)
    bc_batch_set_windows (batch, joined_windows);
  if (timezone != NULL)
    bc_batch_set_timezone (batch, timezone);
  bc_batch_set_weekdays (batch, weekdays);
  bc_batch_set_recipient_local_time (batch, local_time);
  if (concurrency > 0)
    bc_batch_set_concurrency (batch, (guint) concurrency);
  if (joined_retries != NULL)
    bc_batch_set_retry_policy (batch, joined_retries);
  bc_batch_set_planned_at (batch, planned_at);
  target = planned_at > now ? BC_BATCH_STATE_PLANNED : BC_BATCH_STATE_ONGOING;

  if (on_platform)
    {
      if (!bc_store_update_batch (store, batch, &error))
        {
          bc_cli_error ("%s", error->message);
          return BC_CLI_EXIT_DATA;
        }
      return bc_cli_hand_off (globals, store, batch);
    }

  if (!bc_store_update_batch (store, batch, &error) ||
      !bc_store_set_batch_state (store, batch, target, &error))
    {
      bc_cli_error ("%s", error->message);
      return BC_CLI_EXIT_DATA;
    }

  if (target == BC_BATCH_STATE_PLANNED)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (planned_at / G_USEC_PER_SEC);
      g_autofree char *when = g_date_time_format_iso8601 (dt);

      printf (_("%s: Planned for %s\n"), bc_batch_get_name (batch), when);
    }
  else
    printf (_("%s: Ongoing\n"), bc_batch_get_name (batch));
  return BC_CLI_EXIT_OK;
}
