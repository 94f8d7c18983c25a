/* bc-scheduler-handoff.c: batches handed off to the platform
 *
 * Retell's create-batch-call takes the whole batch at once, with its
 * start and its windows, and places the calls itself. Such a run does not
 * dispatch, reconcile or poll call by call: it submits once, then follows
 * the platform's calls with paged "list calls" filtered by batch_call_id
 * and matches them to recipients by metadata.bc, as reconciliation does.
 *
 * Exactly once. There is no idempotency key and no way in the contract to
 * ask the platform which batches it holds, so a request whose answer was
 * lost can never be proven unsent. Hence three durable states, each
 * committed (synchronous=FULL) before the step it allows:
 *   PREPARING  — recorded before anything else. The recipients are then
 *                claimed (DISPATCHING, attempt + 1, one commit each). A
 *                crash here is harmless: the request was surely not sent,
 *                so the next run claims the rest and goes on.
 *   SUBMITTING — recorded just before the request. From here on it is
 *                never sent again, whatever happens: a lost answer, a
 *                timeout or a crash leave this state, and the next run only
 *                looks for calls tagged with this batch (metadata.bc) and
 *                adopts them. If the platform never got the request, no
 *                call ever shows: once it has had ample time to place the
 *                first ones (confirm_deadline()), the recipients go to
 *                NEEDS_REVIEW and the record is removed — a person decides,
 *                the price of never calling anyone twice.
 *   SUBMITTED  — the answer came: followed by its batch_call_id.
 * A definite refusal (4xx, or a failure before any byte was sent) puts the
 * recipients back to PENDING, removes the record and pauses the batch with
 * the platform's message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-platform-handoff.h"
#include "bc-scheduler-private.h"

/* The retell profile's largest page. */
#define HANDOFF_PAGE_LIMIT 1000
/* Listing pace while calls are live, as a share of the learnt call
 * duration, and its bounds: the desktop only reports, it refills no slot,
 * so there is no hurry. */
#define HANDOFF_MIN_INTERVAL_US (1 * G_USEC_PER_SEC)
#define HANDOFF_MAX_INTERVAL_US (5 * 60 * G_USEC_PER_SEC)
/* After the window opens, the platform's first calls show up this late. */
#define HANDOFF_OPEN_LAG_US     (5 * G_USEC_PER_SEC)
/* A SUBMITTING batch with no call to show for it this long after the
 * platform would have placed its first ones was never received. The
 * contract shows a created call within 15 s (BC_RECONCILE_GRACE_US); ten
 * minutes is forty times that, room for a platform queueing many batches
 * at the same window opening, and still tells a person the same morning. */
#define HANDOFF_CONFIRM_GRACE_US (10 * 60 * G_USEC_PER_SEC)
/* The listing pace while waiting for that first call: a handful of
 * listings over the grace period, not one a second. */
#define HANDOFF_CONFIRM_INTERVAL_US (60 * G_USEC_PER_SEC)

gboolean
_bc_run_load_handoff (BcRun   *run,
                      GError **error)
{
  g_clear_pointer (&run->handoff_id, g_free);
  return bc_store_get_handoff (_bc_scheduler_get_store (run->scheduler),
                               bc_batch_get_id (run->batch), &run->handoff,
                               &run->handoff_id, &run->handoff_since, error);
}

static void
set_state (BcRun          *run,
           BcHandoffState  state,
           const char     *batch_call_id)
{
  g_autoptr(GError) error = NULL;

  if (!bc_store_set_handoff (_bc_scheduler_get_store (run->scheduler), bc_batch_get_id (run->batch),
                             state, batch_call_id, run->handoff_since, &error))
    {
      _bc_run_store_failed (run, error);
      return;
    }
  run->handoff = state;
  if (batch_call_id != run->handoff_id)
    {
      g_free (run->handoff_id);
      run->handoff_id = g_strdup (batch_call_id);
    }
}

/* When the platform would have placed its first calls: the first open
 * moment from the later of the planned start and the request, plus the
 * lag of its listing. Windows that never open give no such moment, and
 * count from the request alone (nothing would ever show either). */
static gint64
first_calls_at (BcRun *run)
{
  gint64 start = MAX (run->handoff_since, bc_batch_get_planned_at (run->batch));
  gint64 open = run->schedule != NULL ? bc_schedule_next_open (run->schedule, start, NULL) : start;

  return (open == BC_SCHEDULE_NEVER ? start : open) + HANDOFF_OPEN_LAG_US;
}

/* A listing that started this late and found nothing of a SUBMITTING
 * batch proves, as far as anything can, that the platform never got it. */
