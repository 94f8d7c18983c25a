/* bench-import.c: the CSV import against its two floors
 *
 * Generates a 1,000,000-row CSV (phone, three text columns, a quoted JSON
 * metadata column; ~85 MB) and measures, each in a child process of its
 * own so that one's memory does not count in another's peak:
 *   (a) a bare libcsv parse with empty callbacks,
 *   (b) a bare SQLite insert of the same rows (one prepared statement, one
 *       transaction, WAL),
 *   (c) the full import (parse, validate, deduplicate, store),
 *   (d) for reference, the store's BcRecipientWriter alone fed the same
 *       rows from memory: the floor (c) cannot go under, since the writer
 *       runs on its own thread while the parser validates,
 * and prints the times, the ratio c / (a + b) (target ≤ 1.5) and the peak
 * RSS of (c) (target ≤ 64 MB).
 *
 *   meson test -C _build --benchmark bench-import
 *   _build/tests/bench/bench-import [ROWS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <csv.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bc-batch.h"
#include "bc-csv-import.h"
#include "bc-store.h"

#define READ_CHUNK (256 * 1024)

typedef struct
{
  char first[24];
  char last[24];
  char city[24];
  char phone[24];
  char metadata[80];
} Row;

static const char *cities[] = { "London", "Paris", "New York", "São Paulo", "Berlin",
                                "Tokyo", "Lagos", "Sydney" };

static void
make_row (guint  i,
          Row   *row)
{
  g_snprintf (row->phone, sizeof row->phone, "+1415%07u", i);
  g_snprintf (row->first, sizeof row->first, "First%u", i);
  g_snprintf (row->last, sizeof row->last, "Last%u", i % 9973);
  g_snprintf (row->city, sizeof row->city, "%s", cities[i % G_N_ELEMENTS (cities)]);
  g_snprintf (row->metadata, sizeof row->metadata,
              "{\"crm_id\": %u, \"segment\": \"%s\"}", 100000 + i, i % 3 ? "gold" : "silver");
}

static char *
generate (const char *dir,
          guint       n_rows,
          gsize      *size)
{
  g_autofree char *path = g_build_filename (dir, "recipients.csv", NULL);
  FILE *f = fopen (path, "w");
  long end;

  g_assert_nonnull (f);
  fputs ("phone number,first_name,last_name,city,metadata\n", f);
  for (guint i = 0; i < n_rows; i++)
    {
      Row row;
      GString *meta = g_string_new (NULL);

      make_row (i, &row);
      for (const char *p = row.metadata; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (meta, '"');
          g_string_append_c (meta, *p);
        }
      fprintf (f, "%s,%s,%s,%s,\"%s\"\n", row.phone, row.first, row.last, row.city, meta->str);
      g_string_free (meta, TRUE);
    }
  end = ftell (f);
  fclose (f);
  *size = (gsize) end;
  return g_steal_pointer (&path);
}

static void
on_field (void *data, size_t len, void *user_data)
{
}

static void
on_row (int c, void *user_data)
{
}

static void
measure_parse (const char *path)
{
  struct csv_parser parser;
  g_autofree char *buffer = g_malloc (READ_CHUNK);
  FILE *f = fopen (path, "rb");
  size_t n;

  csv_init (&parser, 0);
  while ((n = fread (buffer, 1, READ_CHUNK, f)) > 0)
    csv_parse (&parser, buffer, n, on_field, on_row, NULL);
  csv_fini (&parser, on_field, on_row, NULL);
  csv_free (&parser);
  fclose (f);
}

static void
measure_sqlite (const char *dir,
                guint       n_rows)
{
  g_autofree char *path = g_build_filename (dir, "bare.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
  sqlite3_exec (db, "CREATE TABLE recipients (id INTEGER PRIMARY KEY, batch_id TEXT, "
                    "position INTEGER, phone TEXT, metadata TEXT, variables TEXT)",
                NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO recipients (batch_id, position, phone, metadata, "
                          "variables) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < n_rows; i++)
    {
      Row row;
      char variables[128];

      make_row (i, &row);
      g_snprintf (variables, sizeof variables,
                  "{\"first_name\":\"%s\",\"last_name\":\"%s\",\"city\":\"%s\"}",
                  row.first, row.last, row.city);
      sqlite3_bind_text (st, 1, "batch", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (st, 2, i);
      sqlite3_bind_text (st, 3, row.phone, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, row.metadata, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 5, variables, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (st), ==, SQLITE_DONE);
      sqlite3_reset (st);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (st);
  sqlite3_close (db);
}

static void
measure_writer (const char *dir,
                guint       n_rows)
{
  g_autofree char *db_path = g_build_filename (dir, "writer.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BcStore) store = bc_store_open (db_path, &error);
  g_autoptr(BcBatch) batch = bc_batch_new ("Writer");
  g_autoptr(BcRecipientWriter) writer = NULL;
  BcRecipientData data = { 0 };
  char variables[128];
  Row row;

  g_assert_no_error (error);
  g_assert_true (bc_store_insert_batch (store, batch, TRUE, &error));
  writer = bc_store_begin_recipients (store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  data.override_agent_version = -1;
  data.phone = row.phone;
  data.metadata = row.metadata;
  data.variables = variables;
  for (guint i = 0; i < n_rows; i++)
    {
      make_row (i, &row);
      g_snprintf (variables, sizeof variables,
                  "{\"first_name\":\"%s\",\"last_name\":\"%s\",\"city\":\"%s\"}",
                  row.first, row.last, row.city);
      data.line = i + 2;
      g_assert_true (bc_recipient_writer_add (writer, &data, &error));
    }
  g_assert_true (bc_recipient_writer_finish (writer, &error));
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
measure_import (const char *dir,
                const char *csv_path,
                guint       n_rows)
{
  g_autofree char *db_path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BcStore) store = bc_store_open (db_path, &error);
  g_autoptr(BcBatch) batch = bc_batch_new ("Benchmark");
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BcImportReport) report = NULL;

  g_assert_no_error (error);
  bc_batch_set_from_number (batch, "+14155550000");
  bc_csv_import_async (store, batch, file, NULL, NULL, NULL, NULL, NULL,
                       on_import_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = bc_csv_import_finish (result, NULL, &error);
  g_assert_no_error (error);
  if (!bc_import_report_get_success (report) ||
      bc_import_report_get_imported (report) != n_rows)
    g_error ("import failed: %" G_GUINT64_FORMAT " rows imported",
             bc_import_report_get_imported (report));
}

typedef enum { PARSE, SQLITE, IMPORT, WRITER } Which;

/* Runs one measurement in a child; returns seconds, and the child's peak
 * RSS in KiB. */
