/* test-ui-charts.c: the chart widgets, drawn and read back pixel by pixel
 *
 * Each chart gets known numbers, is shown in a window at two widths and in
 * dark mode, and is rendered to a texture: bars must be in their colour
 * where the numbers put them, and the background must show where nothing
 * is drawn. The PNGs land in the build dir (tests/chart-*.png) for a
 * reviewer to look at. Run as
 *   dbus-run-session -- xvfb-run -a meson test -C _build --suite ui
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include <adwaita.h>

#include "bc-batch-charts.h"
#include "bc-funnel-chart.h"
#include "bc-outcome-chart.h"
#include "bc-schedule.h"
#include "bc-timeline-chart.h"
#include "store-test-util.h"
#include "ui-test-util.h"

#define MINUTE_US ((gint64) 60 * G_USEC_PER_SEC)
/* 2026-11-18 09:00 UTC, in minutes. */
#define T0_MINUTE (G_GINT64_CONSTANT (1794992400) / 60)

/* ---- rendering ---- */

typedef struct
{
  GtkWidget  *window;
  GtkWidget  *chart;
  GdkTexture *texture;
  guchar     *pixels;   /* B, G, R, A (premultiplied, here opaque) */
  int         width;
  int         height;
  GdkRGBA     bg;
} Shot;

static void
lookup (GtkWidget  *widget,
        const char *name,
        GdkRGBA    *color)
{
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color));
}

static void
fg_color (GtkWidget *widget,
          double     alpha,
          GdkRGBA   *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  color->alpha *= alpha;
}

/* Shows @chart alone in a window @width wide. */
static void
shot_show (Shot      *shot,
           GtkWidget *chart,
           int        width)
{
  shot->window = gtk_window_new ();
  shot->chart = chart;
  gtk_window_set_child (GTK_WINDOW (shot->window), chart);
  /* A toplevel's minimum height is the child's height at its minimum
   * width: pin the width so a height-for-width chart is not stretched. */
  gtk_widget_set_size_request (chart, width, -1);
  gtk_window_set_default_size (GTK_WINDOW (shot->window), width, -1);
  gtk_window_present (GTK_WINDOW (shot->window));
  wait_for_frames (GTK_WINDOW (shot->window));
}

/* Renders the chart over the window's background colour, saves
 * tests/NAME and keeps the pixels. */
static void
shot_render (Shot       *shot,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (shot->chart);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (shot->window));
  int width, natural;

  /* The height the chart asks for at this width, as a page would give it
   * (a toplevel would keep the height it had for other numbers). */
  gtk_window_get_default_size (GTK_WINDOW (shot->window), &width, &natural);
  gtk_widget_measure (shot->chart, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (shot->window), width, natural);
  wait_for_frames (GTK_WINDOW (shot->window));
  g_assert_cmpint (gtk_widget_get_height (shot->chart), ==, natural);
  g_clear_object (&shot->texture);
  g_clear_pointer (&shot->pixels, g_free);
  shot->width = gtk_widget_get_width (shot->chart);
  shot->height = gtk_widget_get_height (shot->chart);
  g_assert_cmpint (shot->width, >, 0);
  g_assert_cmpint (shot->height, >, 0);

  lookup (shot->chart, "window_bg_color", &shot->bg);
  gtk_snapshot_append_color (snapshot, &shot->bg,
                             &GRAPHENE_RECT_INIT (0, 0, shot->width, shot->height));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), shot->width, shot->height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  shot->texture = gsk_renderer_render_texture (renderer, node,
                                               &GRAPHENE_RECT_INIT (0, 0, shot->width, shot->height));
  g_assert_true (gdk_texture_save_to_png (shot->texture, path));
  g_test_message ("chart: %s", path);

  shot->pixels = g_malloc ((gsize) shot->width * shot->height * 4);
  gdk_texture_download (shot->texture, shot->pixels, (gsize) shot->width * 4);
}

