/* test-handoff.c: "run on the platform" — a batch handed off through
 * retell's create-batch-call to the sandbox over real HTTP, followed by
 * batch_call_id, and never submitted twice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-scheduler-common.h"

#include <sqlite3.h>

#include "bc-store-handoff.h"

static void
fixture_set_up_retell (Fixture       *fixture,
                       gconstpointer  data)
{
  BcSandboxOptions options;

  bc_sandbox_options_init (&options);
  options.concurrency_limit = 0;
  options.mean_duration_s = 60;
  fixture->profile = BC_API_PROFILE_RETELL;
  fixture_set_up_with (fixture, &options, BC_SANDBOX_DEFAULT_TOKEN);
  bc_sandbox_options_clear (&options);
}

static BcHandoffState
handoff_state (Fixture  *fixture,
               BcBatch  *batch,
               char    **batch_call_id)
{
  g_autoptr(GError) error = NULL;
  BcHandoffState state;

  g_assert_true (bc_store_get_handoff (fixture->store, bc_batch_get_id (batch), &state,
                                       batch_call_id, NULL, &error));
  g_assert_no_error (error);
  return state;
}

static void
hand_off (Fixture *fixture,
          BcBatch *batch)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bc_scheduler_hand_off_batch (fixture->scheduler, batch, &error));
  g_assert_no_error (error);
  wait_idle (fixture);
}

/* Advances until @batch is Sent, at most @max_ms. */
static void
advance_until_sent (Fixture *fixture,
                    BcBatch *batch,
                    guint64  max_ms)
{
  for (guint64 done = 0; done < max_ms && bc_batch_get_state (batch) != BC_BATCH_STATE_SENT;
       done += 5000)
    advance (fixture, 5000, 5000);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);
}

/* Windows tomorrow 09:00–10:00 UTC, a planned start before that: the
 * platform places nothing until the window opens, then every call, two
 * at a time; the batch becomes Sent with the sandbox's metrics. */
static void
test_window (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "On the platform", 6, 2);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (bc_sandbox_now_ms (fixture->sandbox) / 1000);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) opens = g_date_time_new_utc (g_date_time_get_year (tomorrow),
                                                    g_date_time_get_month (tomorrow),
                                                    g_date_time_get_day_of_month (tomorrow), 9, 0, 0);
  g_autofree char *batch_call_id = NULL;
  gint64 until_open_ms;
  guint requests_before;

  bc_batch_set_windows (batch, "09:00-10:00");
  bc_batch_set_planned_at (batch, bc_clock_now_us (fixture->clock) + 600 * G_USEC_PER_SEC);
  g_assert_true (bc_store_update_batch (fixture->store, batch, NULL));

  hand_off (fixture, batch);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);
  g_assert_cmpint (handoff_state (fixture, batch, &batch_call_id), ==, BC_HANDOFF_SUBMITTED);
  g_assert_nonnull (batch_call_id);
  g_assert_cmpint (counter (batch, BC_COUNTER_IN_PROGRESS), ==, 6);

  /* Up to a minute before the window: nothing placed, and the follower
   * did not poll for calls that cannot exist yet. */
  requests_before = bc_scheduler_get_n_status_requests (fixture->scheduler);
  until_open_ms = g_date_time_to_unix (opens) * 1000 - bc_sandbox_now_ms (fixture->sandbox) - 60 * 1000;
  advance (fixture, until_open_ms, 10 * 60 * 1000);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
  g_assert_cmpuint (bc_scheduler_get_n_status_requests (fixture->scheduler), ==, requests_before);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);

  /* Half a second after it opens: two (the concurrency), as no call ends
   * within a second of its creation. */
  advance (fixture, 60 * 1000 + 500, 5000);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 2);

  advance_until_sent (fixture, batch, 2 * 3600 * 1000);
  assert_each_called_once (fixture, 6);
  assert_metrics_match_sandbox (fixture, batch);
  g_test_message ("status requests for 6 calls: %u",
                  bc_scheduler_get_n_status_requests (fixture->scheduler));
}

/* A restart (a new store connection and scheduler) follows the batches
 * it finds handed off: it never submits again, also when the answer of
 * the first submission was lost (SUBMITTING, no batch_call_id), where it
 * finds the calls by their tags and learns the id from them. */