static gint64
confirm_deadline (BcRun *run)
{
  return first_calls_at (run) + HANDOFF_CONFIRM_GRACE_US;
}

static gboolean
awaiting_confirmation (BcRun *run)
{
  return run->handoff == BC_HANDOFF_SUBMITTING && run->handoff_id == NULL &&
         g_hash_table_size (run->followed) == 0 && g_hash_table_size (run->unsure) > 0;
}

/* When the next listing is worth making. */
static gint64
next_listing (BcRun  *run,
              gint64  now)
{
  gint64 estimate = _bc_scheduler_get_duration_estimate (run->scheduler);
  gint64 interval = CLAMP (estimate / 2, HANDOFF_MIN_INTERVAL_US, HANDOFF_MAX_INTERVAL_US);
  gint64 start;

  /* Past the first moment calls could show, a lost request is listed for
   * at a slow pace, and once more at the deadline to decide. */
  if (awaiting_confirmation (run) && now >= first_calls_at (run))
    return MAX (MIN (now + HANDOFF_CONFIRM_INTERVAL_US, confirm_deadline (run)),
                now + HANDOFF_MIN_INTERVAL_US);

  if (g_hash_table_size (run->followed) > 0)
    return now + (g_hash_table_size (run->followed) == run->n_awaiting_analysis
                  ? HANDOFF_MIN_INTERVAL_US * 2 : interval);
  if (g_hash_table_size (run->unsure) == 0)
    return G_MAXINT64;
  /* Nothing placed yet: the platform calls from the planned start, in the
   * window; no listing before that can show anything. */
  start = MAX (now, bc_batch_get_planned_at (run->batch));
  if (run->schedule != NULL)
    start = bc_schedule_next_open (run->schedule, start, NULL);
  if (start == BC_SCHEDULE_NEVER)
    return now + HANDOFF_MAX_INTERVAL_US;
  return MAX (start + HANDOFF_OPEN_LAG_US, now + HANDOFF_MIN_INTERVAL_US);
}

/* The platform has shown nothing of a SUBMITTING batch long after it
 * would have: its request most likely never arrived, but that cannot be
 * proven, so nobody is dialled again without a person (NEEDS_REVIEW, a
 * final state for the batch, which then pauses to say so).
 *
 * The recipients first, the record last: a crash in between leaves
 * SUBMITTING, and the next run gives up on the rest, or only drops the
 * record when no row is left (_bc_run_handoff). The other order
 * would leave DISPATCHING rows without a record, which the desktop's own
 * reconciliation would find absent and dial again.
 *
 * Without the record the batch is an ordinary one of this desktop: if the
 * platform does place its calls after all, nothing lists them by their
 * tags any more, so they are neither adopted nor counted (the recipients
 * stay in review, the counters as they are); the message sends the
 * person to the dashboard, where they are. */
static void
never_confirmed (BcRun  *run,
                 gint64  now)
{
  g_message ("Batch %s: no call of it showed on the platform; its recipients need review",
             bc_batch_get_id (run->batch));
  _bc_run_settle_all_unsure (run, BC_RECIPIENT_STATE_NEEDS_REVIEW,
                             _("The platform never confirmed this batch; check the UponAI "
                               "dashboard before calling again"), now);
  if (g_hash_table_size (run->unsure) > 0)
    return;  /* a store failure paused the batch; the record stays */
  set_state (run, BC_HANDOFF_NONE, NULL);
}

