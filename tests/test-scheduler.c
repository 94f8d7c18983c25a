/* test-scheduler.c: BcScheduler against the in-process sandbox, on a
 * manual clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-scheduler-common.h"

#include "bc-schedule.h"

#include <unistd.h>

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

  /* The charts' time series: every call started and ended in some minute. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) events = bc_store_read_events (fixture->store, bc_batch_get_id (batch), 0, &error);
    gint64 started = 0, ended = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (events->len % 3, ==, 0);
    g_assert_cmpuint (events->len, >=, 3 * 2);
    for (guint i = 0; i < events->len; i += 3)
      {
        started += g_array_index (events, gint64, i + 1);
        ended += g_array_index (events, gint64, i + 2);
      }
    g_assert_cmpint (started, ==, 40);
    g_assert_cmpint (ended, ==, 40);
  }
}


/* Builds a new store and scheduler on the same files, as after a restart. */
static void
test_pause_resume_cancel (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Pausing", 20, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (bc_batch_get_id (batch));
  guint created;

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  wait_idle (fixture);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 4);

  g_assert_true (bc_scheduler_pause_batch (fixture->scheduler, batch, "Lunch break", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_PAUSED);
  /* The calls in flight end and are followed; nothing new is placed. */
  advance (fixture, 10 * 60 * 1000, 1000);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 4);
  g_assert_cmpint (counter (batch, BC_COUNTER_IN_PROGRESS), ==, 0);
  g_assert_cmpint (counter (batch, BC_COUNTER_SENT), ==, 4);
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 16);
  g_assert_cmpuint (fixture->n_settled, ==, 1);
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, G_MAXINT64);

  /* Paused survives a restart, with its reason. */
  g_clear_object (&batch);
  restart (fixture);
  batch = g_object_ref (bc_store_lookup_batch (fixture->store, id));
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_PAUSED);
  g_assert_cmpstr (bc_batch_get_pause_reason (batch), ==, "Lunch break");
  add_batch (fixture, batch);
  wait_idle (fixture);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 4);

  g_assert_true (bc_scheduler_resume_batch (fixture->scheduler, batch, &error));
  g_assert_no_error (error);
  wait_idle (fixture);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 8);
  g_assert_null (bc_batch_get_pause_reason (batch));

  g_assert_true (bc_scheduler_cancel_batch (fixture->scheduler, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counter (batch, BC_COUNTER_CANCELLED), ==, 12);
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, 0);
  advance (fixture, 10 * 60 * 1000, 1000);
  created = bc_sandbox_get_created_total (fixture->sandbox);
  g_assert_cmpuint (created, ==, 8);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_CANCELLED);
  g_assert_cmpint (counter (batch, BC_COUNTER_IN_PROGRESS), ==, 0);
  g_assert_cmpint (counter (batch, BC_COUNTER_SENT), ==, 8);
  g_assert_true (bc_store_check_counters (fixture->store, id, &error));
  g_assert_no_error (error);
}

static void
test_reconcile (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Crashed", 4, 4);
  g_autofree char *adopted_call = NULL;
  gint64 now = bc_clock_now_us (fixture->clock);
  gint64 placed_id, absent_id, young_id;
  guint cursor = 0;

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  placed_id = crash_after_claim (fixture, batch, &cursor, now - 60 * G_USEC_PER_SEC, TRUE, &adopted_call);
  absent_id = crash_after_claim (fixture, batch, &cursor, now - 60 * G_USEC_PER_SEC, FALSE, NULL);
  young_id = crash_after_claim (fixture, batch, &cursor, now - G_USEC_PER_SEC, FALSE, NULL);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 1);

  add_batch (fixture, batch);
  wait_idle (fixture);
  {
    g_autoptr(BcRecipient) placed = get_recipient (fixture, placed_id);
    g_autoptr(BcRecipient) absent = get_recipient (fixture, absent_id);
    g_autoptr(BcRecipient) young = get_recipient (fixture, young_id);

    /* Found: adopted, not dialled again. */
    g_assert_cmpint (bc_recipient_get_state (placed), ==, BC_RECIPIENT_STATE_IN_PROGRESS);
    g_assert_cmpstr (bc_recipient_get_last_call_id (placed), ==, adopted_call);
    g_assert_cmpuint (bc_recipient_get_attempts (placed), ==, 1);
    /* Surely absent: pending again, and dialled as attempt 2. */
    g_assert_cmpint (bc_recipient_get_state (absent), ==, BC_RECIPIENT_STATE_IN_PROGRESS);
    g_assert_cmpuint (bc_recipient_get_attempts (absent), ==, 2);
    /* Too young to tell: still DISPATCHING, holding its slot. */
    g_assert_cmpint (bc_recipient_get_state (young), ==, BC_RECIPIENT_STATE_DISPATCHING);
  }
  g_assert_cmpuint (bc_scheduler_get_in_flight (fixture->scheduler, batch), ==, 4);

  advance (fixture, 20 * 1000, 1000);
  {
    g_autoptr(BcRecipient) young = get_recipient (fixture, young_id);

    g_assert_cmpuint (bc_recipient_get_attempts (young), ==, 2);
    g_assert_cmpint (bc_recipient_get_state (young), !=, BC_RECIPIENT_STATE_DISPATCHING);
  }
  while (bc_batch_get_state (batch) == BC_BATCH_STATE_ONGOING)
    advance (fixture, 5000, 1000);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);
  assert_each_called_once (fixture, 4);
  assert_metrics_match_sandbox (fixture, batch);
}

