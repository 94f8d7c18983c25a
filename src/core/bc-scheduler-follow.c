/* bc-scheduler-follow.c: following calls until they are final
 *
 * Each followed call has a moment it is next worth asking about: first
 * when calls typically end (a learnt estimate), then at growing intervals.
 * A poll asks about every call due by then, with one paged "list calls"
 * when several are due (one request answers for up to a hundred calls),
 * else with "get call". Whatever a page says about other followed calls
 * is used too. A listing reads one page; live calls older than it reaches
 * (the long tail of durations) are listed together, filtered to those
 * still ongoing, at a slower pace, and only the ones missing from that
 * listing are asked about one by one. So the requests per call placed stay
 * below one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-scheduler-private.h"

#define LIST_PAGE_LIMIT 100
/* Our calls a listing may go through: one page, less room for calls of
 * the account that are not ours. Older live calls (the long tail of call
 * durations) are asked about one by one, on a slower schedule. */
#define LIST_MAX_OURS 90
#define ANALYSIS_CHECK_US (10 * G_USEC_PER_SEC)
#define MAX_PAGES_PER_POLL 3
/* How often, per expected call duration, a call too old for the listings
 * is asked about on its own. */
#define OLD_CALL_CHECKS_PER_DURATION 8
/* Expected call ends a listing waits for (see list_interval()). */
#define LIST_ENDS_PER_POLL 3

typedef struct
{
  BcRun      *run;
  GHashTable *due;        /* call ids this poll is for (owned strings) */
  gint64      from_ms;
  guint       n_pages;
} ListPoll;

static void
list_poll_free (ListPoll *poll)
{
  g_clear_pointer (&poll->due, g_hash_table_unref);
  _bc_run_unref (poll->run);
  g_free (poll);
}

void
_bc_follow_free (BcFollow *follow)
{
  g_free (follow->call_id);
  g_free (follow);
}

void
_bc_run_follow (BcRun      *run,
                const char *call_id,
                gint64      recipient_id,
                gint64      dispatched_at,
                gint64      now)
{
  BcFollow *follow = g_new0 (BcFollow, 1);
  gint64 estimate = _bc_scheduler_get_duration_estimate (run->scheduler);

  follow->call_id = g_strdup (call_id);
  follow->recipient_id = recipient_id;
  follow->dispatched_at = dispatched_at;
  /* Slightly before the typical end, so a slot is seldom idle for long. */
  follow->next_check = MAX (now + BC_POLL_MIN_GAP_US, dispatched_at + estimate * 9 / 10);
  g_hash_table_replace (run->followed, follow->call_id, follow);
}

/* With many calls in flight, one listing answers for all of them: list
 * when about LIST_ENDS_PER_POLL calls are expected to have ended. The
 * tension: a call that ended holds its slot until a listing sees it (half
 * an interval on average, against a call duration), and each listing is a
 * request. Measured with bench-scheduler (5,000 calls, concurrency 50):
 *   exponential durations, mean 60 s talk ("realistic"): 0.90 requests per
 *   call, makespan 1.074 × ideal (before: 1.65 and 1.069, from two-page
 *   listings and calls behind the cutoff polled one by one at up to 60 s);
 *   bounded 8–26 s: 0.63 per call, 1.044 × ideal (before: 0.74, 1.031).
 * Two expected ends per listing measured 1.10 per call for 1.064 ×.
 * With exponential durations ~1.05 is the floor: the last wave ends with
 * the longest calls, whatever the polling. */
static gint64
list_interval (BcRun *run)
{
  gint64 estimate = _bc_scheduler_get_duration_estimate (run->scheduler);
  /* Calls awaiting their analysis have ended: they do not set the pace. */
  guint n = MAX (g_hash_table_size (run->followed) - run->n_awaiting_analysis, 1);

  return CLAMP (estimate * LIST_ENDS_PER_POLL / n, BC_POLL_MIN_GAP_US, 30 * G_USEC_PER_SEC);
}

