/* bc-scheduler.c: places the calls of running batches, on the main loop
 *
 * One timer for the whole scheduler, armed for the earliest due moment of
 * any batch it drives: a planned start, a window opening, a retry or a
 * backoff ending, a status poll, a reconciliation. Events (an answer, a
 * state change) run the due work on the next main-loop iteration through
 * an idle "kick", which also merges bursts of them. With no batch to
 * drive there is no timer and no idle at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "bc-scheduler-private.h"

enum {
  BATCH_SETTLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _BcScheduler
{
  GObject        parent_instance;

  BcStore       *store;
  BcApiClient   *client;
  BcClock       *clock;
  char          *holder;
  GCancellable  *cancellable;

  GPtrArray     *runs;          /* BcRun */
  guint          timer_id;
  gint64         timer_due;
  guint          idle_id;
  /* Held while there are runs: pauses and cancels made by another process
   * reach them at once, not when the timer fires. */
  BcStoreWatch  *watch;

  gint64         account_limit;
  gboolean       asked_account;
  guint          n_account_requests; /* concurrency, numbers */
  gboolean       listing_numbers;
  GPtrArray     *numbers;       /* BcFromNumber, NULL until listed */
  char          *numbers_error; /* why they could not be listed */
  gint64         duration_estimate;
  guint          n_durations;
  guint          n_status_requests;
  guint          n_placed;
};

G_DEFINE_FINAL_TYPE (BcScheduler, bc_scheduler, G_TYPE_OBJECT)

static void update (BcScheduler *self);

BcRun *
_bc_run_ref (BcRun *run)
{
  run->ref_count++;
  return run;
}

void
_bc_run_unref (BcRun *run)
{
  if (--run->ref_count > 0)
    return;
  g_clear_pointer (&run->followed, g_hash_table_unref);
  g_clear_pointer (&run->unsure, g_hash_table_unref);
  g_clear_pointer (&run->recent_dispatches, g_array_unref);
  g_clear_pointer (&run->schedule, bc_schedule_unref);
  g_clear_pointer (&run->zones, bc_zone_tally_free);
  g_clear_pointer (&run->open_zones, g_free);
  g_clear_pointer (&run->unknown_zones, g_ptr_array_unref);
  g_clear_pointer (&run->lock, bc_runner_lock_release);
  g_clear_pointer (&run->handoff_id, g_free);
  g_clear_object (&run->batch);
  g_free (run);
}

BcRun *
_bc_scheduler_find_run (BcScheduler *self,
                        BcBatch     *batch)
{
  for (guint i = 0; i < self->runs->len; i++)
    {
      BcRun *run = g_ptr_array_index (self->runs, i);

      if (run->batch == batch)
        return run;
    }
  return NULL;
}

BcStore *
_bc_scheduler_get_store (BcScheduler *self)
{
  return self->store;
}

BcApiClient *
_bc_scheduler_get_client (BcScheduler *self)
{
  return self->client;
}

BcClock *
_bc_scheduler_get_clock (BcScheduler *self)
{
  return self->clock;
}

GPtrArray *
_bc_scheduler_get_runs (BcScheduler *self)
{
  return self->runs;
}

GCancellable *
_bc_scheduler_get_cancellable (BcScheduler *self)
{
  return self->cancellable;
}

gint64
_bc_scheduler_now (BcScheduler *self)
{
  return bc_clock_now_us (self->clock);
}

void
_bc_scheduler_count_status_request (BcScheduler *self)
{
  self->n_status_requests++;
}

void
_bc_scheduler_count_placed (BcScheduler *self)
{
  self->n_placed++;
}

gint64
_bc_scheduler_get_account_limit (BcScheduler *self)
{
  return self->account_limit;
}

guint
_bc_scheduler_get_total_in_flight (BcScheduler *self)
{
  guint n = 0;

  for (guint i = 0; i < self->runs->len; i++)
    n += _bc_run_get_in_flight (g_ptr_array_index (self->runs, i));
  return n;
}

gint64
_bc_scheduler_get_duration_estimate (BcScheduler *self)
{
  return self->duration_estimate;
}

