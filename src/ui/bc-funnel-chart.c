/* bc-funnel-chart.c: Total → Sent → Picked Up → Successful as bars
 *
 * Each stage is a row: its name and "count (percentage of the previous
 * stage)" on one line, a bar below whose length is the stage's share of
 * Total. Rows stack, so the chart stays readable in a phone-sized window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-funnel-chart"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bc-chart-util.h"
#include "bc-funnel-chart.h"

#define BAR_HEIGHT 14

struct _BcFunnelChart
{
  GtkWidget        parent_instance;

  gint64           counts[BC_FUNNEL_N_STAGES];
  graphene_rect_t  rows[BC_FUNNEL_N_STAGES];   /* text and bar, for tooltips */
  graphene_rect_t  tracks[BC_FUNNEL_N_STAGES];
  graphene_rect_t  bars[BC_FUNNEL_N_STAGES];
  char            *description;
};

G_DEFINE_FINAL_TYPE (BcFunnelChart, bc_funnel_chart, GTK_TYPE_WIDGET)

static const char *
stage_label (BcFunnelStage stage)
{
  switch (stage)
    {
    case BC_FUNNEL_TOTAL:
      return C_("funnel stage", "Total");
    case BC_FUNNEL_SENT:
      return C_("funnel stage", "Sent");
    case BC_FUNNEL_PICKED_UP:
      return C_("funnel stage", "Picked Up");
    case BC_FUNNEL_SUCCESSFUL:
      return C_("funnel stage", "Successful");
    case BC_FUNNEL_N_STAGES:
    default:
      g_assert_not_reached ();
    }
}

/* "150 (75%)": the percentage is of the previous stage. */
static char *
format_value (BcFunnelChart *self,
              BcFunnelStage  stage)
{
  g_autofree char *percent = NULL;

  if (stage > BC_FUNNEL_TOTAL)
    percent = bc_chart_format_percent (self->counts[stage], self->counts[stage - 1]);
  if (percent == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, self->counts[stage]);
  /* Translators: a count and its percentage of the previous stage, "150 (75%)" */
  return g_strdup_printf (_("%" PRId64 " (%s)"), self->counts[stage], percent);
}

static char *
describe_stage (BcFunnelChart *self,
                BcFunnelStage  stage)
{
  g_autofree char *percent = NULL;

  if (stage > BC_FUNNEL_TOTAL)
    percent = bc_chart_format_percent (self->counts[stage], self->counts[stage - 1]);
  if (percent == NULL)
    /* Translators: "Total: 200" */
    return g_strdup_printf (_("%s: %" PRId64), stage_label (stage), self->counts[stage]);
  /* Translators: "Sent: 150, 75% of Total" */
  return g_strdup_printf (_("%s: %" PRId64 ", %s of %s"), stage_label (stage),
                          self->counts[stage], percent, stage_label (stage - 1));
}

static void
update_description (BcFunnelChart *self)
{
  g_autoptr(GString) text = g_string_new (_("Funnel"));

  for (BcFunnelStage stage = 0; stage < BC_FUNNEL_N_STAGES; stage++)
    {
      g_autofree char *part = describe_stage (self, stage);

      g_string_append (text, stage == 0 ? ". " : "; ");
      g_string_append (text, part);
    }
  g_string_append_c (text, '.');

  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&text), FALSE);
  bc_chart_set_description (GTK_WIDGET (self), self->description);
}

static int
text_height (BcFunnelChart *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Hg");

  return bc_chart_layout_height (layout);
}

