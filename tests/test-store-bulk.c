/* test-store-bulk.c: deleting and cancelling a batch with the rows done on
 * a worker (bc-store-bulk.c), and replacing a Draft's recipients, on a
 * real SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bc-store-private.h"
#include "bc-store-replace.h"
#include "store-test-util.h"

/* More than two chunks of the worker, with a ragged end. */
#define N_ROWS 25003

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Some rows out of PENDING, on both sides of chunk boundaries, through
 * the store so the counters follow. */
static void
make_mixed (BcStore *store,
            BcBatch *batch)
{
  static const guint positions[] = { 0, 9999, 10000, 10001, 20000, N_ROWS - 1 };
  static const BcRecipientState states[] = {
    BC_RECIPIENT_STATE_DONE, BC_RECIPIENT_STATE_IN_PROGRESS,
    BC_RECIPIENT_STATE_FAILED, BC_RECIPIENT_STATE_DONE,
    BC_RECIPIENT_STATE_NEEDS_REVIEW, BC_RECIPIENT_STATE_FAILED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autoptr(BcRecipient) r = recipient_at (store, bc_batch_get_id (batch), positions[i]);
      BcRecipientData data = *bc_recipient_get_data (r);
      g_autoptr(GError) error = NULL;

      data.state = states[i];
      data.attempts = 1;
      data.last_call_id = (char *) "call_x";
      data.outcome = i % 2 ? BC_CALL_OUTCOME_NO_ANSWER : BC_CALL_OUTCOME_PICKED_UP;
      bc_store_update_recipient (store, &data, &error);
      g_assert_no_error (error);
    }
}

static void
on_reset_cb (BcStore    *store,
             const char *batch_id,
             guint      *n_resets)
{
  (*n_resets)++;
}

static char *
dump_states (const char *path,
             BcBatch    *batch)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT position, state, outcome FROM recipients WHERE batch_key = "
                     "(SELECT key FROM batches WHERE id = '%s') ORDER BY position",
                     bc_batch_get_id (batch));

  return raw_query (path, sql);
}

static void
test_cancel_same_as_sync (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BcBatch) sync = add_batch (fixture->store, "Sync", N_ROWS);
  g_autoptr(BcBatch) async = add_batch (fixture->store, "Async", N_ROWS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sync_rows = NULL;
  g_autofree char *async_rows = NULL;
  guint n_resets = 0;

  walk_to (fixture->store, sync, BC_BATCH_STATE_ONGOING);
  walk_to (fixture->store, async, BC_BATCH_STATE_ONGOING);
  make_mixed (fixture->store, sync);
  make_mixed (fixture->store, async);

  bc_store_set_batch_state (fixture->store, sync, BC_BATCH_STATE_CANCELLED, &error);
  g_assert_no_error (error);

  bc_store_cancel_batch_async (fixture->store, async, NULL, on_done_cb, &result);
  /* The state is committed before the rows: nothing is claimed from now. */
  g_assert_cmpint (bc_batch_get_state (async), ==, BC_BATCH_STATE_CANCELLED);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT state FROM batches WHERE id = '%s'",
                                            bc_batch_get_id (async));
    g_autofree char *state = raw_query (fixture->path, sql);

    g_assert_cmpstr (state, ==, "4");
  }
  g_signal_connect (fixture->store, "recipients-reset", G_CALLBACK (on_reset_cb), &n_resets);
  g_assert_true (bc_store_cancel_batch_finish (fixture->store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_resets, ==, 1);

  for (guint i = 0; i < BC_N_COUNTERS; i++)
    g_assert_cmpint (bc_batch_get_counter (async, i), ==, bc_batch_get_counter (sync, i));
  g_assert_cmpint (bc_batch_get_counter (async, BC_COUNTER_PENDING), ==, 0);
  g_assert_cmpint (bc_batch_get_counter (async, BC_COUNTER_CANCELLED), ==, N_ROWS - 6);
  assert_counters_ok (fixture->store, async);

  sync_rows = dump_states (fixture->path, sync);
  async_rows = dump_states (fixture->path, async);
  g_assert_cmpstr (async_rows, ==, sync_rows);

  /* What the live object says is what a fresh open reads. */
  {
    gint64 before[BC_N_COUNTERS];
    g_autofree char *id = g_strdup (bc_batch_get_id (async));
    BcBatch *reread;

    for (guint i = 0; i < BC_N_COUNTERS; i++)
      before[i] = bc_batch_get_counter (async, i);
    g_clear_object (&sync);
    g_clear_object (&async);
    g_clear_object (&result);
    reopen (fixture);
    reread = bc_store_lookup_batch (fixture->store, id);
    g_assert_cmpint (bc_batch_get_state (reread), ==, BC_BATCH_STATE_CANCELLED);
    for (guint i = 0; i < BC_N_COUNTERS; i++)
      g_assert_cmpint (bc_batch_get_counter (reread, i), ==, before[i]);
  }
}

