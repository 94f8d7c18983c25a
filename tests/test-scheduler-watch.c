/* test-scheduler-watch.c: a runner notices pauses and cancels committed by
 * another process while its batch waits for the window
 *
 * A second BcStore on the same file stands in for the other process (its
 * own SQLite connection, as a second batch-calls-cli would have). The
 * scheduler's window is on the manual clock; the file monitor and the
 * bound on how soon the change is seen are on real time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-scheduler-common.h"

#include "bc-manual-clock.h"
#include "bc-store-watch.h"

/* How soon a change made elsewhere must reach the runner. */
#define BOUND_US (2 * G_USEC_PER_SEC)

/* A 3-recipient batch, Ongoing, open every day but today: the runner
 * waits for midnight with one timer. Returns that midnight. */
static BcBatch *
make_waiting_batch (Fixture *fixture,
                    gint64  *midnight)
{
  gint64 now = bc_clock_now_us (fixture->clock);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) today = g_date_time_new_utc (g_date_time_get_year (dt),
                                                    g_date_time_get_month (dt),
                                                    g_date_time_get_day_of_month (dt), 0, 0, 0);
  g_autoptr(BcBatch) batch = make_batch (fixture, "Tomorrow", 3, 2);

  *midnight = (g_date_time_to_unix (today) + 86400) * G_USEC_PER_SEC;
  bc_batch_set_weekdays (batch, BC_WEEKDAYS_ALL & ~(1 << (g_date_time_get_day_of_week (dt) - 1)));
  g_assert_true (bc_store_update_batch (fixture->store, batch, NULL));
  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  return g_steal_pointer (&batch);
}

typedef struct
{
  BcBatch      *batch;
  BcBatchState  state;
} StateWait;

static gboolean
has_state (Fixture  *fixture,
           gpointer  data)
{
  StateWait *wait = data;

  return bc_batch_get_state (wait->batch) == wait->state && fixture->n_settled > 0;
}

/* Starts the runner on a waiting batch, changes its state through another
 * connection, and checks the runner rests in that state within the bound,
 * with no timer left. */
static BcBatch *
change_elsewhere (Fixture      *fixture,
                  BcBatchState  state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcStore) other = NULL;
  BcBatch *theirs;
  gint64 midnight, start, elapsed;
  BcBatch *batch = make_waiting_batch (fixture, &midnight);
  StateWait wait = { batch, state };

  add_batch (fixture, batch);
  wait_idle (fixture);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, midnight);
  g_assert_true (bc_scheduler_is_watching_store (fixture->scheduler));

  other = bc_store_open (fixture->path, &error);
  g_assert_no_error (error);
  theirs = bc_store_lookup_batch (other, bc_batch_get_id (batch));
  g_assert_nonnull (theirs);
  start = g_get_monotonic_time ();
  g_assert_true (bc_store_set_batch_state (other, theirs, state, &error));
  g_assert_no_error (error);

  /* The manual clock stands still: only the watch can bring the news. */
  wait_until (fixture, has_state, &wait, "the change made elsewhere");
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("seen after %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, <=, BOUND_US);
  g_assert_cmpuint (fixture->n_settled, ==, 1);
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, G_MAXINT64);
  g_assert_cmpuint (bc_manual_clock_get_n_pending (BC_MANUAL_CLOCK (fixture->clock)), ==, 0);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
  return batch;
}

static void
test_pause_elsewhere (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BcBatch) batch = change_elsewhere (fixture, BC_BATCH_STATE_PAUSED);

  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 3);
  /* Past the window's opening, a paused batch still places nothing. */
  advance (fixture, 2 * 86400 * 1000, 3600 * 1000);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
}

static void
test_cancel_elsewhere (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BcBatch) batch = change_elsewhere (fixture, BC_BATCH_STATE_CANCELLED);

  /* The counters came with the state: the other process cancelled the rows. */
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 0);
  g_assert_cmpint (counter (batch, BC_COUNTER_CANCELLED), ==, 3);
}

/* The watch exists only while the scheduler drives a batch. */
static void
test_no_batch_no_watch (Fixture       *fixture,
                        gconstpointer  data)
{
  gint64 midnight;
  g_autoptr(BcBatch) batch = NULL;

  g_assert_false (bc_scheduler_is_watching_store (fixture->scheduler));
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, G_MAXINT64);

  batch = make_waiting_batch (fixture, &midnight);
  add_batch (fixture, batch);
  wait_idle (fixture);
  g_assert_true (bc_scheduler_is_watching_store (fixture->scheduler));

  bc_scheduler_remove_batch (fixture->scheduler, batch);
  wait_idle (fixture);
  g_assert_false (bc_scheduler_is_watching_store (fixture->scheduler));
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, G_MAXINT64);
  g_assert_cmpuint (bc_manual_clock_get_n_pending (BC_MANUAL_CLOCK (fixture->clock)), ==, 0);

  add_batch (fixture, batch);
  g_assert_true (bc_scheduler_is_watching_store (fixture->scheduler));
  bc_scheduler_stop (fixture->scheduler);
  g_assert_false (bc_scheduler_is_watching_store (fixture->scheduler));
}

static void
on_changed_cb (BcStoreWatch *watch,
               guint        *n_changed)
{
  (*n_changed)++;
}

static gboolean
on_quiet_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms of real time. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_quiet_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
changed_once (Fixture  *fixture,
              gpointer  data)
{
  return *(guint *) data > 0;
}

/* The store's own commits are not news; another connection's are, once
 * per burst. */
static void
test_own_writes_ignored (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcBatch) batch = make_batch (fixture, "Mine", 3, 2);
  g_autoptr(BcStoreWatch) watch = bc_store_watch_new (fixture->store, &error);
  g_autoptr(BcStore) other = NULL;
  BcBatch *theirs;
  guint n_changed = 0;

  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed_cb), &n_changed);
  for (guint i = 0; i < 20; i++)
    {
      bc_batch_set_concurrency (batch, i + 1);
      g_assert_true (bc_store_update_batch (fixture->store, batch, &error));
      g_assert_no_error (error);
    }
  spin (3 * BC_STORE_WATCH_DELAY_MS);
  g_assert_cmpuint (n_changed, ==, 0);

  other = bc_store_open (fixture->path, &error);
  g_assert_no_error (error);
  theirs = bc_store_lookup_batch (other, bc_batch_get_id (batch));
  for (guint i = 0; i < 5; i++)
    {
      bc_batch_set_concurrency (theirs, 40 + i);
      g_assert_true (bc_store_update_batch (other, theirs, &error));
      g_assert_no_error (error);
    }
  wait_until (fixture, changed_once, &n_changed, "the other connection's commits");
  spin (3 * BC_STORE_WATCH_DELAY_MS);
  g_assert_cmpuint (n_changed, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/BatchCalls/SchedulerWatch/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("pause-elsewhere", test_pause_elsewhere);
  ADD ("cancel-elsewhere", test_cancel_elsewhere);
  ADD ("no-batch-no-watch", test_no_batch_no_watch);
  ADD ("own-writes-ignored", test_own_writes_ignored);
#undef ADD

  return g_test_run ();
}