static void
shot_clear (Shot *shot)
{
  g_clear_object (&shot->texture);
  g_clear_pointer (&shot->pixels, g_free);
  if (shot->window != NULL)
    gtk_window_destroy (GTK_WINDOW (shot->window));
  shot->window = NULL;
  shot->chart = NULL;
}

/* @color over @under (NULL: nothing) over the background, as 8-bit
 * channels. */
static void
blend (const Shot    *shot,
       const GdkRGBA *color,
       const GdkRGBA *under,
       int           *rgb)
{
  const float *c = &color->red;
  const float *b = &shot->bg.red;

  for (int i = 0; i < 3; i++)
    {
      double base = b[i];

      if (under != NULL)
        base = (&under->red)[i] * under->alpha + base * (1.0 - under->alpha);
      rgb[i] = (int) lround (255.0 * (c[i] * color->alpha + base * (1.0 - color->alpha)));
    }
}

static void
assert_pixel_over (const Shot    *shot,
                   double         x,
                   double         y,
                   const GdkRGBA *color,
                   const GdkRGBA *under,
                   const char    *what)
{
  int px = (int) floor (x), py = (int) floor (y);
  const guchar *p;
  int expected[3], got[3];

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, shot->width);
  g_assert_cmpint (py, <, shot->height);
  p = shot->pixels + (gsize) py * shot->width * 4 + px * 4;
  got[0] = p[2];
  got[1] = p[1];
  got[2] = p[0];
  blend (shot, color, under, expected);
  for (int i = 0; i < 3; i++)
    if (ABS (got[i] - expected[i]) > 3)
      g_error ("%s at (%d, %d): got #%02x%02x%02x, expected #%02x%02x%02x", what, px, py,
               got[0], got[1], got[2], expected[0], expected[1], expected[2]);
}

static void
assert_pixel (const Shot    *shot,
              double         x,
              double         y,
              const GdkRGBA *color,
              const char    *what)
{
  assert_pixel_over (shot, x, y, color, NULL, what);
}

static void
assert_background (const Shot *shot,
                   double      x,
                   double      y)
{
  assert_pixel (shot, x, y, &shot->bg, "background");
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

/* ---- funnel ---- */

static const gint64 funnel_counts[BC_FUNNEL_N_STAGES] = { 200, 150, 90, 45 };

static void
check_funnel (Shot *shot)
{
  BcFunnelChart *chart = BC_FUNNEL_CHART (shot->chart);
  GdkRGBA accent, track;

  lookup (shot->chart, "accent_bg_color", &accent);
  fg_color (shot->chart, 0.1, &track);

  for (BcFunnelStage stage = 0; stage < BC_FUNNEL_N_STAGES; stage++)
    {
      graphene_rect_t bar;
      double expected_width = (double) shot->width * funnel_counts[stage] / funnel_counts[0];
      double cy;

      bc_funnel_chart_get_bar (chart, stage, &bar);
      cy = bar.origin.y + bar.size.height / 2;
      g_assert_cmpfloat_with_epsilon (bar.size.width, expected_width, 1.0);
      g_assert_cmpfloat (bar.origin.x, ==, 0);

      assert_pixel (shot, bar.size.width / 2, cy, &accent, "funnel bar");
      assert_pixel (shot, 2, cy, &accent, "funnel bar start");
      assert_pixel (shot, bar.size.width - 2, cy, &accent, "funnel bar end");
      if (stage > BC_FUNNEL_TOTAL)
        assert_pixel (shot, (bar.size.width + shot->width) / 2, cy, &track, "funnel track");
      /* Between rows: the gap under the previous bar is empty. */
      if (stage > BC_FUNNEL_TOTAL)
        {
          graphene_rect_t previous;

          bc_funnel_chart_get_bar (chart, stage - 1, &previous);
          assert_background (shot, shot->width / 2.0, previous.origin.y + previous.size.height + 4);
        }
    }
}

static void
test_funnel (void)
{
  const int widths[] = { 600, 260 };
  const char *names[] = { "chart-funnel-600.png", "chart-funnel-260.png" };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      Shot shot = { 0 };

      set_dark (FALSE);
      shot_show (&shot, bc_funnel_chart_new (), widths[w]);
      bc_funnel_chart_set_counts (BC_FUNNEL_CHART (shot.chart), funnel_counts);
      shot_render (&shot, names[w]);
      g_assert_cmpint (shot.width, ==, widths[w]);
      g_assert_cmpfloat (luminance (&shot.bg), >, 0.5);
      check_funnel (&shot);
      shot_clear (&shot);
    }
}

