/* bench-scheduler.c: how well BcScheduler uses its slots and the API
 *
 *   bench-scheduler [utilisation N C [realistic] | throughput N C]
 *
 * utilisation (manual clock, default 5,000 recipients at concurrency 50):
 *   the makespan against the ideal for the same calls, sum of their
 *   durations at the sandbox / C (never below the longest call); and the
 *   status requests per call placed.
 * throughput (real clock, calls that end at once; default 100,000 at
 *   concurrency 200): calls placed and followed to their end per second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../test-scheduler-common.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct
{
  Fixture    *fixture;
  gint64      start_ms;    /* the manual clock at the start */
  GHashTable *dispatched;  /* phone → 1 + ms from the start, owned strings */
} Dispatches;

static void
on_recipient_changed_cb (BcStore     *store,
                         BcRecipient *recipient,
                         Dispatches  *dispatches)
{
  if (bc_recipient_get_state (recipient) == BC_RECIPIENT_STATE_DISPATCHING)
    g_hash_table_replace (dispatches->dispatched, g_strdup (bc_recipient_get_phone (recipient)),
                          GINT_TO_POINTER (1 + (int) (bc_clock_now_us (dispatches->fixture->clock) / 1000 -
                                                      dispatches->start_ms)));
}

/* Sum and maximum of the time each call held a slot at the sandbox: from
 * its dispatch (the sandbox's clock and the manual one move together) to
 * the end the sandbox reports. */
static void
sandbox_durations (Fixture    *fixture,
                   GHashTable *dispatched,
                   gint64      origin_ms,
                   gint64     *sum_ms,
                   gint64     *max_ms)
{
  g_autoptr(GPtrArray) calls = list_all_calls (fixture);

  *sum_ms = *max_ms = 0;
  for (guint i = 0; i < calls->len; i++)
    {
      const BcCallInfo *info = g_ptr_array_index (calls, i);
      gint64 at = origin_ms + GPOINTER_TO_INT (g_hash_table_lookup (dispatched, info->to_number)) - 1;
      gint64 d = info->end_ms - at;

      *sum_ms += d;
      *max_ms = MAX (*max_ms, d);
    }
}

static void
utilisation (guint    n,
             guint    concurrency,
             gboolean realistic)
{
  Fixture fixture = { 0 };
  BcSandboxOptions options;
  g_autoptr(BcBatch) batch = NULL;
  gint64 start, makespan, sum_ms, max_ms, ideal;
  double wall = g_get_monotonic_time ();
  Dispatches dispatches = { &fixture, 0, NULL };
  gint64 sandbox_start_ms;
  double busy = 0;
  guint samples = 0;

  bc_sandbox_options_init (&options);
  options.concurrency_limit = concurrency;
  if (realistic)
    options.mean_duration_s = 60;
  else
    {
      /* As near a fixed duration as the sandbox goes: everybody answers,
       * rings 3–20 s, talks 5–6 s. */
      options.pickup_rate = 1;
      options.voicemail_rate = 0;
      options.mean_duration_s = 5;
    }
  /* Only the test moves the sandbox's clock, in step with the manual one. */
  options.time_scale = 1e-9;
  fixture_set_up_with (&fixture, &options, BC_SANDBOX_DEFAULT_TOKEN);
  bc_sandbox_options_clear (&options);

  batch = make_batch (&fixture, "Bench", n, concurrency);
  set_state (&fixture, batch, BC_BATCH_STATE_ONGOING);
  start = bc_clock_now_us (fixture.clock);
  dispatches.start_ms = start / 1000;
  sandbox_start_ms = bc_sandbox_now_ms (fixture.sandbox);
  dispatches.dispatched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (fixture.store, "recipient-changed", G_CALLBACK (on_recipient_changed_cb), &dispatches);
  add_batch (&fixture, batch);
  wait_idle (&fixture);
  while (bc_batch_get_state (batch) == BC_BATCH_STATE_ONGOING)
    {
      if (counter (batch, BC_COUNTER_PENDING) > 0)
        {
          busy += bc_scheduler_get_in_flight (fixture.scheduler, batch);
          samples++;
        }
      advance (&fixture, 250, 250);
    }
  makespan = bc_clock_now_us (fixture.clock) - start;

  g_signal_handlers_disconnect_by_data (fixture.store, &dispatches);
  sandbox_durations (&fixture, dispatches.dispatched, sandbox_start_ms, &sum_ms, &max_ms);
  g_hash_table_unref (dispatches.dispatched);
  ideal = MAX (sum_ms / concurrency, max_ms) * 1000;
  printf ("utilisation (%s durations): %u recipients, concurrency %u, state %s\n",
          realistic ? "exponential, mean 60 s talk" : "bounded 8–26 s", n, concurrency,
          bc_batch_state_to_string (bc_batch_get_state (batch)));
  printf ("  makespan %.1f s (simulated), ideal %.1f s (sum of durations / C), ratio %.3f\n",
          makespan / 1e6, ideal / 1e6, (double) makespan / ideal);
  printf ("  while recipients were pending: %.1f slots taken on average (the scheduler's view)\n",
          busy / MAX (samples, 1));
  printf ("  status requests %u for %u calls placed: %.3f per call\n",
          bc_scheduler_get_n_status_requests (fixture.scheduler),
          bc_scheduler_get_n_calls_placed (fixture.scheduler),
          (double) bc_scheduler_get_n_status_requests (fixture.scheduler) /
          MAX (bc_scheduler_get_n_calls_placed (fixture.scheduler), 1));
  printf ("  wall time %.1f s\n", (g_get_monotonic_time () - wall) / 1e6);
  g_clear_object (&batch);
  fixture_tear_down (&fixture, NULL);
}