static void
test_lock (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Locked", 2, 1);
  g_autoptr(BcScheduler) other = bc_scheduler_new (fixture->store, fixture->client, fixture->clock);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("test-scheduler (process %d)", (int) getpid ());

  bc_scheduler_set_holder_name (other, "other");
  add_batch (fixture, batch);
  g_assert_false (bc_scheduler_add_batch (other, batch, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, expected));
  g_clear_error (&error);

  bc_scheduler_remove_batch (fixture->scheduler, batch);
  g_assert_true (bc_scheduler_add_batch (other, batch, &error));
  g_assert_no_error (error);
  bc_scheduler_stop (other);
}

static void
test_planned (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BcBatch) later = make_batch (fixture, "Later", 3, 2);
  g_autoptr(BcBatch) missed = make_batch (fixture, "Missed", 3, 1);
  gint64 now = bc_clock_now_us (fixture->clock);
  gint64 at = now + (gint64) 3600 * G_USEC_PER_SEC;

  /* With no batch there is no timer at all. */
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, G_MAXINT64);

  bc_batch_set_planned_at (later, at);
  bc_batch_set_planned_at (missed, now - (gint64) 7200 * G_USEC_PER_SEC);
  set_state (fixture, later, BC_BATCH_STATE_PLANNED);
  set_state (fixture, missed, BC_BATCH_STATE_PLANNED);

  add_batch (fixture, later);
  wait_idle (fixture);
  g_assert_cmpint (bc_batch_get_state (later), ==, BC_BATCH_STATE_PLANNED);
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, at);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);

  /* Its time passed while the app was closed: it starts at once. */
  add_batch (fixture, missed);
  wait_idle (fixture);
  g_assert_cmpint (bc_batch_get_state (missed), ==, BC_BATCH_STATE_ONGOING);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 1);

  /* In steps shorter than the client's request timeout, which runs on
   * the same manual clock. */
  advance (fixture, 3600 * 1000 - 1, 5000);
  g_assert_cmpint (bc_batch_get_state (later), ==, BC_BATCH_STATE_PLANNED);
  advance (fixture, 1, 1);
  g_assert_cmpint (bc_batch_get_state (later), ==, BC_BATCH_STATE_ONGOING);
  g_assert_cmpuint (bc_scheduler_get_in_flight (fixture->scheduler, later), ==, 2);
}

static void
test_window (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Tomorrow", 3, 2);
  g_autoptr(BcScheduler) other = NULL;
  gint64 now = bc_clock_now_us (fixture->clock);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) today = g_date_time_new_utc (g_date_time_get_year (dt),
                                                    g_date_time_get_month (dt),
                                                    g_date_time_get_day_of_month (dt), 0, 0, 0);
  gint64 midnight = (g_date_time_to_unix (today) + 86400) * G_USEC_PER_SEC;
  int weekday = g_date_time_get_day_of_week (dt);

  /* Every day but today. */
  g_assert_true (bc_store_delete_batch (fixture->store, batch, NULL));
  g_clear_object (&batch);
  batch = make_batch (fixture, "Tomorrow", 3, 2);
  bc_batch_set_weekdays (batch, BC_WEEKDAYS_ALL & ~(1 << (weekday - 1)));
  g_assert_true (bc_store_update_batch (fixture->store, batch, NULL));
  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);

  add_batch (fixture, batch);
  wait_idle (fixture);
  /* Closed: nothing placed, one timer for the opening. */
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, midnight);

  advance (fixture, (midnight - now) / 1000 - 1, 3600 * 1000);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
  /* µs of "now" below the ms: the timer's delay was rounded up. */
  advance (fixture, 2, 1);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 2);
}