/* What a screen reader says and what a pointer shows: the same numbers. */
static void
test_funnel_words (void)
{
  g_autoptr(BcFunnelChart) chart = g_object_ref_sink (BC_FUNNEL_CHART (bc_funnel_chart_new ()));
  const gint64 none[BC_FUNNEL_N_STAGES] = { 0 };
  Shot shot = { 0 };
  graphene_rect_t bar;
  g_autofree char *tip = NULL;

  g_assert_cmpstr (bc_chart_get_description (BC_CHART (chart)), ==,
                   "Funnel. Total: 0; Sent: 0; Picked Up: 0; Successful: 0.");
  bc_funnel_chart_set_counts (chart, funnel_counts);
  g_assert_cmpstr (bc_chart_get_description (BC_CHART (chart)), ==,
                   "Funnel. Total: 200; Sent: 150, 75% of Total; Picked Up: 90, 60% of Sent; "
                   "Successful: 45, 50% of Picked Up.");
  g_assert_cmpint (bc_funnel_chart_get_count (chart, BC_FUNNEL_PICKED_UP), ==, 90);

  set_dark (FALSE);
  shot_show (&shot, GTK_WIDGET (chart), 400);
  bc_funnel_chart_get_bar (chart, BC_FUNNEL_PICKED_UP, &bar);
  tip = bc_chart_get_tooltip_at (BC_CHART (chart), 10, bar.origin.y + 2);
  g_assert_cmpstr (tip, ==, "Picked Up: 90, 60% of Sent (45% of Total)");
  g_clear_pointer (&tip, g_free);
  bc_funnel_chart_get_bar (chart, BC_FUNNEL_TOTAL, &bar);
  tip = bc_chart_get_tooltip_at (BC_CHART (chart), 399, bar.origin.y + 2);
  g_assert_cmpstr (tip, ==, "Total: 200");
  g_clear_pointer (&tip, g_free);
  g_assert_null (bc_chart_get_tooltip_at (BC_CHART (chart), 10, gtk_widget_get_height (GTK_WIDGET (chart)) + 5));

  /* Live: new counts move the bars; back to zero empties them. */
  bc_funnel_chart_set_counts (chart, none);
  shot_render (&shot, "chart-funnel-empty.png");
  for (BcFunnelStage stage = 0; stage < BC_FUNNEL_N_STAGES; stage++)
    {
      GdkRGBA track;

      fg_color (shot.chart, 0.1, &track);
      bc_funnel_chart_get_bar (chart, stage, &bar);
      g_assert_cmpfloat (bar.size.width, ==, 0);
      assert_pixel (&shot, 200, bar.origin.y + bar.size.height / 2, &track, "empty track");
    }
  shot_clear (&shot);
}

static void
test_funnel_dark (void)
{
  Shot shot = { 0 };

  /* Shown in light first: the switch must reach a chart on screen. */
  set_dark (FALSE);
  shot_show (&shot, bc_funnel_chart_new (), 420);
  set_dark (TRUE);
  bc_funnel_chart_set_counts (BC_FUNNEL_CHART (shot.chart), funnel_counts);
  shot_render (&shot, "chart-funnel-dark.png");

  /* The stylesheet changed under the chart, and it drew with the new one. */
  g_assert_cmpfloat (luminance (&shot.bg), <, 0.3);
  check_funnel (&shot);
  shot_clear (&shot);
  set_dark (FALSE);
}

/* ---- outcomes ---- */

