/* bc-chart-util.c: drawing helpers the chart widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bc-chart-util.h"

void
bc_chart_lookup_color (GtkWidget  *widget,
                       const char *name,
                       double      alpha,
                       GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  /* Without libadwaita's stylesheet (a theme that lacks the name), the
   * foreground keeps the chart legible rather than invisible. */
  if (!gtk_style_context_lookup_color (context, name, color))
    gtk_style_context_get_color (context, color);
  color->alpha *= alpha;
}

void
bc_chart_get_fg_color (GtkWidget *widget,
                       double     alpha,
                       GdkRGBA   *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  color->alpha *= alpha;
}

void
bc_chart_append_layout (GtkSnapshot   *snapshot,
                        PangoLayout   *layout,
                        float          x,
                        float          y,
                        const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

int
bc_chart_layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

int
bc_chart_layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

char *
bc_chart_format_percent (gint64 part,
                         gint64 whole)
{
  if (whole <= 0)
    return NULL;
  /* Translators: a percentage, e.g. "45%" */
  return g_strdup_printf (_("%d%%"), (int) lround (100.0 * (double) part / (double) whole));
}

gboolean
bc_chart_rect_contains (const graphene_rect_t *rect,
                        double                 x,
                        double                 y)
{
  return x >= rect->origin.x && x < rect->origin.x + rect->size.width &&
         y >= rect->origin.y && y < rect->origin.y + rect->size.height;
}
