/* test-csv-import-store.c: the CSV import into the store (GTask, hidden
 * batch, publish or discard, cancel, progress)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bc-batch.h"
#include "bc-csv-import.h"
#include "bc-recipient.h"
#include "bc-store.h"
#include "test-tmp-dir.h"

typedef struct
{
  char         *dir;
  char         *path;
  BcStore      *store;
  GMainLoop    *loop;
  GAsyncResult *result;
  GCancellable *cancellable;
  guint         n_progress;
  guint64       last_bytes;
  guint64       last_rows;
  guint64       total;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bc-csv-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "batch-calls.db", NULL);
  fixture->store = bc_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->loop = g_main_loop_new (NULL, FALSE);
  fixture->cancellable = g_cancellable_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->result);
  g_clear_object (&fixture->cancellable);
  g_main_loop_unref (fixture->loop);
  g_assert_finalize_object (fixture->store);
  remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
on_progress (guint64  bytes,
             guint64  total,
             guint64  rows,
             gpointer user_data)
{
  Fixture *fixture = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpuint (bytes, >=, fixture->last_bytes);
  g_assert_cmpuint (rows, >=, fixture->last_rows);
  g_assert_cmpuint (bytes, <=, total);
  fixture->n_progress++;
  fixture->last_bytes = bytes;
  fixture->last_rows = rows;
  fixture->total = total;
  if (g_object_get_data (G_OBJECT (fixture->cancellable), "cancel-on-progress"))
    g_cancellable_cancel (fixture->cancellable);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
  g_main_loop_quit (fixture->loop);
}

static BcImportReport *
run_import (Fixture                  *fixture,
            BcBatch                  *batch,
            GFile                    *file,
            const BcCsvImportOptions *options,
            BcBatch                 **out_batch,
            GError                  **error)
{
  g_clear_object (&fixture->result);
  bc_csv_import_async (fixture->store, batch, file, options, fixture->cancellable,
                       on_progress, fixture, NULL, on_import_done, fixture);
  g_main_loop_run (fixture->loop);
  return bc_csv_import_finish (fixture->result, out_batch, error);
}

static GFile *
corpus_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);

  return g_file_new_for_path (path);
}

static BcBatch *
new_batch (const char *name)
{
  BcBatch *batch = bc_batch_new (name);

  bc_batch_set_from_number (batch, "+14155550000");
  return batch;
}

static void
test_import_success (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BcBatch) batch = new_batch ("Spring campaign");
  g_autoptr(GFile) file = corpus_file ("phone-normalise.csv");
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(BcBatch) imported = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *batches = bc_store_get_batches (fixture->store);
  BcRecipient *first;

  report = run_import (fixture, batch, file, NULL, &imported, &error);
  g_assert_no_error (error);
  g_assert_true (bc_import_report_get_success (report));
  g_assert_cmpuint (bc_import_report_get_imported (report), ==, 6);
  g_assert_true (imported == batch);

  g_assert_cmpuint (g_list_model_get_n_items (batches), ==, 1);
  g_assert_true (bc_store_lookup_batch (fixture->store, bc_batch_get_id (batch)) == batch);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_DRAFT);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_TOTAL), ==, 6);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 6);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, bc_batch_get_id (batch)), ==, 6);

  g_assert_true (bc_store_read_recipients (fixture->store, bc_batch_get_id (batch), 0, 6,
                                           rows, &error));
  g_assert_no_error (error);
  first = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (bc_recipient_get_phone (first), ==, "+14155550100");
  g_assert_cmpuint (bc_recipient_get_line (first), ==, 2);
  g_assert_cmpstr (bc_recipient_get_variables (first), ==, "{\"name\":\"a\"}");
  g_assert_cmpstr (bc_recipient_get_phone (g_ptr_array_index (rows, 5)), ==, "+14155550105");
  g_assert_true (bc_store_check_counters (fixture->store, bc_batch_get_id (batch), &error));
  g_assert_no_error (error);

  /* The last progress report covers the whole file. */
  g_assert_cmpuint (fixture->n_progress, >=, 1);
  g_assert_cmpuint (fixture->last_bytes, ==, fixture->total);
  g_assert_cmpuint (fixture->last_rows, ==, 6);
}