void
_bc_scheduler_learn_duration (BcScheduler *self,
                              gint64       duration_us)
{
  if (duration_us <= 0)
    return;
  /* The first sample replaces the guess; then a moving average, as
   * durations drift with the time of day and the list. */
  if (self->n_durations++ == 0)
    self->duration_estimate = duration_us;
  else
    self->duration_estimate = (self->duration_estimate * 3 + duration_us) / 4;
}

guint
_bc_run_get_in_flight (BcRun *run)
{
  return run->n_posting + g_hash_table_size (run->followed) - run->n_awaiting_analysis +
         g_hash_table_size (run->unsure);
}

gboolean
_bc_run_has_work (BcRun *run)
{
  return _bc_run_get_in_flight (run) > 0 || run->n_awaiting_analysis > 0;
}

static void on_numbers_cb (GObject *source, GAsyncResult *result, gpointer user_data);

/* (Re)lists the account's From Numbers, forgetting the last answer. */
static void
list_numbers (BcScheduler *self)
{
  if (self->listing_numbers)
    return;
  g_clear_pointer (&self->numbers, g_ptr_array_unref);
  g_clear_pointer (&self->numbers_error, g_free);
  self->listing_numbers = TRUE;
  self->n_account_requests++;
  bc_api_client_list_numbers_async (self->client, self->cancellable,
                                    on_numbers_cb, g_object_ref (self));
}

static void
on_batch_state_changed_cb (BcBatch      *batch,
                           BcBatchState  new_state,
                           BcBatchState  old_state,
                           BcRun        *run)
{
  run->settled = FALSE;
  if (new_state == BC_BATCH_STATE_ONGOING)
    {
      /* A resumed batch starts again from the top: rows may have been
       * released from review, and retries may be due. */
      run->cursor = 0;
      run->backoff_until = 0;
      /* A pause for the numbers (not listed, or this one not bound) is
       * resumed after the account changed: ask again, never reuse the
       * answer that paused it. */
      if (run->scheduler != NULL && bc_batch_get_agent_id (batch) == NULL &&
          run->handoff == BC_HANDOFF_NONE && old_state == BC_BATCH_STATE_PAUSED)
        list_numbers (run->scheduler);
    }
  if (run->scheduler != NULL)
    _bc_scheduler_kick (run->scheduler);
}

static gint64
process_run (BcScheduler *self,
             BcRun       *run,
             gint64       now)
{
  gint64 due = G_MAXINT64;
  BcBatchState state = bc_batch_get_state (run->batch);

  if (state == BC_BATCH_STATE_PLANNED)
    {
      gint64 at = bc_batch_get_planned_at (run->batch);

      if (at > now)
        return at;
      {
        g_autoptr(GError) error = NULL;

        /* Also when the app was closed at that time: it catches up. */
        if (!bc_store_set_batch_state (self->store, run->batch, BC_BATCH_STATE_ONGOING, &error))
          {
            g_warning ("Could not start batch %s: %s", bc_batch_get_id (run->batch), error->message);
            return G_MAXINT64;
          }
        state = BC_BATCH_STATE_ONGOING;
      }
    }

  if (run->handoff != BC_HANDOFF_NONE)
    {
      /* The platform places the calls (in any state of ours). */
      due = MIN (due, _bc_run_handoff (run, now));
      if (state == BC_BATCH_STATE_ONGOING && run->handoff != BC_HANDOFF_PREPARING)
        _bc_run_check_finished (run);
    }
  else
    {
      due = MIN (due, _bc_run_reconcile (run, now));
      due = MIN (due, _bc_run_poll (run, now));
      if (state == BC_BATCH_STATE_ONGOING)
        {
          due = MIN (due, _bc_run_dispatch (run, now));
          _bc_run_check_finished (run);
        }
    }

  state = bc_batch_get_state (run->batch);
  if (!run->settled && !_bc_run_has_work (run) &&
      (state == BC_BATCH_STATE_SENT || state == BC_BATCH_STATE_PAUSED ||
       state == BC_BATCH_STATE_CANCELLED || state == BC_BATCH_STATE_DRAFT))
    {
      run->settled = TRUE;
      g_signal_emit (self, signals[BATCH_SETTLED], 0, run->batch);
    }
  return due;
}