static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BcBatch) first = make_batch (fixture, "Restarted", 5, 5);
  g_autoptr(BcBatch) first_lost = make_batch (fixture, "Answer lost", 4, 4);
  g_autofree char *batch_id = g_strdup (bc_batch_get_id (first));
  g_autofree char *lost_batch_id = g_strdup (bc_batch_get_id (first_lost));
  BcBatch *batch, *lost;
  g_autoptr(GError) error = NULL;
  g_autofree char *lost_id = NULL;
  g_autofree char *learnt_id = NULL;
  gint64 since;
  BcHandoffState state;

  hand_off (fixture, first);
  hand_off (fixture, first_lost);
  g_assert_cmpint (handoff_state (fixture, first_lost, &lost_id), ==, BC_HANDOFF_SUBMITTED);
  /* As if the process had died waiting for the second answer. */
  g_assert_true (bc_store_get_handoff (fixture->store, lost_batch_id, &state, NULL, &since, &error));
  g_assert_true (bc_store_set_handoff (fixture->store, lost_batch_id,
                                       BC_HANDOFF_SUBMITTING, NULL, since, &error));
  g_assert_no_error (error);
  g_clear_object (&first);
  g_clear_object (&first_lost);

  restart (fixture);
  batch = bc_store_lookup_batch (fixture->store, batch_id);
  lost = bc_store_lookup_batch (fixture->store, lost_batch_id);
  add_batch (fixture, batch);
  add_batch (fixture, lost);
  /* Handing off again is a no-op for a batch already on the platform. */
  g_assert_true (bc_scheduler_hand_off_batch (fixture->scheduler, batch, &error));
  g_assert_no_error (error);
  wait_idle (fixture);

  advance_until_sent (fixture, batch, 3600 * 1000);
  advance_until_sent (fixture, lost, 3600 * 1000);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *phone = phone_for (i);

      /* Both batches share the numbers of their first rows. */
      g_assert_cmpuint (bc_sandbox_get_created_count (fixture->sandbox, phone), ==, i < 4 ? 2 : 1);
    }
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 5 + 4);
  g_assert_cmpint (handoff_state (fixture, lost, &learnt_id), ==, BC_HANDOFF_SUBMITTED);
  g_assert_cmpstr (learnt_id, ==, lost_id);
  g_assert_cmpint (counter (batch, BC_COUNTER_SENT), ==, 5);
  g_assert_cmpint (counter (lost, BC_COUNTER_SENT), ==, 4);
  /* Well past the confirmation deadline: the lost answer was adopted, and
   * neither batch was submitted again. */
  g_assert_cmpuint (bc_sandbox_get_n_batches (fixture->sandbox), ==, 2);
  g_assert_cmpint (counter (lost, BC_COUNTER_NEEDS_REVIEW), ==, 0);
}

/* The process died after recording SUBMITTING, before the request left:
 * the platform has no batch. The restarted runner lists for its calls'
 * tags, finds none, and once the platform would long have placed them,
 * hands the recipients to a person (NEEDS_REVIEW, with the reason), never
 * submitting again; the batch then pauses for the review, as any. */
