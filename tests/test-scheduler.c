/* test-scheduler.c: BcScheduler against the in-process sandbox, on a
 * manual clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-scheduler-common.h"

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  BcSandboxOptions options;

  bc_sandbox_options_init (&options);
  options.concurrency_limit = 0;
  options.mean_duration_s = 60;
  fixture_set_up_with (fixture, &options, BC_SANDBOX_DEFAULT_TOKEN);
  bc_sandbox_options_clear (&options);
}

typedef struct
{
  BcApiClient *client;
  GPtrArray   *calls;
  char        *cursor;
  gboolean     done;
} Listing;

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Listing *listing = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallPage) page = bc_api_client_list_calls_finish (BC_API_CLIENT (source), result, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < page->calls->len; i++)
    g_ptr_array_add (listing->calls, bc_call_info_copy (g_ptr_array_index (page->calls, i)));
  g_free (listing->cursor);
  listing->cursor = g_strdup (page->next_cursor);
  listing->done = TRUE;
}

static gboolean
listing_done (Fixture  *fixture,
              gpointer  data)
{
  return ((Listing *) data)->done;
}

/* Every call the sandbox holds, as the API reports them. */
static GPtrArray *
list_all_calls (Fixture *fixture)
{
  Listing listing = { 0 };

  listing.calls = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_call_info_free);
  do
    {
      BcListCallsQuery query = { 0 };

      query.limit = 100;
      query.cursor = listing.cursor;
      listing.done = FALSE;
      bc_api_client_list_calls_async (fixture->client, &query, NULL, on_listed_cb, &listing);
      wait_until (fixture, listing_done, &listing, "a page of calls");
    }
  while (listing.cursor != NULL);
  return listing.calls;
}

/* The batch's metrics, recomputed from the sandbox's own records. */
static void
assert_metrics_match_sandbox (Fixture *fixture,
                              BcBatch *batch)
{
  g_autoptr(GPtrArray) calls = list_all_calls (fixture);
  gint64 truth[BC_N_COUNTERS] = { 0 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < calls->len; i++)
    {
      const BcCallInfo *info = g_ptr_array_index (calls, i);
      gboolean successful = FALSE;
      BcCallOutcome outcome = bc_call_info_get_outcome (info, &successful);

      truth[BC_COUNTER_SENT]++;
      truth[BC_COUNTER_PICKED_UP] += outcome == BC_CALL_OUTCOME_PICKED_UP;
      truth[BC_COUNTER_SUCCESSFUL] += outcome == BC_CALL_OUTCOME_PICKED_UP && successful;
      truth[BC_COUNTER_NO_ANSWER] += outcome == BC_CALL_OUTCOME_NO_ANSWER;
      truth[BC_COUNTER_BUSY] += outcome == BC_CALL_OUTCOME_BUSY;
      truth[BC_COUNTER_VOICEMAIL] += outcome == BC_CALL_OUTCOME_VOICEMAIL;
      truth[BC_COUNTER_FAILED] += outcome == BC_CALL_OUTCOME_NOT_CONNECTED ||
                                  outcome == BC_CALL_OUTCOME_ERROR;
    }
  for (BcCounter c = BC_COUNTER_SENT; c <= BC_COUNTER_FAILED; c++)
    {
      g_test_message ("%s: batch %" G_GINT64_FORMAT ", sandbox %" G_GINT64_FORMAT,
                      bc_counter_to_string (c), counter (batch, c), truth[c]);
      g_assert_cmpint (counter (batch, c), ==, truth[c]);
    }
  g_assert_true (bc_store_check_counters (fixture->store, bc_batch_get_id (batch), &error));
  g_assert_no_error (error);
}

static void
test_slots_full (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Slots", 40, 5);
  guint steps = 0;

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  wait_idle (fixture);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 5);
  g_assert_cmpuint (bc_scheduler_get_in_flight (fixture->scheduler, batch), ==, 5);
  g_assert_cmpint (counter (batch, BC_COUNTER_IN_PROGRESS), ==, 5);
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 35);
  /* Something is in flight: the one timer is armed. */
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), <, G_MAXINT64);

  while (bc_batch_get_state (batch) == BC_BATCH_STATE_ONGOING)
    {
      advance (fixture, 1000, 1000);
      g_assert_cmpuint (bc_scheduler_get_in_flight (fixture->scheduler, batch), <=, 5);
      /* Slots are refilled as soon as a call's end is known. */
      if (counter (batch, BC_COUNTER_PENDING) > 0)
        g_assert_cmpuint (bc_scheduler_get_in_flight (fixture->scheduler, batch), ==, 5);
      g_assert_cmpuint (++steps, <, 24 * 3600);
    }

  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);
  g_assert_cmpuint (fixture->n_settled, ==, 1);
  assert_each_called_once (fixture, 40);
  g_assert_cmpint (counter (batch, BC_COUNTER_SENT), ==, 40);
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 0);
  g_assert_cmpint (counter (batch, BC_COUNTER_IN_PROGRESS), ==, 0);
  assert_metrics_match_sandbox (fixture, batch);
  /* Nothing left to do: no timer at all. */
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, G_MAXINT64);
  g_test_message ("status requests: %u for %u calls placed",
                  bc_scheduler_get_n_status_requests (fixture->scheduler),
                  bc_scheduler_get_n_calls_placed (fixture->scheduler));
  g_assert_cmpuint (bc_scheduler_get_n_calls_placed (fixture->scheduler), ==, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/BatchCalls/Scheduler/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("slots-full", test_slots_full);
#undef ADD

  return g_test_run ();
}
