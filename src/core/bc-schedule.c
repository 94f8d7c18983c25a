/* bc-schedule.c: when a batch may place calls (daily windows, weekdays, zone)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-schedule"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bc-batch.h"
#include "bc-schedule-private.h"
#include "bc-timezone.h"

/*
 * The definition everything here implements: an instant is open iff its
 * wall-clock time of day in the zone lies in one of the windows (start
 * inclusive, end exclusive) and its local day of the week is allowed.
 *
 * Consequences at DST changes, which follow from the definition rather than
 * from special cases: a wall-clock time that is skipped never happens, so a
 * window starting in the gap opens at the first instant after it; an hour
 * that happens twice is open (or closed) both times; a 09:00–17:00 window
 * lasts 8 hours of wall clock, whatever the day's length.
 *
 * A BcSchedule is immutable once made. The scheduler, the UI and worker
 * threads can share one without locks, and "same pointer" means "same
 * schedule", which is what BcZoneTally's cache relies on. The batch stays the
 * editable model (its properties notify); a schedule is made from it when
 * needed, like a GDateTime from a date picker. Boxed so it fits in a GValue.
 */

/* The next flip is at most a week and a day away when the schedule can flip
 * at all; a zone that skips a whole day (Pacific/Apia, 2011-12-30) can make
 * it two weeks. Past this, something is wrong with the zone data. */
#define LOOKAHEAD_SECONDS (32 * 86400)

G_DEFINE_BOXED_TYPE (BcSchedule, bc_schedule, bc_schedule_ref, bc_schedule_unref)

G_DEFINE_QUARK (bc-schedule-error-quark, bc_schedule_error)

gint64
_bc_floor_div (gint64 a,
               gint64 b)
{
  gint64 q = a / b;

  if (a % b != 0 && ((a < 0) != (b < 0)))
    q--;
  return q;
}

gint64
_bc_schedule_to_local (GTimeZone *tz,
                       gint64     utc_seconds)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc_seconds);

  return utc_seconds + g_time_zone_get_offset (tz, interval);
}

/* 0 = Monday, as the BcWeekdays bits. */
guint
_bc_local_weekday (gint64 local_seconds)
{
  gint64 day = _bc_floor_div (local_seconds, 86400);

  return (guint) (((day + 3) % 7 + 7) % 7);
}

static int
compare_windows (gconstpointer a,
                 gconstpointer b)
{
  const BcTimeWindow *wa = a, *wb = b;

  if (wa->start != wb->start)
    return wa->start < wb->start ? -1 : 1;
  return wa->end < wb->end ? -1 : (wa->end > wb->end ? 1 : 0);
}

static void
normalise_windows (BcSchedule         *self,
                   const BcTimeWindow *windows,
                   guint               n_windows)
{
  g_autofree BcTimeWindow *sorted = g_memdup2 (windows, n_windows * sizeof *windows);
  guint n = 0, n_edges = 0;

  qsort (sorted, n_windows, sizeof *sorted, compare_windows);
  self->windows = g_new (BcTimeWindow, MAX (n_windows, 1));
  for (guint i = 0; i < n_windows; i++)
    {
      /* Overlapping or touching windows are one stretch of open time. */
      if (n > 0 && sorted[i].start <= self->windows[n - 1].end)
        self->windows[n - 1].end = MAX (self->windows[n - 1].end, sorted[i].end);
      else
        self->windows[n++] = sorted[i];
    }
  self->n_windows = n;

  /* Midnight is an edge too: the day of the week changes there. */
  self->edges = g_new (guint16, 2 * n + 1);
  self->edges[n_edges++] = 0;
  for (guint i = 0; i < n; i++)
    {
      if (self->windows[i].start > self->edges[n_edges - 1])
        self->edges[n_edges++] = self->windows[i].start;
      if (self->windows[i].end < BC_MINUTES_PER_DAY)
        self->edges[n_edges++] = self->windows[i].end;
    }
  self->n_edges = n_edges;
}

/**
 * bc_schedule_new:
 * @windows: (array length=n_windows): daily windows, in any order; they are
 *   sorted and overlapping or touching ones merged
 * @weekdays: the days calls are allowed on (local days of the zone)
 * @timezone: (nullable): IANA name; %NULL or "" for the system's zone
 * @recipient_local: whether each recipient is called in their own zone
 *
 * Returns: (transfer full) (nullable): the schedule, or %NULL with @error
 *   set when a window is malformed or the zone unknown
 */
