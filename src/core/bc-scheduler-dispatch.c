/* bc-scheduler-dispatch.c: claiming recipients, placing calls, the answers
 *
 * The order is the whole of "exactly once": the claim commits the
 * recipient as DISPATCHING with its attempt number (and the attempt's
 * calls row) before the request leaves; only a definite answer of the
 * API moves it on. Everything in between — no answer, a reset, a crash —
 * leaves it DISPATCHING, and reconciliation decides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-scheduler-private.h"

#define BACKOFF_BASE_US (1 * G_USEC_PER_SEC)
#define BACKOFF_MAX_US  (60 * G_USEC_PER_SEC)

typedef struct
{
  BcRun           *run;
  BcRecipientData  data;
  gint64           dispatched_at;
} Posting;

static void
posting_free (Posting *posting)
{
  bc_recipient_data_clear (&posting->data);
  _bc_run_unref (posting->run);
  g_free (posting);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Posting, posting_free)

void
_bc_recipient_data_copy (BcRecipientData       *dest,
                         const BcRecipientData *src)
{
  *dest = *src;
  dest->batch_id = g_strdup (src->batch_id);
  dest->phone = g_strdup (src->phone);
  dest->override_agent_id = g_strdup (src->override_agent_id);
  dest->metadata = g_strdup (src->metadata);
  dest->custom_sip_headers = g_strdup (src->custom_sip_headers);
  dest->variables = g_strdup (src->variables);
  dest->last_call_id = g_strdup (src->last_call_id);
  dest->disconnection_reason = g_strdup (src->disconnection_reason);
  dest->sentiment = g_strdup (src->sentiment);
  dest->error_message = g_strdup (src->error_message);
}

void
_bc_run_requeue (BcRun  *run,
                 gint64  at,
                 gint64  now)
{
  if (at <= now)
    {
      run->cursor = 0;
      run->drained = FALSE;
    }
  else
    run->next_retry_at = MIN (run->next_retry_at, at);
}

static void
back_off (BcRun  *run,
          gint64  retry_after_us,
          gint64  now)
{
  gint64 delay = MIN (BACKOFF_BASE_US << MIN (run->backoff_level, 10), BACKOFF_MAX_US);

  /* Equal jitter: several runners that hit the limit together spread out. */
  delay = delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1);
  delay = MAX (delay, retry_after_us);
  run->backoff_level++;
  run->backoff_until = MAX (run->backoff_until, now + delay);
}

/* The attempt surely placed no call: the recipient waits again, or fails
 * with @message when sending it again cannot help. */
static void
refuse (BcRun           *run,
        BcRecipientData *data,
        gboolean         fail,
        const char      *message,
        gint64           now)
{
  g_autoptr(GError) error = NULL;

  data->state = fail ? BC_RECIPIENT_STATE_FAILED : BC_RECIPIENT_STATE_PENDING;
  g_free (data->error_message);
  data->error_message = g_strdup (message);
  if (!bc_store_save_attempt (_bc_scheduler_get_store (run->scheduler), data,
                              BC_ATTEMPT_REFUSED, 0, now, &error))
    {
      _bc_run_store_failed (run, error);
      return;
    }
  if (!fail)
    _bc_run_requeue (run, 0, now);
}

static void
accept (BcRun           *run,
        BcRecipientData *data,
        const BcCallInfo *info,
        gint64           dispatched_at,
        gint64           now)
{
  BcScheduler *scheduler = run->scheduler;
  g_autoptr(GError) error = NULL;

  data->state = BC_RECIPIENT_STATE_IN_PROGRESS;
  g_free (data->last_call_id);
  data->last_call_id = g_strdup (info->call_id);
  g_clear_pointer (&data->error_message, g_free);
  if (!bc_store_save_attempt (_bc_scheduler_get_store (scheduler), data,
                              BC_ATTEMPT_ACCEPTED, 0, now, &error))
    {
      /* The call exists but is not recorded: the row is still DISPATCHING
       * in the database, and reconciliation will find the call. */
      data->state = BC_RECIPIENT_STATE_DISPATCHING;
      _bc_run_add_unsure (run, data, dispatched_at, now);
      _bc_run_store_failed (run, error);
      return;
    }
  _bc_scheduler_count_placed (scheduler);
  run->backoff_level = 0;
  run->dyn_limit = MIN (run->dyn_limit + 1, MAX (bc_batch_get_concurrency (run->batch), 1));
  _bc_run_follow (run, info->call_id, data->id, dispatched_at, now);
  /* The answer may already be final (an instant failure). */
  _bc_run_apply_call (run, info, now);
}