static void
test_never_received (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BcBatch) first = make_batch (fixture, "Never received", 3, 3);
  g_autofree char *batch_id = g_strdup (bc_batch_get_id (first));
  g_autoptr(GError) error = NULL;
  BcRecipientData data_row = { 0 };
  gint64 ids[3];
  guint n = 0, cursor = 0;
  gint64 now = bc_clock_now_us (fixture->clock);
  BcBatch *batch;

  /* What hand_off_batch() and submit() commit before the request. */
  g_assert_true (bc_store_set_handoff (fixture->store, batch_id, BC_HANDOFF_PREPARING, NULL, now, &error));
  set_state (fixture, first, BC_BATCH_STATE_ONGOING);
  while (bc_store_claim_recipient (fixture->store, batch_id, &cursor, now, NULL, &data_row, &error))
    ids[n++] = data_row.id;
  bc_recipient_data_clear (&data_row);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (bc_store_set_handoff (fixture->store, batch_id, BC_HANDOFF_SUBMITTING, NULL, now, &error));
  g_assert_no_error (error);
  g_clear_object (&first);

  restart (fixture);
  batch = bc_store_lookup_batch (fixture->store, batch_id);
  add_batch (fixture, batch);
  wait_idle (fixture);

  /* Within the grace period: still waiting, listed at a slow pace. */
  advance (fixture, 5 * 60 * 1000, 5000);
  g_assert_cmpint (handoff_state (fixture, batch, NULL), ==, BC_HANDOFF_SUBMITTING);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);
  g_assert_cmpint (counter (batch, BC_COUNTER_NEEDS_REVIEW), ==, 0);
  g_assert_cmpuint (bc_scheduler_get_n_status_requests (fixture->scheduler), <=, 10);

  advance (fixture, 6 * 60 * 1000, 5000);
  g_assert_cmpint (counter (batch, BC_COUNTER_NEEDS_REVIEW), ==, 3);
  g_assert_cmpint (counter (batch, BC_COUNTER_IN_PROGRESS), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BcRecipient) r = get_recipient (fixture, ids[i]);

      g_assert_cmpint (bc_recipient_get_state (r), ==, BC_RECIPIENT_STATE_NEEDS_REVIEW);
      g_assert_nonnull (strstr (bc_recipient_get_data (r)->error_message,
                                "The platform never confirmed this batch"));
    }
  /* Given up: no record, so a person may cancel it, and it settles as an
   * ordinary batch with rows to review. */
  g_assert_cmpint (handoff_state (fixture, batch, NULL), ==, BC_HANDOFF_NONE);
  g_assert_true (bc_store_check_stoppable (fixture->store, batch, NULL));
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_PAUSED);
  g_assert_nonnull (strstr (bc_batch_get_pause_reason (batch), "need review"));
  g_assert_true (bc_store_check_counters (fixture->store, batch_id, &error));
  g_assert_no_error (error);

  /* Nothing was submitted or dialled, then or later. */
  advance (fixture, 30 * 60 * 1000, 60 * 1000);
  g_assert_cmpuint (bc_sandbox_get_n_batches (fixture->sandbox), ==, 0);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
  g_assert_cmpint (counter (batch, BC_COUNTER_NEEDS_REVIEW), ==, 3);

  /* A crash after the rows moved but before the record went: the next
   * run finds nothing to confirm and drops the record. */
  g_assert_true (bc_store_set_handoff (fixture->store, batch_id, BC_HANDOFF_SUBMITTING, NULL, now, &error));
  g_assert_no_error (error);
  restart (fixture);
  batch = bc_store_lookup_batch (fixture->store, batch_id);
  add_batch (fixture, batch);
  wait_idle (fixture);
  g_assert_cmpint (handoff_state (fixture, batch, NULL), ==, BC_HANDOFF_NONE);
  g_assert_cmpint (counter (batch, BC_COUNTER_NEEDS_REVIEW), ==, 3);
  g_assert_cmpuint (bc_sandbox_get_n_batches (fixture->sandbox), ==, 0);
}

/* A record that cannot be read: the run does not start, rather than take
 * the platform's DISPATCHING rows for its own and release them. */
static void
test_unreadable_record (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Unreadable", 3, 3);
  g_autoptr(GError) error = NULL;
  BcRecipientData data_row = { 0 };
  guint n = 0, cursor = 0;
  gint64 now = bc_clock_now_us (fixture->clock);
  sqlite3 *raw = NULL;

  g_assert_true (bc_store_set_handoff (fixture->store, bc_batch_get_id (batch),
                                       BC_HANDOFF_PREPARING, NULL, now, &error));
  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  while (bc_store_claim_recipient (fixture->store, bc_batch_get_id (batch), &cursor, now, NULL,
                                   &data_row, &error))
    n++;
  bc_recipient_data_clear (&data_row);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (bc_store_set_handoff (fixture->store, bc_batch_get_id (batch),
                                       BC_HANDOFF_SUBMITTING, NULL, now, &error));

  /* Another connection takes the table away from under the store. */
  g_assert_cmpint (sqlite3_open (fixture->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "ALTER TABLE platform_handoffs RENAME TO elsewhere",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  g_assert_false (bc_scheduler_add_batch (fixture->scheduler, batch, &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  advance (fixture, 30 * 60 * 1000, 60 * 1000);
  g_assert_cmpint (counter (batch, BC_COUNTER_IN_PROGRESS) + counter (batch, BC_COUNTER_PENDING), ==, 3);
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 0);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
}

/* Only the retell profile can hand off; the batch is left as it was. */
static void
test_native_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Native", 2, 2);
  g_autoptr(GError) error = NULL;

  g_assert_false (bc_scheduler_hand_off_batch (fixture->scheduler, batch, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_DRAFT);
  g_assert_cmpint (handoff_state (fixture, batch, NULL), ==, BC_HANDOFF_NONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/BatchCalls/Handoff/window", Fixture, NULL,
              fixture_set_up_retell, test_window, fixture_tear_down);
  g_test_add ("/BatchCalls/Handoff/restart-never-resubmits", Fixture, NULL,
              fixture_set_up_retell, test_restart, fixture_tear_down);
  g_test_add ("/BatchCalls/Handoff/never-received", Fixture, NULL,
              fixture_set_up_retell, test_never_received, fixture_tear_down);
  g_test_add ("/BatchCalls/Handoff/unreadable-record", Fixture, NULL,
              fixture_set_up_retell, test_unreadable_record, fixture_tear_down);
  g_test_add ("/BatchCalls/Handoff/native-refused", Fixture, NULL,
              fixture_set_up, test_native_refused, fixture_tear_down);

  return g_test_run ();
}
