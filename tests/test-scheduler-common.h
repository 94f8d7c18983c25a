/* test-scheduler-common.h: a store, an in-process sandbox, a manual clock
 * and a scheduler, for the scheduler's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bc-api-client.h"
#include "bc-manual-clock.h"
#include "bc-sandbox.h"
#include "bc-scheduler.h"
#include "bc-store.h"
#include "test-tmp-dir.h"

#define FROM_NUMBER "+14155550100"
#define AGENT_ID    "agent_sales"

typedef struct
{
  char        *dir;
  char        *path;
  BcStore     *store;
  BcSandbox   *sandbox;
  BcClock     *clock;
  BcApiClient *client;
  BcScheduler *scheduler;
  guint        n_settled;
  BcApiProfile profile;      /* set before set-up; 0 is the native one */
} Fixture;

static inline void
on_settled_cb (BcScheduler *scheduler,
               BcBatch     *batch,
               Fixture     *fixture)
{
  fixture->n_settled++;
}

static inline BcApiClient *
fixture_new_client (Fixture    *fixture,
                    const char *token)
{
  g_autoptr(GError) error = NULL;
  BcApiClient *client;

  /* The client's own timers (timeouts, retries of a GET) run on real
   * time, kept short: a request retried on the manual clock would wait
   * for a test that waits for it. The scheduler has the manual clock. */
  client = bc_api_client_new (bc_sandbox_get_base_url (fixture->sandbox),
                              fixture->profile, 50, NULL, &error);
  g_assert_no_error (error);
  bc_api_client_set_token (client, token);
  bc_api_client_set_workspace_id (client, BC_SANDBOX_DEFAULT_WORKSPACE_ID);
  bc_api_client_set_account_sid (client, BC_SANDBOX_DEFAULT_ACCOUNT_SID);
  bc_api_client_set_random_seed (client, 7);
  bc_api_client_set_backoff (client, 5, 40);
  return client;
}

