/* test-results-export.c: "Export results…" as CSV, hostile cells included
 *
 * Every file is read back with libcsv, as a spreadsheet would, and compared
 * cell by cell: quoting must survive commas, quotes, line breaks and
 * non-ASCII text, and every cell that a spreadsheet would run as a formula
 * must come back with its apostrophe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <csv.h>
#include <json-glib/json-glib.h>

#include "bc-csv-import.h"
#include "bc-import-report.h"
#include "bc-results-export.h"
#include "store-test-util.h"

/* ---- reading a CSV back ---- */

typedef struct
{
  GPtrArray *rows;   /* of GPtrArray of char* */
  GPtrArray *row;
} Sheet;

static void
on_field_cb (void   *field,
             size_t  len,
             void   *user_data)
{
  Sheet *sheet = user_data;

  if (sheet->row == NULL)
    sheet->row = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (sheet->row, g_strndup (field, len));
}

static void
on_row_cb (int   terminator,
           void *user_data)
{
  Sheet *sheet = user_data;

  g_ptr_array_add (sheet->rows, g_steal_pointer (&sheet->row));
}

/* The cells of @path, strictly parsed: any malformed quoting fails. */
static GPtrArray *
read_sheet (const char *path)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  struct csv_parser parser;
  Sheet sheet = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref), NULL };

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  /* RFC 4180 line ends, and the last row ends too. */
  g_assert_true (len >= 2 && text[len - 2] == '\r' && text[len - 1] == '\n');

  g_assert_cmpint (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI), ==, 0);
  g_assert_cmpuint (csv_parse (&parser, text, len, on_field_cb, on_row_cb, &sheet), ==, len);
  g_assert_cmpint (csv_fini (&parser, on_field_cb, on_row_cb, &sheet), ==, 0);
  csv_free (&parser);
  g_assert_null (sheet.row);
  return sheet.rows;
}

static void
assert_row (GPtrArray          *row,
            const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (n, row->len); i++)
    g_assert_cmpstr (g_ptr_array_index (row, i), ==, expected[i]);
  g_assert_cmpuint (row->len, ==, n);
}

/* ---- a batch with hostile cells ---- */