static void
assert_nothing_left (Fixture *fixture,
                     BcBatch *batch)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (bc_batch_get_id (batch));

  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (fixture->store)), ==, 0);
  g_assert_null (bc_store_lookup_batch (fixture->store, id));
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, id), ==, 0);

  /* And after a restart too (the finished task holds the store). */
  g_clear_object (&fixture->result);
  g_assert_finalize_object (fixture->store);
  fixture->store = bc_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (fixture->store)), ==, 0);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, id), ==, 0);
}

static void
test_import_strict_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BcBatch) batch = new_batch ("Refused");
  g_autoptr(GFile) file = corpus_file ("multiline.csv");
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(BcBatch) imported = NULL;
  g_autoptr(GError) error = NULL;

  report = run_import (fixture, batch, file, NULL, &imported, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_false (bc_import_report_get_success (report));
  g_assert_cmpuint (bc_import_report_get_invalid (report), ==, 1);
  g_assert_cmpuint (bc_import_report_get_imported (report), ==, 0);
  g_assert_null (imported);
  assert_nothing_left (fixture, batch);
}

static void
test_import_skip_invalid (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BcBatch) batch = new_batch ("Partial");
  g_autoptr(GFile) file = corpus_file ("mixed-skip-invalid.csv");
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(BcBatch) imported = NULL;
  g_autoptr(GError) error = NULL;
  BcCsvImportOptions options;

  bc_csv_import_options_init (&options);
  options.skip_invalid = TRUE;
  report = run_import (fixture, batch, file, &options, &imported, &error);
  g_assert_no_error (error);
  g_assert_true (bc_import_report_get_success (report));
  g_assert_cmpuint (bc_import_report_get_imported (report), ==, 3);
  g_assert_cmpuint (bc_import_report_get_invalid (report), ==, 2);
  g_assert_cmpuint (bc_import_report_get_skipped_duplicate (report), ==, 1);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, bc_batch_get_id (batch)), ==, 3);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_TOTAL), ==, 3);
}

static char *
write_big_csv (Fixture *fixture,
               guint    n_rows)
{
  g_autofree char *path = g_build_filename (fixture->dir, "big.csv", NULL);
  g_autoptr(GString) text = g_string_new ("phone number,name\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (text, "+1415%07u,Person %u\n", i, i);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_import_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = write_big_csv (fixture, 300000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(BcBatch) batch = new_batch ("Cancelled");
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set_data (G_OBJECT (fixture->cancellable), "cancel-on-progress", GINT_TO_POINTER (1));
  report = run_import (fixture, batch, file, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  g_assert_cmpuint (fixture->n_progress, ==, 1);
  g_assert_cmpuint (fixture->last_bytes, <, fixture->total);
  assert_nothing_left (fixture, batch);
}

/* Cancelled at once: whether the worker saw it or had already finished,
 * nothing is published. */
static void
test_import_cancel_early (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = corpus_file ("basic.csv");
  g_autoptr(BcBatch) batch = new_batch ("Cancelled early");
  g_autoptr(GError) error = NULL;
  BcImportReport *report;

  g_clear_object (&fixture->result);
  bc_csv_import_async (fixture->store, batch, file, NULL, fixture->cancellable,
                       on_progress, fixture, NULL, on_import_done, fixture);
  g_cancellable_cancel (fixture->cancellable);
  g_main_loop_run (fixture->loop);
  report = bc_csv_import_finish (fixture->result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  g_assert_cmpuint (fixture->n_progress, ==, 0);
  assert_nothing_left (fixture, batch);
}

static void
test_import_missing_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = corpus_file ("no-such-file.csv");
  g_autoptr(BcBatch) batch = new_batch ("Missing");
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = run_import (fixture, batch, file, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (report);
  assert_nothing_left (fixture, batch);
}

static void
test_import_name_taken (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GFile) file = corpus_file ("basic.csv");
  g_autoptr(BcBatch) first = new_batch ("Same name");
  g_autoptr(BcBatch) second = new_batch ("Same name");
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = run_import (fixture, first, file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&report);
  report = run_import (fixture, second, file, NULL, NULL, &error);
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NAME_TAKEN);
  g_assert_null (report);
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (fixture->store)), ==, 1);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, bc_batch_get_id (first)), ==, 3);
}

/* What a crash mid-import leaves: a hidden batch with committed chunks.
 * It is never listed, and the next open deletes it. */
