/* bc-csv-import-task.c: the CSV import into the store, in a worker thread
 *
 * The batch is inserted hidden on the main thread; the worker streams the
 * file through the parser into a BcRecipientWriter (its own SQLite
 * connection, committing in chunks); back on the main thread the batch is
 * published on success, or deleted with its rows on failure and
 * cancellation. A crash in between leaves a hidden batch, which the store
 * deletes at its next open: no half batch is ever visible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-csv-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-batch.h"
#include "bc-csv-import-private.h"
#include "bc-store.h"
#include "bc-store-replace.h"

#define READ_CHUNK (256 * 1024)
#define PROGRESS_INTERVAL_US (100 * 1000)

typedef struct
{
  BcStore             *store;
  BcBatch             *batch;
  GFile               *file;
  BcCsvImportOptions   options;
  BcRecipientWriter   *writer;
  BcImportReport      *report;
  gboolean             inserted;  /* the hidden batch is in the store */
  BcBatch             *replace;   /* a Draft whose rows the import replaces */

  BcCsvImportProgress  progress_cb;
  gpointer             progress_data;
  GDestroyNotify       progress_destroy;
  gint64               last_progress;
  gint                 progress_pending;   /* atomic: one report in flight */
  guint64              bytes_total;
} ImportData;

typedef struct
{
  GTask   *task;
  guint64  bytes;
  guint64  rows;
} Progress;

/* The worker thread drops its reference to the thread task last, maybe
 * after everything else is over: what must die on the main thread (the
 * store, the batch, the caller's progress data) is released here. */
static void
release_main_thread_objects (ImportData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->batch);
  g_clear_object (&data->replace);
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  data->progress_destroy = NULL;
  data->progress_cb = NULL;
}

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->writer, bc_recipient_writer_free);
  g_clear_object (&data->report);
  release_main_thread_objects (data);
  g_free (data);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  Progress *progress = user_data;
  ImportData *data = g_task_get_task_data (progress->task);

  g_atomic_int_set (&data->progress_pending, 0);
  /* After a cancel the caller expects silence, whatever was in flight. */
  if (data->progress_cb != NULL && !g_task_get_completed (progress->task) &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (progress->task)))
    data->progress_cb (progress->bytes, data->bytes_total, progress->rows, data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer user_data)
{
  Progress *progress = user_data;

  g_object_unref (progress->task);
  g_free (progress);
}

