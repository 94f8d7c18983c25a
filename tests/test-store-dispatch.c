/* test-store-dispatch.c: what the scheduler commits around each attempt
 *
 * The claim of several recipients is one durable commit (synchronous =
 * FULL) made before any request leaves; an answer commits without an
 * fsync (NORMAL), and the connection is back to FULL afterwards.
 * SQLite's statement trace shows which level each COMMIT ran under.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bc-store-private.h"
#include "store-test-util.h"

typedef struct
{
  int        level;    /* as last set by a PRAGMA: 1 NORMAL, 2 FULL */
  GPtrArray *commits;  /* "FULL" or "NORMAL", one per COMMIT */
} Trace;

static int
on_trace_cb (unsigned  type,
             void     *user_data,
             void     *p,
             void     *x)
{
  Trace *trace = user_data;
  const char *sql = x;

  if (g_str_has_prefix (sql, "PRAGMA synchronous = "))
    trace->level = g_str_has_suffix (sql, "FULL") ? 2 : 1;
  else if (g_str_equal (sql, "COMMIT"))
    g_ptr_array_add (trace->commits, (gpointer) (trace->level == 2 ? "FULL" : "NORMAL"));
  return 0;
}

static int
synchronous_level (BcStore *store)
{
  sqlite3_stmt *st = NULL;
  int level;

  g_assert_cmpint (sqlite3_prepare_v2 (_bc_store_get_db (store), "PRAGMA synchronous",
                                       -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  level = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  return level;
}

static GArray *
new_claims (void)
{
  GArray *claims = g_array_new (FALSE, TRUE, sizeof (BcRecipientData));

  g_array_set_clear_func (claims, (GDestroyNotify) bc_recipient_data_clear);
  return claims;
}

static void
test_claim_many (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Claims", 7);
  const char *id = bc_batch_get_id (batch);
  g_autoptr(GArray) claims = new_claims ();
  g_autoptr(GError) error = NULL;
  g_autofree char *calls = NULL;
  Trace trace = { 2, g_ptr_array_new () };
  guint cursor = 0;
  gint64 now = 1000 * G_USEC_PER_SEC;

  walk_to (fixture->store, batch, BC_BATCH_STATE_ONGOING);
  /* Even if an earlier answer left the connection at NORMAL. */
  g_assert_cmpint (sqlite3_exec (_bc_store_get_db (fixture->store), "PRAGMA synchronous = NORMAL",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  trace.level = 1;
  sqlite3_trace_v2 (_bc_store_get_db (fixture->store), SQLITE_TRACE_STMT, on_trace_cb, &trace);

  /* Five of seven, in position order, with one commit under FULL. */
  g_assert_cmpuint (bc_store_claim_recipients (fixture->store, id, &cursor, now, NULL, 5,
                                               claims, &error), ==, 5);
  g_assert_no_error (error);
  g_assert_cmpuint (trace.commits->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (trace.commits, 0), ==, "FULL");
  g_assert_cmpuint (claims->len, ==, 5);
  for (guint i = 0; i < claims->len; i++)
    {
      BcRecipientData *row = &g_array_index (claims, BcRecipientData, i);
      g_autoptr(BcRecipient) stored = recipient_at (fixture->store, id, i);

      g_assert_cmpuint (row->position, ==, i);
      g_assert_cmpstr (row->batch_id, ==, id);
      g_assert_nonnull (row->phone);
      g_assert_cmpint (row->state, ==, BC_RECIPIENT_STATE_DISPATCHING);
      g_assert_cmpuint (row->attempts, ==, 1);
      g_assert_cmpint (bc_recipient_get_state (stored), ==, BC_RECIPIENT_STATE_DISPATCHING);
      g_assert_cmpuint (bc_recipient_get_attempts (stored), ==, 1);
    }
  g_assert_cmpuint (cursor, ==, 5);
  /* Each attempt has its calls row, for reconciliation after a crash. */
  calls = raw_query (fixture->path, "SELECT count(*), sum(attempt), sum(answered) FROM calls");
  g_assert_cmpstr (calls, ==, "5|5|0");
  assert_counters_ok (fixture->store, batch);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 2);

  /* What is left, then nothing (and nothing committed). */
  g_assert_cmpuint (bc_store_claim_recipients (fixture->store, id, &cursor, now, NULL, 10,
                                               claims, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 7);
  g_assert_cmpuint (g_array_index (claims, BcRecipientData, 6).position, ==, 6);
  g_assert_cmpuint (bc_store_claim_recipients (fixture->store, id, &cursor, now, NULL, 10,
                                               claims, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (trace.commits->len, ==, 2);
  assert_counters_ok (fixture->store, batch);

  sqlite3_trace_v2 (_bc_store_get_db (fixture->store), 0, NULL, NULL);
  g_ptr_array_unref (trace.commits);
}

static void
test_claim_not_running (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Paused", 3);
  g_autoptr(GArray) claims = new_claims ();
  g_autoptr(GError) error = NULL;
  guint cursor = 0;

  walk_to (fixture->store, batch, BC_BATCH_STATE_PAUSED);
  g_assert_cmpuint (bc_store_claim_recipients (fixture->store, bc_batch_get_id (batch), &cursor,
                                               0, NULL, 3, claims, &error), ==, 0);
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_RUNNING);
  g_assert_cmpuint (claims->len, ==, 0);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 3);
}

static void
test_answer_without_fsync (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Answers", 2);
  const char *id = bc_batch_get_id (batch);
  g_autoptr(GArray) claims = new_claims ();
  g_autoptr(GError) error = NULL;
  g_autofree char *calls = NULL;
  Trace trace = { 2, g_ptr_array_new () };
  BcRecipientData *row;
  guint cursor = 0;
  gint64 now = 1000 * G_USEC_PER_SEC;

  walk_to (fixture->store, batch, BC_BATCH_STATE_ONGOING);
  g_assert_cmpint (synchronous_level (fixture->store), ==, 2);
  g_assert_cmpuint (bc_store_claim_recipients (fixture->store, id, &cursor, now, NULL, 2,
                                               claims, &error), ==, 2);
  g_assert_no_error (error);

  sqlite3_trace_v2 (_bc_store_get_db (fixture->store), SQLITE_TRACE_STMT, on_trace_cb, &trace);
  row = &g_array_index (claims, BcRecipientData, 0);
  row->state = BC_RECIPIENT_STATE_IN_PROGRESS;
  row->last_call_id = g_strdup ("call_a");
  g_assert_true (bc_store_save_attempt (fixture->store, row, BC_ATTEMPT_ACCEPTED, 0, now, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (trace.commits->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (trace.commits, 0), ==, "NORMAL");
  /* Whatever comes next (a claim, a state change) is durable again. */
  g_assert_cmpint (synchronous_level (fixture->store), ==, 2);

  /* A failed save (the recipient is gone) restores FULL too. */
  {
    BcRecipientData ghost = { .id = 999999, .state = BC_RECIPIENT_STATE_FAILED };

    g_assert_false (bc_store_save_attempt (fixture->store, &ghost, BC_ATTEMPT_REFUSED, 0, now, &error));
    g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpint (synchronous_level (fixture->store), ==, 2);
  }
  sqlite3_trace_v2 (_bc_store_get_db (fixture->store), 0, NULL, NULL);

  calls = raw_query (fixture->path, "SELECT call_id, answered FROM calls ORDER BY id");
  g_assert_cmpstr (calls, ==, "call_a|1\nNULL|0");
  assert_counters_ok (fixture->store, batch);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_IN_PROGRESS), ==, 2);
  g_ptr_array_unref (trace.commits);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/BatchCalls/StoreDispatch/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("claim-many", test_claim_many);
  ADD ("claim-not-running", test_claim_not_running);
  ADD ("answer-without-fsync", test_answer_without_fsync);
#undef ADD

  return g_test_run ();
}