static void
test_delete_same_as_sync (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BcBatch) keep = add_batch (fixture->store, "Keep", 10);
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Gone", N_ROWS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (bc_batch_get_id (batch));
  g_autofree char *rows = NULL;
  g_autofree char *calls = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GListModel *visible = bc_store_get_batches (fixture->store);

  walk_to (fixture->store, batch, BC_BATCH_STATE_ONGOING);
  make_mixed (fixture->store, batch);
  bc_store_set_batch_state (fixture->store, batch, BC_BATCH_STATE_CANCELLED, &error);
  g_assert_no_error (error);
  /* A calls row, as a dispatched recipient has, must go with it. */
  {
    g_autofree char *sql =
      g_strdup_printf ("INSERT INTO calls (recipient_id, attempt, dispatched_at) "
                       "SELECT id, 1, 0 FROM recipients WHERE position < 3 AND batch_key = "
                       "(SELECT key FROM batches WHERE id = '%s')", id);

    raw_exec (fixture->path, sql);
  }
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 2);

  bc_store_delete_batch_async (fixture->store, batch, NULL, on_done_cb, &result);
  /* Out of the list and its name free at once. */
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 1);
  g_assert_null (bc_store_find_batch_by_name (fixture->store, "Gone"));
  g_assert_true (bc_store_delete_batch_finish (fixture->store, wait_for (&result), &error));
  g_assert_no_error (error);

  g_assert_null (bc_store_lookup_batch (fixture->store, id));
  rows = raw_query (fixture->path, "SELECT count(*) FROM recipients");
  g_assert_cmpstr (rows, ==, "10");
  calls = raw_query (fixture->path, "SELECT count(*) FROM calls");
  g_assert_cmpstr (calls, ==, "0");
  assert_counters_ok (fixture->store, keep);

  before = dump_db (fixture->path);
  g_clear_object (&result);
  g_clear_object (&batch);
  reopen (fixture);
  after = dump_db (fixture->path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Ongoing", 3);
  g_autoptr(BcBatch) sent = add_batch (fixture->store, "Sent", 3);
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GError) error = NULL;

  walk_to (fixture->store, batch, BC_BATCH_STATE_ONGOING);
  walk_to (fixture->store, sent, BC_BATCH_STATE_SENT);

  /* Checked before anything is written, and said through the task. */
  bc_store_delete_batch_async (fixture->store, batch, NULL, on_done_cb, &deleted);
  g_assert_false (bc_store_delete_batch_finish (fixture->store, wait_for (&deleted), &error));
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_EDITABLE);
  g_assert_true (bc_store_lookup_batch (fixture->store, bc_batch_get_id (batch)) == batch);
  g_clear_error (&error);

  bc_store_cancel_batch_async (fixture->store, sent, NULL, on_done_cb, &cancelled);
  g_assert_false (bc_store_cancel_batch_finish (fixture->store, wait_for (&cancelled), &error));
  g_assert_nonnull (error);
  g_assert_cmpint (bc_batch_get_state (sent), ==, BC_BATCH_STATE_SENT);
}

/* Cut short (here by the cancellable, as by the app dying): the worker's
 * error comes through the task, and the next open finishes the job. */
