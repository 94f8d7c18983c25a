/* bc-outcome-chart.c: where the recipients of a batch stand, as one
 * stacked bar with a legend
 *
 * A stacked bar rather than a donut: it keeps its proportions readable at
 * any width, and the legend below flows into as many columns as fit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-outcome-chart"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bc-chart-util.h"
#include "bc-outcome-chart.h"

#define BAR_HEIGHT   20
#define SWATCH       12
#define SWATCH_GAP   6
#define COLUMN_GAP   18

/* Counted by other kinds already or not a standing of a recipient: Total,
 * Sent, Successful. */
static const struct {
  BcCounter   counter;
  const char *color;       /* a named colour; NULL: the foreground */
  double      alpha;
  gboolean    optional;    /* shown only when not zero */
} kinds[BC_OUTCOME_N_KINDS] = {
  [BC_OUTCOME_PICKED_UP]    = { BC_COUNTER_PICKED_UP,    "success_bg_color", 1.0,  FALSE },
  [BC_OUTCOME_NO_ANSWER]    = { BC_COUNTER_NO_ANSWER,    "warning_bg_color", 1.0,  FALSE },
  [BC_OUTCOME_BUSY]         = { BC_COUNTER_BUSY,         "orange_3",         1.0,  FALSE },
  [BC_OUTCOME_VOICEMAIL]    = { BC_COUNTER_VOICEMAIL,    "purple_3",         1.0,  FALSE },
  [BC_OUTCOME_FAILED]       = { BC_COUNTER_FAILED,       "error_bg_color",   1.0,  FALSE },
  [BC_OUTCOME_IN_PROGRESS]  = { BC_COUNTER_IN_PROGRESS,  "accent_bg_color",  1.0,  FALSE },
  [BC_OUTCOME_PENDING]      = { BC_COUNTER_PENDING,      NULL,               0.15, FALSE },
  [BC_OUTCOME_NEEDS_REVIEW] = { BC_COUNTER_NEEDS_REVIEW, "brown_3",          1.0,  TRUE },
  [BC_OUTCOME_CANCELLED]    = { BC_COUNTER_CANCELLED,    NULL,               0.4,  TRUE },
};

struct _BcOutcomeChart
{
  GtkWidget        parent_instance;

  gint64           counts[BC_OUTCOME_N_KINDS];
  gint64           sum;
  graphene_rect_t  segments[BC_OUTCOME_N_KINDS];
  graphene_rect_t  legend[BC_OUTCOME_N_KINDS];   /* empty when not shown */
  char            *description;
};

G_DEFINE_FINAL_TYPE (BcOutcomeChart, bc_outcome_chart, GTK_TYPE_WIDGET)

static const char *
kind_label (BcOutcomeKind kind)
{
  switch (kind)
    {
    case BC_OUTCOME_PICKED_UP:
      return C_("call outcome", "Picked Up");
    case BC_OUTCOME_NO_ANSWER:
      return C_("call outcome", "No Answer");
    case BC_OUTCOME_BUSY:
      return C_("call outcome", "Busy");
    case BC_OUTCOME_VOICEMAIL:
      return C_("call outcome", "Voicemail");
    case BC_OUTCOME_FAILED:
      return C_("call outcome", "Failed");
    case BC_OUTCOME_IN_PROGRESS:
      return C_("call outcome", "In Progress");
    case BC_OUTCOME_PENDING:
      return C_("call outcome", "Pending");
    case BC_OUTCOME_NEEDS_REVIEW:
      return C_("call outcome", "Needs Review");
    case BC_OUTCOME_CANCELLED:
      return C_("call outcome", "Cancelled");
    case BC_OUTCOME_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
kind_shown (BcOutcomeChart *self,
            BcOutcomeKind   kind)
{
  return !kinds[kind].optional || self->counts[kind] > 0;
}

static void
kind_color (BcOutcomeChart *self,
            BcOutcomeKind   kind,
            GdkRGBA        *color)
{
  if (kinds[kind].color != NULL)
    bc_chart_lookup_color (GTK_WIDGET (self), kinds[kind].color, kinds[kind].alpha, color);
  else
    bc_chart_get_fg_color (GTK_WIDGET (self), kinds[kind].alpha, color);
}

/* "Busy: 12 (6%)" */
static char *
describe_kind (BcOutcomeChart *self,
               BcOutcomeKind   kind)
{
  g_autofree char *percent = bc_chart_format_percent (self->counts[kind], self->sum);

  if (percent == NULL)
    return g_strdup_printf (_("%s: %" PRId64), kind_label (kind), self->counts[kind]);
  /* Translators: "Busy: 12 (6%)" */
  return g_strdup_printf (_("%s: %" PRId64 " (%s)"), kind_label (kind),
                          self->counts[kind], percent);
}

static void
update_description (BcOutcomeChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "Outcomes of %" PRId64 " recipient",
                                      "Outcomes of %" PRId64 " recipients", self->sum),
                   self->sum);
  for (BcOutcomeKind kind = 0; kind < BC_OUTCOME_N_KINDS; kind++)
    if (kind_shown (self, kind))
      {
        g_autofree char *part = describe_kind (self, kind);

        g_string_append (text, kind == 0 ? ". " : "; ");
        g_string_append (text, part);
      }
  g_string_append_c (text, '.');

  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&text), FALSE);
  bc_chart_set_description (GTK_WIDGET (self), self->description);
}