static void
outcome_counters (gint64 *counters)
{
  memset (counters, 0, sizeof (gint64) * BC_N_COUNTERS);
  counters[BC_COUNTER_TOTAL] = 200;
  counters[BC_COUNTER_SENT] = 150;
  counters[BC_COUNTER_PICKED_UP] = 60;
  counters[BC_COUNTER_SUCCESSFUL] = 30;
  counters[BC_COUNTER_NO_ANSWER] = 20;
  counters[BC_COUNTER_BUSY] = 10;
  counters[BC_COUNTER_VOICEMAIL] = 10;
  counters[BC_COUNTER_FAILED] = 20;
  counters[BC_COUNTER_IN_PROGRESS] = 30;
  counters[BC_COUNTER_PENDING] = 50;
}

static void
kind_color (GtkWidget     *chart,
            BcOutcomeKind  kind,
            GdkRGBA       *color)
{
  const char *name = bc_outcome_kind_get_color_name (kind);

  if (name != NULL)
    lookup (chart, name, color);
  else
    fg_color (chart, kind == BC_OUTCOME_PENDING ? 0.15 : 0.4, color);
}

static void
check_outcomes (Shot *shot)
{
  BcOutcomeChart *chart = BC_OUTCOME_CHART (shot->chart);
  const gint64 expected[] = { 60, 20, 10, 10, 20, 30, 50 };
  double x = 0;

  for (BcOutcomeKind kind = 0; kind < G_N_ELEMENTS (expected); kind++)
    {
      graphene_rect_t segment;
      GdkRGBA color;

      bc_outcome_chart_get_segment (chart, kind, &segment);
      g_assert_cmpint (bc_outcome_chart_get_count (chart, kind), ==, expected[kind]);
      g_assert_cmpfloat_with_epsilon (segment.origin.x, x, 0.01);
      g_assert_cmpfloat_with_epsilon (segment.size.width, shot->width * expected[kind] / 200.0, 0.01);
      x += segment.size.width;

      kind_color (shot->chart, kind, &color);
      assert_pixel (shot, segment.origin.x + segment.size.width / 2,
                    segment.origin.y + segment.size.height / 2, &color, "outcome segment");
    }
  g_assert_cmpfloat_with_epsilon (x, shot->width, 0.01);

  /* Under the bar, before the legend: nothing. */
  {
    graphene_rect_t segment;

    bc_outcome_chart_get_segment (chart, BC_OUTCOME_PICKED_UP, &segment);
    assert_background (shot, shot->width / 2.0, segment.size.height + 4);
  }
}

static void
test_outcomes (void)
{
  const int widths[] = { 600, 260 };
  const char *names[] = { "chart-outcomes-600.png", "chart-outcomes-260.png" };
  int heights[2];
  gint64 counters[BC_N_COUNTERS];

  outcome_counters (counters);
  set_dark (FALSE);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      Shot shot = { 0 };

      shot_show (&shot, bc_outcome_chart_new (), widths[w]);
      bc_outcome_chart_set_counters (BC_OUTCOME_CHART (shot.chart), counters);
      shot_render (&shot, names[w]);
      g_assert_cmpint (shot.width, ==, widths[w]);
      check_outcomes (&shot);
      heights[w] = shot.height;
      shot_clear (&shot);
    }
  /* Narrow: the legend wraps into more rows, nothing is cut. */
  g_assert_cmpint (heights[1], >, heights[0]);
}