static void
on_posted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Posting) posting = user_data;
  g_autoptr(BcCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  BcRun *run = posting->run;
  BcRecipientData *data = &posting->data;
  gint64 now;

  info = bc_api_client_initiate_call_finish (BC_API_CLIENT (source), result, &error);
  run->n_posting--;
  /* Removed or stopped: the row stays DISPATCHING for the next run. */
  if (run->scheduler == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  now = _bc_scheduler_now (run->scheduler);
  if (info != NULL)
    accept (run, data, info, posting->dispatched_at, now);
  else if (bc_api_error_fate_unknown (error) || error->domain != BC_API_ERROR)
    _bc_run_add_unsure (run, data, posting->dispatched_at, now);
  else
    switch ((BcApiErrorCode) error->code)
      {
      case BC_API_ERROR_UNAUTHORIZED:
        refuse (run, data, FALSE, NULL, now);
        _bc_run_pause (run, _("The API token was refused. Check it in the preferences, then resume."));
        break;
      case BC_API_ERROR_PAYMENT_REQUIRED:
        refuse (run, data, FALSE, NULL, now);
        _bc_run_pause (run, _("The account has no valid payment method. Resume once it is settled."));
        break;
      case BC_API_ERROR_RATE_LIMITED:
        refuse (run, data, FALSE, NULL, now);
        /* What the account holds now is what it allows; grow back on success. */
        run->dyn_limit = MAX (1, g_hash_table_size (run->followed) - run->n_awaiting_analysis);
        back_off (run, MAX (bc_api_error_get_retry_after_ms (error), 0) * 1000, now);
        break;
      case BC_API_ERROR_INVALID_REQUEST:
      case BC_API_ERROR_NOT_FOUND:
      case BC_API_ERROR_INSECURE_URL:
      case BC_API_ERROR_NOT_SUPPORTED:
        refuse (run, data, TRUE, error->message, now);
        break;
      case BC_API_ERROR_SERVER:
      case BC_API_ERROR_NETWORK:
      case BC_API_ERROR_TIMEOUT:
        /* Surely not sent (fate known): wait and send again. */
        refuse (run, data, FALSE, NULL, now);
        back_off (run, MAX (bc_api_error_get_retry_after_ms (error), 0) * 1000, now);
        break;
      case BC_API_ERROR_PROTOCOL:
      default:
        /* An answer we cannot read may still mean a call was placed. */
        _bc_run_add_unsure (run, data, posting->dispatched_at, now);
        break;
      }
  _bc_scheduler_kick (run->scheduler);
}

static void
post (BcRun            *run,
      BcRecipientData  *claimed,
      gint64            now)
{
  BcScheduler *scheduler = run->scheduler;
  Posting *posting = g_new0 (Posting, 1);
  BcCallRequest request = { 0 };

  posting->run = _bc_run_ref (run);
  posting->data = *claimed;
  *claimed = (BcRecipientData) { 0 };
  posting->dispatched_at = now;

  request.recipient = &posting->data;
  request.batch_id = bc_batch_get_id (run->batch);
  request.attempt = posting->data.attempts;
  request.from_number = bc_batch_get_from_number (run->batch);
  request.agent_id = bc_batch_get_agent_id (run->batch);
  request.agent_version = -1;
  if (request.agent_id == NULL)
    {
      g_autofree char *why_not = NULL;
      const BcFromNumber *number = _bc_scheduler_find_number (scheduler, request.from_number, &why_not);
      const BcOutboundAgent *agent = number != NULL
                                     ? bc_from_number_pick_agent (number, posting->data.id) : NULL;

      /* may_dispatch() checked the number: an agent is there. */
      if (agent != NULL)
        {
          request.agent_id = agent->agent_id;
          request.agent_version = agent->version;
        }
    }

  run->n_posting++;
  _bc_run_log_dispatch (run, now);
  bc_api_client_initiate_call_async (_bc_scheduler_get_client (scheduler), &request,
                                     _bc_scheduler_get_cancellable (scheduler),
                                     on_posted_cb, posting);
}

static guint
slot_limit (BcRun *run)
{
  guint limit = MIN (MAX (bc_batch_get_concurrency (run->batch), 1), run->dyn_limit);
  gint64 account = _bc_scheduler_get_account_limit (run->scheduler);

  if (account > 0)
    {
      guint total = _bc_scheduler_get_total_in_flight (run->scheduler);
      guint mine = _bc_run_get_in_flight (run);
      guint others = total - mine;

      limit = MIN (limit, account > others ? (guint) (account - others) : 0);
    }
  return limit;
}

static void
add_zone (const char *zone,
          gint64      count,
          gpointer    user_data)
{
  BcRun *run = user_data;

  if (!bc_zone_tally_add (run->zones, zone, count, NULL))
    {
      /* Not a zone this system knows: the batch's zone is the best guess,
       * and the row must not wait forever. */
      g_debug ("Batch %s: unknown time zone “%s” for %" G_GINT64_FORMAT " recipients",
               bc_batch_get_id (run->batch), zone, count);
      g_ptr_array_add (run->unknown_zones, g_strdup (zone));
      bc_zone_tally_add (run->zones, "", count, NULL);
    }
}

void
_bc_run_tally_zones (BcRun *run)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&run->zones, bc_zone_tally_free);
  g_clear_pointer (&run->unknown_zones, g_ptr_array_unref);
  run->zones = bc_zone_tally_new ();
  run->unknown_zones = g_ptr_array_new_with_free_func (g_free);
  if (!bc_store_count_pending_zones (_bc_scheduler_get_store (run->scheduler),
                                     bc_batch_get_id (run->batch), add_zone, run, &error))
    _bc_run_store_failed (run, error);
}

