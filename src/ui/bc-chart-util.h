/* bc-chart-util.h: drawing helpers the chart widgets share (colours,
 * text, geometry)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Space between a row of text and its bar, and between rows. */
#define BC_CHART_TEXT_GAP 4
#define BC_CHART_ROW_GAP  10

/* A named colour of the theme (libadwaita's palette: "accent_bg_color",
 * "success_bg_color", "orange_3", …) with @alpha applied. Looked up at
 * draw time, so dark mode and high contrast follow. */
void         bc_chart_lookup_color     (GtkWidget       *widget,
                                        const char      *name,
                                        double           alpha,
                                        GdkRGBA         *color);
/* The widget's foreground colour (CSS color), with @alpha applied. */
void         bc_chart_get_fg_color     (GtkWidget       *widget,
                                        double           alpha,
                                        GdkRGBA         *color);
/* Draws @layout with its top-left corner at (@x, @y). */
void         bc_chart_append_layout    (GtkSnapshot     *snapshot,
                                        PangoLayout     *layout,
                                        float            x,
                                        float            y,
                                        const GdkRGBA   *color);
int          bc_chart_layout_width     (PangoLayout     *layout);
int          bc_chart_layout_height    (PangoLayout     *layout);
/* "45%" of @part in @whole, rounded; NULL when @whole is 0. */
char        *bc_chart_format_percent   (gint64           part,
                                        gint64           whole);
gboolean     bc_chart_rect_contains    (const graphene_rect_t *rect,
                                        double           x,
                                        double           y);

G_END_DECLS
