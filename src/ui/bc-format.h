/* bc-format.h: how batch values read on screen, as template closures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-types.h"

G_BEGIN_DECLS

/* Each takes the template instance first, as GtkBuilder <closure>s do, so
 * that several templates can bind the same functions. */
char  *bc_format_state_label       (gpointer      template_object,
                                    BcBatchState  state);
GStrv  bc_format_state_css_classes (gpointer      template_object,
                                    BcBatchState  state);
char  *bc_format_count             (gpointer      template_object,
                                    gint64        count);
char  *bc_format_recipients        (gpointer      template_object,
                                    gint64        count);

gboolean bc_format_state_is_ongoing (gpointer    template_object,
                                     BcBatchState state);
/* @part / @whole in 0 … 1 (0 when @whole is 0). */
double   bc_format_fraction          (gpointer     template_object,
                                      gint64       part,
                                      gint64       whole);

/* Binds the closures above in @widget_class's template under their own names. */
void   bc_format_bind_template_callbacks (GtkWidgetClass *widget_class);

G_END_DECLS