static char *
variables_json (const char * const *pairs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      json_builder_set_member_name (builder, pairs[i]);
      json_builder_add_string_value (builder, pairs[i + 1]);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

#define HOSTILE_KEY "=cmd|' /C calc'!A0"

static BcBatch *
add_hostile_batch (BcStore *store)
{
  g_autoptr(BcBatch) batch = bc_batch_new ("Hostile");
  g_autoptr(BcRecipientWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  const char * const vars0[] = {
    "first_name", "=cmd|' /C calc'!A0",
    HOSTILE_KEY, "+1",
    "note", "say \"hi\", then\r\nhang up",
    NULL
  };
  const char * const vars1[] = {
    "first_name", "Zoë 日本",
    HOSTILE_KEY, "-2",
    "note", "@SUM(A1:A9)",
    NULL
  };
  const char * const vars2[] = {
    "first_name", "\tTabbed",
    HOSTILE_KEY, "\rreturn",
    "note", " padded ",
    NULL
  };
  const char * const *vars[] = { vars0, vars1, vars2 };
  const char *phones[] = { "+14155550100", "+14155550101", "+14155550102" };

  bc_store_insert_batch (store, batch, FALSE, &error);
  g_assert_no_error (error);
  writer = bc_store_begin_recipients (store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *json = variables_json (vars[i]);
      BcRecipientData row = {
        .line = i + 2,
        .phone = (char *) phones[i],
        .override_agent_version = i == 1 ? 3 : -1,
        .metadata = i == 0 ? (char *) "{\"customer_id\": \"=A-1001\"}" : NULL,
        .variables = json,
      };

      bc_recipient_writer_add (writer, &row, &error);
      g_assert_no_error (error);
    }
  bc_recipient_writer_finish (writer, &error);
  g_assert_no_error (error);
  bc_store_publish_batch (store, batch, &error);
  g_assert_no_error (error);

  /* The first one was called: its details are hostile too. */
  {
    g_autoptr(BcRecipient) recipient = recipient_at (store, bc_batch_get_id (batch), 0);
    BcRecipientData data = *bc_recipient_get_data (recipient);

    data.state = BC_RECIPIENT_STATE_DONE;
    data.attempts = 2;
    data.last_call_id = (char *) "@call_1";
    data.outcome = BC_CALL_OUTCOME_PICKED_UP;
    data.successful = TRUE;
    data.started_at_ms = G_GINT64_CONSTANT (1795000000123);  /* 2026-11-18T11:06:40.123Z */
    data.ended_at_ms = G_GINT64_CONSTANT (1795000062246);
    data.duration_ms = 62123;
    data.disconnection_reason = (char *) "-user_hangup";
    data.sentiment = (char *) "Positive, \"very\"";
    bc_store_update_recipient (store, &data, &error);
    g_assert_no_error (error);
  }

  return g_steal_pointer (&batch);
}

/* ---- running the export ---- */

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  guint64    n_rows;
  GError    *error;
} Wait;

static void
on_export_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  g_assert_null (source);
  wait->ok = bc_results_export_finish (result, &wait->n_rows, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
export (BcStore       *store,
        const char    *batch_id,
        const char    *path,
        GCancellable  *cancellable,
        guint64       *n_rows,
        GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, FALSE, 0, NULL };

  bc_results_export_async (store, batch_id, file, cancellable, on_export_cb, &wait);
  g_main_loop_run (loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  *n_rows = wait.n_rows;
  return wait.ok;
}

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_hostile_batch (fixture->store);
  g_autofree char *path = g_build_filename (fixture->dir, "results.csv", NULL);
  g_autoptr(GPtrArray) sheet = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 n_rows = 0;
  const char * const header[] = {
    "phone number", "override agent version", "metadata",
    "first_name", "'" HOSTILE_KEY, "note",
    "state", "outcome", "successful", "attempts", "call_id", "started_at", "ended_at",
    "duration_s", "disconnection_reason", "sentiment", NULL
  };
  const char * const row0[] = {
    "'+14155550100", "", "{\"customer_id\": \"=A-1001\"}",
    "'=cmd|' /C calc'!A0", "'+1", "say \"hi\", then\r\nhang up",
    "done", "picked-up", "true", "2", "'@call_1",
    "2026-11-18T11:06:40.123Z", "2026-11-18T11:07:42.246Z", "62.123",
    "'-user_hangup", "Positive, \"very\"", NULL
  };
  const char * const row1[] = {
    "'+14155550101", "3", "",
    "Zoë 日本", "'-2", "'@SUM(A1:A9)",
    "pending", "", "", "0", "", "", "", "", "", "", NULL
  };
  const char * const row2[] = {
    "'+14155550102", "", "",
    "'\tTabbed", "'\rreturn", " padded ",
    "pending", "", "", "0", "", "", "", "", "", "", NULL
  };

  g_assert_true (export (fixture->store, bc_batch_get_id (batch), path, NULL, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 3);

  sheet = read_sheet (path);
  g_assert_cmpuint (sheet->len, ==, 4);
  assert_row (sheet->pdata[0], header);
  assert_row (sheet->pdata[1], row0);
  assert_row (sheet->pdata[2], row1);
  assert_row (sheet->pdata[3], row2);

  /* The bytes, for the cells a spreadsheet would otherwise run. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "phone number,override agent version,metadata,"
                                         "first_name,\"'=cmd|' /C calc'!A0\",note,"));
  g_assert_nonnull (strstr (text, "\r\n\"'+14155550100\",,\"{\"\"customer_id\"\": "
                                  "\"\"=A-1001\"\"}\",\"'=cmd|' /C calc'!A0\",\"'+1\","
                                  "\"say \"\"hi\"\", then\r\nhang up\",done,"));
}

/* An empty batch still has its header; a batch nobody knows is an error. */
static void
test_empty_and_unknown (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Empty", 0);
  g_autofree char *path = g_build_filename (fixture->dir, "empty.csv", NULL);
  g_autoptr(GPtrArray) sheet = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n_rows = 99;
  const char * const header[] = {
    "phone number", "state", "outcome", "successful", "attempts", "call_id", "started_at",
    "ended_at", "duration_s", "disconnection_reason", "sentiment", NULL
  };

  g_assert_true (export (fixture->store, bc_batch_get_id (batch), path, NULL, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 0);
  sheet = read_sheet (path);
  g_assert_cmpuint (sheet->len, ==, 1);
  assert_row (sheet->pdata[0], header);

  g_assert_false (export (fixture->store, "no-such-batch", path, NULL, &n_rows, &error));
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND);
}

/* Cancelled: no half file, and an earlier file stays as it was. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Many", 10000);
  g_autofree char *fresh = g_build_filename (fixture->dir, "fresh.csv", NULL);
  g_autofree char *old = g_build_filename (fixture->dir, "old.csv", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *text = NULL;
  const char *name;
  guint n_files = 0;
  guint64 n_rows = 0;

  g_assert_true (g_file_set_contents (old, "previous\r\n", -1, NULL));
  g_cancellable_cancel (cancellable);

  g_assert_false (export (fixture->store, bc_batch_get_id (batch), fresh, cancellable,
                          &n_rows, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));

  g_assert_false (export (fixture->store, bc_batch_get_id (batch), old, cancellable,
                          &n_rows, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (old, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "previous\r\n");

  /* No temporary file left behind either: the database, its WAL files and
   * old.csv. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_true (g_str_has_prefix (name, "batch-calls.db") || g_str_equal (name, "old.csv"));
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 2);

  /* Not cancelled: all 10,000 rows, in order. */
  g_assert_true (export (fixture->store, bc_batch_get_id (batch), fresh, NULL, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 10000);
  {
    g_autoptr(GPtrArray) sheet = read_sheet (fresh);

    g_assert_cmpuint (sheet->len, ==, 10001);
    g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) sheet->pdata[1], 0), ==, "'+33612340000");
    g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) sheet->pdata[10000], 0), ==, "'+33612349999");
  }
}