static void
layout_rows (BcFunnelChart *self,
             int            width)
{
  int line = text_height (self);
  float y = 0;

  for (BcFunnelStage stage = 0; stage < BC_FUNNEL_N_STAGES; stage++)
    {
      gint64 total = self->counts[BC_FUNNEL_TOTAL];
      float bar_y = y + line + BC_CHART_TEXT_GAP;
      float share = total > 0 ? (float) CLAMP ((double) self->counts[stage] / total, 0.0, 1.0) : 0;

      self->rows[stage] = GRAPHENE_RECT_INIT (0, y, width, line + BC_CHART_TEXT_GAP + BAR_HEIGHT);
      self->tracks[stage] = GRAPHENE_RECT_INIT (0, bar_y, width, BAR_HEIGHT);
      self->bars[stage] = GRAPHENE_RECT_INIT (0, bar_y, share * width, BAR_HEIGHT);
      y = bar_y + BAR_HEIGHT + BC_CHART_ROW_GAP;
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
  g_autofree char *text = bc_funnel_chart_get_tooltip_at (BC_FUNNEL_CHART (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
bc_funnel_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  BcFunnelChart *self = BC_FUNNEL_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 320;
    }
  else
    {
      int row = text_height (self) + BC_CHART_TEXT_GAP + BAR_HEIGHT;

      *minimum = *natural = BC_FUNNEL_N_STAGES * row + (BC_FUNNEL_N_STAGES - 1) * BC_CHART_ROW_GAP;
    }
}

static void
bc_funnel_chart_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  layout_rows (BC_FUNNEL_CHART (widget), width);
}

static void
bc_funnel_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  BcFunnelChart *self = BC_FUNNEL_CHART (widget);
  int width = gtk_widget_get_width (widget);
  GdkRGBA fg, dim, track, bar;

  bc_chart_get_fg_color (widget, 1.0, &fg);
  bc_chart_get_fg_color (widget, 0.7, &dim);
  bc_chart_get_fg_color (widget, 0.1, &track);
  bc_chart_lookup_color (widget, "accent_bg_color", 1.0, &bar);

  for (BcFunnelStage stage = 0; stage < BC_FUNNEL_N_STAGES; stage++)
    {
      g_autoptr(PangoLayout) name = gtk_widget_create_pango_layout (widget, stage_label (stage));
      g_autofree char *value_text = format_value (self, stage);
      g_autoptr(PangoLayout) value = gtk_widget_create_pango_layout (widget, value_text);
      float y = self->rows[stage].origin.y;

      bc_chart_append_layout (snapshot, name, 0, y, &fg);
      bc_chart_append_layout (snapshot, value, width - bc_chart_layout_width (value), y, &dim);
      gtk_snapshot_append_color (snapshot, &track, &self->tracks[stage]);
      if (self->bars[stage].size.width > 0)
        gtk_snapshot_append_color (snapshot, &bar, &self->bars[stage]);
    }
}

/* The named colours change with dark mode and high contrast. */
static void
bc_funnel_chart_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bc_funnel_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
bc_funnel_chart_finalize (GObject *object)
{
  BcFunnelChart *self = BC_FUNNEL_CHART (object);

  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (bc_funnel_chart_parent_class)->finalize (object);
}

static void
bc_funnel_chart_class_init (BcFunnelChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bc_funnel_chart_finalize;

  widget_class->measure = bc_funnel_chart_measure;
  widget_class->size_allocate = bc_funnel_chart_size_allocate;
  widget_class->snapshot = bc_funnel_chart_snapshot;
  widget_class->css_changed = bc_funnel_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "funnelchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bc_funnel_chart_init (BcFunnelChart *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Funnel"),
                                  -1);
  update_description (self);
}

GtkWidget *
bc_funnel_chart_new (void)
{
  return g_object_new (BC_TYPE_FUNNEL_CHART, NULL);
}

void
bc_funnel_chart_set_counts (BcFunnelChart *self,
                            const gint64  *counts)
{
  g_return_if_fail (BC_IS_FUNNEL_CHART (self));
  g_return_if_fail (counts != NULL);

  if (memcmp (self->counts, counts, sizeof self->counts) == 0)
    return;

  memcpy (self->counts, counts, sizeof self->counts);
  update_description (self);
  layout_rows (self, gtk_widget_get_width (GTK_WIDGET (self)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
bc_funnel_chart_get_count (BcFunnelChart *self,
                           BcFunnelStage  stage)
{
  g_return_val_if_fail (BC_IS_FUNNEL_CHART (self), 0);
  g_return_val_if_fail (stage < BC_FUNNEL_N_STAGES, 0);

  return self->counts[stage];
}

void
bc_funnel_chart_get_bar (BcFunnelChart   *self,
                         BcFunnelStage    stage,
                         graphene_rect_t *bar)
{
  g_return_if_fail (BC_IS_FUNNEL_CHART (self));
  g_return_if_fail (stage < BC_FUNNEL_N_STAGES);

  *bar = self->bars[stage];
}

const char *
bc_funnel_chart_get_description (BcFunnelChart *self)
{
  g_return_val_if_fail (BC_IS_FUNNEL_CHART (self), NULL);

  return self->description;
}

char *
bc_funnel_chart_get_tooltip_at (BcFunnelChart *self,
                                double         x,
                                double         y)
{
  g_return_val_if_fail (BC_IS_FUNNEL_CHART (self), NULL);

  for (BcFunnelStage stage = 0; stage < BC_FUNNEL_N_STAGES; stage++)
    if (bc_chart_rect_contains (&self->rows[stage], x, y))
      {
        g_autofree char *share = bc_chart_format_percent (self->counts[stage],
                                                          self->counts[BC_FUNNEL_TOTAL]);
        g_autofree char *text = describe_stage (self, stage);

        if (stage <= BC_FUNNEL_SENT || share == NULL)
          return g_steal_pointer (&text);
        /* Translators: "Picked Up: 90, 60% of Sent (45% of Total)" */
        return g_strdup_printf (_("%s (%s of Total)"), text, share);
      }
  return NULL;
}
