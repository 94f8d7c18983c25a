/* bc-export-results.c: "Export Results…" — a file chooser, then the
 * export off the main thread, then a toast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-export-results"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "bc-batch.h"
#include "bc-export-results.h"
#include "bc-results-export.h"
#include "bc-store.h"
#include "bc-window.h"

typedef struct
{
  GtkWidget           *widget;     /* weak: the window may close meanwhile */
  char                *batch_name;
  GFile               *file;
  BcExportResultsDone  done;
  gpointer             user_data;
} Export;

static void
export_free (Export *export)
{
  g_clear_weak_pointer (&export->widget);
  g_free (export->batch_name);
  g_clear_object (&export->file);
  g_free (export);
}

static void
show_toast (GtkWidget  *widget,
            const char *title,
            gboolean    failed)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  AdwToast *toast;

  if (!BC_IS_WINDOW (root))
    {
      g_message ("%s", title);
      return;
    }
  toast = adw_toast_new (title);
  /* A failure must not wait in the queue behind an earlier success. */
  if (failed)
    adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  bc_window_add_toast (BC_WINDOW (root), toast);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  guint64 n_rows = 0;
  gboolean ok;

  ok = bc_results_export_finish (result, &n_rows, &error);
  if (ok)
    {
      g_autofree char *basename = g_file_get_basename (export->file);

      /* Translators: a toast, e.g. "Exported 200 recipients to results.csv" */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Exported %" PRIu64 " recipient to %s",
                                            "Exported %" PRIu64 " recipients to %s",
                                            n_rows),
                               n_rows, basename);
    }
  else
    /* Translators: a toast; %s is the batch name, then why */
    title = g_strdup_printf (_("Could not export “%s”: %s"), export->batch_name, error->message);

  show_toast (export->widget, title, !ok);
  if (export->done != NULL)
    export->done (export->user_data);
  export_free (export);
}

void
bc_export_results_to_file (GtkWidget           *widget,
                           BcStore             *store,
                           BcBatch             *batch,
                           GFile               *file,
                           BcExportResultsDone  done,
                           gpointer             user_data)
{
  Export *export;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (BC_IS_STORE (store));
  g_return_if_fail (BC_IS_BATCH (batch));
  g_return_if_fail (G_IS_FILE (file));

  export = g_new0 (Export, 1);
  g_set_weak_pointer (&export->widget, widget);
  export->batch_name = g_strdup (bc_batch_get_name (batch));
  export->file = g_object_ref (file);
  export->done = done;
  export->user_data = user_data;
  /* Not cancelled with the window: the file is complete or absent either
   * way, and an export that outlives its window still finishes. */
  bc_results_export_async (store, bc_batch_get_id (batch), file, NULL, on_export_done_cb, export);
}

char *
bc_export_results_suggest_name (BcBatch *batch)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (BC_IS_BATCH (batch), NULL);

  /* A slash or a colon in a batch name must not become a folder or an
   * invalid name on another file system. */
  name = g_strdup (bc_batch_get_name (batch));
  g_strdelimit (name, "/\\:*?\"<>|", '-');
  /* Translators: the suggested file name of an export; %s is the batch name */
  return g_strdup_printf (_("%s-results.csv"), name);
}

typedef struct
{
  GtkWidget *widget;
  BcStore   *store;
  BcBatch   *batch;
} Choose;

static void
choose_free (Choose *choose)
{
  g_clear_weak_pointer (&choose->widget);
  g_clear_object (&choose->store);
  g_clear_object (&choose->batch);
  g_free (choose);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        Choose          *choose)
{
  if (response == GTK_RESPONSE_ACCEPT && choose->widget != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        bc_export_results_to_file (choose->widget, choose->store, choose->batch, file, NULL, NULL);
    }
  choose_free (choose);
  g_object_unref (chooser);
}

void
bc_export_results_choose (GtkWidget *widget,
                          BcStore   *store,
                          BcBatch   *batch)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  GtkRoot *root;
  Choose *choose;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (BC_IS_STORE (store));
  g_return_if_fail (BC_IS_BATCH (batch));

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (_("Export Results"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = bc_export_results_suggest_name (batch);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  choose = g_new0 (Choose, 1);
  g_set_weak_pointer (&choose->widget, widget);
  choose->store = g_object_ref (store);
  choose->batch = g_object_ref (batch);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), choose);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