static void
test_retries_respect_window (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Retries", 6, 6);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 now = bc_clock_now_us (fixture->clock);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) today = g_date_time_new_utc (g_date_time_get_year (dt),
                                                    g_date_time_get_month (dt),
                                                    g_date_time_get_day_of_month (dt), 0, 0, 0);
  gint64 tomorrow = (g_date_time_to_unix (today) + 86400) * G_USEC_PER_SEC;
  gint64 reopens = tomorrow + (gint64) 86400 * G_USEC_PER_SEC;
  int tomorrow_weekday = g_date_time_get_day_of_week (dt) % 7 + 1;
  /* Due at noon tomorrow, a day the batch does not call on. */
  gint64 delay_s = (tomorrow - now) / G_USEC_PER_SEC + 12 * 3600;
  g_autofree char *policy = g_strdup_printf ("no_answer:2:%" G_GINT64_FORMAT ",busy:2:%" G_GINT64_FORMAT
                                             ",failed:2:%" G_GINT64_FORMAT, delay_s, delay_s, delay_s);
  guint retryable = 0;

  bc_batch_set_weekdays (batch, BC_WEEKDAYS_ALL & ~(1 << (tomorrow_weekday - 1)));
  bc_batch_set_retry_policy (batch, policy);
  g_assert_true (bc_store_update_batch (fixture->store, batch, &error));
  g_assert_no_error (error);
  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  wait_idle (fixture);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 6);

  /* Nobody picks up; every first attempt ends within a minute. */
  advance (fixture, 90 * 1000, 1000);
  g_assert_cmpint (counter (batch, BC_COUNTER_IN_PROGRESS), ==, 0);
  g_assert_true (bc_store_read_recipients (fixture->store, bc_batch_get_id (batch), 0, 6, rows, &error));
  for (guint i = 0; i < rows->len; i++)
    {
      BcRecipient *r = g_ptr_array_index (rows, i);

      if (bc_recipient_get_state (r) == BC_RECIPIENT_STATE_PENDING)
        retryable++;
      else
        /* A number that does not exist is final at once. */
        g_assert_cmpstr (bc_recipient_get_data (r)->disconnection_reason, ==, "invalid_destination");
    }
  g_test_message ("%u of 6 wait for a retry", retryable);
  g_assert_cmpuint (retryable, >, 0);
  g_assert_cmpint (counter (batch, BC_COUNTER_PENDING), ==, retryable);
  g_assert_cmpint (counter (batch, BC_COUNTER_SENT), ==, 6);
  /* The one timer waits for the retry… */
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), >=, tomorrow + (gint64) 12 * 3600 * G_USEC_PER_SEC);

  /* …which falls on a closed day: nothing until the window reopens. */
  advance (fixture, (reopens - bc_clock_now_us (fixture->clock)) / 1000 - 1000, 3600 * 1000);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 6);
  g_assert_cmpint (bc_scheduler_get_next_wakeup (fixture->scheduler), ==, reopens);
  advance (fixture, 2000, 1000);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 6 + retryable);

  run_to_rest (fixture, batch);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);
  /* Two attempts at most, as the policy says. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *phone = phone_for (i);

      g_assert_cmpuint (bc_sandbox_get_created_count (fixture->sandbox, phone), <=, 2);
    }
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 6 + retryable);
  g_assert_true (bc_store_check_counters (fixture->store, bc_batch_get_id (batch), &error));
  g_assert_no_error (error);
}

static const char * const zones[] = {
  "Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Sydney", "", "Mars/Olympus",
};

typedef struct
{
  Fixture    *fixture;
  BcSchedule *schedule;
  guint       n_checked;
} LocalCheck;

/* Every dispatch happens inside the window of the recipient's own zone. */
static void
on_recipient_changed_cb (BcStore     *store,
                         BcRecipient *recipient,
                         LocalCheck  *check)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  const char *zone = NULL;

  if (bc_recipient_get_state (recipient) != BC_RECIPIENT_STATE_DISPATCHING)
    return;
  node = json_from_string (bc_recipient_get_variables (recipient), NULL);
  if (json_object_has_member (json_node_get_object (node), "timezone"))
    zone = json_object_get_string_member (json_node_get_object (node), "timezone");
  if (zone != NULL && *zone != '\0' && !g_str_equal (zone, "Mars/Olympus"))
    tz = g_time_zone_new_identifier (zone);
  g_assert_true (bc_schedule_is_open (check->schedule, bc_clock_now_us (check->fixture->clock), tz));
  check->n_checked++;
}