static gboolean
on_timer_cb (gpointer user_data)
{
  BcScheduler *self = user_data;

  self->timer_id = 0;
  self->timer_due = G_MAXINT64;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
arm_timer (BcScheduler *self,
           gint64       due)
{
  gint64 now, delay_ms;

  if (self->timer_id != 0 && self->timer_due == due)
    return;
  if (self->timer_id != 0)
    bc_clock_remove (self->clock, self->timer_id);
  self->timer_id = 0;
  self->timer_due = G_MAXINT64;
  if (due == G_MAXINT64)
    return;

  now = bc_clock_now_us (self->clock);
  /* Rounded up, so the timer never fires before what it waits for. */
  delay_ms = due > now ? (due - now + 999) / 1000 : 0;
  self->timer_due = due;
  self->timer_id = bc_clock_add_timeout (self->clock, (guint) MIN (delay_ms, G_MAXUINT),
                                         on_timer_cb, self, NULL);
}

static void
update (BcScheduler *self)
{
  g_autoptr(GPtrArray) runs = NULL;
  gint64 due = G_MAXINT64;
  gint64 now = bc_clock_now_us (self->clock);

  /* Handlers of the signals emitted below may remove runs. */
  runs = g_ptr_array_copy (self->runs, (GCopyFunc) _bc_run_ref, NULL);
  g_ptr_array_set_free_func (runs, (GDestroyNotify) _bc_run_unref);
  for (guint i = 0; i < runs->len; i++)
    {
      BcRun *run = g_ptr_array_index (runs, i);

      if (run->scheduler == self)
        due = MIN (due, process_run (self, run, now));
    }
  arm_timer (self, due);
}

static gboolean
on_idle_cb (gpointer user_data)
{
  BcScheduler *self = user_data;

  self->idle_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

void
_bc_scheduler_kick (BcScheduler *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (on_idle_cb, self);
}

static void
on_concurrency_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BcScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  BcConcurrency concurrency;

  self->n_account_requests--;
  if (!bc_api_client_get_concurrency_finish (BC_API_CLIENT (source), result, &concurrency, &error))
    {
      /* Not fatal: 429s will teach the limit as well. */
      g_debug ("Account concurrency unknown: %s", error->message);
      return;
    }
  if (concurrency.max_concurrent > 0)
    self->account_limit = concurrency.max_concurrent;
  _bc_scheduler_kick (self);
}

static void
on_numbers_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BcScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *numbers;

  numbers = bc_api_client_list_numbers_finish (BC_API_CLIENT (source), result, &error);
  self->n_account_requests--;
  self->listing_numbers = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->numbers, g_ptr_array_unref);
  g_clear_pointer (&self->numbers_error, g_free);
  if (numbers == NULL)
    self->numbers_error = g_strdup (error->message);
  self->numbers = numbers;
  _bc_scheduler_kick (self);
}

const BcFromNumber *
_bc_scheduler_find_number (BcScheduler  *self,
                           const char   *number,
                           char        **why_not)
{
  *why_not = NULL;
  if (self->numbers == NULL && self->numbers_error == NULL)
    return NULL;
  if (self->numbers == NULL)
    {
      *why_not = g_strdup_printf (_("The From Numbers could not be listed: %s"), self->numbers_error);
      return NULL;
    }
  for (guint i = 0; number != NULL && i < self->numbers->len; i++)
    {
      const BcFromNumber *n = g_ptr_array_index (self->numbers, i);

      if (g_strcmp0 (n->number, number) == 0 && bc_from_number_is_bound (n))
        return n;
    }
  *why_not = g_strdup_printf (_("The From Number %s is not bound to an agent in this account"),
                              number != NULL ? number : "?");
  return NULL;
}

static void
bc_scheduler_dispose (GObject *object)
{
  BcScheduler *self = BC_SCHEDULER (object);

  bc_scheduler_stop (self);

  G_OBJECT_CLASS (bc_scheduler_parent_class)->dispose (object);
}

static void
bc_scheduler_finalize (GObject *object)
{
  BcScheduler *self = BC_SCHEDULER (object);

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->numbers, g_ptr_array_unref);
  g_clear_pointer (&self->numbers_error, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->holder, g_free);

  G_OBJECT_CLASS (bc_scheduler_parent_class)->finalize (object);
}

