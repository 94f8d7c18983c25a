/* test-store-schema.c: the store's file: where it lives, migrations, and
 * the refusal of a newer schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "store-test-util.h"
#include "bc-store-handoff.h"

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
  g_assert_cmpuint (bc_store_get_schema_version (store), ==, BC_STORE_SCHEMA_VERSION);

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
  g_assert_cmpstr (version, ==, "3");
  defaults = raw_query (path, "SELECT DISTINCT hidden FROM batches");
  g_assert_cmpstr (defaults, ==, "0");
  g_free (defaults);
  defaults = raw_query (path, "SELECT DISTINCT started_at_ms, ended_at_ms, duration_ms, "
                              "next_attempt_at, dispatched_at, disconnection_reason, "
                              "error_message FROM recipients");
  g_assert_cmpstr (defaults, ==, "0|0|0|0|0|NULL|NULL");
  tables = raw_query (path, "SELECT name FROM sqlite_master WHERE type = 'table' "
                            "AND name NOT LIKE 'sqlite_%' ORDER BY name");
  g_assert_cmpstr (tables, ==, "batches\ncalls\nevents\nplatform_handoffs\nrecipients\nschema_version");

  /* Opening again runs nothing. */
  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bc_store_get_schema_version (store), ==, BC_STORE_SCHEMA_VERSION);
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

#define SPRING "6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d"
#define ETE    "0a9e7d2b-3c4f-4e5a-8b6c-7d8e9f0a1b2c"
#define AUTUMN "c3d4e5f6-a7b8-4c9d-8e0f-112233445566"

/* Every column a v2 file held, recipients with their batch's id: the same
 * text before and after the migration means nothing was lost or moved. */
#define V2_BATCHES \
  "SELECT id, name, from_number, agent_id, state, created_at, planned_at, windows, " \
  "weekdays, timezone, recipient_local_time, concurrency, retry_policy, pause_reason, " \
  "n_total, n_sent, n_picked_up, n_successful, n_no_answer, n_busy, n_voicemail, " \
  "n_failed, n_in_progress, n_pending, n_needs_review, n_cancelled, hidden " \
  "FROM batches WHERE name != 'After the migration' ORDER BY id"
#define V2_RECIPIENT_COLUMNS \
  "r.id, r.position, r.line, r.phone, r.ignore_e164, r.override_agent_id, " \
  "r.override_agent_version, r.metadata, r.custom_sip_headers, r.variables, r.state, " \
  "r.attempts, r.last_call_id, r.outcome, r.successful, r.started_at_ms, r.ended_at_ms, " \
  "r.duration_ms, r.disconnection_reason, r.sentiment, r.error_message, " \
  "r.next_attempt_at, r.dispatched_at"

static char *
load_v2 (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "store-v2.sql", NULL);
  g_autofree char *sql = NULL;

  g_file_get_contents (fixture, &sql, NULL, &error);
  g_assert_no_error (error);
  raw_exec (path, sql);
  return raw_query (path, "SELECT version FROM schema_version");
}

/* The hand-off records' table of schema 3: keyed on the batch's integer
 * key, gone with its batch. */
static void
assert_handoff_table (const char *path)
{
  g_autofree char *fk = raw_query (path, "SELECT \"table\", \"from\", \"to\", on_delete "
                                         "FROM pragma_foreign_key_list('platform_handoffs')");

  g_assert_cmpstr (fk, ==, "batches|batch_key|key|CASCADE");
}