static void
test_recipient_local_time (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BcBatch) batch = bc_batch_new ("Local");
  g_autoptr(BcRecipientWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  LocalCheck check = { fixture, NULL, 0 };
  gint64 now = bc_clock_now_us (fixture->clock);
  guint open_now = 0;
  gulong handler;

  bc_batch_set_from_number (batch, FROM_NUMBER);
  bc_batch_set_agent_id (batch, AGENT_ID);
  bc_batch_set_windows (batch, "09:00-17:00");
  bc_batch_set_timezone (batch, "UTC");
  bc_batch_set_recipient_local_time (batch, TRUE);
  bc_batch_set_concurrency (batch, 20);
  g_assert_true (bc_store_insert_batch (fixture->store, batch, FALSE, &error));
  writer = bc_store_begin_recipients (fixture->store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  check.schedule = bc_schedule_new_for_batch (batch, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 12; i++)
    {
      const char *zone = zones[i % G_N_ELEMENTS (zones)];
      g_autofree char *phone = phone_for (i);
      g_autofree char *variables = *zone != '\0'
                                   ? g_strdup_printf ("{\"timezone\":\"%s\"}", zone) : g_strdup ("{}");
      g_autoptr(GTimeZone) tz = NULL;
      BcRecipientData row = { 0 };

      row.phone = phone;
      row.override_agent_version = -1;
      row.variables = variables;
      g_assert_true (bc_recipient_writer_add (writer, &row, &error));
      if (*zone != '\0' && !g_str_equal (zone, "Mars/Olympus"))
        tz = g_time_zone_new_identifier (zone);
      open_now += bc_schedule_is_open (check.schedule, now, tz);
    }
  g_assert_true (bc_recipient_writer_finish (writer, &error));
  g_assert_no_error (error);

  handler = g_signal_connect (fixture->store, "recipient-changed",
                              G_CALLBACK (on_recipient_changed_cb), &check);
  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  wait_idle (fixture);
  g_test_message ("%u of 12 recipients are in an open zone now", open_now);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, open_now);

  /* Two days in ten-minute steps: each zone opens in turn. */
  for (guint step = 0; step < 2 * 144 && bc_batch_get_state (batch) == BC_BATCH_STATE_ONGOING; step++)
    advance (fixture, 10 * 60 * 1000, 10 * 1000);
  g_signal_handler_disconnect (fixture->store, handler);

  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);
  g_assert_cmpuint (check.n_checked, ==, 12);
  assert_each_called_once (fixture, 12);
  bc_schedule_unref (check.schedule);
}

/* Talk times with a long tail (exponential, mean 90 s): following the calls
 * costs at most one status request per call placed. */
static void
test_economy_long_calls (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Economy", 2000, 50);
  guint requests, placed;

  set_state (fixture, batch, BC_BATCH_STATE_ONGOING);
  add_batch (fixture, batch);
  run_to_rest (fixture, batch);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);

  requests = bc_scheduler_get_n_status_requests (fixture->scheduler);
  placed = bc_scheduler_get_n_calls_placed (fixture->scheduler);
  g_test_message ("%u status requests for %u calls", requests, placed);
  g_assert_cmpuint (placed, ==, 2000);
  g_assert_cmpuint (requests, <=, placed);
  assert_metrics_match_sandbox (fixture, batch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/BatchCalls/Scheduler/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("slots-full", test_slots_full);
  ADD ("pause-resume-cancel", test_pause_resume_cancel);
  ADD ("reconcile", test_reconcile);
  ADD ("lock", test_lock);
  ADD ("planned", test_planned);
  ADD ("window", test_window);
  ADD ("recipient-local-time", test_recipient_local_time);
  g_test_add ("/BatchCalls/Scheduler/economy-long-calls", Fixture, NULL,
              fixture_set_up_frozen, test_economy_long_calls, fixture_tear_down);
  g_test_add ("/BatchCalls/Scheduler/retries-respect-window", Fixture, NULL,
              fixture_set_up_no_pickup, test_retries_respect_window, fixture_tear_down);
#undef ADD

  return g_test_run ();
}