static void
test_outcomes_words_and_dark (void)
{
  gint64 counters[BC_N_COUNTERS];
  Shot shot = { 0 };
  graphene_rect_t segment;
  g_autofree char *tip = NULL;
  int height;

  outcome_counters (counters);
  set_dark (TRUE);
  shot_show (&shot, bc_outcome_chart_new (), 420);
  bc_outcome_chart_set_counters (BC_OUTCOME_CHART (shot.chart), counters);
  shot_render (&shot, "chart-outcomes-dark.png");
  g_assert_cmpfloat (luminance (&shot.bg), <, 0.3);
  check_outcomes (&shot);
  height = shot.height;

  g_assert_cmpstr (bc_chart_get_description (BC_CHART (shot.chart)), ==,
                   "Outcomes of 200 recipients. Picked Up: 60 (30%); No Answer: 20 (10%); "
                   "Busy: 10 (5%); Voicemail: 10 (5%); Failed: 20 (10%); In Progress: 30 (15%); "
                   "Pending: 50 (25%).");
  bc_outcome_chart_get_segment (BC_OUTCOME_CHART (shot.chart), BC_OUTCOME_BUSY, &segment);
  tip = bc_chart_get_tooltip_at (BC_CHART (shot.chart),
                                         segment.origin.x + 1, segment.origin.y + 1);
  g_assert_cmpstr (tip, ==, "Busy: 10 (5%)");

  /* Needs Review appears only when some recipient needs it. */
  counters[BC_COUNTER_NEEDS_REVIEW] = 5;
  bc_outcome_chart_set_counters (BC_OUTCOME_CHART (shot.chart), counters);
  g_assert_nonnull (strstr (bc_chart_get_description (BC_CHART (shot.chart)),
                            "; Needs Review: 5 (2%)."));
  shot_render (&shot, "chart-outcomes-review-dark.png");
  g_assert_cmpint (shot.height, >=, height);
  bc_outcome_chart_get_segment (BC_OUTCOME_CHART (shot.chart), BC_OUTCOME_NEEDS_REVIEW, &segment);
  {
    GdkRGBA brown;

    lookup (shot.chart, "brown_3", &brown);
    g_assert_cmpfloat (segment.size.width, >, 0);
    assert_pixel (&shot, segment.origin.x + segment.size.width / 2, 10, &brown, "needs review");
  }

  shot_clear (&shot);
  set_dark (FALSE);
}

/* ---- timeline ---- */

static const gint64 timeline_events[] = {
  T0_MINUTE + 10, 4, 0,
  T0_MINUTE + 11, 2, 3,
  T0_MINUTE + 60, 8, 8,
  T0_MINUTE + 500, 99, 99,   /* outside the range: not shown */
};

static GtkWidget *
new_timeline (void)
{
  g_autoptr(BcSchedule) schedule = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *chart = bc_timeline_chart_new ();

  schedule = bc_schedule_new_parse ("09:00-09:30,10:00-11:00", BC_WEEKDAYS_ALL, "UTC", FALSE, &error);
  g_assert_no_error (error);
  bc_timeline_chart_set_schedule (BC_TIMELINE_CHART (chart), schedule);
  bc_timeline_chart_set_range (BC_TIMELINE_CHART (chart), T0_MINUTE * MINUTE_US,
                               (T0_MINUTE + 120) * MINUTE_US);
  bc_timeline_chart_set_events (BC_TIMELINE_CHART (chart), timeline_events,
                                G_N_ELEMENTS (timeline_events) / 3);
  return chart;
}

