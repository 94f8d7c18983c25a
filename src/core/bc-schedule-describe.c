/* bc-schedule-describe.c: a schedule in words, for the dialog and the batch page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-schedule"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-schedule-private.h"
#include "bc-timezone.h"

static const char * const day_abbrevs[] = {
  NC_("weekday", "Mon"), NC_("weekday", "Tue"), NC_("weekday", "Wed"),
  NC_("weekday", "Thu"), NC_("weekday", "Fri"), NC_("weekday", "Sat"),
  NC_("weekday", "Sun"),
};

static const char *
day_abbrev (guint day)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "weekday", day_abbrevs[day % 7]);
}

static void
append_item (GString    *out,
             const char *item)
{
  if (out->len > 0)
    /* Translators: separates the days in "Mon, Wed, Fri" */
    g_string_append (out, C_("list of days", ", "));
  g_string_append (out, item);
}

static void
append_run (GString *out,
            guint    first,
            guint    length)
{
  if (length >= 3)
    {
      /* Translators: a range of days, "Mon–Fri" */
      g_autofree char *range = g_strdup_printf (C_("range of days", "%s–%s"),
                                                day_abbrev (first),
                                                day_abbrev (first + length - 1));
      append_item (out, range);
      return;
    }
  for (guint i = 0; i < length; i++)
    append_item (out, day_abbrev (first + i));
}

/* "Mon–Fri", "Mon, Wed, Fri", "Fri–Mon", "every day", "on weekends". */
static char *
describe_days (BcWeekdays weekdays)
{
  GString *out;
  guint first = 0;

  if (weekdays == BC_WEEKDAYS_ALL)
    return g_strdup (_("every day"));
  if (weekdays == (BC_WEEKDAY_SATURDAY | BC_WEEKDAY_SUNDAY))
    return g_strdup (_("on weekends"));

  /* Start after a day that is off, so a run over Sunday night ("Fri–Mon")
   * stays one run; Monday first otherwise. */
  if ((weekdays & BC_WEEKDAY_MONDAY) && (weekdays & BC_WEEKDAY_SUNDAY))
    while (weekdays & (1u << first))
      first++;

  out = g_string_new (NULL);
  for (guint i = 0; i < 7;)
    {
      guint length = 0;

      while (i + length < 7 && (weekdays & (1u << ((first + i + length) % 7))))
        length++;
      if (length > 0)
        append_run (out, (first + i) % 7, length);
      i += length + 1;
    }
  return g_string_free (out, FALSE);
}

static char *
describe_window (const BcTimeWindow *window)
{
  if (window->start == 0 && window->end == BC_MINUTES_PER_DAY)
    return g_strdup (_("all day"));
  /* Translators: a daily time window, "09:00–17:00" */
  return g_strdup_printf (C_("time window", "%02u:%02u–%02u:%02u"),
                          window->start / 60u, window->start % 60u,
                          window->end / 60u, window->end % 60u);
}

/* "09:00–12:00", "09:00–12:00 and 13:00–17:00", "a, b and c". */
static char *
describe_windows (const BcSchedule *self)
{
  g_autofree char *joined = describe_window (&self->windows[0]);

  for (guint i = 1; i < self->n_windows; i++)
    {
      g_autofree char *next = describe_window (&self->windows[i]);
      char *longer;

      if (i + 1 < self->n_windows)
        /* Translators: joins all but the last two items of a list */
        longer = g_strdup_printf (C_("list", "%s, %s"), joined, next);
      else
        /* Translators: joins the last two items of a list */
        longer = g_strdup_printf (C_("list", "%s and %s"), joined, next);
      g_free (joined);
      joined = longer;
    }
  return g_steal_pointer (&joined);
}

static char *
zone_name (const BcSchedule *self)
{
  return self->timezone_id != NULL ? g_strdup (self->timezone_id) : bc_timezone_get_system_id ();
}

/**
 * bc_schedule_describe:
 *
 * Returns: (transfer full): the schedule as a sentence, "Calls Mon–Fri,
 *   09:00–12:00 and 13:00–17:00, Europe/Berlin"
 */