static gboolean
is_sent (Fixture  *fixture,
         gpointer  data)
{
  return bc_batch_get_state (data) != BC_BATCH_STATE_ONGOING;
}

typedef struct
{
  BcScheduler *scheduler;
  gint64       start;       /* µs, monotonic */
  gint64       mark;        /* when the last step was reached */
  guint        next_step;   /* calls placed at the next progress line */
} Progress;

#define PROGRESS_STEP 10000

/* A line per PROGRESS_STEP calls: the rate of that step and overall, so a
 * slowdown as the tables grow shows (a single end figure would hide it). */
static gboolean
on_progress_cb (gpointer user_data)
{
  Progress *progress = user_data;
  guint placed = bc_scheduler_get_n_calls_placed (progress->scheduler);
  gint64 now = g_get_monotonic_time ();

  if (placed >= progress->next_step)
    {
      printf ("  %6u calls: %.0f calls/s over the last %u, %.0f calls/s overall\n",
              placed, PROGRESS_STEP / ((now - progress->mark) / 1e6), PROGRESS_STEP,
              placed / ((now - progress->start) / 1e6));
      fflush (stdout);
      progress->mark = now;
      progress->next_step += PROGRESS_STEP;
    }
  return G_SOURCE_CONTINUE;
}

static void
throughput (guint n,
            guint concurrency)
{
  Progress progress = { 0 };
  guint progress_id;
  Fixture fixture = { 0 };
  BcSandboxOptions options;
  g_autoptr(BcBatch) batch = NULL;
  gint64 start;
  double seconds;

  bc_sandbox_options_init (&options);
  options.concurrency_limit = 0;
  options.zero_latency = TRUE;
  fixture_set_up_with (&fixture, &options, BC_SANDBOX_DEFAULT_TOKEN);
  bc_sandbox_options_clear (&options);
  /* Real time here: nothing waits on the simulated network. */
  g_clear_object (&fixture.scheduler);
  fixture.scheduler = bc_scheduler_new (fixture.store, fixture.client, NULL);

  batch = make_batch (&fixture, "Throughput", n, concurrency);
  set_state (&fixture, batch, BC_BATCH_STATE_ONGOING);
  start = g_get_monotonic_time ();
  progress = (Progress) { fixture.scheduler, start, start, PROGRESS_STEP };
  progress_id = g_timeout_add (20, on_progress_cb, &progress);
  add_batch (&fixture, batch);
  {
    guint guard = g_timeout_add_seconds (3600, on_guard_cb, (gpointer) "the batch to be sent");

    while (!is_sent (&fixture, batch))
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (guard);
  }
  g_source_remove (progress_id);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  printf ("throughput: %u recipients, concurrency %u: %.1f s, %.0f calls/s, state %s, %u created\n",
          n, concurrency, seconds, n / seconds, bc_batch_state_to_string (bc_batch_get_state (batch)),
          bc_sandbox_get_created_total (fixture.sandbox));
  printf ("  status requests %u for %u calls placed\n",
          bc_scheduler_get_n_status_requests (fixture.scheduler),
          bc_scheduler_get_n_calls_placed (fixture.scheduler));
  g_clear_object (&batch);
  fixture_tear_down (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *what = argc > 1 ? argv[1] : "all";
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 0;
  guint c = argc > 3 ? (guint) atoi (argv[3]) : 0;
  gboolean realistic = argc > 4 && g_str_equal (argv[4], "realistic");

  if (g_str_equal (what, "utilisation") || g_str_equal (what, "all"))
    utilisation (n > 0 ? n : 5000, c > 0 ? c : 50, realistic);
  if (g_str_equal (what, "throughput") || g_str_equal (what, "all"))
    throughput (n > 0 ? n : 100000, c > 0 ? c : 200);
  return 0;
}
