/* store-test-util.c: what the store's test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "store-test-util.h"
#include "test-tmp-dir.h"

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bc-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "batch-calls.db", NULL);
  fixture->store = bc_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (fixture->store);
  fixture->store = bc_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

/* A second connection, as a person with the sqlite3 shell would look. */
sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

char *
raw_query (const char *path,
           const char *sql)
{
  sqlite3 *db = raw_open (path);
  sqlite3_stmt *st = NULL;
  GString *out = g_string_new (NULL);
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (st); i++)
        {
          const char *text = (const char *) sqlite3_column_text (st, i);

          g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", text ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (st);
  sqlite3_close (db);

  if (out->len > 0)
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = raw_open (path);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

char *
dump_db (const char *path)
{
  g_autofree char *batches = raw_query (path, "SELECT * FROM batches ORDER BY id");
  g_autofree char *recipients = raw_query (path, "SELECT * FROM recipients ORDER BY id");

  return g_strconcat (batches, "\n--\n", recipients, NULL);
}

BcBatch *
add_batch (BcStore    *store,
           const char *name,
           guint       n_recipients)
{
  g_autoptr(BcBatch) batch = bc_batch_new (name);
  g_autoptr(BcRecipientWriter) writer = NULL;
  g_autoptr(GError) error = NULL;

  bc_store_insert_batch (store, batch, FALSE, &error);
  g_assert_no_error (error);

  writer = bc_store_begin_recipients (store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_recipients; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+3361234%04u", i);
      BcRecipientData row = { .line = i + 2, .phone = phone, .override_agent_version = -1 };

      bc_recipient_writer_add (writer, &row, &error);
      g_assert_no_error (error);
    }
  bc_recipient_writer_finish (writer, &error);
  g_assert_no_error (error);
  bc_store_publish_batch (store, batch, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&batch);
}

void
assert_counters_ok (BcStore *store,
                    BcBatch *batch)
{
  g_autoptr(GError) error = NULL;

  bc_store_check_counters (store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
}

BcRecipient *
recipient_at (BcStore    *store,
              const char *batch_id,
              guint       position)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  bc_store_read_recipients (store, batch_id, position, 1, rows, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  return g_object_ref (g_ptr_array_index (rows, 0));
}

const BcBatchState all_states[] = {
  BC_BATCH_STATE_DRAFT, BC_BATCH_STATE_PLANNED, BC_BATCH_STATE_ONGOING,
  BC_BATCH_STATE_PAUSED, BC_BATCH_STATE_CANCELLED, BC_BATCH_STATE_SENT,
};

/* A legal path from Draft to @state, through the store. */
void
walk_to (BcStore      *store,
         BcBatch      *batch,
         BcBatchState  state)
{
  static const BcBatchState via_ongoing[] = { BC_BATCH_STATE_ONGOING };
  g_autoptr(GError) error = NULL;

  if (state == BC_BATCH_STATE_PAUSED || state == BC_BATCH_STATE_SENT)
    {
      bc_store_set_batch_state (store, batch, via_ongoing[0], &error);
      g_assert_no_error (error);
    }
  if (state != BC_BATCH_STATE_DRAFT)
    {
      bc_store_set_batch_state (store, batch, state, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (bc_batch_get_state (batch), ==, state);
}

