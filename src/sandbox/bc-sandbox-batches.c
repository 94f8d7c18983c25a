/* bc-sandbox-batches.c: server-side batches (retell's create-batch-call)
 *
 * A batch keeps its tasks and places them the way the platform does: not
 * before trigger_timestamp, only inside call_time_window (daily windows,
 * minutes from local midnight in its timezone, on its days), and with at
 * most reserved_concurrency of its calls live at once.
 *
 * Like the rest of the network there are no timers: before anything looks
 * at the calls (every request, every getter), _sb_run_batches() catches
 * each batch up to the simulated now, creating the calls it would have
 * placed with the creation time they would have had. A run is then the
 * same whatever the order and the timing of the requests that observe it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-sandbox"

#include "config.h"

#include <string.h>

#include "bc-sandbox-private.h"

#define MINUTES_PER_DAY (24 * 60)
#define ALL_DAYS 0x7f

typedef struct
{
  char     *to_number;
  char     *agent_id;
  gint64    version;
  JsonNode *metadata;
  JsonNode *variables;
} SbTask;

static void
task_free (gpointer data)
{
  SbTask *t = data;

  g_free (t->to_number);
  g_free (t->agent_id);
  g_clear_pointer (&t->metadata, json_node_unref);
  g_clear_pointer (&t->variables, json_node_unref);
  g_free (t);
}

void
_sb_batch_free (gpointer data)
{
  SbBatch *b = data;

  g_free (b->id);
  g_free (b->from_number);
  g_clear_pointer (&b->tasks, g_ptr_array_unref);
  g_clear_pointer (&b->windows, g_array_unref);
  g_clear_pointer (&b->tz, g_time_zone_unref);
  g_clear_pointer (&b->live, g_ptr_array_unref);
  g_free (b);
}

/* Monday is bit 0, as GDateTime's day of week 1. */
static gboolean
parse_day (const char *name,
           guint      *bit)
{
  static const char * const days[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    if (g_ascii_strcasecmp (name, days[i]) == 0 ||
        (strlen (name) == 3 && g_ascii_strncasecmp (name, days[i], 3) == 0))
      {
        *bit = 1u << i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_window (SbBatch     *b,
              JsonObject  *w,
              char       **message)
{
  JsonNode *windows = json_object_get_member (w, "windows");
  JsonNode *day = json_object_get_member (w, "day");
  const char *zone = _sb_get_string (w, "timezone");

  if (zone != NULL)
    {
      g_clear_pointer (&b->tz, g_time_zone_unref);
      b->tz = g_time_zone_new_identifier (zone);
      if (b->tz == NULL)
        {
          *message = g_strdup_printf ("call_time_window.timezone: unknown time zone “%s”", zone);
          return FALSE;
        }
    }
  if (windows != NULL && JSON_NODE_HOLDS_ARRAY (windows))
    {
      JsonArray *a = json_node_get_array (windows);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *n = json_array_get_element (a, i);
          JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
          gint64 start = o != NULL ? json_object_get_int_member_with_default (o, "start", -1) : -1;
          gint64 end = o != NULL ? json_object_get_int_member_with_default (o, "end", -1) : -1;
          gint pair[2] = { start, end };

          if (start < 0 || end > MINUTES_PER_DAY || start >= end)
            {
              *message = g_strdup ("call_time_window.windows: every window needs 0 ≤ start < end ≤ 1440");
              return FALSE;
            }
          g_array_append_vals (b->windows, pair, 2);
        }
    }
  else if (windows != NULL && !JSON_NODE_HOLDS_NULL (windows))
    {
      *message = g_strdup ("call_time_window.windows must be an array");
      return FALSE;
    }
  if (day != NULL && JSON_NODE_HOLDS_ARRAY (day))
    {
      JsonArray *a = json_node_get_array (day);

      b->day_mask = 0;
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *n = json_array_get_element (a, i);
          guint bit;

          if (json_node_get_value_type (n) != G_TYPE_STRING ||
              !parse_day (json_node_get_string (n), &bit))
            {
              *message = g_strdup ("call_time_window.day: days are Monday … Sunday");
              return FALSE;
            }
          b->day_mask |= bit;
        }
      if (b->day_mask == 0)
        b->day_mask = ALL_DAYS;
    }
  return TRUE;
}

SbBatch *
_sb_batch_new (BcSandbox   *self,
               JsonObject  *o,
               const char  *id,
               const char  *from_number,
               char       **message)
{
  SbBatch *b = g_new0 (SbBatch, 1);
  JsonNode *window = json_object_get_member (o, "call_time_window");
  JsonNode *trigger = json_object_get_member (o, "trigger_timestamp");
  gint64 concurrency = json_object_get_int_member_with_default (o, "reserved_concurrency",
                                                                self->options.concurrency_limit);

  b->id = g_strdup (id);
  b->from_number = g_strdup (from_number);
  b->tasks = g_ptr_array_new_with_free_func (task_free);
  b->windows = g_array_new (FALSE, FALSE, sizeof (gint));
  b->tz = g_time_zone_new_utc ();
  b->day_mask = ALL_DAYS;
  b->live = g_ptr_array_new ();
  b->cursor_ms = _sb_now_ms (self);
  b->concurrency = (guint) CLAMP (concurrency, 1, 10000);

  if (trigger != NULL && !JSON_NODE_HOLDS_NULL (trigger))
    {
      GType type = json_node_get_value_type (trigger);

      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        *message = g_strdup ("trigger_timestamp must be a number of milliseconds");
      else
        b->cursor_ms = MAX (b->cursor_ms, json_node_get_int (trigger));
    }
  if (*message == NULL && window != NULL && !JSON_NODE_HOLDS_NULL (window))
    {
      if (!JSON_NODE_HOLDS_OBJECT (window))
        *message = g_strdup ("call_time_window must be an object");
      else
        parse_window (b, json_node_get_object (window), message);
    }
  if (*message != NULL)
    {
      _sb_batch_free (b);
      return NULL;
    }
  return b;
}

void
_sb_batch_add_task (SbBatch    *b,
                    JsonObject *task,
                    const char *agent_id,
                    gint64      version)
{
  SbTask *t = g_new0 (SbTask, 1);
  JsonNode *metadata = json_object_get_member (task, "metadata");
  JsonNode *variables = json_object_get_member (task, "retell_llm_dynamic_variables");

  t->to_number = g_strdup (_sb_get_string (task, "to_number"));
  t->agent_id = g_strdup (agent_id);
  t->version = version;
  t->metadata = metadata != NULL ? json_node_copy (metadata) : NULL;
  t->variables = variables != NULL ? json_node_copy (variables) : NULL;
  g_ptr_array_add (b->tasks, t);
}

static gint64
local_ms (GTimeZone  *tz,
          GDateTime  *day,
          gint        minutes)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_time_get_year (day),
                                                   g_date_time_get_month (day),
                                                   g_date_time_get_day_of_month (day), 0, 0, 0);
  g_autoptr(GDateTime) at = NULL;

  /* Wall-clock minutes: 09:00 is 09:00 on a DST day too; 24:00 is the
   * next midnight. */
  if (minutes == MINUTES_PER_DAY)
    at = g_date_time_add_days (midnight, 1);
  else
    at = g_date_time_new (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), minutes / 60, minutes % 60, 0);
  return g_date_time_to_unix (at) * 1000;
}