/* A reader is a snapshot: the store goes on committing (as the scheduler
 * does during an export) without waiting, and the reader still sees the
 * rows as they were when it started. */
static void
test_reader_snapshot (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Snapshot", 3);
  g_autoptr(BcRecipientReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  BcRecipientData row = { 0 };
  BcReservedColumns reserved = BC_RESERVED_COLUMN_AGENT_ID;
  guint n = 0;

  reader = bc_store_open_reader (fixture->store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  g_assert_true (bc_recipient_reader_get_reserved (reader, &reserved, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reserved, ==, BC_RESERVED_COLUMN_NONE);
  g_assert_true (bc_recipient_reader_next (reader, &row, &error));
  g_assert_cmpstr (row.phone, ==, "+33612340000");

  /* The last row changes under the open reader: the commit goes through. */
  {
    g_autoptr(BcRecipient) recipient = recipient_at (fixture->store, bc_batch_get_id (batch), 2);
    BcRecipientData changed = *bc_recipient_get_data (recipient);

    changed.state = BC_RECIPIENT_STATE_CANCELLED;
    g_assert_true (bc_store_update_recipient (fixture->store, &changed, &error));
    g_assert_no_error (error);
  }

  n = 1;
  while (bc_recipient_reader_next (reader, &row, &error))
    {
      n++;
      g_assert_cmpint (row.state, ==, BC_RECIPIENT_STATE_PENDING);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  /* At the end it stays at the end. */
  g_assert_false (bc_recipient_reader_next (reader, &row, &error));
  g_assert_no_error (error);
  bc_recipient_data_clear (&row);
  g_clear_pointer (&reader, bc_recipient_reader_free);

  /* A new reader sees the change. */
  reader = bc_store_open_reader (fixture->store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_true (bc_recipient_reader_next (reader, &row, &error));
  g_assert_cmpint (row.state, ==, BC_RECIPIENT_STATE_CANCELLED);
  bc_recipient_data_clear (&row);
}

/* The validation report (the import's errors) goes through the same
 * writer: hostile values come back neutralised and whole. */
static void
test_validation_report (void)
{
  const char csv[] =
    "phone number,first_name\n"
    "=HYPERLINK(\"http://x\"),a\n"
    "\"+1 415, 555\n0100\",b\n"
    "@SUM(1),c\n";
  g_autoptr(BcImportReport) report = bc_csv_validate_bytes (csv, strlen (csv), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) sheet = NULL;

  g_assert_no_error (error);
  g_assert_true (bc_import_report_save_csv (report, file, NULL, &error));
  g_assert_no_error (error);

  sheet = read_sheet (path);
  g_assert_cmpuint (sheet->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) sheet->pdata[1], 2), ==,
                   "'=HYPERLINK(\"http://x\")");
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) sheet->pdata[2], 2), ==,
                   "'+1 415, 555\\n0100");  /* the report shows a line break as \n */
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) sheet->pdata[3], 2), ==, "'@SUM(1)");
  for (guint i = 1; i < sheet->len; i++)
    g_assert_cmpuint (((GPtrArray *) sheet->pdata[i])->len, ==, 5);

  g_assert_true (g_file_delete (file, NULL, NULL));
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/BatchCalls/ResultsExport/hostile", Fixture, NULL,
              fixture_set_up, test_hostile, fixture_tear_down);
  g_test_add ("/BatchCalls/ResultsExport/empty-and-unknown", Fixture, NULL,
              fixture_set_up, test_empty_and_unknown, fixture_tear_down);
  g_test_add ("/BatchCalls/ResultsExport/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/BatchCalls/ResultsExport/reader-snapshot", Fixture, NULL,
              fixture_set_up, test_reader_snapshot, fixture_tear_down);
  g_test_add_func ("/BatchCalls/ResultsExport/validation-report", test_validation_report);

  return g_test_run ();
}
