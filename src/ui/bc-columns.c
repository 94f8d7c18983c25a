/* bc-columns.c: text columns for GtkColumnView, one function per column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-columns"

#include "config.h"

#include "bc-columns.h"

typedef struct
{
  BcColumnTextFunc func;
  BcColumnCssFunc  css_func;
  gpointer         user_data;
  GDestroyNotify   destroy;
  gboolean         whole;      /* never ellipsized: see bc_columns_keep_whole() */
} ColumnData;

static void
column_data_free (gpointer data)
{
  ColumnData *column = data;

  if (column->destroy != NULL)
    column->destroy (column->user_data);
  g_free (column);
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             ColumnData               *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (!column->whole)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (list_item, label);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            ColumnData               *column)
{
  GObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  if (item != NULL)
    text = column->func (item, column->user_data);
  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  if (column->css_func != NULL)
    {
      const char *classes[] = { "badge", item != NULL ? column->css_func (item) : NULL, NULL };

      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_set_css_classes (label, classes);
    }
  /* Ellipsized cells keep their whole value within reach. */
  gtk_widget_set_tooltip_text (label, text);
}

static GtkColumnViewColumn *
add_column (GtkColumnView    *view,
            const char       *title,
            BcColumnTextFunc  func,
            BcColumnCssFunc   css_func,
            gpointer          user_data,
            GDestroyNotify    destroy,
            gboolean          expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  ColumnData *data = g_new0 (ColumnData, 1);

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  data->func = func;
  data->css_func = css_func;
  data->user_data = user_data;
  data->destroy = destroy;
  g_object_set_data_full (G_OBJECT (factory), "bc-column", data, column_data_free);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), data);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), data);

  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (view, column);

  return column;
}

GtkColumnViewColumn *
bc_columns_add_text (GtkColumnView    *view,
                     const char       *title,
                     BcColumnTextFunc  func,
                     gpointer          user_data,
                     GDestroyNotify    destroy,
                     gboolean          expand)
{
  return add_column (view, title, func, NULL, user_data, destroy, expand);
}

GtkColumnViewColumn *
bc_columns_add_badge (GtkColumnView    *view,
                      const char       *title,
                      BcColumnTextFunc  func,
                      BcColumnCssFunc   css_func)
{
  GtkColumnViewColumn *column;

  g_return_val_if_fail (css_func != NULL, NULL);
  column = add_column (view, title, func, css_func, NULL, NULL, FALSE);
  /* A badge cut to "Do…" says nothing; the state names are short. */
  bc_columns_keep_whole (column);
  return column;
}

void
bc_columns_keep_whole (GtkColumnViewColumn *column)
{
  GtkListItemFactory *factory;
  ColumnData *data;

  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));

  factory = gtk_column_view_column_get_factory (column);
  data = g_object_get_data (G_OBJECT (factory), "bc-column");
  g_return_if_fail (data != NULL);
  data->whole = TRUE;
}

void
bc_columns_clear (GtkColumnView *view)
{
  GListModel *columns;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  columns = gtk_column_view_get_columns (view);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (view, column);
    }
}
