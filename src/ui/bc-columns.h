/* bc-columns.h: text columns for GtkColumnView, one function per column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Returns the text of @item for one column (newly allocated, may be NULL). */
typedef char *(*BcColumnTextFunc) (GObject  *item,
                                   gpointer  user_data);

/* Appends a column of labels whose text comes from @func, called again
 * whenever a row is rebound (the views recycle rows, so only what is on
 * screen is ever formatted). @user_data is freed with @destroy. */
GtkColumnViewColumn *bc_columns_add_text (GtkColumnView    *view,
                                          const char       *title,
                                          BcColumnTextFunc  func,
                                          gpointer          user_data,
                                          GDestroyNotify    destroy,
                                          gboolean          expand);

/* Like bc_columns_add_text(), shown as a badge: @css_func gives the
 * badge's colour class ("badge-sent", …) for the item. */
typedef const char *(*BcColumnCssFunc) (GObject *item);

GtkColumnViewColumn *bc_columns_add_badge (GtkColumnView    *view,
                                           const char       *title,
                                           BcColumnTextFunc  func,
                                           BcColumnCssFunc   css_func);

/* Makes @column's cells keep their whole text: the column is then at
 * least as wide as its widest row on screen, and a narrow view scrolls
 * sideways instead of shortening it. For short values (counts, phone
 * numbers, states); call it before the view has rows. */
void                 bc_columns_keep_whole (GtkColumnViewColumn *column);

/* Removes every column of @view. */
void                 bc_columns_clear    (GtkColumnView    *view);

G_END_DECLS