static gint64
next_interval (BcRun    *run,
               BcFollow *follow)
{
  gint64 estimate = _bc_scheduler_get_duration_estimate (run->scheduler);
  gint64 step = (estimate / 4) << MIN (follow->n_checks, 4u);

  /* Listed with the others at the next listing. */
  if (!follow->solo && follow->dispatched_at >= run->list_cutoff)
    return 0;
  /* Older than a listing reaches: a long call, one of a long tail. How
   * long it still lasts does not shrink with its age (talk times are
   * roughly exponential), so a steady pace: each ask costs a request, each
   * second of lateness a second of an idle slot. */
  if (!follow->solo)
    return CLAMP (estimate / OLD_CALL_CHECKS_PER_DURATION, G_USEC_PER_SEC, 60 * G_USEC_PER_SEC);
  return CLAMP (step, G_USEC_PER_SEC, 60 * G_USEC_PER_SEC);
}

/* The call is over: its recipient is done, or waits for a retry. */
static void
finish (BcRun            *run,
        BcFollow         *follow,
        const BcCallInfo *info,
        const char       *give_up_message,
        gint64            now)
{
  BcStore *store = _bc_scheduler_get_store (run->scheduler);
  g_autoptr(BcRecipient) current = NULL;
  g_autoptr(GError) error = NULL;
  BcRecipientData data = { 0 };
  BcRetryKind kind;
  gint64 retry_at = 0;
  gboolean successful = FALSE;

  current = bc_store_get_recipient (store, follow->recipient_id, &error);
  if (current == NULL)
    {
      _bc_run_store_failed (run, error);
      if (follow->ended_seen != 0)
        run->n_awaiting_analysis--;
      g_hash_table_remove (run->followed, follow->call_id);
      return;
    }
  _bc_recipient_data_copy (&data, bc_recipient_get_data (current));

  if (info != NULL)
    {
      data.outcome = bc_call_info_get_outcome (info, &successful);
      if (data.outcome == BC_CALL_OUTCOME_NONE)
        data.outcome = BC_CALL_OUTCOME_ERROR;
      data.successful = successful;
      data.started_at_ms = info->start_ms;
      data.ended_at_ms = info->end_ms;
      data.duration_ms = MAX (info->duration_ms, 0);
      g_free (data.disconnection_reason);
      data.disconnection_reason = g_strdup (info->disconnection_reason);
      g_free (data.sentiment);
      data.sentiment = g_strdup (info->user_sentiment);
      g_clear_pointer (&data.error_message, g_free);
    }
  else
    {
      data.outcome = BC_CALL_OUTCOME_ERROR;
      g_free (data.error_message);
      data.error_message = g_strdup (give_up_message);
    }
  data.state = data.outcome == BC_CALL_OUTCOME_ERROR && info == NULL
               ? BC_RECIPIENT_STATE_FAILED : BC_RECIPIENT_STATE_DONE;

  if (info != NULL &&
      _bc_retry_kind_for (data.outcome, info->disconnection_reason, &kind) &&
      run->policy.max_attempts[kind] > bc_store_count_accepted (store, data.id, NULL))
    {
      /* The call stays counted as sent; its outcome waits for the retry. */
      retry_at = now + run->policy.delay_us[kind];
      data.state = BC_RECIPIENT_STATE_PENDING;
      data.outcome = BC_CALL_OUTCOME_NONE;
      data.successful = FALSE;
    }

  if (follow->ended_seen != 0)
    run->n_awaiting_analysis--;
  g_hash_table_remove (run->followed, follow->call_id);
  if (!bc_store_save_attempt (store, &data, BC_ATTEMPT_KEEP, retry_at, now, &error))
    _bc_run_store_failed (run, error);
  else if (data.state == BC_RECIPIENT_STATE_PENDING)
    _bc_run_requeue (run, retry_at, now);
  bc_recipient_data_clear (&data);
}

void
_bc_run_apply_call (BcRun            *run,
                    const BcCallInfo *info,
                    gint64            now)
{
  BcFollow *follow = g_hash_table_lookup (run->followed, info->call_id);

  if (follow == NULL)
    return;
  follow->n_checks++;

  /* What a slot costs is the time from dispatch to the end seen (the
   * analysis comes later and holds no slot at the API). */
  if (follow->ended_seen == 0 && bc_call_info_has_ended (info))
    _bc_scheduler_learn_duration (run->scheduler, now - follow->dispatched_at);

  if (bc_call_info_is_final (info))
    finish (run, follow, info, NULL, now);
  else if (bc_call_info_has_ended (info))
    {
      if (follow->ended_seen == 0)
        {
          follow->ended_seen = now;
          run->n_awaiting_analysis++;
          /* Its slot is free: refill it now. */
          _bc_scheduler_kick (run->scheduler);
        }
      if (now - follow->ended_seen >= BC_ANALYSIS_DEADLINE_US)
        finish (run, follow, info, NULL, now);
      else
        /* The analysis takes seconds; no hurry, the slot is free. */
        follow->next_check = now + ANALYSIS_CHECK_US;
    }
  else
    follow->next_check = now + next_interval (run, follow);
}

