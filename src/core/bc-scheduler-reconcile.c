/* bc-scheduler-reconcile.c: attempts whose fate is unknown
 *
 * A recipient left DISPATCHING (a crash between commit and answer, a
 * timeout or reset after the request was sent) may or may not have a
 * call. The contract has no idempotency key, so: list the calls created
 * since the attempt and look for our metadata.bc {batch, recipient,
 * attempt}. Found: adopt the call. Absent from a listing made at least a
 * grace period after the attempt: it was never placed, the recipient
 * waits again. Listing impossible: NEEDS_REVIEW, for a person to decide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-scheduler-private.h"

#define LIST_PAGE_LIMIT 100

typedef struct
{
  BcRun  *run;
  gint64  started;   /* when the listing began: absence is proven up to here */
  gint64  from_ms;
  /* Recipient ids unsure when the listing began: a page fetched before a
   * row became unsure proves nothing about it. */
  GHashTable *covered;
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->covered, g_hash_table_unref);
  _bc_run_unref (listing->run);
  g_free (listing);
}

void
_bc_run_add_unsure (BcRun                 *run,
                    const BcRecipientData *data,
                    gint64                 dispatched_at,
                    gint64                 now)
{
  BcInFlight *item = g_new0 (BcInFlight, 1);

  _bc_recipient_data_copy (&item->data, data);
  item->dispatched_at = dispatched_at;
  g_hash_table_replace (run->unsure, &item->data.id, item);
  if (!run->reconciling && (run->reconcile_at == 0 || run->reconcile_at > now))
    run->reconcile_at = now;
}

static void
adopt (BcRun            *run,
       BcInFlight       *item,
       const BcCallInfo *info,
       gint64            now)
{
  g_autoptr(GError) error = NULL;
  BcRecipientData *data = &item->data;

  data->state = BC_RECIPIENT_STATE_IN_PROGRESS;
  g_free (data->last_call_id);
  data->last_call_id = g_strdup (info->call_id);
  if (!bc_store_save_attempt (_bc_scheduler_get_store (run->scheduler), data,
                              BC_ATTEMPT_ACCEPTED, 0, now, &error))
    {
      _bc_run_store_failed (run, error);
      return;
    }
  _bc_scheduler_count_placed (run->scheduler);
  _bc_run_follow (run, info->call_id, data->id, item->dispatched_at, now);
  g_hash_table_remove (run->unsure, &data->id);
  _bc_run_apply_call (run, info, now);
}

void
_bc_run_settle (BcRun           *run,
                BcInFlight      *item,
                BcRecipientState state,
                const char      *message,
                gint64           now)
{
  g_autoptr(GError) error = NULL;
  BcRecipientData *data = &item->data;

  data->state = state;
  g_free (data->error_message);
  data->error_message = g_strdup (message);
  if (!bc_store_save_attempt (_bc_scheduler_get_store (run->scheduler), data,
                              state == BC_RECIPIENT_STATE_PENDING ? BC_ATTEMPT_REFUSED : BC_ATTEMPT_KEEP,
                              0, now, &error))
    {
      _bc_run_store_failed (run, error);
      return;
    }
  if (state == BC_RECIPIENT_STATE_PENDING)
    _bc_run_requeue (run, 0, now);
  g_hash_table_remove (run->unsure, &data->id);
}

void
_bc_run_match_page (BcRun      *run,
                    BcCallPage *page,
                    gint64      now)
{
  const char *batch_id = bc_batch_get_id (run->batch);

  for (guint i = 0; i < page->calls->len; i++)
    {
      const BcCallInfo *info = g_ptr_array_index (page->calls, i);
      g_autofree char *tag_batch = NULL;
      gint64 recipient_id;
      guint attempt;
      BcInFlight *item;

      if (!bc_call_info_get_bc_tag (info, &tag_batch, &recipient_id, &attempt) ||
          g_strcmp0 (tag_batch, batch_id) != 0)
        continue;
      item = g_hash_table_lookup (run->unsure, &recipient_id);
      if (item != NULL && item->data.attempts == attempt)
        adopt (run, item, info, now);
    }
}

/* The listing is complete: what it did not show was never placed, if the
 * attempt is old enough for the listing to be trusted. */
