/* test-scheduler-errors.c: BcScheduler when the API says no — 401, 402,
 * 429, faults, a refused number, an unbound From Number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-scheduler-common.h"

static void
test_token_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Refused", 2, 2);
  gint64 now = bc_clock_now_us (fixture->clock);
  guint cursor = 0;
  gint64 unsure_id;

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  unsure_id = crash_after_claim (fixture, batch, &cursor, now - 60 * G_USEC_PER_SEC, FALSE, NULL);
  add_batch (fixture, batch);
  wait_idle (fixture);

  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_PAUSED);
  g_assert_nonnull (strstr (bc_batch_get_pause_reason (batch), "token was refused"));
  {
    g_autoptr(BcRecipient) unsure = get_recipient (fixture, unsure_id);

    /* Listing impossible: never dialled again without a person. */
    g_assert_cmpint (bc_recipient_get_state (unsure), ==, BC_RECIPIENT_STATE_NEEDS_REVIEW);
    g_assert_nonnull (strstr (bc_recipient_get_data (unsure)->error_message,
                              "Could not check whether the call was placed"));
  }
  g_assert_cmpint (counter (batch, BC_COUNTER_NEEDS_REVIEW), ==, 1);
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 1);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
  g_assert_cmpuint (fixture->n_settled, ==, 1);
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, G_MAXINT64);
}

static void
test_payment (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Unpaid", 3, 1);
  g_autoptr(GError) error = NULL;

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  wait_idle (fixture);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_PAUSED);
  g_assert_nonnull (strstr (bc_batch_get_pause_reason (batch), "payment"));
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 3);
  g_assert_cmpint (counter (batch, BC_COUNTER_FAILED), ==, 0);
  g_assert_true (bc_store_check_counters (fixture->store, bc_batch_get_id (batch), &error));
  g_assert_no_error (error);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Limited", 15, 6);
  guint steps = 0;

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  wait_idle (fixture);
  /* Some of the first six were refused with 429: only three hold calls. */
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 3);
  while (bc_batch_get_state (batch) == BC_BATCH_STATE_ONGOING)
    {
      advance (fixture, 1000, 1000);
      g_assert_cmpuint (bc_scheduler_get_in_flight (fixture->scheduler, batch), <=, 3);
      g_assert_cmpuint (++steps, <, 24 * 3600);
    }
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);
  assert_each_called_once (fixture, 15);
  assert_metrics_match_sandbox (fixture, batch);
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Faulty", 40, 5);
  guint review = 0, called = 0;

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  run_to_rest (fixture, batch);

  /* Exactly one call per recipient, or a recipient left for review. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *phone = phone_for (i);
      guint n = bc_sandbox_get_created_count (fixture->sandbox, phone);

      g_assert_cmpuint (n, <=, 1);
      called += n;
    }
  review = (guint) counter (batch, BC_COUNTER_NEEDS_REVIEW);
  g_test_message ("faults: %u called once, %u for review, state %s", called, review,
                  bc_batch_state_to_string (bc_batch_get_state (batch)));
  g_assert_cmpuint (called + review, ==, 40);
  g_assert_cmpint (counter (batch, BC_COUNTER_SENT), ==, called);
  g_assert_cmpint (bc_batch_get_state (batch), ==,
                   review > 0 ? BC_BATCH_STATE_PAUSED : BC_BATCH_STATE_SENT);
}

static void
test_invalid_number (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Invalid", 2, 2);
  g_autoptr(BcRecipientWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  BcRecipientData row = { 0 };
  BcRecipient *bad;

  /* A row the importer would have refused, as if edited in the database. */
  writer = bc_store_begin_recipients (fixture->store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  row.phone = (char *) "0800 CALL ME";
  row.override_agent_version = -1;
  g_assert_true (bc_recipient_writer_add (writer, &row, &error));
  g_assert_true (bc_recipient_writer_finish (writer, &error));
  g_assert_no_error (error);

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  run_to_rest (fixture, batch);

  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);
  g_assert_true (bc_store_read_recipients (fixture->store, bc_batch_get_id (batch), 2, 1, rows, &error));
  bad = g_ptr_array_index (rows, 0);
  g_assert_cmpint (bc_recipient_get_state (bad), ==, BC_RECIPIENT_STATE_FAILED);
  g_test_message ("refused with: %s", bc_recipient_get_data (bad)->error_message);
  g_assert_nonnull (bc_recipient_get_data (bad)->error_message);
  g_assert_cmpint (counter (batch, BC_COUNTER_FAILED), >=, 1);
  g_assert_cmpint (counter (batch, BC_COUNTER_SENT), ==, 2);
  assert_each_called_once (fixture, 2);
}

