/* test-store-schema.c: the store's file: where it lives, migrations, and
 * the refusal of a newer schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "store-test-util.h"

static void
test_store_path (void)
{
  g_autofree char *def = bc_store_build_path (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (),
                                                "com.uponai.BatchCalls",
                                                "batch-calls.db", NULL);
  g_autofree char *custom = bc_store_build_path ("/srv/data");

  g_assert_cmpstr (def, ==, expected);
  g_assert_cmpstr (custom, ==, "/srv/data/batch-calls.db");
}

static void
test_store_creates_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-store-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "a", "b", NULL);
  g_autofree char *path = g_build_filename (sub, "batch-calls.db", NULL);
  g_autofree char *mode = NULL;
  BcStore *store;
  GStatBuf st;

  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bc_store_get_path (store), ==, path);
  g_assert_cmpuint (bc_store_get_schema_version (store), ==, BC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (g_stat (sub, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_finalize_object (store);

  mode = raw_query (path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  remove_dir (dir);
}

static void
test_store_migrate_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "batch-calls.db", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "store-v1.sql", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *version = NULL, *defaults = NULL, *tables = NULL;
  g_autoptr(BcRecipient) r = NULL;
  BcStore *store;
  BcBatch *spring, *ete;

  g_file_get_contents (fixture, &sql, NULL, &error);
  g_assert_no_error (error);
  raw_exec (path, sql);

  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bc_store_get_schema_version (store), ==, 2);

  spring = bc_store_lookup_batch (store, "6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d");
  ete = bc_store_find_batch_by_name (store, "ÉTÉ CLIENTS");
  g_assert_nonnull (spring);
  g_assert_nonnull (ete);
  g_assert_cmpstr (bc_batch_get_name (spring), ==, "Spring renewals");
  g_assert_cmpint (bc_batch_get_state (spring), ==, BC_BATCH_STATE_ONGOING);
  g_assert_cmpint (bc_batch_get_weekdays (spring), ==, BC_WEEKDAYS_WORK);
  g_assert_cmpuint (bc_batch_get_concurrency (spring), ==, 5);
  g_assert_cmpint (bc_batch_get_counter (spring, BC_COUNTER_TOTAL), ==, 4);
  g_assert_cmpint (bc_batch_get_counter (spring, BC_COUNTER_SUCCESSFUL), ==, 1);
  g_assert_cmpint (bc_batch_get_counter (spring, BC_COUNTER_FAILED), ==, 1);
  {
    g_autoptr(BcBatch) first = g_list_model_get_item (bc_store_get_batches (store), 0);
    g_assert_true (first == ete);
  }
  assert_counters_ok (store, spring);
  assert_counters_ok (store, ete);

  r = recipient_at (store, bc_batch_get_id (ete), 0);
  g_assert_cmpstr (bc_recipient_get_override_agent_id (r), ==, "agent_override");
  g_assert_cmpint (bc_recipient_get_override_agent_version (r), ==, 3);
  g_assert_cmpstr (bc_recipient_get_custom_sip_headers (r), ==, "{\"X-Campaign\":\"ete\"}");
  g_assert_true (bc_recipient_get_ignore_e164 (r));
  g_assert_cmpint (bc_recipient_get_data (r)->duration_ms, ==, 0);
  g_assert_null (bc_recipient_get_data (r)->sentiment);
  g_clear_object (&r);
  r = recipient_at (store, bc_batch_get_id (spring), 0);
  g_assert_cmpstr (bc_recipient_get_last_call_id (r), ==, "call_a1");
  g_assert_cmpstr (bc_recipient_get_variables (r), ==, "{\"first_name\":\"Anne\"}");
  g_assert_finalize_object (store);

  version = raw_query (path, "SELECT version FROM schema_version");
  g_assert_cmpstr (version, ==, "2");
  defaults = raw_query (path, "SELECT DISTINCT hidden FROM batches");
  g_assert_cmpstr (defaults, ==, "0");
  g_free (defaults);
  defaults = raw_query (path, "SELECT DISTINCT started_at_ms, ended_at_ms, duration_ms, "
                              "next_attempt_at, dispatched_at, disconnection_reason, "
                              "error_message FROM recipients");
  g_assert_cmpstr (defaults, ==, "0|0|0|0|0|NULL|NULL");
  tables = raw_query (path, "SELECT name FROM sqlite_master WHERE type = 'table' "
                            "ORDER BY name");
  g_assert_cmpstr (tables, ==, "batches\ncalls\nevents\nrecipients\nschema_version");

  /* Opening again runs nothing. */
  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bc_store_get_schema_version (store), ==, 2);
  g_assert_finalize_object (store);
  remove_dir (dir);
}

/* A step that fails leaves the database as the previous step left it. */
static void
test_store_failed_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "batch-calls.db", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "store-v1.sql", NULL);
  g_autofree char *sql = NULL, *before = NULL, *after = NULL, *version = NULL;
  BcStore *store;

  g_file_get_contents (fixture, &sql, NULL, &error);
  g_assert_no_error (error);
  raw_exec (path, sql);
  /* Something in the way of step 2, as a hand-edited file could have. */
  raw_exec (path, "CREATE TABLE calls (x INTEGER)");
  before = dump_db (path);

  store = bc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "calls"));

  after = dump_db (path);
  g_assert_cmpstr (before, ==, after);
  version = raw_query (path, "SELECT version FROM schema_version");
  g_assert_cmpstr (version, ==, "1");
  g_free (after);
  after = raw_query (path, "SELECT count(*) FROM pragma_table_info('recipients') "
                           "WHERE name = 'sentiment'");
  g_assert_cmpstr (after, ==, "0");
  remove_dir (dir);
}

static void
test_store_refuses_newer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "batch-calls.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  BcStore *store;

  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  g_object_unref (add_batch (store, "Kept", 3));
  g_assert_finalize_object (store);
  raw_exec (path, "UPDATE schema_version SET version = 3");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_file_get_contents (path, &before, &before_len, &error);
  g_assert_no_error (error);

  store = bc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_nonnull (strstr (error->message, "schema 3"));
  g_assert_nonnull (strstr (error->message, "untouched"));
  g_clear_error (&error);

  g_file_get_contents (path, &after, &after_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/Store/path", test_store_path);
  g_test_add_func ("/BatchCalls/Store/creates-folder", test_store_creates_folder);
  g_test_add_func ("/BatchCalls/Store/migrate-v1", test_store_migrate_v1);
  g_test_add_func ("/BatchCalls/Store/failed-migration", test_store_failed_migration);
  g_test_add_func ("/BatchCalls/Store/refuses-newer", test_store_refuses_newer);

  return g_test_run ();
}