BcSchedule *
bc_schedule_new (const BcTimeWindow  *windows,
                 guint                n_windows,
                 BcWeekdays           weekdays,
                 const char          *timezone_id,
                 gboolean             recipient_local,
                 GError             **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  BcSchedule *self;

  g_return_val_if_fail (windows != NULL || n_windows == 0, NULL);

  for (guint i = 0; i < n_windows; i++)
    {
      if (windows[i].start >= windows[i].end || windows[i].end > BC_MINUTES_PER_DAY)
        {
          g_autofree char *text = bc_time_window_to_string (&windows[i]);

          g_set_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_INVALID_WINDOW,
                       _("“%s” is not a time window: its start must be before its end, within one day"),
                       text);
          return NULL;
        }
    }
  if (!(tz = bc_timezone_new (timezone_id, error)))
    return NULL;

  self = g_new0 (BcSchedule, 1);
  g_atomic_ref_count_init (&self->ref_count);
  normalise_windows (self, windows, n_windows);
  self->weekdays = weekdays & BC_WEEKDAYS_ALL;
  self->timezone_id = timezone_id != NULL && *timezone_id != '\0' ? g_strdup (timezone_id) : NULL;
  self->tz = g_steal_pointer (&tz);
  self->recipient_local = !!recipient_local;
  return self;
}

/**
 * bc_schedule_new_parse:
 * @windows: the store's form, "09:00-12:00,13:00-17:00"
 *
 * Like bc_schedule_new(), with the windows as text (see
 * bc_time_windows_parse() for the errors).
 */
BcSchedule *
bc_schedule_new_parse (const char  *windows,
                       BcWeekdays   weekdays,
                       const char  *timezone_id,
                       gboolean     recipient_local,
                       GError     **error)
{
  g_autoptr(GArray) parsed = bc_time_windows_parse (windows, error);

  if (parsed == NULL)
    return NULL;
  return bc_schedule_new ((const BcTimeWindow *) (gpointer) parsed->data, parsed->len,
                          weekdays, timezone_id, recipient_local, error);
}

BcSchedule *
bc_schedule_new_for_batch (BcBatch  *batch,
                           GError  **error)
{
  g_return_val_if_fail (BC_IS_BATCH (batch), NULL);

  return bc_schedule_new_parse (bc_batch_get_windows (batch),
                                bc_batch_get_weekdays (batch),
                                bc_batch_get_timezone (batch),
                                bc_batch_get_recipient_local_time (batch),
                                error);
}

BcSchedule *
bc_schedule_ref (BcSchedule *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bc_schedule_unref (BcSchedule *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->windows);
  g_free (self->edges);
  g_free (self->timezone_id);
  g_time_zone_unref (self->tz);
  g_free (self);
}

gboolean
bc_schedule_equal (const BcSchedule *a,
                   const BcSchedule *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return a->n_windows == b->n_windows &&
         memcmp (a->windows, b->windows, a->n_windows * sizeof *a->windows) == 0 &&
         a->weekdays == b->weekdays &&
         g_strcmp0 (a->timezone_id, b->timezone_id) == 0 &&
         a->recipient_local == b->recipient_local;
}

/**
 * bc_schedule_get_windows:
 *
 * Returns: (array length=n_windows) (transfer none): the merged windows,
 *   sorted by start
 */
const BcTimeWindow *
bc_schedule_get_windows (const BcSchedule *self,
                         guint            *n_windows)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_windows != NULL)
    *n_windows = self->n_windows;
  return self->windows;
}

BcWeekdays
bc_schedule_get_weekdays (const BcSchedule *self)
{
  g_return_val_if_fail (self != NULL, BC_WEEKDAY_NONE);

  return self->weekdays;
}

/* %NULL when the schedule follows the system's zone. */
const char *
bc_schedule_get_timezone_id (const BcSchedule *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->timezone_id;
}

/* Returns: (transfer none): the zone, the system's when no id was given */
GTimeZone *
bc_schedule_get_timezone (const BcSchedule *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->tz;
}

gboolean
bc_schedule_get_recipient_local (const BcSchedule *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->recipient_local;
}

/* The store's form, "09:00-12:00,13:00-17:00", after merging. */
char *
bc_schedule_format_windows (const BcSchedule *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < self->n_windows; i++)
    {
      g_autofree char *one = bc_time_window_to_string (&self->windows[i]);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, one);
    }
  return g_string_free (out, FALSE);
}

static gboolean
never_changes (const BcSchedule *self)
{
  return self->n_windows == 0 || self->weekdays == BC_WEEKDAY_NONE ||
         (self->weekdays == BC_WEEKDAYS_ALL && self->windows[0].start == 0 &&
          self->windows[0].end == BC_MINUTES_PER_DAY);
}