static void
test_number_agent (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BcBatch) bound = make_batch (fixture, "Bound", 2, 2);
  g_autoptr(BcBatch) unbound = make_batch (fixture, "Unbound", 2, 2);

  /* No agent of their own: the number's outbound agents are used. */
  bc_batch_set_agent_id (bound, NULL);
  bc_batch_set_agent_id (unbound, NULL);
  bc_batch_set_from_number (unbound, "+14155550102");
  set_state (fixture, bound, BC_BATCH_STATE_ONGOING);
  set_state (fixture, unbound, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, bound);
  add_batch (fixture, unbound);
  wait_idle (fixture);

  g_assert_cmpint (bc_batch_get_state (bound), ==, BC_BATCH_STATE_ONGOING);
  g_assert_cmpint (counter (bound, BC_COUNTER_IN_PROGRESS), ==, 2);
  g_assert_cmpint (bc_batch_get_state (unbound), ==, BC_BATCH_STATE_PAUSED);
  g_assert_cmpstr (bc_batch_get_pause_reason (unbound), ==,
                   "The From Number +14155550102 is not bound to an agent in this account");
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 2);
}

/* The From Numbers could not be listed (every answer a 500): the batch
 * pauses with why. Resumed once the API answers again, it lists them
 * afresh rather than pausing again on the old error. */
static void
test_numbers_error_resume (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Numbers", 2, 2);
  g_autoptr(GError) error = NULL;

  bc_batch_set_agent_id (batch, NULL);
  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  bc_sandbox_set_faults (fixture->sandbox, 0, 1.0, 0, 0, 0);
  add_batch (fixture, batch);
  wait_idle (fixture);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_PAUSED);
  g_assert_nonnull (strstr (bc_batch_get_pause_reason (batch), "could not be listed"));
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);

  bc_sandbox_set_faults (fixture->sandbox, 0, 0, 0, 0, 0);
  g_assert_true (bc_scheduler_resume_batch (fixture->scheduler, batch, &error));
  g_assert_no_error (error);
  wait_idle (fixture);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);
  g_assert_cmpint (counter (batch, BC_COUNTER_IN_PROGRESS), ==, 2);
  assert_each_called_once (fixture, 2);
}

typedef struct
{
  guint n_done;
} Noise;

static void
on_noise_placed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Noise *noise = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = bc_api_client_initiate_call_finish (BC_API_CLIENT (source), result, &error);

  g_assert_no_error (error);
  noise->n_done++;
}

static gboolean
noise_done (Fixture  *fixture,
            gpointer  data)
{
  return ((Noise *) data)->n_done == 350;
}

/* Calls of the account that are not ours fill the listings' first pages:
 * ours must still be followed to their end (on their own). */
static void
test_foreign_calls (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Crowded", 5, 5);
  Noise noise = { 0 };
  gint64 start;

  for (guint i = 0; i < 350; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+1415777%04u", i);
      BcRecipientData row = { 0 };
      BcCallRequest request = { 0 };

      row.id = 1000000 + i;
      row.phone = phone;
      row.override_agent_version = -1;
      request.recipient = &row;
      request.batch_id = "someone-else";
      request.attempt = 1;
      request.from_number = FROM_NUMBER;
      request.agent_id = AGENT_ID;
      request.agent_version = -1;
      bc_api_client_initiate_call_async (fixture->client, &request, NULL, on_noise_placed_cb, &noise);
    }
  wait_until (fixture, noise_done, &noise, "the other calls");

  start = bc_clock_now_us (fixture->clock);
  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  run_to_rest (fixture, batch);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 355);
  /* Seen to their end in minutes, not given up on after hours. */
  g_assert_cmpint (bc_clock_now_us (fixture->clock) - start, <, (gint64) 15 * 60 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func) \
  g_test_add ("/BatchCalls/Scheduler/" path, Fixture, NULL, setup, func, fixture_tear_down)
  ADD ("token-refused", fixture_set_up_bad_token, test_token_refused);
  ADD ("payment-required", fixture_set_up_payment, test_payment);
  ADD ("rate-limited", fixture_set_up_limited, test_rate_limited);
  ADD ("faults", fixture_set_up_faults, test_faults);
  ADD ("invalid-number", fixture_set_up, test_invalid_number);
  ADD ("number-agent", fixture_set_up, test_number_agent);
  ADD ("numbers-error-resume", fixture_set_up, test_numbers_error_resume);
  ADD ("foreign-calls", fixture_set_up_frozen, test_foreign_calls);
#undef ADD

  return g_test_run ();
}