static void
test_store_migrate_v2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "batch-calls.db", NULL);
  g_autofree char *version = load_v2 (path);
  g_autofree char *batches_before = raw_query (path, V2_BATCHES);
  g_autofree char *recipients_before =
    raw_query (path, "SELECT r.batch_id, " V2_RECIPIENT_COLUMNS " FROM recipients r ORDER BY r.id");
  g_autofree char *calls_before = raw_query (path, "SELECT * FROM calls ORDER BY id");
  g_autofree char *events_before = raw_query (path, "SELECT * FROM events ORDER BY batch_id, minute");
  g_autofree char *batches_after = NULL, *recipients_after = NULL;
  g_autofree char *calls_after = NULL, *events_after = NULL;
  g_autofree char *keys = NULL, *fk = NULL, *indexes = NULL, *left = NULL;
  g_autoptr(GPtrArray) in_flight = NULL;
  g_autoptr(BcRecipient) r = NULL;
  g_autoptr(BcBatch) added = NULL;
  BcInFlight *item;
  BcStore *store;

  g_assert_cmpstr (version, ==, "2");

  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bc_store_get_schema_version (store), ==, 3);

  /* The counters still match the recipients, batch by batch. */
  for (guint i = 0; i < 3; i++)
    {
      const char *id = (const char *[]) { SPRING, ETE, AUTUMN }[i];
      BcBatch *batch = bc_store_lookup_batch (store, id);

      g_assert_nonnull (batch);
      assert_counters_ok (store, batch);
    }
  g_assert_cmpint (bc_batch_get_counter (bc_store_lookup_batch (store, AUTUMN),
                                         BC_COUNTER_IN_PROGRESS), ==, 2);

  /* What the scheduler resumes from: the attempt in doubt and the call
   * being followed, each with its batch's id, and the retry's due time. */
  in_flight = bc_store_list_in_flight (store, AUTUMN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_flight->len, ==, 2);
  item = g_ptr_array_index (in_flight, 0);
  g_assert_cmpint (item->data.id, ==, 7);
  g_assert_cmpstr (item->data.batch_id, ==, AUTUMN);
  g_assert_cmpint (item->data.state, ==, BC_RECIPIENT_STATE_DISPATCHING);
  g_assert_cmpint (item->dispatched_at, ==, G_GINT64_CONSTANT (1772500000000000));
  item = g_ptr_array_index (in_flight, 1);
  g_assert_cmpstr (item->data.last_call_id, ==, "call_c8");
  g_assert_cmpint (bc_store_next_retry_at (store, AUTUMN, 0, NULL), ==,
                   G_GINT64_CONSTANT (1772503600000000));
  g_assert_cmpuint (bc_store_count_accepted (store, 2, NULL), ==, 2);
  r = recipient_at (store, SPRING, 0);
  g_assert_cmpstr (bc_recipient_get_batch_id (r), ==, SPRING);
  g_assert_cmpstr (bc_recipient_get_data (r)->sentiment, ==, "Positive");
  g_assert_cmpuint (bc_store_count_recipients (store, AUTUMN), ==, 3);

  /* A new batch takes the next key, and its rows go in under it. */
  added = add_batch (store, "After the migration", 3);
  assert_counters_ok (store, added);
  g_assert_finalize_object (store);

  recipients_after = raw_query (path, "SELECT b.id, " V2_RECIPIENT_COLUMNS " FROM recipients r "
                                      "JOIN batches b ON b.key = r.batch_key "
                                      "WHERE b.name != 'After the migration' ORDER BY r.id");
  calls_after = raw_query (path, "SELECT * FROM calls ORDER BY id");
  events_after = raw_query (path, "SELECT * FROM events ORDER BY batch_id, minute");
  g_assert_cmpstr (recipients_after, ==, recipients_before);
  g_assert_cmpstr (calls_after, ==, calls_before);
  g_assert_cmpstr (events_after, ==, events_before);
  batches_after = raw_query (path, V2_BATCHES);
  g_assert_cmpstr (batches_after, ==, batches_before);

  /* Keys in creation order, never reused; every reference whole. */
  keys = raw_query (path, "SELECT key, name FROM batches ORDER BY key");
  g_assert_cmpstr (keys, ==, "1|Spring renewals\n2|Été clients\n3|Autumn survey\n"
                             "4|After the migration");
  fk = raw_query (path, "SELECT count(*) FROM pragma_foreign_key_check");
  g_assert_cmpstr (fk, ==, "0");
  indexes = raw_query (path, "SELECT name FROM sqlite_master WHERE type = 'index' "
                             "AND tbl_name = 'recipients' AND sql LIKE '%batch_key%' ORDER BY name");
  g_assert_cmpstr (indexes, ==, "recipients_position\nrecipients_state");
  assert_handoff_table (path);
  g_free (version);
  version = raw_query (path, "SELECT version FROM schema_version");
  g_assert_cmpstr (version, ==, "3");

  /* Deleting a batch still takes its recipients (and their calls) along. */
  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  bc_store_delete_batch (store, bc_store_lookup_batch (store, ETE), &error);
  g_assert_no_error (error);
  g_assert_finalize_object (store);
  left = raw_query (path, "SELECT count(*) FROM recipients WHERE batch_key = 2");
  g_assert_cmpstr (left, ==, "0");
  remove_dir (dir);
}

/* Step 3 rebuilds tables: when it fails, the v2 file is left as it was. */
static void
test_store_failed_migration_v3 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "batch-calls.db", NULL);
  g_autofree char *version = load_v2 (path);
  g_autofree char *before = NULL, *after = NULL, *calls = NULL;
  BcStore *store;

  /* Something in the way of step 3, as a hand-edited file could have. */
  raw_exec (path, "CREATE TABLE recipients_v3 (x INTEGER)");
  before = dump_db (path);

  store = bc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "recipients_v3"));

  after = dump_db (path);
  g_assert_cmpstr (before, ==, after);
  g_free (version);
  version = raw_query (path, "SELECT version FROM schema_version");
  g_assert_cmpstr (version, ==, "2");
  /* Foreign keys were off for the step only: the children are all there. */
  calls = raw_query (path, "SELECT count(*) FROM calls");
  g_assert_cmpstr (calls, ==, "7");
  remove_dir (dir);
}