static void
poll_failed (BcRun        *run,
             const GError *error,
             gint64        now)
{
  gint64 delay = MIN ((gint64) G_USEC_PER_SEC << MIN (run->poll_backoff_level, 6u),
                      60 * G_USEC_PER_SEC);

  g_debug ("Following calls of batch %s: %s", bc_batch_get_id (run->batch), error->message);
  run->poll_backoff_level++;
  run->poll_backoff_until = now + MAX (delay, bc_api_error_get_retry_after_ms (error) * 1000);
  if (g_error_matches (error, BC_API_ERROR, BC_API_ERROR_UNAUTHORIZED))
    _bc_run_pause (run, _("The API token was refused. Check it in the preferences, then resume."));
}

/* Gives up on calls followed for too long, so a lost call cannot hold a
 * slot (and the batch) forever. */
static void
expire (BcRun  *run,
        gint64  now)
{
  g_autoptr(GPtrArray) expired = g_ptr_array_new ();
  GHashTableIter iter;
  BcFollow *follow;

  g_hash_table_iter_init (&iter, run->followed);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &follow))
    if (now - follow->dispatched_at > BC_FOLLOW_DEADLINE_US)
      g_ptr_array_add (expired, follow);
  for (guint i = 0; i < expired->len; i++)
    finish (run, g_ptr_array_index (expired, i), NULL,
            _("The call was followed for hours without ending; its outcome is unknown"), now);
}

static void
on_got_call_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BcRun) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = NULL;
  gint64 now;

  info = bc_api_client_get_call_finish (BC_API_CLIENT (source), result, &error);
  run->n_polls--;
  if (run->scheduler == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  now = _bc_scheduler_now (run->scheduler);
  if (info != NULL)
    {
      run->poll_backoff_level = 0;
      _bc_run_apply_call (run, info, now);
    }
  else
    poll_failed (run, error, now);
  _bc_scheduler_kick (run->scheduler);
}

static void list_page (ListPoll *poll, const char *cursor);

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ListPoll *poll = user_data;
  BcRun *run = poll->run;
  g_autoptr(BcCallPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now;

  page = bc_api_client_list_calls_finish (BC_API_CLIENT (source), result, &error);
  if (run->scheduler == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto done;
  now = _bc_scheduler_now (run->scheduler);
  if (page == NULL)
    {
      poll_failed (run, error, now);
      goto done;
    }
  run->poll_backoff_level = 0;
  for (guint i = 0; i < page->calls->len; i++)
    {
      const BcCallInfo *info = g_ptr_array_index (page->calls, i);

      g_hash_table_remove (poll->due, info->call_id);
      _bc_run_apply_call (run, info, now);
    }
  if (page->next_cursor != NULL && g_hash_table_size (poll->due) > 0 &&
      poll->n_pages < MAX_PAGES_PER_POLL)
    {
      list_page (poll, page->next_cursor);
      return;
    }

  {
    GHashTableIter iter;
    const char *call_id;

    /* Not in the pages a poll may read (many calls since, or a clock
     * that disagrees): asked about on its own from now on, so that no
     * call can be missed by every listing forever. */
    g_hash_table_iter_init (&iter, poll->due);
    while (g_hash_table_iter_next (&iter, (gpointer *) &call_id, NULL))
      {
        BcFollow *follow = g_hash_table_lookup (run->followed, call_id);

        if (follow != NULL)
          {
            follow->solo = TRUE;
            follow->next_check = now;
          }
      }
  }

done:
  run->n_polls--;
  if (run->scheduler != NULL)
    _bc_scheduler_kick (run->scheduler);
  list_poll_free (poll);
}

static void
list_page (ListPoll   *poll,
           const char *cursor)
{
  BcScheduler *scheduler = poll->run->scheduler;
  BcListCallsQuery query = { 0 };

  query.from_ms = poll->from_ms;
  query.limit = LIST_PAGE_LIMIT;
  query.cursor = cursor;
  poll->n_pages++;
  _bc_scheduler_count_status_request (scheduler);
  bc_api_client_list_calls_async (_bc_scheduler_get_client (scheduler), &query,
                                  _bc_scheduler_get_cancellable (scheduler),
                                  on_listed_cb, poll);
}

/* The oldest dispatch a listing covers: that of the oldest call still
 * live, so every call that can end is seen by one listing (calls come
 * oldest first) — and, when some are due, of the calls awaiting their
 * analysis, which then come along in the same pages; but never more of
 * ours than two pages hold, so a few very long calls do not make every
 * listing long. Calls older than the cutoff are asked about one by one,
 * on their own schedule. *@awaiting_due: the cutoff reaches back for
 * calls awaiting their analysis. */
static gint64
list_cutoff (BcRun    *run,
             gint64    now,
             gboolean *awaiting_due)
{
  GArray *log = run->recent_dispatches;
  gint64 oldest_live = G_MAXINT64;
  gint64 oldest_awaiting = G_MAXINT64;
  gint64 cap = G_MININT64;
  GHashTableIter iter;
  BcFollow *follow;

  g_hash_table_iter_init (&iter, run->followed);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &follow))
    if (follow->solo)
      continue;
    else if (follow->ended_seen == 0)
      oldest_live = MIN (oldest_live, follow->dispatched_at);
    else if (follow->next_check <= now + BC_POLL_MIN_GAP_US)
      oldest_awaiting = MIN (oldest_awaiting, follow->dispatched_at);
  if (log->len > LIST_MAX_OURS)
    cap = g_array_index (log, gint64, log->len - LIST_MAX_OURS);
  *awaiting_due = oldest_awaiting < oldest_live && oldest_awaiting >= cap;
  return MAX (MIN (oldest_live, oldest_awaiting), cap);
}