static void
conclude (BcRun   *run,
          Listing *listing,
          gint64   now)
{
  g_autoptr(GPtrArray) absent = g_ptr_array_new ();
  GHashTableIter iter;
  BcInFlight *item;
  gint64 next = 0;

  g_hash_table_iter_init (&iter, run->unsure);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    {
      if (!g_hash_table_contains (listing->covered, &item->data.id))
        next = now;
      else if (listing->started - item->dispatched_at >= BC_RECONCILE_GRACE_US)
        g_ptr_array_add (absent, item);
      else
        next = next == 0 ? item->dispatched_at + BC_RECONCILE_GRACE_US
                         : MIN (next, item->dispatched_at + BC_RECONCILE_GRACE_US);
    }
  for (guint i = 0; i < absent->len; i++)
    _bc_run_settle (run, g_ptr_array_index (absent, i), BC_RECIPIENT_STATE_PENDING, NULL, now);
  run->reconcile_at = next;
  run->reconcile_failures = 0;
}

void
_bc_run_settle_all_unsure (BcRun            *run,
                           BcRecipientState  state,
                           const char       *message,
                           gint64            now)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer item;

  /* Settling removes from run->unsure: walk a copy. */
  g_hash_table_iter_init (&iter, run->unsure);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    g_ptr_array_add (items, item);
  for (guint i = 0; i < items->len && run->scheduler != NULL; i++)
    _bc_run_settle (run, g_ptr_array_index (items, i), state, message, now);
}

static void
give_up (BcRun        *run,
         const GError *error,
         gint64        now)
{
  g_autofree char *message =
    g_strdup_printf (_("Could not check whether the call was placed (%s); "
                       "it is not dialled again without your decision"), error->message);

  _bc_run_settle_all_unsure (run, BC_RECIPIENT_STATE_NEEDS_REVIEW, message, now);
  run->reconcile_at = 0;
}

static void list_page (Listing *listing, const char *cursor);

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Listing *listing = user_data;
  BcRun *run = listing->run;
  g_autoptr(BcCallPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now;

  page = bc_api_client_list_calls_finish (BC_API_CLIENT (source), result, &error);
  if (run->scheduler == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto done;
  now = _bc_scheduler_now (run->scheduler);
  if (page == NULL)
    {
      run->reconcile_failures++;
      if (!bc_api_error_is_transient (error) ||
          run->reconcile_failures >= BC_RECONCILE_MAX_FAILURES)
        give_up (run, error, now);
      else
        run->reconcile_at = now + ((gint64) G_USEC_PER_SEC << run->reconcile_failures);
      goto done;
    }
  _bc_run_match_page (run, page, now);
  if (page->next_cursor != NULL && g_hash_table_size (run->unsure) > 0)
    {
      list_page (listing, page->next_cursor);
      return;
    }
  conclude (run, listing, now);

done:
  run->reconciling = FALSE;
  if (run->reconcile_at == 0 && g_hash_table_size (run->unsure) > 0)
    run->reconcile_at = run->scheduler != NULL ? _bc_scheduler_now (run->scheduler) : 0;
  if (run->scheduler != NULL)
    _bc_scheduler_kick (run->scheduler);
  listing_free (listing);
}

static void
list_page (Listing    *listing,
           const char *cursor)
{
  BcScheduler *scheduler = listing->run->scheduler;
  BcListCallsQuery query = { 0 };

  query.from_ms = listing->from_ms;
  query.limit = LIST_PAGE_LIMIT;
  query.cursor = cursor;
  bc_api_client_list_calls_async (_bc_scheduler_get_client (scheduler), &query,
                                  _bc_scheduler_get_cancellable (scheduler),
                                  on_listed_cb, listing);
}

gint64
_bc_run_reconcile (BcRun  *run,
                   gint64  now)
{
  GHashTableIter iter;
  BcInFlight *item;
  Listing *listing;
  gint64 oldest = G_MAXINT64;

  if (run->reconciling || g_hash_table_size (run->unsure) == 0)
    return G_MAXINT64;
  if (run->reconcile_at > now)
    return run->reconcile_at;

  listing = g_new0 (Listing, 1);
  listing->covered = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, run->unsure);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    {
      oldest = MIN (oldest, item->dispatched_at);
      g_hash_table_add (listing->covered, g_memdup2 (&item->data.id, sizeof (gint64)));
    }

  listing->run = _bc_run_ref (run);
  listing->started = now;
  listing->from_ms = oldest / 1000 - BC_RECONCILE_SLACK_MS;
  run->reconciling = TRUE;
  list_page (listing, NULL);
  return G_MAXINT64;
}