/* Worker thread: at most one report queued, at most one every 100 ms. */
static void
report_progress (GTask    *task,
                 guint64   bytes,
                 guint64   rows,
                 gboolean  force)
{
  ImportData *data = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GSource) source = NULL;
  Progress *progress;

  if (data->progress_cb == NULL)
    return;
  if (!force && now - data->last_progress < PROGRESS_INTERVAL_US)
    return;
  if (!g_atomic_int_compare_and_exchange (&data->progress_pending, 0, 1))
    return;

  data->last_progress = now;
  progress = g_new0 (Progress, 1);
  progress->task = g_object_ref (task);
  progress->bytes = bytes;
  progress->rows = rows;
  /* Not g_main_context_invoke(): with the context unowned at that moment
   * it would run the callback here, on the worker thread. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress_cb, progress, progress_free);
  g_source_set_static_name (source, "[bc-csv-import] progress");
  g_source_attach (source, g_task_get_context (task));
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(BcImportReport) report = bc_import_report_new ();
  g_autoptr(BcCsvParser) parser = NULL;
  g_autoptr(BcCsvPipeline) pipeline = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree guchar *buffer = NULL;
  g_autoptr(GError) error = NULL;
  guint64 bytes = 0;

  stream = g_file_read (data->file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  if (info != NULL)
    data->bytes_total = g_file_info_get_size (info);

  pipeline = bc_csv_pipeline_new (data->writer);
  parser = bc_csv_parser_new (&data->options, report, bc_csv_pipeline_push, pipeline);
  buffer = g_malloc (READ_CHUNK);
  while (!bc_csv_parser_is_stopped (parser))
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, READ_CHUNK,
                                      cancellable, &error);

      if (n < 0)
        break;
      if (n == 0)
        break;
      bytes += n;
      if (!bc_csv_parser_feed (parser, buffer, n, &error))
        break;
      report_progress (task, bytes, bc_csv_parser_get_rows (parser), FALSE);

      /* Strict mode and a row is invalid: nothing will be imported. Undo
       * the rows now rather than keep the writer (and the database's
       * write lock) idle while the rest of the file is checked. */
      if (data->writer != NULL && !data->options.skip_invalid &&
          bc_import_report_get_invalid (report) > 0)
        {
          bc_csv_pipeline_close (pipeline, NULL);
          g_clear_pointer (&data->writer, bc_recipient_writer_free);
        }
    }
  if (error == NULL)
    bc_csv_parser_finish (parser, &error);
  /* Whatever happened, the writer thread stops here; after it, the writer
   * belongs to this thread again. */
  if (error == NULL)
    bc_csv_pipeline_close (pipeline, &error);
  else
    bc_csv_pipeline_close (pipeline, NULL);
  if (error == NULL && bc_import_report_get_success (report))
    bc_recipient_writer_finish (data->writer, &error);
  if (error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &error);

  /* Unfinished (failure, cancel): this removes every row it wrote. On
   * this thread, the one that used its connection. */
  g_clear_pointer (&data->writer, bc_recipient_writer_free);

  if (error != NULL)
    {
      if (error->domain == BC_STORE_ERROR)
        {
          g_autoptr(GError) wrapped =
            g_error_new (BC_CSV_IMPORT_ERROR, BC_CSV_IMPORT_ERROR_STORE,
                         _("The recipients could not be saved: %s"), error->message);

          g_task_return_error (task, g_steal_pointer (&wrapped));
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  report_progress (task, bytes, bc_csv_parser_get_rows (parser), TRUE);
  data->report = g_steal_pointer (&report);
  g_task_return_boolean (task, TRUE);
}

static void
finish_import (GTask        *task,
               ImportData   *data,
               GAsyncResult *result);

static void
on_import_thread_done_cb (GObject      *source_object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (G_TASK (result));

  finish_import (task, data, result);
  release_main_thread_objects (data);
}

/* What the end of an import waits for while the store swaps or deletes
 * rows on its worker (seconds at a million rows, off the main loop). */
typedef struct
{
  GTask          *task;
  BcImportReport *report;
  BcBatch        *batch;     /* the hidden batch */
  GError         *error;     /* why it is being discarded */
} Ending;

static Ending *
ending_new (GTask      *task,
            ImportData *data,
            GError     *error)
{
  Ending *ending = g_new0 (Ending, 1);

  ending->task = g_object_ref (task);
  ending->report = data->report != NULL ? g_object_ref (data->report) : NULL;
  ending->batch = g_object_ref (data->batch);
  ending->error = error;
  return ending;
}

static void
ending_free (Ending *ending)
{
  g_object_unref (ending->task);
  g_clear_object (&ending->report);
  g_object_unref (ending->batch);
  g_clear_error (&ending->error);
  g_free (ending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ending, ending_free)

static void
ending_return (Ending *ending)
{
  if (ending->error != NULL)
    g_task_return_error (ending->task, g_steal_pointer (&ending->error));
  else
    g_task_return_pointer (ending->task, g_object_ref (ending->report), g_object_unref);
}

static void
on_discarded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Ending) ending = user_data;
  g_autoptr(GError) delete_error = NULL;

  /* If not now, the hidden batch goes at the next open. */
  if (!bc_store_delete_batch_finish (BC_STORE (object), result, &delete_error))
    g_message ("Could not delete the unfinished batch: %s", delete_error->message);
  ending_return (ending);
}

static void
on_replaced_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Ending *ending = user_data;

  if (bc_store_replace_recipients_finish (BC_STORE (object), result, &ending->error))
    {
      ending_return (ending);
      ending_free (ending);
      return;
    }
  /* The Draft kept its rows: the new ones go. */
  bc_store_delete_batch_async (BC_STORE (object), ending->batch, NULL, on_discarded_cb, ending);
}

static void
finish_import (GTask        *task,
               ImportData   *data,
               GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;

  /* A cancel that arrives after the worker finished still wins, as long
   * as nothing is published: the caller asked for nothing to remain. */
  if (g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error) &&
      bc_import_report_get_success (data->report))
    {
      if (data->replace != NULL)
        {
          bc_store_replace_recipients_async (data->store, data->replace, data->batch, NULL,
                                             on_replaced_cb, ending_new (task, data, NULL));
          return;
        }
      if (bc_store_publish_batch (data->store, data->batch, &error))
        {
          g_task_return_pointer (task, g_object_ref (data->report), g_object_unref);
          return;
        }
    }

  /* Failed, refused in strict mode, or cancelled: the hidden batch goes. */
  if (data->inserted)
    bc_store_delete_batch_async (data->store, data->batch, NULL, on_discarded_cb,
                                 ending_new (task, data, g_steal_pointer (&error)));
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (data->report), g_object_unref);
}