static void
test_import_crash_leaves_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(BcBatch) batch = new_batch ("Crashed");
  g_autoptr(GError) error = NULL;
  BcRecipientWriter *writer;
  BcRecipientData row = { 0 };
  char phone[32];

  g_assert_true (bc_store_insert_batch (fixture->store, batch, TRUE, &error));
  g_assert_no_error (error);
  writer = bc_store_begin_recipients (fixture->store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  row.phone = phone;
  row.override_agent_version = -1;
  row.variables = (char *) "{}";
  for (guint i = 0; i < 25000; i++)
    {
      g_snprintf (phone, sizeof phone, "+1415%07u", i);
      row.line = i + 2;
      g_assert_true (bc_recipient_writer_add (writer, &row, &error));
    }
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (fixture->store)), ==, 0);
  /* The process "dies" here: the writer's connection is simply dropped
   * with its committed chunks (no undo), as a crash would. */
  g_assert_true (bc_recipient_writer_finish (writer, &error));
  bc_recipient_writer_free (writer);
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (fixture->store)), ==, 0);

  g_assert_finalize_object (fixture->store);
  fixture->store = bc_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (fixture->store)), ==, 0);
  g_assert_null (bc_store_lookup_batch (fixture->store, bc_batch_get_id (batch)));
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, bc_batch_get_id (batch)), ==, 0);
}

/* ---- a Draft's recipients replaced by a new file ---- */

static BcImportReport *
run_replace (Fixture  *fixture,
             BcBatch  *draft,
             GFile    *file,
             BcBatch **out_batch,
             GError  **error)
{
  g_clear_object (&fixture->result);
  fixture->n_progress = 0;
  fixture->last_bytes = fixture->last_rows = 0;
  bc_csv_import_replace_async (fixture->store, draft, file, NULL, fixture->cancellable,
                               on_progress, fixture, NULL, on_import_done, fixture);
  g_main_loop_run (fixture->loop);
  return bc_csv_import_finish (fixture->result, out_batch, error);
}

/* A published Draft from basic.csv; its first phone, to tell the rows. */
static BcBatch *
draft_from_basic (Fixture  *fixture,
                  char    **first_phone)
{
  g_autoptr(BcBatch) batch = new_batch ("Editable");
  g_autoptr(GFile) file = corpus_file ("basic.csv");
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  report = run_import (fixture, batch, file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bc_import_report_get_success (report));
  bc_store_read_recipients (fixture->store, bc_batch_get_id (batch), 0, 1, rows, &error);
  g_assert_no_error (error);
  *first_phone = g_strdup (bc_recipient_get_phone (rows->pdata[0]));
  return g_steal_pointer (&batch);
}

static void
on_reset (BcStore    *store,
          const char *batch_id,
          GPtrArray  *ids)
{
  g_ptr_array_add (ids, g_strdup (batch_id));
}

/* The Draft kept what it had, and no other batch is left anywhere. */
static void
assert_unchanged (Fixture    *fixture,
                  BcBatch    *draft,
                  gint64      total,
                  const char *first_phone)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *n_batches = NULL;

  g_assert_cmpint (bc_batch_get_counter (draft, BC_COUNTER_TOTAL), ==, total);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, bc_batch_get_id (draft)), ==, total);
  bc_store_read_recipients (fixture->store, bc_batch_get_id (draft), 0, 1, rows, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bc_recipient_get_phone (rows->pdata[0]), ==, first_phone);
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (fixture->store)), ==, 1);
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;

    g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) || '/' || (SELECT count(*) FROM recipients) FROM batches",
                                         -1, &st, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
    n_batches = g_strdup ((const char *) sqlite3_column_text (st, 0));
    sqlite3_finalize (st);
    sqlite3_close (db);
  }
  {
    g_autofree char *expected = g_strdup_printf ("1/%" G_GINT64_FORMAT, total);

    g_assert_cmpstr (n_batches, ==, expected);
  }
  g_assert_true (bc_store_check_counters (fixture->store, bc_batch_get_id (draft), &error));
  g_assert_no_error (error);
}