static PangoLayout *
legend_layout (BcOutcomeChart *self,
               BcOutcomeKind   kind)
{
  g_autofree char *text = g_strdup_printf ("%s %" G_GINT64_FORMAT, kind_label (kind),
                                           self->counts[kind]);

  return gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
}

/* The legend's columns: as many as fit in @width, all as wide as the
 * widest item. */
static void
legend_grid (BcOutcomeChart *self,
             int             width,
             int            *n_columns,
             int            *column_width,
             int            *line_height,
             int            *n_shown)
{
  int widest = 0;

  *line_height = 0;
  *n_shown = 0;
  for (BcOutcomeKind kind = 0; kind < BC_OUTCOME_N_KINDS; kind++)
    if (kind_shown (self, kind))
      {
        g_autoptr(PangoLayout) layout = legend_layout (self, kind);

        widest = MAX (widest, bc_chart_layout_width (layout));
        *line_height = MAX (*line_height, bc_chart_layout_height (layout));
        (*n_shown)++;
      }
  *column_width = SWATCH + SWATCH_GAP + widest;
  *n_columns = CLAMP ((width + COLUMN_GAP) / (*column_width + COLUMN_GAP), 1, MAX (*n_shown, 1));
}

static int
height_for_width (BcOutcomeChart *self,
                  int             width)
{
  int n_columns, column_width, line, n_shown, n_rows;

  legend_grid (self, width, &n_columns, &column_width, &line, &n_shown);
  n_rows = (n_shown + n_columns - 1) / n_columns;
  return BAR_HEIGHT + BC_CHART_ROW_GAP + n_rows * line + (n_rows - 1) * BC_CHART_TEXT_GAP;
}

static void
layout_chart (BcOutcomeChart *self,
              int             width)
{
  int n_columns, column_width, line, n_shown;
  double x = 0;
  int item = 0;

  for (BcOutcomeKind kind = 0; kind < BC_OUTCOME_N_KINDS; kind++)
    {
      double w = self->sum > 0 ? (double) width * self->counts[kind] / self->sum : 0;

      /* The last shown segment ends at the edge, whatever rounding did. */
      self->segments[kind] = GRAPHENE_RECT_INIT (x, 0, w, BAR_HEIGHT);
      x += w;
    }

  legend_grid (self, width, &n_columns, &column_width, &line, &n_shown);
  for (BcOutcomeKind kind = 0; kind < BC_OUTCOME_N_KINDS; kind++)
    {
      int column = item % n_columns;
      int row = item / n_columns;

      if (!kind_shown (self, kind))
        {
          self->legend[kind] = GRAPHENE_RECT_INIT (0, 0, 0, 0);
          continue;
        }
      self->legend[kind] = GRAPHENE_RECT_INIT (column * (column_width + COLUMN_GAP),
                                               BAR_HEIGHT + BC_CHART_ROW_GAP +
                                               row * (line + BC_CHART_TEXT_GAP),
                                               column_width, line);
      item++;
    }
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  g_autofree char *text = bc_outcome_chart_get_tooltip_at (BC_OUTCOME_CHART (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static GtkSizeRequestMode
bc_outcome_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bc_outcome_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  BcOutcomeChart *self = BC_OUTCOME_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int n_columns, column_width, line, n_shown;

      legend_grid (self, 0, &n_columns, &column_width, &line, &n_shown);
      *minimum = column_width;
      *natural = MAX (column_width, 320);
    }
  else
    *minimum = *natural = height_for_width (self, for_size >= 0 ? for_size : 320);
}

static void
bc_outcome_chart_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  layout_chart (BC_OUTCOME_CHART (widget), width);
}

