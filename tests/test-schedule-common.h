/* test-schedule-common.h: instants and the brute-force definition, for the schedule tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bc-schedule.h"

/* µs since the epoch of a local wall-clock time (not in a gap). */
static inline gint64
at (const char *zone,
    int         year,
    int         month,
    int         day,
    int         hour,
    int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

/* µs since the epoch of "2026-03-29T07:00:00Z". */
static inline gint64
iso (const char *text)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

/* The definition, computed another way than the code under test does: the
 * instant as a GDateTime in the zone, its wall-clock minute and weekday. */
static inline gboolean
brute_is_open (BcSchedule *schedule,
               GTimeZone  *tz,
               gint64      instant)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant >= 0 ? instant / G_USEC_PER_SEC
                                                            : -((-instant + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz != NULL ? tz : bc_schedule_get_timezone (schedule));
  int minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  int weekday = g_date_time_get_day_of_week (local);   /* 1 = Monday */
  const BcTimeWindow *windows;
  guint n;

  if (!(bc_schedule_get_weekdays (schedule) & (1u << (weekday - 1))))
    return FALSE;
  windows = bc_schedule_get_windows (schedule, &n);
  for (guint i = 0; i < n; i++)
    if (minute >= windows[i].start && minute < windows[i].end)
      return TRUE;
  return FALSE;
}