static double
run_child (Which       which,
           const char *dir,
           const char *csv_path,
           guint       n_rows,
           long       *peak_kib)
{
  int fds[2];
  pid_t pid;
  double seconds = 0;
  int status = 0;
  struct rusage usage;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      close (fds[0]);
      switch (which)
        {
        case PARSE:
          measure_parse (csv_path);
          break;
        case SQLITE:
          measure_sqlite (dir, n_rows);
          break;
        case WRITER:
          measure_writer (dir, n_rows);
          break;
        case IMPORT:
        default:
          measure_import (dir, csv_path, n_rows);
          break;
        }
      elapsed = (g_get_monotonic_time () - start) / 1e6;
      if (write (fds[1], &elapsed, sizeof elapsed) != sizeof elapsed)
        _exit (2);
      _exit (0);
    }

  close (fds[1]);
  if (read (fds[0], &seconds, sizeof seconds) != sizeof seconds)
    seconds = -1;
  close (fds[0]);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  *peak_kib = usage.ru_maxrss;
  return seconds;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  guint n_rows = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-bench-import-XXXXXX", &error);
  g_autofree char *csv_path = NULL;
  gsize size = 0;
  long rss_a, rss_b, rss_c, rss_d;
  double a, b, c, d;

  g_assert_no_error (error);
  csv_path = generate (dir, n_rows, &size);
  printf ("# %u rows, %.1f MB CSV in %s\n", n_rows, size / 1e6, dir);

  /* Warm the page cache so that (a) and (c) read from memory alike. */
  measure_parse (csv_path);

  a = run_child (PARSE, dir, csv_path, n_rows, &rss_a);
  b = run_child (SQLITE, dir, csv_path, n_rows, &rss_b);
  c = run_child (IMPORT, dir, csv_path, n_rows, &rss_c);
  d = run_child (WRITER, dir, csv_path, n_rows, &rss_d);

  printf ("(a) bare libcsv parse:  %.3f s  (peak RSS %.1f MB)\n", a, rss_a / 1024.0);
  printf ("(b) bare SQLite insert: %.3f s  (peak RSS %.1f MB)\n", b, rss_b / 1024.0);
  printf ("(c) full import:        %.3f s  (peak RSS %.1f MB)\n", c, rss_c / 1024.0);
  printf ("(d) store writer alone: %.3f s  (peak RSS %.1f MB)\n", d, rss_d / 1024.0);
  printf ("ratio c / (a + b) = %.2f (target <= 1.5); peak RSS of (c) %.1f MB (target <= 64)\n",
          c / (a + b), rss_c / 1024.0);
  printf ("ratio c / d = %.2f (what the parse and validation add to the store's own cost)\n",
          c / d);

  remove_dir (dir);
  return 0;
}