static inline void
fixture_set_up_with (Fixture                *fixture,
                     const BcSandboxOptions *options,
                     const char             *token)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bc-scheduler-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "batch-calls.db", NULL);
  fixture->store = bc_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->sandbox = bc_sandbox_new (options);
  g_assert_true (bc_sandbox_start (fixture->sandbox, &error));
  g_assert_no_error (error);

  /* Wall-clock now, so the times the scheduler sends the sandbox (list
   * calls since…) fall where the sandbox's own clock puts its calls. */
  fixture->clock = bc_manual_clock_new (g_get_real_time ());
  fixture->client = fixture_new_client (fixture, token);
  fixture->scheduler = bc_scheduler_new (fixture->store, fixture->client, fixture->clock);
  bc_scheduler_set_holder_name (fixture->scheduler, "test-scheduler");
  g_signal_connect (fixture->scheduler, "batch-settled", G_CALLBACK (on_settled_cb), fixture);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->scheduler != NULL)
    {
      bc_scheduler_stop (fixture->scheduler);
      /* Cancelled requests answer on the next iterations. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_finalize_object (fixture->scheduler);
    }
  g_assert_finalize_object (fixture->client);
  bc_sandbox_stop (fixture->sandbox);
  g_assert_finalize_object (fixture->sandbox);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->clock);
  remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static inline gboolean
on_guard_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Predicate) (Fixture *fixture, gpointer data);

/* Runs the main loop until @pred holds; a real-time guard turns a hang
 * into a failure (it never paces the test). */
static inline void
wait_until (Fixture    *fixture,
            Predicate   pred,
            gpointer    data,
            const char *what)
{
  guint guard = g_timeout_add_seconds (30, on_guard_cb, (gpointer) what);

  while (!pred (fixture, data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static inline gboolean
is_idle (Fixture  *fixture,
         gpointer  data)
{
  return bc_scheduler_is_idle (fixture->scheduler);
}

static inline void
wait_idle (Fixture *fixture)
{
  wait_until (fixture, is_idle, NULL, "the scheduler to be idle");
}

/* Moves both the scheduler's and the sandbox's time by @ms, a step at a
 * time, letting the scheduler answer in between. */
static inline void
advance (Fixture *fixture,
         guint64  ms,
         guint64  step_ms)
{
  for (guint64 done = 0; done < ms; done += step_ms)
    {
      guint64 d = MIN (step_ms, ms - done);

      bc_sandbox_advance (fixture->sandbox, (gint64) d);
      bc_manual_clock_advance (BC_MANUAL_CLOCK (fixture->clock), d);
      wait_idle (fixture);
    }
}

static inline char *
phone_for (guint i)
{
  return g_strdup_printf ("+1415666%04u", i);
}

/* A batch of @n recipients, open around the clock, stored as a Draft. */
static inline BcBatch *
make_batch (Fixture    *fixture,
            const char *name,
            guint       n,
            guint       concurrency)
{
  g_autoptr(BcBatch) batch = bc_batch_new (name);
  g_autoptr(BcRecipientWriter) writer = NULL;
  g_autoptr(GError) error = NULL;

  bc_batch_set_from_number (batch, FROM_NUMBER);
  bc_batch_set_agent_id (batch, AGENT_ID);
  bc_batch_set_windows (batch, "00:00-24:00");
  bc_batch_set_timezone (batch, "UTC");
  bc_batch_set_concurrency (batch, concurrency);
  g_assert_true (bc_store_insert_batch (fixture->store, batch, FALSE, &error));
  g_assert_no_error (error);

  writer = bc_store_begin_recipients (fixture->store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *phone = phone_for (i);
      g_autofree char *variables = g_strdup_printf ("{\"row\":\"%u\"}", i);
      BcRecipientData row = { 0 };

      row.phone = phone;
      row.line = i + 2;
      row.override_agent_version = -1;
      row.variables = variables;
      g_assert_true (bc_recipient_writer_add (writer, &row, &error));
      g_assert_no_error (error);
    }
  g_assert_true (bc_recipient_writer_finish (writer, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&batch);
}

static inline void
set_state (Fixture      *fixture,
           BcBatch      *batch,
           BcBatchState  state)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bc_store_set_batch_state (fixture->store, batch, state, &error));
  g_assert_no_error (error);
}

static inline void
add_batch (Fixture *fixture,
           BcBatch *batch)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bc_scheduler_add_batch (fixture->scheduler, batch, &error));
  g_assert_no_error (error);
}

static inline gint64
counter (BcBatch   *batch,
         BcCounter  c)
{
  return bc_batch_get_counter (batch, c);
}

/* Every number of the batch was created at the sandbox exactly once. */
static inline void
assert_each_called_once (Fixture *fixture,
                         guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *phone = phone_for (i);

      g_assert_cmpuint (bc_sandbox_get_created_count (fixture->sandbox, phone), ==, 1);
    }
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, n);
}

/* ---- Shared by the scheduler test programs ---- */

static inline void
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


static inline void
fixture_set_up_limited (Fixture       *fixture,
                        gconstpointer  data)
{
  BcSandboxOptions options;

  bc_sandbox_options_init (&options);
  options.concurrency_limit = 3;
  options.mean_duration_s = 60;
  fixture_set_up_with (fixture, &options, BC_SANDBOX_DEFAULT_TOKEN);
  bc_sandbox_options_clear (&options);
}

static inline void
fixture_set_up_frozen (Fixture       *fixture,
                       gconstpointer  data)
{
  BcSandboxOptions options;

  bc_sandbox_options_init (&options);
  options.concurrency_limit = 0;
  /* Only the test moves the sandbox's clock. */
  options.time_scale = 1e-9;
  fixture_set_up_with (fixture, &options, BC_SANDBOX_DEFAULT_TOKEN);
  bc_sandbox_options_clear (&options);
}

static inline void
fixture_set_up_payment (Fixture       *fixture,
                        gconstpointer  data)
{
  BcSandboxOptions options;

  bc_sandbox_options_init (&options);
  options.payment_required = TRUE;
  fixture_set_up_with (fixture, &options, BC_SANDBOX_DEFAULT_TOKEN);
  bc_sandbox_options_clear (&options);
}

static inline void
fixture_set_up_bad_token (Fixture       *fixture,
                          gconstpointer  data)
{
  fixture_set_up_with (fixture, NULL, "not-the-token");
}