/* The first instant ≥ @t_ms inside the batch's window; G_MAXINT64 when
 * the window never opens. */
static gint64
next_open (SbBatch *b,
           gint64   t_ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t_ms / 1000);
  g_autoptr(GDateTime) today = g_date_time_to_timezone (utc, b->tz);

  if (b->windows->len == 0 && b->day_mask == ALL_DAYS)
    return t_ms;

  /* Yesterday too: its window may still be open by the zone's offset. */
  for (int d = -1; d <= 8; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (today, d);
      gint64 best = G_MAXINT64;
      guint n = b->windows->len / 2;

      if ((b->day_mask & (1u << (g_date_time_get_day_of_week (day) - 1))) == 0)
        continue;
      for (guint i = 0; i < MAX (n, 1); i++)
        {
          gint start = n > 0 ? g_array_index (b->windows, gint, 2 * i) : 0;
          gint end = n > 0 ? g_array_index (b->windows, gint, 2 * i + 1) : MINUTES_PER_DAY;
          gint64 start_ms = local_ms (b->tz, day, start);
          gint64 end_ms = local_ms (b->tz, day, end);

          if (t_ms < end_ms)
            best = MIN (best, MAX (t_ms, start_ms));
        }
      if (best != G_MAXINT64)
        return best;
    }
  return G_MAXINT64;
}

static void
run_batch (BcSandbox *self,
           SbBatch   *b,
           gint64     now_ms)
{
  while (b->next_task < b->tasks->len)
    {
      gint64 t = next_open (b, b->cursor_ms);
      gint64 first_end = G_MAXINT64;
      SbTask *task;
      SbCall *c;

      if (t > now_ms)
        break;
      b->cursor_ms = t;
      for (guint i = b->live->len; i > 0; i--)
        {
          gint64 end = _sb_call_end_ms (g_ptr_array_index (b->live, i - 1));

          if (end <= t)
            g_ptr_array_remove_index_fast (b->live, i - 1);
          else
            first_end = MIN (first_end, end);
        }
      if (b->live->len >= b->concurrency)
        {
          /* Full: the next slot frees when the first live call ends. */
          b->cursor_ms = first_end;
          continue;
        }

      task = g_ptr_array_index (b->tasks, b->next_task++);
      c = _sb_create_call (self, b->from_number, task->to_number, task->agent_id, task->version,
                           task->metadata, task->variables);
      c->created_ms = t;
      c->batch_call_id = g_strdup (b->id);
      g_ptr_array_add (b->live, c);
    }
}

void
_sb_run_batches (BcSandbox *self,
                 gint64     now_ms)
{
  for (guint i = 0; i < self->batches->len; i++)
    run_batch (self, g_ptr_array_index (self->batches, i), now_ms);
}