static void
bc_scheduler_class_init (BcSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bc_scheduler_dispose;
  object_class->finalize = bc_scheduler_finalize;

  /**
   * BcScheduler::batch-settled:
   * @self: the scheduler
   * @batch: a batch it drives
   *
   * Emitted when @batch has come to rest — Sent, Paused, Cancelled (or
   * back to Draft) — with no call of it in flight any more. The CLI's
   * `run` waits for this.
   */
  signals[BATCH_SETTLED] =
    g_signal_new ("batch-settled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BC_TYPE_BATCH);
}

static void
bc_scheduler_init (BcScheduler *self)
{
  self->runs = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->timer_due = G_MAXINT64;
  self->account_limit = -1;
  /* A first guess for the time from dispatch to the end of a call: short,
   * so the first polls come early; it grows with what is observed. */
  self->duration_estimate = 10 * G_USEC_PER_SEC;
  self->holder = g_strdup (g_get_prgname () != NULL ? g_get_prgname () : PACKAGE_NAME);
}

BcScheduler *
bc_scheduler_new (BcStore     *store,
                  BcApiClient *client,
                  BcClock     *clock)
{
  BcScheduler *self;

  g_return_val_if_fail (BC_IS_STORE (store), NULL);
  g_return_val_if_fail (BC_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (clock == NULL || BC_IS_CLOCK (clock), NULL);

  self = g_object_new (BC_TYPE_SCHEDULER, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->clock = g_object_ref (clock != NULL ? clock : bc_api_client_get_clock (client));
  return self;
}

void
bc_scheduler_set_holder_name (BcScheduler *self,
                              const char  *name)
{
  g_return_if_fail (BC_IS_SCHEDULER (self));
  g_return_if_fail (name != NULL);

  g_free (self->holder);
  self->holder = g_strdup (name);
}

gboolean
bc_scheduler_add_batch (BcScheduler  *self,
                        BcBatch      *batch,
                        GError      **error)
{
  g_autoptr(BcRunnerLock) lock = NULL;
  g_autoptr(GPtrArray) in_flight = NULL;
  g_autoptr(GError) local_error = NULL;
  BcRun *run;
  gint64 now;

  g_return_val_if_fail (BC_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);

  if (_bc_scheduler_find_run (self, batch) != NULL)
    return TRUE;

  lock = bc_runner_lock_acquire (bc_store_get_path (self->store), bc_batch_get_id (batch),
                                 self->holder, error);
  if (lock == NULL)
    return FALSE;
  /* Only now is our copy of the batch sure to be the latest word. */
  if (!bc_store_refresh_batch (self->store, batch, error))
    return FALSE;
  in_flight = bc_store_list_in_flight (self->store, bc_batch_get_id (batch), error);
  if (in_flight == NULL)
    return FALSE;

  run = g_new0 (BcRun, 1);
  run->ref_count = 1;
  run->scheduler = self;
  run->batch = g_object_ref (batch);
  run->lock = g_steal_pointer (&lock);
  run->followed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) _bc_follow_free);
  run->unsure = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) bc_in_flight_free);
  run->next_retry_at = G_MAXINT64;
  run->recent_dispatches = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->list_cutoff = G_MAXINT64;
  run->dyn_limit = MAX (bc_batch_get_concurrency (batch), 1);
  run->schedule = bc_schedule_new_for_batch (batch, &local_error);
  if (run->schedule == NULL)
    g_debug ("Batch %s has no usable windows: %s", bc_batch_get_id (batch), local_error->message);
  g_clear_error (&local_error);
  if (run->schedule != NULL && bc_schedule_get_recipient_local (run->schedule))
    _bc_run_tally_zones (run);
  if (!_bc_retry_policy_parse (bc_batch_get_retry_policy (batch), &run->policy, &local_error))
    g_debug ("Batch %s: retry policy ignored: %s", bc_batch_get_id (batch), local_error->message);
  g_clear_error (&local_error);
  /* Not knowing whether the platform runs this batch, the run must not
   * start: reconciling its DISPATCHING rows as ours could release rows
   * the platform is about to call. */
  if (!_bc_run_load_handoff (run, error))
    {
      _bc_run_unref (run);
      return FALSE;
    }
  run->state_handler = g_signal_connect (batch, "state-changed",
                                         G_CALLBACK (on_batch_state_changed_cb), run);

  now = bc_clock_now_us (self->clock);
  for (guint i = 0; i < in_flight->len; i++)
    {
      BcInFlight *item = g_ptr_array_index (in_flight, i);

      if (item->data.state == BC_RECIPIENT_STATE_IN_PROGRESS && item->data.last_call_id != NULL)
        _bc_run_follow (run, item->data.last_call_id, item->data.id, item->dispatched_at, now);
      else
        _bc_run_add_unsure (run, &item->data, item->dispatched_at, now);
    }
  g_ptr_array_add (self->runs, run);
  if (self->watch == NULL)
    self->watch = _bc_scheduler_watch_store (self);

  if (!self->asked_account)
    {
      self->asked_account = TRUE;
      self->n_account_requests++;
      bc_api_client_get_concurrency_async (self->client, self->cancellable,
                                           on_concurrency_cb, g_object_ref (self));
    }
  /* A batch without its own agent calls through its number's outbound
   * agents, which only the account knows. */
  if (bc_batch_get_agent_id (batch) == NULL && self->numbers == NULL)
    list_numbers (self);
  _bc_scheduler_kick (self);
  return TRUE;
}