static void
check_timeline (Shot *shot)
{
  BcTimelineChart *chart = BC_TIMELINE_CHART (shot->chart);
  graphene_rect_t s, e, window;
  gint64 started, ended;
  GdkRGBA accent, ended_color, shade;

  lookup (shot->chart, "accent_bg_color", &accent);
  fg_color (shot->chart, 0.45, &ended_color);
  lookup (shot->chart, "accent_bg_color", &shade);
  shade.alpha = 0.15;

  g_assert_cmpuint (bc_timeline_chart_get_bucket_minutes (chart), ==, 1);
  g_assert_cmpuint (bc_timeline_chart_get_n_buckets (chart), ==, 120);

  /* Minute 60: the busiest, 8 up and 8 down, full half-heights. */
  bc_timeline_chart_get_bucket (chart, 60, &started, &ended, &s, &e);
  g_assert_cmpint (started, ==, 8);
  g_assert_cmpint (ended, ==, 8);
  g_assert_cmpfloat_with_epsilon (s.origin.x, shot->width * 60 / 120.0, 0.01);
  g_assert_cmpfloat_with_epsilon (s.size.height, e.size.height, 0.01);
  assert_pixel (shot, s.origin.x + MAX (s.size.width / 2, 0.5), s.origin.y + s.size.height / 2,
                &accent, "started bar");
  /* Minute 60 is in the 10:00 window: the ended bar is drawn over its shade. */
  assert_pixel_over (shot, e.origin.x + MAX (e.size.width / 2, 0.5), e.origin.y + e.size.height / 2,
                     &ended_color, &shade, "ended bar");

  /* Minute 10: 4 started (half of 8), none ended. */
  bc_timeline_chart_get_bucket (chart, 10, &started, &ended, &s, &e);
  g_assert_cmpint (started, ==, 4);
  g_assert_cmpint (ended, ==, 0);
  g_assert_cmpfloat (e.size.width, ==, 0);
  {
    graphene_rect_t s60;

    bc_timeline_chart_get_bucket (chart, 60, NULL, NULL, &s60, NULL);
    g_assert_cmpfloat_with_epsilon (s.size.height, s60.size.height / 2, 0.01);
  }
  assert_pixel (shot, s.origin.x + MAX (s.size.width / 2, 0.5), s.origin.y + s.size.height / 2,
                &accent, "started bar (minute 10)");

  /* Windows: 09:00-09:30 and 10:00-11:00 shaded, 09:30-10:00 not. */
  g_assert_cmpuint (bc_timeline_chart_get_n_windows (chart), ==, 2);
  bc_timeline_chart_get_window (chart, 0, &window);
  g_assert_cmpfloat_with_epsilon (window.origin.x, 0, 0.01);
  g_assert_cmpfloat_with_epsilon (window.size.width, shot->width * 30 / 120.0, 0.01);
  assert_pixel (shot, window.origin.x + window.size.width * 0.8, window.origin.y + 3,
                &shade, "open window");
  bc_timeline_chart_get_window (chart, 1, &window);
  g_assert_cmpfloat_with_epsilon (window.origin.x, shot->width * 60 / 120.0, 0.01);
  assert_pixel (shot, window.origin.x + window.size.width * 0.8, window.origin.y + 3,
                &shade, "open window");
  assert_background (shot, shot->width * 45 / 120.0, window.origin.y + 3);
}

static void
test_timeline (void)
{
  const int widths[] = { 600, 260 };
  const char *names[] = { "chart-timeline-600.png", "chart-timeline-260.png" };

  set_dark (FALSE);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      Shot shot = { 0 };

      shot_show (&shot, new_timeline (), widths[w]);
      shot_render (&shot, names[w]);
      g_assert_cmpint (shot.width, ==, widths[w]);
      check_timeline (&shot);
      shot_clear (&shot);
    }
}