static void
bc_outcome_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  BcOutcomeChart *self = BC_OUTCOME_CHART (widget);
  GdkRGBA fg, track;

  bc_chart_get_fg_color (widget, 1.0, &fg);
  bc_chart_get_fg_color (widget, 0.1, &track);

  if (self->sum == 0)
    gtk_snapshot_append_color (snapshot, &track,
                               &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), BAR_HEIGHT));

  for (BcOutcomeKind kind = 0; kind < BC_OUTCOME_N_KINDS; kind++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      graphene_rect_t *item = &self->legend[kind];
      GdkRGBA color;

      kind_color (self, kind, &color);
      if (self->segments[kind].size.width > 0)
        gtk_snapshot_append_color (snapshot, &color, &self->segments[kind]);
      if (item->size.width == 0)
        continue;

      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (item->origin.x,
                                                      item->origin.y + (item->size.height - SWATCH) / 2,
                                                      SWATCH, SWATCH));
      layout = legend_layout (self, kind);
      bc_chart_append_layout (snapshot, layout, item->origin.x + SWATCH + SWATCH_GAP,
                              item->origin.y, &fg);
    }
}

static void
bc_outcome_chart_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bc_outcome_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
bc_outcome_chart_finalize (GObject *object)
{
  BcOutcomeChart *self = BC_OUTCOME_CHART (object);

  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (bc_outcome_chart_parent_class)->finalize (object);
}

static void
bc_outcome_chart_class_init (BcOutcomeChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bc_outcome_chart_finalize;

  widget_class->get_request_mode = bc_outcome_chart_get_request_mode;
  widget_class->measure = bc_outcome_chart_measure;
  widget_class->size_allocate = bc_outcome_chart_size_allocate;
  widget_class->snapshot = bc_outcome_chart_snapshot;
  widget_class->css_changed = bc_outcome_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "outcomechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bc_outcome_chart_init (BcOutcomeChart *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Outcomes"),
                                  -1);
  update_description (self);
}

GtkWidget *
bc_outcome_chart_new (void)
{
  return g_object_new (BC_TYPE_OUTCOME_CHART, NULL);
}

void
bc_outcome_chart_set_counters (BcOutcomeChart *self,
                               const gint64   *counters)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  gint64 counts[BC_OUTCOME_N_KINDS];
  int height_before;

  g_return_if_fail (BC_IS_OUTCOME_CHART (self));
  g_return_if_fail (counters != NULL);

  for (BcOutcomeKind kind = 0; kind < BC_OUTCOME_N_KINDS; kind++)
    counts[kind] = MAX (counters[kinds[kind].counter], 0);
  if (memcmp (counts, self->counts, sizeof counts) == 0)
    return;

  height_before = height_for_width (self, width);
  memcpy (self->counts, counts, sizeof counts);
  self->sum = 0;
  for (BcOutcomeKind kind = 0; kind < BC_OUTCOME_N_KINDS; kind++)
    self->sum += counts[kind];

  update_description (self);
  /* A new count is a redraw; only a legend that gained a row (an item
   * appeared, numbers grew wider) needs a new layout of the page. */
  if (height_for_width (self, width) != height_before)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  layout_chart (self, width);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
bc_outcome_chart_get_count (BcOutcomeChart *self,
                            BcOutcomeKind   kind)
{
  g_return_val_if_fail (BC_IS_OUTCOME_CHART (self), 0);
  g_return_val_if_fail (kind < BC_OUTCOME_N_KINDS, 0);

  return self->counts[kind];
}

const char *
bc_outcome_kind_get_color_name (BcOutcomeKind kind)
{
  g_return_val_if_fail (kind < BC_OUTCOME_N_KINDS, NULL);

  return kinds[kind].color;
}

void
bc_outcome_chart_get_segment (BcOutcomeChart  *self,
                              BcOutcomeKind    kind,
                              graphene_rect_t *segment)
{
  g_return_if_fail (BC_IS_OUTCOME_CHART (self));
  g_return_if_fail (kind < BC_OUTCOME_N_KINDS);

  *segment = self->segments[kind];
}

const char *
bc_outcome_chart_get_description (BcOutcomeChart *self)
{
  g_return_val_if_fail (BC_IS_OUTCOME_CHART (self), NULL);

  return self->description;
}

char *
bc_outcome_chart_get_tooltip_at (BcOutcomeChart *self,
                                 double          x,
                                 double          y)
{
  g_return_val_if_fail (BC_IS_OUTCOME_CHART (self), NULL);

  for (BcOutcomeKind kind = 0; kind < BC_OUTCOME_N_KINDS; kind++)
    if ((self->segments[kind].size.width > 0 && bc_chart_rect_contains (&self->segments[kind], x, y)) ||
        bc_chart_rect_contains (&self->legend[kind], x, y))
      return describe_kind (self, kind);
  return NULL;
}