static inline void
fixture_set_up_faults (Fixture       *fixture,
                       gconstpointer  data)
{
  BcSandboxOptions options;

  bc_sandbox_options_init (&options);
  options.concurrency_limit = 0;
  options.mean_duration_s = 30;
  options.fault_429_rate = 0.1;
  options.fault_500_rate = 0.1;
  options.fault_503_rate = 0.05;
  options.fault_close_rate = 0.2;
  /* A GET refused with 429 is retried by the client in real time. */
  options.retry_after_s = 0;
  fixture_set_up_with (fixture, &options, BC_SANDBOX_DEFAULT_TOKEN);
  bc_sandbox_options_clear (&options);
}


static inline void
fixture_set_up_no_pickup (Fixture       *fixture,
                          gconstpointer  data)
{
  BcSandboxOptions options;

  bc_sandbox_options_init (&options);
  options.concurrency_limit = 0;
  options.pickup_rate = 0;
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

static inline void
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

static inline gboolean
listing_done (Fixture  *fixture,
              gpointer  data)
{
  return ((Listing *) data)->done;
}

/* Every call the sandbox holds, as the API reports them. */
static inline GPtrArray *
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
static inline void
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

/* For an async call whose result the test waits for: stores a reference
 * to it in the GAsyncResult * @user_data points to. */
static inline void
on_async_result_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static inline void
restart (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  bc_scheduler_stop (fixture->scheduler);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->scheduler);
  g_assert_finalize_object (fixture->store);
  fixture->store = bc_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->scheduler = bc_scheduler_new (fixture->store, fixture->client, fixture->clock);
  g_signal_connect (fixture->scheduler, "batch-settled", G_CALLBACK (on_settled_cb), fixture);
}

typedef struct
{
  BcCallInfo *info;
  GError     *error;
  gboolean    done;
} Placed;

static inline void
on_placed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Placed *placed = user_data;

  placed->info = bc_api_client_initiate_call_finish (BC_API_CLIENT (source), result, &placed->error);
  placed->done = TRUE;
}

static inline gboolean
placed_done (Fixture  *fixture,
             gpointer  data)
{
  return ((Placed *) data)->done;
}

/* Claims the next recipient as a crashed run would have left it:
 * DISPATCHING since @at; with @place, its call really reached the API. */
static inline gint64
crash_after_claim (Fixture  *fixture,
                   BcBatch  *batch,
                   guint    *cursor,
                   gint64    at,
                   gboolean  place,
                   char    **call_id)
{
  g_autoptr(GError) error = NULL;
  BcRecipientData claimed = { 0 };
  gint64 id;

  g_assert_true (bc_store_claim_recipient (fixture->store, bc_batch_get_id (batch), cursor,
                                           at, NULL, &claimed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (claimed.state, ==, BC_RECIPIENT_STATE_DISPATCHING);
  g_assert_cmpuint (claimed.attempts, ==, 1);
  if (place)
    {
      BcCallRequest request = { 0 };
      Placed placed = { 0 };

      request.recipient = &claimed;
      request.batch_id = bc_batch_get_id (batch);
      request.attempt = claimed.attempts;
      request.from_number = FROM_NUMBER;
      request.agent_id = AGENT_ID;
      request.agent_version = -1;
      bc_api_client_initiate_call_async (fixture->client, &request, NULL, on_placed_cb, &placed);
      wait_until (fixture, placed_done, &placed, "a call placed by hand");
      g_assert_no_error (placed.error);
      *call_id = g_strdup (placed.info->call_id);
      bc_call_info_free (placed.info);
    }
  id = claimed.id;
  bc_recipient_data_clear (&claimed);
  return id;
}

static inline BcRecipient *
get_recipient (Fixture *fixture,
               gint64   id)
{
  g_autoptr(GError) error = NULL;
  BcRecipient *recipient = bc_store_get_recipient (fixture->store, id, &error);

  g_assert_no_error (error);
  return recipient;
}

static inline void
run_to_rest (Fixture *fixture,
             BcBatch *batch)
{
  guint steps = 0;

  while (bc_batch_get_state (batch) == BC_BATCH_STATE_ONGOING)
    {
      advance (fixture, 1000, 1000);
      g_assert_cmpuint (++steps, <, 24 * 3600);
    }
}