char *
bc_schedule_describe (const BcSchedule *self)
{
  g_autofree char *days = NULL;
  g_autofree char *windows = NULL;
  g_autofree char *zone = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->weekdays == BC_WEEKDAY_NONE)
    return g_strdup (_("No calls: no day of the week is chosen"));
  if (self->n_windows == 0)
    return g_strdup (_("No calls: no time window is set"));

  days = describe_days (self->weekdays);
  windows = describe_windows (self);
  zone = zone_name (self);
  if (self->recipient_local)
    /* Translators: "Calls Mon–Fri, 08:00–21:00, in each recipient’s time zone
     * (America/New_York when none is given)" */
    return g_strdup_printf (_("Calls %1$s, %2$s, in each recipient’s time zone (%3$s when none is given)"),
                            days, windows, zone);
  /* Translators: "Calls Mon–Fri, 09:00–12:00 and 13:00–17:00, Europe/Berlin" */
  return g_strdup_printf (_("Calls %1$s, %2$s, %3$s"), days, windows, zone);
}

/* "today at 09:00", "tomorrow at 09:00", "Monday at 09:00", "3 March at 09:00". */
static char *
describe_moment (const BcSchedule *self,
                 gint64            now,
                 gint64            when)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (_bc_floor_div (when, G_USEC_PER_SEC));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->tz);
  gint64 days = _bc_floor_div (_bc_schedule_to_local (self->tz, _bc_floor_div (when, G_USEC_PER_SEC)), 86400) -
                _bc_floor_div (_bc_schedule_to_local (self->tz, _bc_floor_div (now, G_USEC_PER_SEC)), 86400);
  g_autofree char *clock = g_date_time_format (local, "%H:%M");
  g_autofree char *day = NULL;

  if (days == 0)
    /* Translators: %s is a time such as 09:00 */
    return g_strdup_printf (_("today at %s"), clock);
  if (days == 1)
    /* Translators: %s is a time such as 09:00 */
    return g_strdup_printf (_("tomorrow at %s"), clock);
  if (days > 1 && days < 7)
    day = g_date_time_format (local, "%A");
  else
    /* Translators: a date in g_date_time_format() notation, "3 March" */
    day = g_date_time_format (local, C_("date without year", "%-d %B"));
  /* Translators: "Monday at 09:00" or "3 March at 09:00" */
  return g_strdup_printf (C_("day at time", "%1$s at %2$s"), day, clock);
}

/**
 * bc_schedule_describe_next_open:
 * @now: µs since the epoch
 *
 * For the batch page: when calls resume, or until when they go on, in the
 * schedule's zone (named when it is not the system's).
 *
 * Returns: (transfer full): "Resumes Monday at 09:00", "Resumes in
 *   5 minutes (today at 09:00)", "Open until today at 17:00", …
 */
char *
bc_schedule_describe_next_open (const BcSchedule *self,
                                gint64            now)
{
  g_autofree char *moment = NULL;
  g_autofree char *system_zone = NULL;
  g_autofree char *sentence = NULL;
  gint64 change;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->weekdays == BC_WEEKDAY_NONE)
    return g_strdup (_("Will not resume: no day of the week is chosen"));
  if (self->n_windows == 0)
    return g_strdup (_("Will not resume: no time window is set"));

  change = bc_schedule_next_change (self, now, NULL);
  if (change == BC_SCHEDULE_NEVER)
    return g_strdup (_("Open around the clock"));

  moment = describe_moment (self, now, change);
  if (bc_schedule_is_open (self, now, NULL))
    {
      /* Translators: %s is "today at 17:00" or "Monday at 02:00" */
      sentence = g_strdup_printf (_("Open until %s"), moment);
    }
  else if (change - now < (gint64) G_USEC_PER_SEC * 60 * 60)
    {
      gint64 minutes = (change - now + (gint64) G_USEC_PER_SEC * 60 - 1) / ((gint64) G_USEC_PER_SEC * 60);

      /* Translators: %2$s is "today at 09:00" */
      sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Resumes in %1$d minute (%2$s)",
                                               "Resumes in %1$d minutes (%2$s)",
                                               (gulong) minutes),
                                  (int) minutes, moment);
    }
  else
    {
      /* Translators: %s is "tomorrow at 09:00" or "Monday at 09:00" */
      sentence = g_strdup_printf (_("Resumes %s"), moment);
    }

  system_zone = bc_timezone_get_system_id ();
  if (self->timezone_id != NULL && g_strcmp0 (self->timezone_id, system_zone) != 0)
    /* Translators: a sentence, then the time zone its times are in */
    return g_strdup_printf (C_("time in zone", "%1$s (%2$s)"), sentence, self->timezone_id);
  return g_steal_pointer (&sentence);
}