static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BcBatch) cancel = add_batch (fixture->store, "Cancel", N_ROWS);
  g_autoptr(BcBatch) delete = add_batch (fixture->store, "Delete", N_ROWS);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cancel_id = g_strdup (bc_batch_get_id (cancel));
  g_autofree char *delete_id = g_strdup (bc_batch_get_id (delete));
  g_autofree char *rows = NULL;
  BcBatch *reread;

  walk_to (fixture->store, cancel, BC_BATCH_STATE_ONGOING);
  g_cancellable_cancel (cancellable);
  bc_store_cancel_batch_async (fixture->store, cancel, cancellable, on_done_cb, &cancelled);
  bc_store_delete_batch_async (fixture->store, delete, cancellable, on_done_cb, &deleted);
  g_assert_false (bc_store_cancel_batch_finish (fixture->store, wait_for (&cancelled), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (bc_store_delete_batch_finish (fixture->store, wait_for (&deleted), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The state is what counts: Cancelled, whatever is still pending. */
  g_assert_cmpint (bc_batch_get_state (cancel), ==, BC_BATCH_STATE_CANCELLED);
  g_assert_cmpint (bc_batch_get_counter (cancel, BC_COUNTER_PENDING), ==, N_ROWS);
  assert_counters_ok (fixture->store, cancel);

  g_clear_object (&cancel);
  g_clear_object (&delete);
  g_clear_object (&cancelled);
  g_clear_object (&deleted);
  reopen (fixture);
  reread = bc_store_lookup_batch (fixture->store, cancel_id);
  g_assert_cmpint (bc_batch_get_counter (reread, BC_COUNTER_PENDING), ==, 0);
  g_assert_cmpint (bc_batch_get_counter (reread, BC_COUNTER_CANCELLED), ==, N_ROWS);
  assert_counters_ok (fixture->store, reread);
  g_assert_null (bc_store_lookup_batch (fixture->store, delete_id));
  rows = raw_query (fixture->path, "SELECT count(*) FROM recipients");
  g_assert_cmpstr (rows, ==, G_STRINGIFY (N_ROWS));
}

/* A hidden batch with @n rows, as an import into it leaves it. */
static BcBatch *
add_hidden (BcStore *store,
            guint    n)
{
  static guint serial;
  g_autofree char *name = g_strdup_printf ("Import %u", serial++);
  g_autoptr(BcBatch) batch = bc_batch_new (name);
  g_autoptr(BcRecipientWriter) writer = NULL;
  g_autoptr(GError) error = NULL;

  bc_store_insert_batch (store, batch, TRUE, &error);
  g_assert_no_error (error);
  writer = bc_store_begin_recipients (store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+4479460%05u", i);
      BcRecipientData row = { .line = i + 2, .phone = phone, .override_agent_version = -1 };

      bc_recipient_writer_add (writer, &row, &error);
      g_assert_no_error (error);
    }
  bc_recipient_writer_finish (writer, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&batch);
}

static void
test_replace_same_as_sync (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BcBatch) sync = add_batch (fixture->store, "Sync", N_ROWS);
  g_autoptr(BcBatch) async = add_batch (fixture->store, "Async", N_ROWS);
  g_autoptr(BcBatch) sync_source = add_hidden (fixture->store, 777);
  g_autoptr(BcBatch) async_source = add_hidden (fixture->store, 777);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source_id = g_strdup (bc_batch_get_id (async_source));
  g_autofree char *sync_rows = NULL;
  g_autofree char *async_rows = NULL;
  g_autofree char *total = NULL;
  guint n_resets = 0;

  g_assert_true (bc_store_replace_recipients (fixture->store, sync, sync_source, &error));
  g_assert_no_error (error);

  g_signal_connect (fixture->store, "recipients-reset", G_CALLBACK (on_reset_cb), &n_resets);
  bc_store_replace_recipients_async (fixture->store, async, async_source, NULL, on_done_cb, &result);
  g_assert_true (bc_store_replace_recipients_finish (fixture->store, wait_for (&result), &error));
  g_assert_no_error (error);
  /* The Draft's, and the source's. */
  g_assert_cmpuint (n_resets, ==, 2);

  for (guint i = 0; i < BC_N_COUNTERS; i++)
    g_assert_cmpint (bc_batch_get_counter (async, i), ==, bc_batch_get_counter (sync, i));
  g_assert_cmpint (bc_batch_get_counter (async, BC_COUNTER_TOTAL), ==, 777);
  assert_counters_ok (fixture->store, async);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, bc_batch_get_id (async)), ==, 777);
  sync_rows = dump_states (fixture->path, sync);
  async_rows = dump_states (fixture->path, async);
  g_assert_cmpstr (async_rows, ==, sync_rows);

  /* The old rows went with the source. */
  g_assert_null (bc_store_lookup_batch (fixture->store, source_id));
  total = raw_query (fixture->path, "SELECT count(*) FROM recipients");
  g_assert_cmpstr (total, ==, "1554");
}

