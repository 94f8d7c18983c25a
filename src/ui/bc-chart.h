/* bc-chart.h: the base class of the chart widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BC_TYPE_CHART (bc_chart_get_type ())

G_DECLARE_DERIVABLE_TYPE (BcChart, bc_chart, BC, CHART, GtkWidget)

/**
 * BcChartClass:
 * @get_tooltip_at: the text of the tooltip at (@x, @y) in widget
 *   coordinates, as last allocated, or %NULL where there is none
 *
 * A chart is an image to assistive technologies: its accessible
 * description says in words what it draws, and its tooltips give exact
 * values. Subclasses draw; the base class owns the description, answers
 * #GtkWidget::query-tooltip through @get_tooltip_at and redraws when the
 * style changes (the theme's named colours follow dark mode and high
 * contrast).
 */
struct _BcChartClass
{
  GtkWidgetClass parent_class;

  char *(*get_tooltip_at) (BcChart *self,
                           double   x,
                           double   y);

  /*< private >*/
  gpointer padding[4];
};

/* What a screen reader says: the same facts as the drawing, in words. */
const char *bc_chart_get_description (BcChart    *self);
void        bc_chart_set_description (BcChart    *self,
                                      const char *description);
/* The tooltip text at (@x, @y), or NULL. */
char       *bc_chart_get_tooltip_at  (BcChart    *self,
                                      double      x,
                                      double      y);

G_END_DECLS
