/* bc-timeline-chart.c: calls started and ended over a batch's life, with
 * its calling windows shaded
 *
 * Started calls rise above the axis, ended calls hang below it, one bar
 * pair per bucket, over shaded spans where the schedule allowed calling:
 * pace and pauses (a gap inside a shaded span) show at a glance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-timeline-chart"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bc-chart-util.h"
#include "bc-timeline-chart.h"

#define MINUTE_US      ((gint64) 60 * G_USEC_PER_SEC)
#define SWATCH         10
#define SWATCH_GAP     4
#define LEGEND_GAP     14
/* Spans a schedule can open and close within what is shown; beyond it
 * the shading stops (a year of hourly windows). */
#define MAX_SPANS      4096

struct _BcTimelineChart
{
  GtkWidget        parent_instance;

  gint64           from_minute;      /* [from, to) in Unix minutes */
  gint64           to_minute;
  guint            bucket;           /* minutes per bucket */
  gint64           first_bucket;     /* minute where bucket 0 starts */
  GArray          *events;           /* gint64 triples, as set */
  GArray          *started;          /* gint64 per bucket */
  GArray          *ended;
  gint64           max;
  BcSchedule      *schedule;
  GArray          *spans;            /* gint64 pairs [open, close) in µs */

  graphene_rect_t  plot;
  char            *description;
};

G_DEFINE_FINAL_TYPE (BcTimelineChart, bc_timeline_chart, GTK_TYPE_WIDGET)

static GTimeZone *
label_zone (BcTimelineChart *self)
{
  if (self->schedule != NULL && bc_schedule_get_timezone (self->schedule) != NULL)
    return g_time_zone_ref (bc_schedule_get_timezone (self->schedule));
  return g_time_zone_new_local ();
}

static char *
format_minute (BcTimelineChart *self,
               gint64           minute,
               gboolean         with_day)
{
  g_autoptr(GTimeZone) zone = label_zone (self);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (minute * 60);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;

  if (local == NULL)
    return g_strdup ("?");
  /* Translators: strftime formats of a time on the timeline's axis */
  return g_date_time_format (local, with_day ? _("%d %b %H:%M") : _("%H:%M"));
}

static gboolean
spans_days (BcTimelineChart *self)
{
  return self->to_minute - self->from_minute > 24 * 60;
}

static void
rebucket (BcTimelineChart *self)
{
  gint64 span = MAX (self->to_minute - self->from_minute, 1);
  guint n;

  self->bucket = span <= 4 * 60 ? 1 : span <= 10 * 24 * 60 ? 60 : 24 * 60;
  /* Whole hours and days in UTC: the labels of most zones fall on them. */
  self->first_bucket = self->from_minute - (self->from_minute % self->bucket);
  n = (guint) ((self->to_minute - self->first_bucket + self->bucket - 1) / self->bucket);

  g_array_set_size (self->started, 0);
  g_array_set_size (self->ended, 0);
  g_array_set_size (self->started, n);
  g_array_set_size (self->ended, n);
  self->max = 0;

  for (guint i = 0; i + 2 < self->events->len; i += 3)
    {
      gint64 minute = g_array_index (self->events, gint64, i);
      guint index;

      if (minute < self->from_minute || minute >= self->to_minute)
        continue;
      index = (guint) ((minute - self->first_bucket) / self->bucket);
      g_array_index (self->started, gint64, index) += g_array_index (self->events, gint64, i + 1);
      g_array_index (self->ended, gint64, index) += g_array_index (self->events, gint64, i + 2);
      self->max = MAX (self->max, g_array_index (self->started, gint64, index));
      self->max = MAX (self->max, g_array_index (self->ended, gint64, index));
    }
}

static void
compute_spans (BcTimelineChart *self)
{
  gint64 t = self->from_minute * MINUTE_US;
  gint64 end = self->to_minute * MINUTE_US;
  gboolean open;

  g_array_set_size (self->spans, 0);
  if (self->schedule == NULL)
    return;

  open = bc_schedule_is_open (self->schedule, t, NULL);
  while (t < end && self->spans->len < 2 * MAX_SPANS)
    {
      gint64 next = bc_schedule_next_change (self->schedule, t, NULL);

      if (next <= t || next > end)
        next = end;
      if (open)
        {
          g_array_append_val (self->spans, t);
          g_array_append_val (self->spans, next);
        }
      t = next;
      open = !open;
    }
}