static void
assert_handoff (BcStore        *store,
                const char     *batch_id,
                BcHandoffState  expected_state,
                const char     *expected_id,
                gint64          expected_since)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_call_id = NULL;
  BcHandoffState state;
  gint64 since;

  bc_store_get_handoff (store, batch_id, &state, &batch_call_id, &since, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, expected_state);
  g_assert_cmpstr (batch_call_id, ==, expected_id);
  g_assert_cmpint (since, ==, expected_since);
}

/* A new file has the table from the start, not on first use. */
static void
test_store_handoff_table_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "batch-calls.db", NULL);
  g_autofree char *left = NULL;
  g_autoptr(BcBatch) batch = NULL;
  BcStore *store;

  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  assert_handoff_table (path);
  batch = add_batch (store, "Handed off", 2);
  bc_store_set_handoff (store, bc_batch_get_id (batch), BC_HANDOFF_SUBMITTED, "bcall_1", 42, &error);
  g_assert_no_error (error);
  assert_handoff (store, bc_batch_get_id (batch), BC_HANDOFF_SUBMITTED, "bcall_1", 42);

  /* A record needs a batch to belong to. */
  g_assert_false (bc_store_set_handoff (store, "no-such-batch", BC_HANDOFF_PREPARING, NULL, 1,
                                        &error));
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_DATABASE);
  g_clear_error (&error);

  bc_store_delete_batch (store, batch, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (store);
  left = raw_query (path, "SELECT count(*) FROM platform_handoffs");
  g_assert_cmpstr (left, ==, "0");
  remove_dir (dir);
}

/* A v2 file written by a build that created the table on first use (keyed
 * on batches.id): step 3 keys its rows on the batch's key, keeps those of
 * a batch and drops the others. */
static void
test_store_handoff_table_migrated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "batch-calls.db", NULL);
  g_autofree char *version = load_v2 (path);
  g_autofree char *rows = NULL, *fk = NULL;
  BcStore *store;

  raw_exec (path, "CREATE TABLE platform_handoffs ("
                  "  batch_id TEXT PRIMARY KEY NOT NULL REFERENCES batches (id) ON DELETE CASCADE,"
                  "  state INTEGER NOT NULL, batch_call_id TEXT, since INTEGER NOT NULL DEFAULT 0);"
                  "INSERT INTO platform_handoffs VALUES ('" ETE "', 3, 'bcall_e', 7);"
                  "INSERT INTO platform_handoffs VALUES ('" SPRING "', 2, NULL, 9);"
                  "INSERT INTO platform_handoffs VALUES ('gone', 3, 'bcall_g', 1);");

  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  assert_handoff_table (path);
  assert_handoff (store, ETE, BC_HANDOFF_SUBMITTED, "bcall_e", 7);
  assert_handoff (store, SPRING, BC_HANDOFF_SUBMITTING, NULL, 9);
  assert_handoff (store, AUTUMN, BC_HANDOFF_NONE, NULL, 0);
  rows = raw_query (path, "SELECT count(*) FROM platform_handoffs");
  g_assert_cmpstr (rows, ==, "2");
  fk = raw_query (path, "SELECT count(*) FROM pragma_foreign_key_check");
  g_assert_cmpstr (fk, ==, "0");

  bc_store_delete_batch (store, bc_store_lookup_batch (store, ETE), &error);
  g_assert_no_error (error);
  assert_handoff (store, ETE, BC_HANDOFF_NONE, NULL, 0);
  assert_handoff (store, SPRING, BC_HANDOFF_SUBMITTING, NULL, 9);
  g_assert_finalize_object (store);
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
  raw_exec (path, "UPDATE schema_version SET version = 4");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_file_get_contents (path, &before, &before_len, &error);
  g_assert_no_error (error);

  store = bc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_nonnull (strstr (error->message, "schema 4"));
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
  g_test_add_func ("/BatchCalls/Store/migrate-v2", test_store_migrate_v2);
  g_test_add_func ("/BatchCalls/Store/failed-migration-v3", test_store_failed_migration_v3);
  g_test_add_func ("/BatchCalls/Store/handoff-table-new", test_store_handoff_table_new);
  g_test_add_func ("/BatchCalls/Store/handoff-table-migrated", test_store_handoff_table_migrated);
  g_test_add_func ("/BatchCalls/Store/refuses-newer", test_store_refuses_newer);

  return g_test_run ();
}