static void
test_replace_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BcBatch) planned = add_batch (fixture->store, "Planned", 5);
  g_autoptr(BcBatch) source = add_hidden (fixture->store, 3);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  walk_to (fixture->store, planned, BC_BATCH_STATE_PLANNED);
  bc_store_replace_recipients_async (fixture->store, planned, source, NULL, on_done_cb, &result);
  g_assert_false (bc_store_replace_recipients_finish (fixture->store, wait_for (&result), &error));
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_EDITABLE);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, bc_batch_get_id (planned)), ==, 5);
  assert_counters_ok (fixture->store, planned);
}

typedef struct
{
  gint64 last;
  gint64 max_gap;
} Ticks;

static gboolean
on_tick_cb (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();

  ticks->max_gap = MAX (ticks->max_gap, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

/* The point of it all: a 10 ms timeout keeps firing while 200,000 rows
 * are cancelled, then deleted. The bound is generous (a loaded CI
 * machine), the sync path blocks for hundreds of ms. */
static void
test_main_loop_responsive (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Big", 200000);
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GError) error = NULL;
  Ticks ticks = { 0, 0 };
  guint source;

  walk_to (fixture->store, batch, BC_BATCH_STATE_ONGOING);

  ticks.last = g_get_monotonic_time ();
  source = g_timeout_add (10, on_tick_cb, &ticks);
  bc_store_cancel_batch_async (fixture->store, batch, NULL, on_done_cb, &cancelled);
  g_assert_true (bc_store_cancel_batch_finish (fixture->store, wait_for (&cancelled), &error));
  g_assert_no_error (error);
  g_test_message ("cancel: longest main loop gap %" G_GINT64_FORMAT " ms", ticks.max_gap / 1000);
  g_assert_cmpint (ticks.max_gap, <, 100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_CANCELLED), ==, 200000);

  ticks.last = g_get_monotonic_time ();
  ticks.max_gap = 0;
  bc_store_delete_batch_async (fixture->store, batch, NULL, on_done_cb, &deleted);
  g_assert_true (bc_store_delete_batch_finish (fixture->store, wait_for (&deleted), &error));
  g_assert_no_error (error);
  g_test_message ("delete: longest main loop gap %" G_GINT64_FORMAT " ms", ticks.max_gap / 1000);
  g_assert_cmpint (ticks.max_gap, <, 100 * G_TIME_SPAN_MILLISECOND);

  {
    g_autoptr(BcBatch) draft = add_batch (fixture->store, "Draft", 200000);
    g_autoptr(BcBatch) source_batch = add_hidden (fixture->store, 200000);
    g_autoptr(GAsyncResult) replaced = NULL;

    ticks.last = g_get_monotonic_time ();
    ticks.max_gap = 0;
    bc_store_replace_recipients_async (fixture->store, draft, source_batch, NULL,
                                       on_done_cb, &replaced);
    g_assert_true (bc_store_replace_recipients_finish (fixture->store, wait_for (&replaced), &error));
    g_assert_no_error (error);
    g_test_message ("replace: longest main loop gap %" G_GINT64_FORMAT " ms", ticks.max_gap / 1000);
    g_assert_cmpint (ticks.max_gap, <, 100 * G_TIME_SPAN_MILLISECOND);
  }
  g_source_remove (source);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/BatchCalls/StoreBulk/cancel-same-as-sync", Fixture, NULL,
              fixture_set_up, test_cancel_same_as_sync, fixture_tear_down);
  g_test_add ("/BatchCalls/StoreBulk/delete-same-as-sync", Fixture, NULL,
              fixture_set_up, test_delete_same_as_sync, fixture_tear_down);
  g_test_add ("/BatchCalls/StoreBulk/replace-same-as-sync", Fixture, NULL,
              fixture_set_up, test_replace_same_as_sync, fixture_tear_down);
  g_test_add ("/BatchCalls/StoreBulk/replace-refused", Fixture, NULL,
              fixture_set_up, test_replace_refused, fixture_tear_down);
  g_test_add ("/BatchCalls/StoreBulk/errors", Fixture, NULL,
              fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/BatchCalls/StoreBulk/interrupted", Fixture, NULL,
              fixture_set_up, test_interrupted, fixture_tear_down);
  g_test_add ("/BatchCalls/StoreBulk/main-loop-responsive", Fixture, NULL,
              fixture_set_up, test_main_loop_responsive, fixture_tear_down);

  return g_test_run ();
}