static void
update_description (BcTimelineChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *from = format_minute (self, self->from_minute, spans_days (self));
  g_autofree char *to = format_minute (self, self->to_minute, spans_days (self));
  gint64 started = 0, ended = 0, busiest = 0;
  guint busiest_index = 0;

  for (guint i = 0; i < self->started->len; i++)
    {
      gint64 s = g_array_index (self->started, gint64, i);

      started += s;
      ended += g_array_index (self->ended, gint64, i);
      if (s > busiest)
        {
          busiest = s;
          busiest_index = i;
        }
    }

  /* Translators: "Calls per minute from 14:00 to 15:30" */
  g_string_printf (text, self->bucket == 1 ? _("Calls per minute from %s to %s")
                         : self->bucket == 60 ? _("Calls per hour from %s to %s")
                         : _("Calls per day from %s to %s"), from, to);
  g_string_append (text, ": ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " started",
                                             "%" PRId64 " started", started), started);
  g_string_append (text, ", ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " ended",
                                             "%" PRId64 " ended", ended), ended);
  g_string_append_c (text, '.');
  if (busiest > 0)
    {
      g_autofree char *when = format_minute (self, self->first_bucket + busiest_index * self->bucket,
                                             spans_days (self));

      g_string_append_c (text, ' ');
      /* Translators: "Most started at 14:22: 9." */
      g_string_append_printf (text, _("Most started at %s: %" PRId64 "."), when, busiest);
    }
  if (self->schedule != NULL)
    {
      g_autoptr(GString) windows = g_string_new (NULL);
      guint n_windows = 0;
      const BcTimeWindow *list = bc_schedule_get_windows (self->schedule, &n_windows);

      /* Spaced, unlike the stored form, so a screen reader pauses. */
      for (guint i = 0; i < n_windows; i++)
        {
          g_autofree char *one = bc_time_window_to_string (&list[i]);

          if (i > 0)
            g_string_append (windows, ", ");
          g_string_append (windows, one);
        }
      g_string_append_c (text, ' ');
      /* Translators: the shaded calling windows, e.g. "09:00-12:00, 14:00-17:00" */
      g_string_append_printf (text, _("Calling windows (shaded): %s."), windows->str);
    }

  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&text), FALSE);
  bc_chart_set_description (GTK_WIDGET (self), self->description);
}

static int
line_height (BcTimelineChart *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Hg");

  return bc_chart_layout_height (layout);
}

static void
layout_plot (BcTimelineChart *self,
             int              width,
             int              height)
{
  int line = line_height (self);
  float top = line + BC_CHART_TEXT_GAP;
  float bottom = height - line - BC_CHART_TEXT_GAP;

  self->plot = GRAPHENE_RECT_INIT (0, top, width, MAX (bottom - top, 2));
}

static double
x_of_us (BcTimelineChart *self,
         gint64           us)
{
  double span = (double) (self->to_minute - self->from_minute) * MINUTE_US;

  return self->plot.origin.x +
         self->plot.size.width * (double) (us - self->from_minute * MINUTE_US) / MAX (span, 1);
}

/* Bucket @index's column, clipped to the range. */
static void
bucket_column (BcTimelineChart *self,
               guint            index,
               double          *x0,
               double          *x1)
{
  gint64 start = MAX (self->first_bucket + (gint64) index * self->bucket, self->from_minute);
  gint64 end = MIN (self->first_bucket + (gint64) (index + 1) * self->bucket, self->to_minute);

  *x0 = x_of_us (self, start * MINUTE_US);
  *x1 = x_of_us (self, end * MINUTE_US);
}

static void
bucket_bars (BcTimelineChart *self,
             guint            index,
             graphene_rect_t *started_bar,
             graphene_rect_t *ended_bar)
{
  gint64 started = g_array_index (self->started, gint64, index);
  gint64 ended = g_array_index (self->ended, gint64, index);
  float half = self->plot.size.height / 2;
  float axis = self->plot.origin.y + half;
  double x0, x1, w;
  float hs, he;

  bucket_column (self, index, &x0, &x1);
  /* A pixel between wide bars, none between thin ones. */
  w = x1 - x0 > 4 ? x1 - x0 - 1 : MAX (x1 - x0, 1);
  hs = self->max > 0 ? half * started / self->max : 0;
  he = self->max > 0 ? half * ended / self->max : 0;
  *started_bar = GRAPHENE_RECT_INIT (x0, axis - hs, started > 0 ? w : 0, hs);
  *ended_bar = GRAPHENE_RECT_INIT (x0, axis, ended > 0 ? w : 0, he);
}