static void
test_replace_success (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *old_phone = NULL;
  g_autoptr(BcBatch) draft = draft_from_basic (fixture, &old_phone);
  g_autofree char *path = g_build_filename (fixture->dir, "new.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(BcBatch) replaced = NULL;
  g_autoptr(GPtrArray) resets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gulong id;

  g_assert_true (g_file_set_contents (path, "phone number,city\n+33612345678,Paris\n"
                                      "+33612345679,Lyon\n", -1, NULL));
  g_assert_cmpstr (old_phone, !=, "+33612345678");
  id = g_signal_connect (fixture->store, "recipients-reset", G_CALLBACK (on_reset), resets);
  report = run_replace (fixture, draft, file, &replaced, &error);
  g_signal_handler_disconnect (fixture->store, id);
  g_assert_no_error (error);
  g_assert_true (bc_import_report_get_success (report));
  g_assert_true (replaced == draft);
  g_assert_true (g_ptr_array_find_with_equal_func (resets, bc_batch_get_id (draft), g_str_equal, NULL));
  /* The same Draft (id, name, number), with the new file's two rows. */
  g_assert_true (bc_store_lookup_batch (fixture->store, bc_batch_get_id (draft)) == draft);
  g_assert_cmpstr (bc_batch_get_name (draft), ==, "Editable");
  assert_unchanged (fixture, draft, 2, "+33612345678");
  g_assert_cmpint (bc_batch_get_counter (draft, BC_COUNTER_PENDING), ==, 2);

  /* And so it stays after a restart. */
  {
    g_autofree char *draft_id = g_strdup (bc_batch_get_id (draft));

    g_clear_object (&fixture->result);
    g_clear_object (&replaced);
    g_clear_object (&draft);
    g_assert_finalize_object (fixture->store);
    fixture->store = bc_store_open (fixture->path, &error);
    g_assert_no_error (error);
    draft = g_object_ref (bc_store_lookup_batch (fixture->store, draft_id));
    assert_unchanged (fixture, draft, 2, "+33612345678");
  }
}

static void
test_replace_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *old_phone = NULL;
  g_autoptr(BcBatch) draft = draft_from_basic (fixture, &old_phone);
  gint64 total = bc_batch_get_counter (draft, BC_COUNTER_TOTAL);
  g_autoptr(GFile) file = corpus_file ("multiline.csv");
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(BcBatch) replaced = NULL;
  g_autoptr(GError) error = NULL;

  /* Strict, and the file has an invalid row: the report, no swap. */
  report = run_replace (fixture, draft, file, &replaced, &error);
  g_assert_no_error (error);
  g_assert_false (bc_import_report_get_success (report));
  g_assert_cmpuint (bc_import_report_get_invalid (report), ==, 1);
  g_assert_null (replaced);
  assert_unchanged (fixture, draft, total, old_phone);
}

static void
test_replace_cancel (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *old_phone = NULL;
  g_autoptr(BcBatch) draft = draft_from_basic (fixture, &old_phone);
  gint64 total = bc_batch_get_counter (draft, BC_COUNTER_TOTAL);
  g_autofree char *path = write_big_csv (fixture, 300000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set_data (G_OBJECT (fixture->cancellable), "cancel-on-progress", GINT_TO_POINTER (1));
  report = run_replace (fixture, draft, file, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  assert_unchanged (fixture, draft, total, old_phone);
}

/* Submitted meanwhile: the new rows are refused, the old ones stay. */
static void
test_replace_not_draft (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *old_phone = NULL;
  g_autoptr(BcBatch) draft = draft_from_basic (fixture, &old_phone);
  gint64 total = bc_batch_get_counter (draft, BC_COUNTER_TOTAL);
  g_autoptr(GFile) file = corpus_file ("phone-normalise.csv");
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->result);
  bc_csv_import_replace_async (fixture->store, draft, file, NULL, NULL,
                               NULL, NULL, NULL, on_import_done, fixture);
  bc_store_set_batch_state (fixture->store, draft, BC_BATCH_STATE_PLANNED, &error);
  g_assert_no_error (error);
  g_main_loop_run (fixture->loop);
  report = bc_csv_import_finish (fixture->result, NULL, &error);
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_EDITABLE);
  g_assert_null (report);
  assert_unchanged (fixture, draft, total, old_phone);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/BatchCalls/CsvImportStore/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("success", test_import_success);
  ADD ("strict-refused", test_import_strict_refused);
  ADD ("skip-invalid", test_import_skip_invalid);
  ADD ("cancel", test_import_cancel);
  ADD ("cancel-early", test_import_cancel_early);
  ADD ("missing-file", test_import_missing_file);
  ADD ("name-taken", test_import_name_taken);
  ADD ("crash-leaves-nothing", test_import_crash_leaves_nothing);
  ADD ("replace", test_replace_success);
  ADD ("replace-refused", test_replace_refused);
  ADD ("replace-cancel", test_replace_cancel);
  ADD ("replace-not-draft", test_replace_not_draft);
#undef ADD

  return g_test_run ();
}