void
_bc_run_log_dispatch (BcRun  *run,
                      gint64  at)
{
  g_array_append_val (run->recent_dispatches, at);
  if (run->recent_dispatches->len > 2 * LIST_MAX_OURS)
    g_array_remove_range (run->recent_dispatches, 0, LIST_MAX_OURS);
}

static void
get_call (BcRun    *run,
          BcFollow *follow)
{
  run->n_polls++;
  _bc_scheduler_count_status_request (run->scheduler);
  bc_api_client_get_call_async (_bc_scheduler_get_client (run->scheduler), follow->call_id,
                                _bc_scheduler_get_cancellable (run->scheduler),
                                on_got_call_cb, _bc_run_ref (run));
}

/* The calls too old for the listings, asked about together: one listing
 * of that time range filtered to the calls still "ongoing" (an old call is
 * past its ringing) says which are live; only those missing from it, which
 * have ended (or are unknown), are then asked about one by one. */
typedef struct
{
  BcRun     *run;
  GPtrArray *due;         /* call ids (owned) */
} OldPoll;

static void
old_poll_free (OldPoll *poll)
{
  g_clear_pointer (&poll->due, g_ptr_array_unref);
  _bc_run_unref (poll->run);
  g_free (poll);
}

static void
on_old_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  OldPoll *poll = user_data;
  BcRun *run = poll->run;
  g_autoptr(BcCallPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) live = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now;

  page = bc_api_client_list_calls_finish (BC_API_CLIENT (source), result, &error);
  run->n_polls--;
  if (run->scheduler == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto done;
  now = _bc_scheduler_now (run->scheduler);
  if (page == NULL)
    {
      poll_failed (run, error, now);
      goto done;
    }
  run->poll_backoff_level = 0;
  /* A full page may hide more: then nothing is concluded from absence. */
  if (page->calls->len < LIST_PAGE_LIMIT)
    for (guint i = 0; i < page->calls->len; i++)
      {
        const BcCallInfo *info = g_ptr_array_index (page->calls, i);

        g_hash_table_add (live, info->call_id);
      }
  for (guint i = 0; i < poll->due->len; i++)
    {
      BcFollow *follow = g_hash_table_lookup (run->followed, g_ptr_array_index (poll->due, i));

      if (follow == NULL)
        continue;
      if (g_hash_table_contains (live, follow->call_id))
        follow->next_check = now + next_interval (run, follow);
      else
        get_call (run, follow);
    }

done:
  if (run->scheduler != NULL)
    _bc_scheduler_kick (run->scheduler);
  old_poll_free (poll);
}