static void
append_legend_item (GtkSnapshot   *snapshot,
                    GtkWidget     *widget,
                    const char    *label,
                    const GdkRGBA *swatch,
                    const GdkRGBA *fg,
                    int           *x)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, label);
  int h = bc_chart_layout_height (layout);
  int w = SWATCH + SWATCH_GAP + bc_chart_layout_width (layout);

  /* Narrow: the items that do not fit are left out, not cut in half; the
   * description and tooltips still say everything. */
  if (*x > 0 && *x + w > gtk_widget_get_width (widget))
    return;
  gtk_snapshot_append_color (snapshot, swatch,
                             &GRAPHENE_RECT_INIT (*x, (h - SWATCH) / 2.f, SWATCH, SWATCH));
  bc_chart_append_layout (snapshot, layout, *x + SWATCH + SWATCH_GAP, 0, fg);
  *x += w + LEGEND_GAP;
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  g_autofree char *text = bc_timeline_chart_get_tooltip_at (BC_TIMELINE_CHART (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
bc_timeline_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  BcTimelineChart *self = BC_TIMELINE_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 320;
    }
  else
    {
      int text = 2 * (line_height (self) + BC_CHART_TEXT_GAP);

      *minimum = text + 60;
      *natural = text + 120;
    }
}

static void
bc_timeline_chart_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  layout_plot (BC_TIMELINE_CHART (widget), width, height);
}

static void
bc_timeline_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  BcTimelineChart *self = BC_TIMELINE_CHART (widget);
  g_autofree char *from = format_minute (self, self->from_minute, spans_days (self));
  g_autofree char *to = format_minute (self, self->to_minute, spans_days (self));
  g_autoptr(PangoLayout) from_layout = gtk_widget_create_pango_layout (widget, from);
  g_autoptr(PangoLayout) to_layout = gtk_widget_create_pango_layout (widget, to);
  float label_y = self->plot.origin.y + self->plot.size.height + BC_CHART_TEXT_GAP;
  GdkRGBA fg, dim, axis, shade, started, ended;
  int legend_x = 0;

  bc_chart_get_fg_color (widget, 1.0, &fg);
  bc_chart_get_fg_color (widget, 0.7, &dim);
  bc_chart_get_fg_color (widget, 0.3, &axis);
  bc_chart_get_fg_color (widget, 0.45, &ended);
  bc_chart_lookup_color (widget, "accent_bg_color", 0.15, &shade);
  bc_chart_lookup_color (widget, "accent_bg_color", 1.0, &started);

  append_legend_item (snapshot, widget, _("Started"), &started, &fg, &legend_x);
  append_legend_item (snapshot, widget, _("Ended"), &ended, &fg, &legend_x);
  if (self->schedule != NULL)
    append_legend_item (snapshot, widget, _("Calling window"), &shade, &fg, &legend_x);

  for (guint i = 0; i + 1 < self->spans->len; i += 2)
    {
      graphene_rect_t rect;

      bc_timeline_chart_get_window (self, i / 2, &rect);
      gtk_snapshot_append_color (snapshot, &shade, &rect);
    }

  gtk_snapshot_append_color (snapshot, &axis,
                             &GRAPHENE_RECT_INIT (self->plot.origin.x,
                                                  self->plot.origin.y + self->plot.size.height / 2 - 0.5f,
                                                  self->plot.size.width, 1));

  for (guint i = 0; i < self->started->len; i++)
    {
      graphene_rect_t s, e;

      bucket_bars (self, i, &s, &e);
      if (s.size.width > 0 && s.size.height > 0)
        gtk_snapshot_append_color (snapshot, &started, &s);
      if (e.size.width > 0 && e.size.height > 0)
        gtk_snapshot_append_color (snapshot, &ended, &e);
    }

  bc_chart_append_layout (snapshot, from_layout, 0, label_y, &dim);
  bc_chart_append_layout (snapshot, to_layout,
                          gtk_widget_get_width (widget) - bc_chart_layout_width (to_layout),
                          label_y, &dim);
}

static void
bc_timeline_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bc_timeline_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
bc_timeline_chart_finalize (GObject *object)
{
  BcTimelineChart *self = BC_TIMELINE_CHART (object);

  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->started, g_array_unref);
  g_clear_pointer (&self->ended, g_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->schedule, bc_schedule_unref);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (bc_timeline_chart_parent_class)->finalize (object);
}

static void
bc_timeline_chart_class_init (BcTimelineChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bc_timeline_chart_finalize;

  widget_class->measure = bc_timeline_chart_measure;
  widget_class->size_allocate = bc_timeline_chart_size_allocate;
  widget_class->snapshot = bc_timeline_chart_snapshot;
  widget_class->css_changed = bc_timeline_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "timelinechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bc_timeline_chart_init (BcTimelineChart *self)
{
  gint64 now_minute = g_get_real_time () / MINUTE_US;

  self->events = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->started = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->ended = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->spans = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->from_minute = now_minute;
  self->to_minute = now_minute + 60;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                  -1);
  rebucket (self);
  update_description (self);
}

GtkWidget *
bc_timeline_chart_new (void)
{
  return g_object_new (BC_TYPE_TIMELINE_CHART, NULL);
}