static void
detach_run (BcScheduler *self,
            BcRun       *run)
{
  g_clear_signal_handler (&run->state_handler, run->batch);
  run->scheduler = NULL;
  /* The lock goes now, not when the last request returns: the batch is
   * free for another runner at once. Late answers are dropped (see
   * run->scheduler). */
  g_clear_pointer (&run->lock, bc_runner_lock_release);
  g_ptr_array_remove_fast (self->runs, run);
  _bc_run_unref (run);
  if (self->runs->len == 0)
    g_clear_object (&self->watch);
}

void
bc_scheduler_remove_batch (BcScheduler *self,
                           BcBatch     *batch)
{
  BcRun *run;

  g_return_if_fail (BC_IS_SCHEDULER (self));

  run = _bc_scheduler_find_run (self, batch);
  if (run == NULL)
    return;
  detach_run (self, run);
  if (self->runs->len == 0)
    arm_timer (self, G_MAXINT64);
  else
    _bc_scheduler_kick (self);
}

void
bc_scheduler_stop (BcScheduler *self)
{
  g_return_if_fail (BC_IS_SCHEDULER (self));

  /* A fresh cancellable, so batches added after a stop run again. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  while (self->runs != NULL && self->runs->len > 0)
    detach_run (self, g_ptr_array_index (self->runs, 0));
  if (self->clock != NULL)
    arm_timer (self, G_MAXINT64);
  g_clear_handle_id (&self->idle_id, g_source_remove);
}

guint
bc_scheduler_get_in_flight (BcScheduler *self,
                            BcBatch     *batch)
{
  BcRun *run;

  g_return_val_if_fail (BC_IS_SCHEDULER (self), 0);

  run = _bc_scheduler_find_run (self, batch);
  return run != NULL ? _bc_run_get_in_flight (run) : 0;
}

gboolean
bc_scheduler_is_idle (BcScheduler *self)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), TRUE);

  if (self->idle_id != 0 || self->n_account_requests > 0)
    return FALSE;
  for (guint i = 0; i < self->runs->len; i++)
    {
      BcRun *run = g_ptr_array_index (self->runs, i);

      if (run->n_posting > 0 || run->n_polls > 0 || run->reconciling)
        return FALSE;
    }
  return TRUE;
}

gint64
bc_scheduler_get_next_wakeup (BcScheduler *self)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), G_MAXINT64);
  return self->timer_id != 0 ? self->timer_due : G_MAXINT64;
}

gboolean
bc_scheduler_is_watching_store (BcScheduler *self)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), FALSE);
  return self->watch != NULL;
}

guint
bc_scheduler_get_n_status_requests (BcScheduler *self)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), 0);
  return self->n_status_requests;
}

guint
bc_scheduler_get_n_calls_placed (BcScheduler *self)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), 0);
  return self->n_placed;
}