static void
list_old (BcRun     *run,
          GPtrArray *due,
          gint64     cutoff)
{
  OldPoll *poll = g_new0 (OldPoll, 1);
  BcListCallsQuery query = { 0 };
  gint64 oldest = G_MAXINT64;

  poll->run = _bc_run_ref (run);
  poll->due = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < due->len; i++)
    {
      BcFollow *follow = g_ptr_array_index (due, i);

      oldest = MIN (oldest, follow->dispatched_at);
      g_ptr_array_add (poll->due, g_strdup (follow->call_id));
      /* Not asked about again before this listing answers. */
      follow->next_check = G_MAXINT64;
    }
  query.from_ms = oldest / 1000 - BC_LIST_SLACK_MS;
  query.to_ms = cutoff / 1000 + BC_LIST_SLACK_MS;
  query.status = "ongoing";
  query.limit = LIST_PAGE_LIMIT;
  run->n_polls++;
  _bc_scheduler_count_status_request (run->scheduler);
  bc_api_client_list_calls_async (_bc_scheduler_get_client (run->scheduler), &query,
                                  _bc_scheduler_get_cancellable (run->scheduler),
                                  on_old_listed_cb, poll);
}

gint64
_bc_run_poll (BcRun  *run,
              gint64  now)
{
  GHashTableIter iter;
  BcFollow *follow;
  gint64 earliest = G_MAXINT64;
  gint64 cutoff = G_MAXINT64;
  gboolean list_mode;
  gboolean awaiting_due = FALSE;
  guint n_recent = 0;
  g_autoptr(GPtrArray) old_due = NULL;

  if (run->n_polls > 0)
    return G_MAXINT64;
  expire (run, now);
  if (g_hash_table_size (run->followed) == 0)
    return G_MAXINT64;

  list_mode = g_hash_table_size (run->followed) >= BC_POLL_LIST_THRESHOLD;
  if (list_mode)
    cutoff = list_cutoff (run, now, &awaiting_due);
  run->list_cutoff = cutoff;

  old_due = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, run->followed);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &follow))
    {
      if (!follow->solo && follow->dispatched_at >= cutoff)
        n_recent++;
      else
        {
          earliest = MIN (earliest, follow->next_check);
          if (follow->next_check <= now + BC_POLL_MIN_GAP_US)
            g_ptr_array_add (old_due, follow);
        }
    }
  if (awaiting_due)
    earliest = now;
  else if (n_recent > 0)
    earliest = MIN (earliest, run->last_poll + list_interval (run));
  earliest = MAX (earliest, run->poll_backoff_until);
  if (earliest > now)
    return earliest;
  run->poll_backoff_until = now + BC_POLL_MIN_GAP_US;

  if (n_recent > 0 && (awaiting_due || run->last_poll + list_interval (run) <= now))
    {
      ListPoll *poll = g_new0 (ListPoll, 1);

      run->last_poll = now;
      poll->run = _bc_run_ref (run);
      poll->due = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, run->followed);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &follow))
        if (!follow->solo && follow->dispatched_at >= cutoff)
          g_hash_table_add (poll->due, g_strdup (follow->call_id));
      poll->from_ms = cutoff / 1000 - BC_LIST_SLACK_MS;
      run->n_polls++;
      list_page (poll, NULL);
    }
  {
    g_autoptr(GPtrArray) old_live = g_ptr_array_new ();

    /* Solo calls and calls awaiting their analysis are asked about on
     * their own; live calls behind the cutoff, together. */
    for (guint i = 0; i < old_due->len; i++)
      {
        BcFollow *old = g_ptr_array_index (old_due, i);

        if (!old->solo && old->ended_seen == 0 && cutoff != G_MAXINT64)
          g_ptr_array_add (old_live, old);
        else
          get_call (run, old);
      }
    if (old_live->len > 0 && old_live->len < BC_POLL_LIST_THRESHOLD)
      {
        /* One is due: the others behind the cutoff come along, so that
         * they share one schedule, and one listing, from now on. */
        g_hash_table_iter_init (&iter, run->followed);
        while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &follow))
          if (!follow->solo && follow->ended_seen == 0 && follow->dispatched_at < cutoff &&
              follow->next_check > now + BC_POLL_MIN_GAP_US)
            g_ptr_array_add (old_live, follow);
      }
    if (old_live->len >= BC_POLL_LIST_THRESHOLD)
      list_old (run, old_live, cutoff);
    else
      for (guint i = 0; i < old_live->len; i++)
        get_call (run, g_ptr_array_index (old_live, i));
  }
  return G_MAXINT64;
}