static void
test_timeline_words_and_dark (void)
{
  Shot shot = { 0 };
  g_autofree char *tip = NULL;
  graphene_rect_t s;

  set_dark (TRUE);
  shot_show (&shot, new_timeline (), 480);
  shot_render (&shot, "chart-timeline-dark.png");
  g_assert_cmpfloat (luminance (&shot.bg), <, 0.3);
  check_timeline (&shot);

  g_assert_cmpstr (bc_chart_get_description (BC_CHART (shot.chart)), ==,
                   "Calls per minute from 09:00 to 11:00: 14 started, 11 ended. "
                   "Most started at 10:00: 8. Calling windows (shaded): 09:00-09:30, 10:00-11:00.");
  bc_timeline_chart_get_bucket (BC_TIMELINE_CHART (shot.chart), 11, NULL, NULL, &s, NULL);
  tip = bc_chart_get_tooltip_at (BC_CHART (shot.chart),
                                          s.origin.x + 0.5, s.origin.y + s.size.height - 1);
  g_assert_cmpstr (tip, ==, "09:11–09:12: 2 started, 3 ended");

  /* Two days: hours, not minutes. */
  bc_timeline_chart_set_range (BC_TIMELINE_CHART (shot.chart), T0_MINUTE * MINUTE_US,
                               (T0_MINUTE + 2 * 24 * 60) * MINUTE_US);
  g_assert_cmpuint (bc_timeline_chart_get_bucket_minutes (BC_TIMELINE_CHART (shot.chart)), ==, 60);
  g_assert_cmpuint (bc_timeline_chart_get_n_buckets (BC_TIMELINE_CHART (shot.chart)), ==, 48);
  {
    gint64 started, ended;

    /* 09:00-10:00 holds minutes 10 and 11; 10:00-11:00 holds minute 60;
     * minute 500 (17:20) now counts too. */
    bc_timeline_chart_get_bucket (BC_TIMELINE_CHART (shot.chart), 0, &started, &ended, NULL, NULL);
    g_assert_cmpint (started, ==, 6);
    g_assert_cmpint (ended, ==, 3);
    bc_timeline_chart_get_bucket (BC_TIMELINE_CHART (shot.chart), 1, &started, &ended, NULL, NULL);
    g_assert_cmpint (started, ==, 8);
    bc_timeline_chart_get_bucket (BC_TIMELINE_CHART (shot.chart), 8, &started, &ended, NULL, NULL);
    g_assert_cmpint (started, ==, 99);
  }
  /* Each day's two windows. */
  g_assert_cmpuint (bc_timeline_chart_get_n_windows (BC_TIMELINE_CHART (shot.chart)), ==, 4);
  g_assert_cmpstr (bc_chart_get_description (BC_CHART (shot.chart)), ==,
                   "Calls per hour from 18 Nov 09:00 to 20 Nov 09:00: 113 started, 110 ended. "
                   "Most started at 18 Nov 17:00: 99. "
                   "Calling windows (shaded): 09:00-09:30, 10:00-11:00.");
  shot_render (&shot, "chart-timeline-hours-dark.png");

  shot_clear (&shot);
  set_dark (FALSE);
}

/* ---- the composite, fed by the store ---- */

/* One call through the store as the scheduler makes it: claimed,
 * accepted (a start in the events), then ended with @outcome. */