static void list_page (BcRun *run, const char *cursor);

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BcRun) run = user_data;
  g_autoptr(BcCallPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now;

  page = bc_api_client_list_calls_finish (BC_API_CLIENT (source), result, &error);
  run->n_polls--;
  if (run->scheduler == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  now = _bc_scheduler_now (run->scheduler);
  if (page == NULL)
    {
      g_debug ("Following hand-off of %s: %s", bc_batch_get_id (run->batch), error->message);
      run->poll_backoff_level++;
      run->handoff_next = now + MIN ((gint64) G_USEC_PER_SEC << MIN (run->poll_backoff_level, 6u),
                                     60 * G_USEC_PER_SEC);
      if (g_error_matches (error, BC_API_ERROR, BC_API_ERROR_UNAUTHORIZED))
        _bc_run_pause (run, _("The API token was refused. Check it in the preferences, then resume."));
      _bc_scheduler_kick (run->scheduler);
      return;
    }
  run->poll_backoff_level = 0;

  for (guint i = 0; i < page->calls->len; i++)
    {
      const BcCallInfo *info = g_ptr_array_index (page->calls, i);

      /* A lost answer: the platform's own calls say which batch it made. */
      if (run->handoff == BC_HANDOFF_SUBMITTING && info->raw != NULL)
        {
          const char *id = json_object_get_string_member_with_default (info->raw, "batch_call_id", NULL);
          g_autofree char *tag_batch = NULL;
          gint64 recipient_id;
          guint attempt;

          if (id != NULL && bc_call_info_get_bc_tag (info, &tag_batch, &recipient_id, &attempt) &&
              g_strcmp0 (tag_batch, bc_batch_get_id (run->batch)) == 0)
            set_state (run, BC_HANDOFF_SUBMITTED, id);
        }
      _bc_run_apply_call (run, info, now);
    }
  /* Then the calls seen for the first time (adopting applies them). */
  _bc_run_match_page (run, page, now);

  if (page->next_cursor != NULL && page->calls->len >= HANDOFF_PAGE_LIMIT)
    {
      list_page (run, page->next_cursor);
      return;
    }
  if (awaiting_confirmation (run) && run->handoff_listed_at >= confirm_deadline (run))
    never_confirmed (run, now);
  run->handoff_next = run->handoff != BC_HANDOFF_NONE ? next_listing (run, now) : G_MAXINT64;
  _bc_scheduler_kick (run->scheduler);
}

static void
list_page (BcRun      *run,
           const char *cursor)
{
  BcScheduler *scheduler = run->scheduler;
  BcListCallsQuery query = { 0 };

  if (cursor == NULL)
    run->handoff_listed_at = _bc_scheduler_now (scheduler);
  query.from_ms = run->handoff_since / 1000 - BC_RECONCILE_SLACK_MS;
  query.limit = HANDOFF_PAGE_LIMIT;
  query.cursor = cursor;
  query.batch_call_id = run->handoff_id;
  run->n_polls++;
  _bc_scheduler_count_status_request (scheduler);
  bc_api_client_list_calls_async (_bc_scheduler_get_client (scheduler), &query,
                                  _bc_scheduler_get_cancellable (scheduler),
                                  on_listed_cb, _bc_run_ref (run));
}

static void
refused (BcRun        *run,
         const GError *error,
         gint64        now)
{
  g_autofree char *reason = NULL;

  _bc_run_settle_all_unsure (run, BC_RECIPIENT_STATE_PENDING, NULL, now);
  if (run->scheduler == NULL)
    return;  /* a store failure stopped the run; the record stays */
  set_state (run, BC_HANDOFF_NONE, NULL);
  /* Translators: %s is the platform's (or the network's) message */
  reason = g_strdup_printf (_("The platform did not take the batch: %s"), error->message);
  _bc_run_pause (run, reason);
}

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BcRun) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 now;

  id = bc_api_client_create_batch_call_finish (BC_API_CLIENT (source), result, &error);
  run->n_polls--;
  /* Stopped while waiting: the request may have arrived, so the record
   * stays SUBMITTING, for the next run to follow by the calls' tags. */
  if (run->scheduler == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  now = _bc_scheduler_now (run->scheduler);
  if (id != NULL)
    set_state (run, BC_HANDOFF_SUBMITTED, id);
  else if (!bc_api_error_fate_unknown (error))
    refused (run, error, now);
  else
    g_message ("Batch %s: the platform's answer was lost (%s); following its calls by their tags",
               bc_batch_get_id (run->batch), error->message);
  run->handoff_next = run->handoff != BC_HANDOFF_NONE ? next_listing (run, now) : G_MAXINT64;
  _bc_scheduler_kick (run->scheduler);
}