static gboolean
is_open_local (const BcSchedule *self,
               gint64            local)
{
  gint64 minute_of_day;

  if (!(self->weekdays & (1u << _bc_local_weekday (local))))
    return FALSE;
  /* Edges are whole minutes and offsets whole seconds, so comparing whole
   * minutes is exact. */
  minute_of_day = (local - _bc_floor_div (local, 86400) * 86400) / 60;
  for (guint i = 0; i < self->n_windows; i++)
    if (minute_of_day >= self->windows[i].start && minute_of_day < self->windows[i].end)
      return TRUE;
  return FALSE;
}

static gboolean
is_open_second (const BcSchedule *self,
                GTimeZone        *tz,
                gint64            utc_seconds)
{
  return is_open_local (self, _bc_schedule_to_local (tz, utc_seconds));
}

/**
 * bc_schedule_is_open:
 * @instant: µs since the epoch, as a BcClock gives
 * @tz_override: (nullable): ask about this zone instead of the schedule's
 *   (recipient-local time)
 */
gboolean
bc_schedule_is_open (const BcSchedule *self,
                     gint64            instant,
                     GTimeZone        *tz_override)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return is_open_second (self, tz_override != NULL ? tz_override : self->tz,
                         _bc_floor_div (instant, G_USEC_PER_SEC));
}

/* The first local second after @local (strictly) that is an edge. */
static gint64
next_edge_local (const BcSchedule *self,
                 gint64            local)
{
  gint64 day_start = _bc_floor_div (local, 86400) * 86400;
  gint64 second_of_day = local - day_start;

  for (guint i = 0; i < self->n_edges; i++)
    if ((gint64) self->edges[i] * 60 > second_of_day)
      return day_start + (gint64) self->edges[i] * 60;
  return day_start + 86400;
}

/* The first second in (lo, hi] whose zone interval is not @interval, given
 * that hi's is not: when the offset changes, local time jumps. */
static gint64
find_transition (GTimeZone *tz,
                 gint64     lo,
                 gint64     hi,
                 int        interval)
{
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, mid) == interval)
        lo = mid;
      else
        hi = mid;
    }
  return hi;
}

/**
 * bc_schedule_next_change:
 * @instant: µs since the epoch
 * @tz_override: (nullable): as for bc_schedule_is_open()
 *
 * The instant the scheduler arms its timer for: the first instant after
 * @instant whose open/closed state differs from that at @instant.
 *
 * Walks from candidate to candidate: the next instant the wall clock reaches
 * an edge (a window's start or end, or midnight), or the zone's offset
 * changes, whichever comes first. Between two candidates the state cannot
 * change, so none is skipped; there are a few per local day.
 *
 * Returns: µs since the epoch, or %BC_SCHEDULE_NEVER
 */
gint64
bc_schedule_next_change (const BcSchedule *self,
                         gint64            instant,
                         GTimeZone        *tz_override)
{
  GTimeZone *tz;
  gint64 s, limit;
  gboolean state;

  g_return_val_if_fail (self != NULL, BC_SCHEDULE_NEVER);

  if (never_changes (self))
    return BC_SCHEDULE_NEVER;
  tz = tz_override != NULL ? tz_override : self->tz;
  s = _bc_floor_div (instant, G_USEC_PER_SEC);
  if (s > G_MAXINT64 / G_USEC_PER_SEC - 2 * LOOKAHEAD_SECONDS)
    return BC_SCHEDULE_NEVER;
  limit = s + LOOKAHEAD_SECONDS;
  state = is_open_second (self, tz, s);

  while (s < limit)
    {
      int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, s);
      gint64 offset = g_time_zone_get_offset (tz, interval);
      gint64 candidate = next_edge_local (self, s + offset) - offset;

      if (g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, candidate) != interval)
        candidate = find_transition (tz, s, candidate, interval);
      if (is_open_second (self, tz, candidate) != state)
        return candidate * G_USEC_PER_SEC;
      s = candidate;
    }

  g_debug ("No change within %d days of %" G_GINT64_FORMAT "; zone data odd?",
           LOOKAHEAD_SECONDS / 86400, instant);
  return BC_SCHEDULE_NEVER;
}

/**
 * bc_schedule_next_open:
 *
 * Returns: the first instant ≥ @instant that is open (@instant itself when
 *   open), or %BC_SCHEDULE_NEVER when no weekday or no window is set
 */
gint64
bc_schedule_next_open (const BcSchedule *self,
                       gint64            instant,
                       GTimeZone        *tz_override)
{
  g_return_val_if_fail (self != NULL, BC_SCHEDULE_NEVER);

  if (bc_schedule_is_open (self, instant, tz_override))
    return instant;
  return bc_schedule_next_change (self, instant, tz_override);
}