void
bc_timeline_chart_set_range (BcTimelineChart *self,
                             gint64           from_us,
                             gint64           to_us)
{
  gint64 from_minute, to_minute;

  g_return_if_fail (BC_IS_TIMELINE_CHART (self));

  from_minute = from_us / MINUTE_US;
  to_minute = MAX ((to_us + MINUTE_US - 1) / MINUTE_US, from_minute + 1);
  if (from_minute == self->from_minute && to_minute == self->to_minute)
    return;

  self->from_minute = from_minute;
  self->to_minute = to_minute;
  rebucket (self);
  compute_spans (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bc_timeline_chart_set_events (BcTimelineChart *self,
                              const gint64    *events,
                              guint            n_events)
{
  g_return_if_fail (BC_IS_TIMELINE_CHART (self));
  g_return_if_fail (events != NULL || n_events == 0);

  if (self->events->len == n_events * 3 &&
      (n_events == 0 || memcmp (self->events->data, events, n_events * 3 * sizeof (gint64)) == 0))
    return;

  g_array_set_size (self->events, 0);
  g_array_append_vals (self->events, events, n_events * 3);
  rebucket (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bc_timeline_chart_set_schedule (BcTimelineChart *self,
                                BcSchedule      *schedule)
{
  g_return_if_fail (BC_IS_TIMELINE_CHART (self));

  if (self->schedule == schedule ||
      (self->schedule != NULL && schedule != NULL && bc_schedule_equal (self->schedule, schedule)))
    return;

  g_clear_pointer (&self->schedule, bc_schedule_unref);
  if (schedule != NULL)
    self->schedule = bc_schedule_ref (schedule);
  compute_spans (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
bc_timeline_chart_get_bucket_minutes (BcTimelineChart *self)
{
  g_return_val_if_fail (BC_IS_TIMELINE_CHART (self), 0);

  return self->bucket;
}

guint
bc_timeline_chart_get_n_buckets (BcTimelineChart *self)
{
  g_return_val_if_fail (BC_IS_TIMELINE_CHART (self), 0);

  return self->started->len;
}

void
bc_timeline_chart_get_bucket (BcTimelineChart *self,
                              guint            index,
                              gint64          *started,
                              gint64          *ended,
                              graphene_rect_t *started_bar,
                              graphene_rect_t *ended_bar)
{
  graphene_rect_t s, e;

  g_return_if_fail (BC_IS_TIMELINE_CHART (self));
  g_return_if_fail (index < self->started->len);

  bucket_bars (self, index, &s, &e);
  if (started != NULL)
    *started = g_array_index (self->started, gint64, index);
  if (ended != NULL)
    *ended = g_array_index (self->ended, gint64, index);
  if (started_bar != NULL)
    *started_bar = s;
  if (ended_bar != NULL)
    *ended_bar = e;
}

guint
bc_timeline_chart_get_n_windows (BcTimelineChart *self)
{
  g_return_val_if_fail (BC_IS_TIMELINE_CHART (self), 0);

  return self->spans->len / 2;
}

void
bc_timeline_chart_get_window (BcTimelineChart *self,
                              guint            index,
                              graphene_rect_t *rect)
{
  double x0, x1;

  g_return_if_fail (BC_IS_TIMELINE_CHART (self));
  g_return_if_fail (index < self->spans->len / 2);

  x0 = x_of_us (self, g_array_index (self->spans, gint64, 2 * index));
  x1 = x_of_us (self, g_array_index (self->spans, gint64, 2 * index + 1));
  *rect = GRAPHENE_RECT_INIT (x0, self->plot.origin.y, x1 - x0, self->plot.size.height);
}

const char *
bc_timeline_chart_get_description (BcTimelineChart *self)
{
  g_return_val_if_fail (BC_IS_TIMELINE_CHART (self), NULL);

  return self->description;
}

char *
bc_timeline_chart_get_tooltip_at (BcTimelineChart *self,
                                  double           x,
                                  double           y)
{
  g_return_val_if_fail (BC_IS_TIMELINE_CHART (self), NULL);

  if (!bc_chart_rect_contains (&self->plot, x, y))
    return NULL;

  for (guint i = 0; i < self->started->len; i++)
    {
      double x0, x1;
      gint64 start;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      bucket_column (self, i, &x0, &x1);
      if (x < x0 || x >= x1)
        continue;

      start = self->first_bucket + (gint64) i * self->bucket;
      from = format_minute (self, start, spans_days (self));
      to = format_minute (self, start + self->bucket, spans_days (self));
      /* Translators: "14:05–14:06: 12 started, 10 ended" */
      return g_strdup_printf (_("%s–%s: %" PRId64 " started, %" PRId64 " ended"),
                              from, to, g_array_index (self->started, gint64, i),
                              g_array_index (self->ended, gint64, i));
    }
  return NULL;
}