/* Imports into @batch (new, inserted hidden here); then publishes it, or
 * with @replace swaps its rows into that Draft. */
static void
start_import (BcStore                  *store,
              BcBatch                  *batch,
              BcBatch                  *replace,
              GFile                    *file,
              const BcCsvImportOptions *options,
              GCancellable             *cancellable,
              BcCsvImportProgress       progress_cb,
              gpointer                  progress_data,
              GDestroyNotify            progress_destroy,
              GAsyncReadyCallback       callback,
              gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;
  g_autoptr(GError) error = NULL;
  ImportData *data;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, bc_csv_import_async);
  /* Once published, a late cancel must not turn the result into an
   * error: the batch exists, and the caller needs to know it. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_object_ref (replace != NULL ? replace : batch), g_object_unref);

  data = g_new0 (ImportData, 1);
  data->store = g_object_ref (store);
  data->batch = g_object_ref (batch);
  data->replace = replace != NULL ? g_object_ref (replace) : NULL;
  data->file = g_object_ref (file);
  if (options != NULL)
    data->options = *options;
  else
    bc_csv_import_options_init (&data->options);
  data->progress_cb = progress_cb;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;

  thread_task = g_task_new (NULL, cancellable, on_import_thread_done_cb,
                            g_object_ref (task));
  g_task_set_source_tag (thread_task, import_thread);
  g_task_set_task_data (thread_task, data, (GDestroyNotify) import_data_free);

  if (!bc_store_insert_batch (store, batch, TRUE, &error))
    {
      g_task_return_error (thread_task, g_steal_pointer (&error));
      return;
    }
  data->inserted = TRUE;
  data->writer = bc_store_begin_recipients (store, bc_batch_get_id (batch), &error);
  if (data->writer == NULL)
    {
      g_task_return_error (thread_task, g_steal_pointer (&error));
      return;
    }

  g_task_run_in_thread (thread_task, import_thread);
}

void
bc_csv_import_async (BcStore                  *store,
                     BcBatch                  *batch,
                     GFile                    *file,
                     const BcCsvImportOptions *options,
                     GCancellable             *cancellable,
                     BcCsvImportProgress       progress_cb,
                     gpointer                  progress_data,
                     GDestroyNotify            progress_destroy,
                     GAsyncReadyCallback       callback,
                     gpointer                  user_data)
{
  g_return_if_fail (BC_IS_STORE (store));
  g_return_if_fail (BC_IS_BATCH (batch));
  g_return_if_fail (G_IS_FILE (file));

  start_import (store, batch, NULL, file, options, cancellable,
                progress_cb, progress_data, progress_destroy, callback, user_data);
}

void
bc_csv_import_replace_async (BcStore                  *store,
                             BcBatch                  *draft,
                             GFile                    *file,
                             const BcCsvImportOptions *options,
                             GCancellable             *cancellable,
                             BcCsvImportProgress       progress_cb,
                             gpointer                  progress_data,
                             GDestroyNotify            progress_destroy,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = NULL;
  g_autoptr(BcBatch) incoming = NULL;

  g_return_if_fail (BC_IS_STORE (store));
  g_return_if_fail (BC_IS_BATCH (draft));
  g_return_if_fail (G_IS_FILE (file));

  /* Hidden and short-lived, but names are unique among all batches. */
  name = g_strdup_printf ("%s (replacement %s)", bc_batch_get_name (draft), uuid);
  incoming = bc_batch_new (name);
  start_import (store, incoming, draft, file, options, cancellable,
                progress_cb, progress_data, progress_destroy, callback, user_data);
}

BcImportReport *
bc_csv_import_finish (GAsyncResult  *result,
                      BcBatch      **batch,
                      GError       **error)
{
  BcImportReport *report;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bc_csv_import_async, NULL);

  report = g_task_propagate_pointer (G_TASK (result), error);
  if (batch != NULL)
    *batch = report != NULL && bc_import_report_get_success (report)
               ? g_object_ref (g_task_get_task_data (G_TASK (result)))
               : NULL;
  return report;
}