static void
call_one (BcStore       *store,
          BcBatch       *batch,
          guint         *cursor,
          gint64         now,
          BcCallOutcome  outcome,
          gboolean       successful)
{
  g_autoptr(GError) error = NULL;
  BcRecipientData data = { 0 };

  g_assert_true (bc_store_claim_recipient (store, bc_batch_get_id (batch), cursor, now, NULL, &data, &error));
  g_assert_no_error (error);
  data.state = BC_RECIPIENT_STATE_IN_PROGRESS;
  g_free (data.last_call_id);
  data.last_call_id = g_strdup_printf ("call_%" G_GINT64_FORMAT, data.id);
  g_assert_true (bc_store_save_attempt (store, &data, BC_ATTEMPT_ACCEPTED, 0, now, &error));
  g_assert_no_error (error);

  data.state = BC_RECIPIENT_STATE_DONE;
  data.outcome = outcome;
  data.successful = successful;
  g_assert_true (bc_store_save_attempt (store, &data, BC_ATTEMPT_KEEP, 0, now + G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  bc_recipient_data_clear (&data);
}

static void
test_batch_charts (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Live", 4);
  BcBatchCharts *charts;
  Shot shot = { 0 };
  gint64 now = g_get_real_time ();
  gint64 started = 0, ended = 0;
  guint cursor = 0;
  BcTimelineChart *timeline;
  graphene_rect_t bar;
  GdkRGBA accent;

  walk_to (fixture->store, batch, BC_BATCH_STATE_ONGOING);
  set_dark (FALSE);
  charts = BC_BATCH_CHARTS (bc_batch_charts_new (fixture->store));
  bc_batch_charts_set_batch (charts, batch);
  g_assert_true (bc_batch_charts_get_batch (charts) == batch);
  g_assert_true (bc_batch_charts_get_store (charts) == fixture->store);
  shot_show (&shot, GTK_WIDGET (charts), 480);
  timeline = BC_TIMELINE_CHART (bc_batch_charts_get_timeline (charts));

  /* Counters reach the charts at once, through the batch's notifications. */
  call_one (fixture->store, batch, &cursor, now, BC_CALL_OUTCOME_PICKED_UP, TRUE);
  call_one (fixture->store, batch, &cursor, now, BC_CALL_OUTCOME_NO_ANSWER, FALSE);
  g_assert_cmpint (bc_funnel_chart_get_count (BC_FUNNEL_CHART (bc_batch_charts_get_funnel (charts)),
                                              BC_FUNNEL_SENT), ==, 2);
  g_assert_cmpint (bc_funnel_chart_get_count (BC_FUNNEL_CHART (bc_batch_charts_get_funnel (charts)),
                                              BC_FUNNEL_SUCCESSFUL), ==, 1);
  g_assert_cmpint (bc_outcome_chart_get_count (BC_OUTCOME_CHART (bc_batch_charts_get_outcomes (charts)),
                                               BC_OUTCOME_NO_ANSWER), ==, 1);
  g_assert_cmpint (bc_outcome_chart_get_count (BC_OUTCOME_CHART (bc_batch_charts_get_outcomes (charts)),
                                               BC_OUTCOME_PENDING), ==, 2);

  /* The time series, read from the events the store wrote. */
  bc_batch_charts_refresh_timeline (charts);
  for (guint i = 0; i < bc_timeline_chart_get_n_buckets (timeline); i++)
    {
      gint64 s, e;

      bc_timeline_chart_get_bucket (timeline, i, &s, &e, NULL, NULL);
      started += s;
      ended += e;
    }
  g_assert_cmpint (started, ==, 2);
  g_assert_cmpint (ended, ==, 2);
  g_assert_cmpuint (bc_timeline_chart_get_bucket_minutes (timeline), ==, 1);

  shot_render (&shot, "chart-batch-charts.png");
  lookup (shot.chart, "accent_bg_color", &accent);
  bc_funnel_chart_get_bar (BC_FUNNEL_CHART (bc_batch_charts_get_funnel (charts)), BC_FUNNEL_SENT, &bar);
  {
    graphene_point_t p;

    g_assert_true (gtk_widget_compute_point (bc_batch_charts_get_funnel (charts), shot.chart,
                                             &GRAPHENE_POINT_INIT (bar.size.width / 2,
                                                                   bar.origin.y + bar.size.height / 2),
                                             &p));
    g_assert_cmpfloat_with_epsilon (bar.size.width, 480 / 2.0, 1.0);
    assert_pixel (&shot, p.x, p.y, &accent, "funnel bar in the composite");
  }

  /* Another batch: the charts follow it, and the old one is let go. */
  bc_batch_charts_set_batch (charts, NULL);
  g_assert_cmpint (bc_funnel_chart_get_count (BC_FUNNEL_CHART (bc_batch_charts_get_funnel (charts)),
                                              BC_FUNNEL_TOTAL), ==, 0);
  shot_clear (&shot);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  /* The same pixels on every machine: no GL driver in the way. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("TZ", "UTC", TRUE);
  home = ui_test_init (&argc, &argv);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/BatchCalls/Charts/funnel", test_funnel);
  g_test_add_func ("/BatchCalls/Charts/funnel-words", test_funnel_words);
  g_test_add_func ("/BatchCalls/Charts/funnel-dark", test_funnel_dark);
  g_test_add_func ("/BatchCalls/Charts/outcomes", test_outcomes);
  g_test_add_func ("/BatchCalls/Charts/outcomes-words-dark", test_outcomes_words_and_dark);
  g_test_add_func ("/BatchCalls/Charts/timeline", test_timeline);
  g_test_add_func ("/BatchCalls/Charts/timeline-words-dark", test_timeline_words_and_dark);
  g_test_add ("/BatchCalls/Charts/batch-charts", Fixture, NULL,
              fixture_set_up, test_batch_charts, fixture_tear_down);

  status = g_test_run ();
  rm_rf (home);
  return status;
}
