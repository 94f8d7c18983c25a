/* bc-chart.c: the base class of the chart widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-chart"

#include "config.h"

#include "bc-chart.h"

typedef struct
{
  char *description;
} BcChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BcChart, bc_chart, GTK_TYPE_WIDGET)

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  g_autofree char *text = bc_chart_get_tooltip_at (BC_CHART (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The named colours change with dark mode and high contrast. */
static void
bc_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bc_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
bc_chart_finalize (GObject *object)
{
  BcChartPrivate *priv = bc_chart_get_instance_private (BC_CHART (object));

  g_clear_pointer (&priv->description, g_free);

  G_OBJECT_CLASS (bc_chart_parent_class)->finalize (object);
}

static void
bc_chart_class_init (BcChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bc_chart_finalize;

  widget_class->css_changed = bc_chart_css_changed;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bc_chart_init (BcChart *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
}

const char *
bc_chart_get_description (BcChart *self)
{
  BcChartPrivate *priv = bc_chart_get_instance_private (self);

  g_return_val_if_fail (BC_IS_CHART (self), NULL);

  return priv->description;
}

void
bc_chart_set_description (BcChart    *self,
                          const char *description)
{
  BcChartPrivate *priv = bc_chart_get_instance_private (self);

  g_return_if_fail (BC_IS_CHART (self));

  g_free (priv->description);
  priv->description = g_strdup (description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

char *
bc_chart_get_tooltip_at (BcChart *self,
                         double   x,
                         double   y)
{
  g_return_val_if_fail (BC_IS_CHART (self), NULL);

  if (BC_CHART_GET_CLASS (self)->get_tooltip_at == NULL)
    return NULL;
  return BC_CHART_GET_CLASS (self)->get_tooltip_at (self, x, y);
}