/* With recipient-local time: which zones may be called now. FALSE when
 * none; *@next is when the next zone opens or closes. */
static gboolean
update_open_zones (BcRun  *run,
                   gint64  now,
                   gint64 *next)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gboolean batch_zone_open = FALSE;

  *next = bc_zone_tally_update (run->zones, run->schedule, now, open, NULL);
  if (open->len == 0)
    return FALSE;

  json_builder_begin_array (builder);
  for (guint i = 0; i < open->len; i++)
    {
      const char *zone = g_ptr_array_index (open, i);

      batch_zone_open |= *zone == '\0';
      json_builder_add_string_value (builder, zone);
    }
  for (guint i = 0; batch_zone_open && i < run->unknown_zones->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (run->unknown_zones, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  if (g_strcmp0 (text, run->open_zones) != 0)
    {
      /* Rows of a zone that just opened lie behind the cursor. */
      g_free (run->open_zones);
      run->open_zones = g_steal_pointer (&text);
      run->cursor = 0;
      run->drained = FALSE;
    }
  return TRUE;
}

/* FALSE when nothing may be dispatched now; *@due is when to look again. */
static gboolean
may_dispatch (BcRun  *run,
              gint64  now,
              gint64 *due)
{
  if (run->schedule == NULL)
    {
      _bc_run_pause (run, _("The time windows of this batch are not valid. Fix them, then resume."));
      return FALSE;
    }
  if (bc_batch_get_agent_id (run->batch) == NULL)
    {
      g_autofree char *why_not = NULL;

      if (_bc_scheduler_find_number (run->scheduler, bc_batch_get_from_number (run->batch),
                                     &why_not) == NULL)
        {
          /* Still being listed: the answer kicks the scheduler. */
          if (why_not != NULL)
            _bc_run_pause (run, why_not);
          return FALSE;
        }
    }
  if (run->zones != NULL)
    {
      gint64 next;
      gboolean open = update_open_zones (run, now, &next);

      /* Wake up as zones open (and close, to stop placing there). */
      *due = next;
      if (!open)
        return FALSE;
    }
  else if (!bc_schedule_is_open (run->schedule, now, NULL))
    {
      *due = bc_schedule_next_open (run->schedule, now, NULL);
      return FALSE;
    }
  if (run->backoff_until > now)
    {
      *due = MIN (*due, run->backoff_until);
      return FALSE;
    }
  if (run->drained)
    {
      if (run->next_retry_at > now)
        {
          *due = MIN (*due, run->next_retry_at);
          return FALSE;
        }
      run->drained = FALSE;
      run->cursor = 0;
    }
  return TRUE;
}

gint64
_bc_run_dispatch (BcRun  *run,
                  gint64  now)
{
  BcStore *store = _bc_scheduler_get_store (run->scheduler);
  const char *batch_id = bc_batch_get_id (run->batch);
  gint64 due = G_MAXINT64;

  if (!may_dispatch (run, now, &due))
    return due;

  while (_bc_run_get_in_flight (run) < slot_limit (run) &&
         bc_batch_get_state (run->batch) == BC_BATCH_STATE_ONGOING)
    {
      g_autoptr(GArray) claimed = g_array_new (FALSE, TRUE, sizeof (BcRecipientData));
      g_autoptr(GError) error = NULL;
      guint free_slots = slot_limit (run) - _bc_run_get_in_flight (run);

      /* Every free slot in one claim: one fsync instead of one per call,
       * and each row is still durable as DISPATCHING before its POST. */
      if (bc_store_claim_recipients (store, batch_id, &run->cursor, now,
                                     run->zones != NULL ? run->open_zones : NULL,
                                     free_slots, claimed, &error) > 0)
        {
          for (guint i = 0; i < claimed->len; i++)
            post (run, &g_array_index (claimed, BcRecipientData, i), now);
          continue;
        }
      if (error != NULL)
        {
          _bc_run_store_failed (run, error);
          break;
        }
      if (run->cursor > 0)
        {
          /* Rows behind the cursor may have become due (retries). */
          run->cursor = 0;
          continue;
        }
      run->drained = TRUE;
      run->next_retry_at = bc_store_next_retry_at (store, batch_id, now, NULL);
      due = MIN (due, run->next_retry_at);
      /* Forget the zones whose rows are all taken: their changes need no
       * wake-up any more. */
      if (run->zones != NULL)
        _bc_run_tally_zones (run);
      break;
    }
  return due;
}
