/* test-scheduler-cancel.c: cancelling a running batch with its rows done
 * on a worker (bc_store_cancel_batch_async()) while the scheduler keeps
 * going, against the in-process sandbox over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-scheduler-common.h"

/* Three chunks of the worker: long enough for the scheduler to have many
 * turns while it runs. */
#define N_ROWS 30000

/* The batch is committed CANCELLED before any row is, so no PENDING
 * recipient is claimed while the worker runs, however busy the scheduler
 * is: no call is placed after the cancel, none for a cancelled row. */
static void
test_cancel_while_running (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Big", N_ROWS, 20);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint created;
  guint n_cancelled = 0;

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  wait_idle (fixture);
  /* Some calls over, their slots refilled. */
  advance (fixture, 120 * 1000, 5000);
  created = bc_sandbox_get_created_total (fixture->sandbox);
  g_assert_cmpuint (created, >, 20);

  bc_store_cancel_batch_async (fixture->store, batch, NULL, on_async_result_cb, &result);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_CANCELLED);
  /* Calls end and free slots while the rows are being cancelled. */
  while (result == NULL)
    advance (fixture, 5000, 5000);
  g_assert_true (bc_store_cancel_batch_finish (fixture->store, result, &error));
  g_assert_no_error (error);
  advance (fixture, 600 * 1000, 5000);

  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, created);
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 0);
  g_assert_true (bc_store_check_counters (fixture->store, bc_batch_get_id (batch), &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
      const BcRecipientData *row;

      g_assert_true (bc_store_read_recipients (fixture->store, bc_batch_get_id (batch),
                                               i, 1, rows, &error));
      row = bc_recipient_get_data (g_ptr_array_index (rows, 0));
      if (row->state == BC_RECIPIENT_STATE_CANCELLED)
        {
          g_assert_cmpuint (bc_sandbox_get_created_count (fixture->sandbox, row->phone), ==, 0);
          n_cancelled++;
        }
    }
  g_assert_cmpuint (n_cancelled, ==, N_ROWS - created);
  g_assert_cmpint (counter (batch, BC_COUNTER_CANCELLED), ==, n_cancelled);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/BatchCalls/Scheduler/cancel-while-running", Fixture, NULL,
              fixture_set_up, test_cancel_while_running, fixture_tear_down);

  return g_test_run ();
}