/* PREPARING: claims what is left, then sends the request — once. */
static void
submit (BcRun  *run,
        gint64  now)
{
  BcStore *store = _bc_scheduler_get_store (run->scheduler);
  const char *batch_id = bc_batch_get_id (run->batch);
  g_autoptr(GPtrArray) in_flight = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(JsonObject) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) claimed = g_array_new (FALSE, TRUE, sizeof (BcRecipientData));
  guint cursor = 0;

  /* Everything left, in one transaction: one fsync, not one per
   * recipient (the rows are read back below, with the earlier ones). */
  g_array_set_clear_func (claimed, (GDestroyNotify) bc_recipient_data_clear);
  bc_store_claim_recipients (store, batch_id, &cursor, now, NULL, G_MAXUINT, claimed, &error);
  if (error == NULL)
    in_flight = bc_store_list_in_flight (store, batch_id, &error);
  if (in_flight == NULL)
    {
      _bc_run_store_failed (run, error);
      return;
    }
  for (guint i = 0; i < in_flight->len; i++)
    {
      BcInFlight *item = g_ptr_array_index (in_flight, i);

      if (item->data.state != BC_RECIPIENT_STATE_DISPATCHING)
        continue;
      g_ptr_array_add (rows, &item->data);
      _bc_run_add_unsure (run, &item->data, item->dispatched_at, now);
    }

  spec = rows->len > 0 ? bc_platform_handoff_build_spec (run->batch, rows, now, &error) : NULL;
  if (spec == NULL && rows->len > 0)
    {
      refused (run, error, now);
      return;
    }

  /* Committed before the first byte goes out: from now on this request is
   * never sent again (see the top of this file). */
  run->handoff_since = now;
  set_state (run, BC_HANDOFF_SUBMITTING, NULL);
  if (run->handoff != BC_HANDOFF_SUBMITTING)
    return;
  if (spec == NULL)
    {
      /* Nothing was left to call: there is nothing to send either. */
      set_state (run, BC_HANDOFF_SUBMITTED, NULL);
      return;
    }
  run->n_polls++;
  bc_api_client_create_batch_call_async (_bc_scheduler_get_client (run->scheduler), spec,
                                         _bc_scheduler_get_cancellable (run->scheduler),
                                         on_submitted_cb, _bc_run_ref (run));
}

gint64
_bc_run_handoff (BcRun  *run,
                 gint64  now)
{
  if (run->n_polls > 0)
    return G_MAXINT64;
  if (run->handoff == BC_HANDOFF_PREPARING)
    {
      if (bc_batch_get_state (run->batch) == BC_BATCH_STATE_ONGOING)
        submit (run, now);
      return G_MAXINT64;
    }
  /* SUBMITTING with nothing left to confirm or follow: a give-up
   * (never_confirmed) settled every row but died before dropping the
   * record. Finish it, or the batch would stay "on the platform" for ever. */
  if (run->handoff == BC_HANDOFF_SUBMITTING && run->handoff_id == NULL &&
      g_hash_table_size (run->followed) == 0 && g_hash_table_size (run->unsure) == 0)
    {
      set_state (run, BC_HANDOFF_NONE, NULL);
      return G_MAXINT64;
    }
  if (run->handoff_next == 0)
    run->handoff_next = next_listing (run, now);
  if (run->handoff_next > now)
    return run->handoff_next;
  run->handoff_next = G_MAXINT64;
  list_page (run, NULL);
  return G_MAXINT64;
}

gboolean
bc_scheduler_hand_off_batch (BcScheduler  *self,
                             BcBatch      *batch,
                             GError      **error)
{
  BcStore *store;
  BcRun *run;
  BcBatchState state;

  g_return_val_if_fail (BC_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);

  store = _bc_scheduler_get_store (self);
  if (!bc_platform_handoff_check (batch, bc_api_client_get_profile (_bc_scheduler_get_client (self)),
                                  error) ||
      !bc_scheduler_add_batch (self, batch, error))
    return FALSE;
  run = _bc_scheduler_find_run (self, batch);
  if (run->handoff == BC_HANDOFF_SUBMITTING || run->handoff == BC_HANDOFF_SUBMITTED)
    return TRUE;

  /* add_batch() refreshed the batch under its lock: this is its state. */
  state = bc_batch_get_state (batch);
  if (state != BC_BATCH_STATE_DRAFT && state != BC_BATCH_STATE_PLANNED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* Translators: %s is a batch state, e.g. "Ongoing" */
                   _("Only a Draft or a Planned batch can run on the platform; this one is %s."),
                   bc_batch_state_get_label (state));
      return FALSE;
    }

  /* The record first: once the batch is Ongoing, no runner may dispatch
   * it here (a crash in between leaves a Draft that knows it goes to the
   * platform, and handing it off again goes on from there). */
  run->handoff_since = _bc_scheduler_now (self);
  if (!bc_store_set_handoff (store, bc_batch_get_id (batch), BC_HANDOFF_PREPARING, NULL,
                             run->handoff_since, error))
    return FALSE;
  run->handoff = BC_HANDOFF_PREPARING;
  run->handoff_next = 0;
  if (!bc_store_set_batch_state (store, batch, BC_BATCH_STATE_ONGOING, error))
    return FALSE;
  _bc_scheduler_kick (self);
  return TRUE;
}

gboolean
bc_scheduler_can_hand_off (BcScheduler *self)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), FALSE);
  return bc_api_client_get_profile (_bc_scheduler_get_client (self)) == BC_API_PROFILE_RETELL;
}
