/* bc-window-delete.c: deleting a batch from the main window, with Undo
 *
 * The batch leaves the sidebar at once; its rows leave the store when
 * the toast goes without an Undo, on a worker (a million take seconds).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-window-private.h"

/* The window (its template children are NULL once disposed) and its
 * application, held until the rows are gone. */
typedef struct
{
  BcWindow     *window;
  GApplication *app;
} Deleting;

static void
on_batch_deleted_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Deleting *deleting = user_data;
  g_autoptr(GError) error = NULL;

  if (!bc_store_delete_batch_finish (BC_STORE (object), result, &error))
    {
      if (deleting->window->toast_overlay != NULL)
        bc_window_add_toast (deleting->window, adw_toast_new (error->message));
      else
        g_warning ("Could not delete a batch: %s", error->message);
    }
  if (deleting->app != NULL)
    g_application_release (deleting->app);
  g_clear_object (&deleting->app);
  g_object_unref (deleting->window);
  g_free (deleting);
}

/* The rows go on a worker (a million take seconds); holding the
 * application lets a delete just before quitting finish (else the next
 * start would). */
static void
really_delete (BcWindow *self,
               BcBatch  *batch)
{
  Deleting *deleting = g_new0 (Deleting, 1);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!g_hash_table_steal (self->deleting, batch))
    {
      g_free (deleting);
      return;
    }
  deleting->window = g_object_ref (self);
  if (app != NULL)
    g_application_hold (deleting->app = g_object_ref (G_APPLICATION (app)));
  bc_store_delete_batch_async (self->store, batch, NULL, on_batch_deleted_cb, deleting);
  g_object_unref (batch);
}

void
_bc_window_flush_deletes (BcWindow *self)
{
  g_autoptr(GList) pending = g_hash_table_get_keys (self->deleting);

  for (GList *l = pending; l != NULL; l = l->next)
    really_delete (self, l->data);
}

static void
on_delete_toast_dismissed_cb (AdwToast *toast,
                              BcWindow *self)
{
  really_delete (self, g_object_get_data (G_OBJECT (toast), "bc-batch"));
}

static void
on_delete_undo_cb (AdwToast *toast,
                   BcWindow *self)
{
  BcBatch *batch = g_object_get_data (G_OBJECT (toast), "bc-batch");

  if (g_hash_table_steal (self->deleting, batch))
    {
      g_object_unref (batch);
      gtk_filter_changed (gtk_filter_list_model_get_filter (self->visible_batches),
                          GTK_FILTER_CHANGE_LESS_STRICT);
    }
}

void
bc_window_delete_batch (BcWindow *self,
                        BcBatch  *batch)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_if_fail (BC_IS_WINDOW (self));
  g_return_if_fail (BC_IS_BATCH (batch));

  if (g_hash_table_contains (self->deleting, batch))
    return;

  g_hash_table_add (self->deleting, g_object_ref (batch));
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->visible_batches),
                      GTK_FILTER_CHANGE_MORE_STRICT);

  title = g_strdup_printf (_("“%s” deleted"), bc_batch_get_name (batch));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "bc-batch", g_object_ref (batch), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_delete_undo_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
