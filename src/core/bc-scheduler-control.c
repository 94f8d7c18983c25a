/* bc-scheduler-control.c: pause, resume and cancel, as a person or the
 * scheduler itself asks, and the end of a batch
 *
 * Thin on purpose: the store commits the state, and every run follows its
 * batch's ::state-changed (bc-scheduler.c), whoever changed it — another
 * process too, through the store watch (bc-scheduler-watch.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "bc-scheduler-private.h"

void
_bc_run_pause (BcRun      *run,
               const char *reason)
{
  g_autoptr(GError) error = NULL;

  if (run->scheduler == NULL ||
      bc_batch_get_state (run->batch) != BC_BATCH_STATE_ONGOING)
    return;
  bc_batch_set_pause_reason (run->batch, reason);
  if (!bc_store_set_batch_state (_bc_scheduler_get_store (run->scheduler), run->batch,
                                 BC_BATCH_STATE_PAUSED, &error))
    g_warning ("Could not pause batch %s: %s", bc_batch_get_id (run->batch), error->message);
}

void
_bc_run_store_failed (BcRun        *run,
                      const GError *error)
{
  g_autofree char *reason = NULL;

  g_debug ("Store failure in batch %s: %s", bc_batch_get_id (run->batch), error->message);
  if (g_error_matches (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_RUNNING))
    {
      /* Another process changed the batch: take its word. */
      if (run->scheduler != NULL)
        bc_store_refresh_batch (_bc_scheduler_get_store (run->scheduler), run->batch, NULL);
      return;
    }
  reason = g_strdup_printf (_("The batch was paused after a storage error: %s"), error->message);
  _bc_run_pause (run, reason);
}

/* Sent when nothing is left to do; a batch whose last rows need review
 * cannot be Sent, so it pauses and says why. */
void
_bc_run_check_finished (BcRun *run)
{
  BcBatch *batch = run->batch;
  gint64 review;
  g_autoptr(GError) error = NULL;

  if (bc_batch_get_state (batch) != BC_BATCH_STATE_ONGOING ||
      _bc_run_has_work (run) ||
      bc_batch_get_counter (batch, BC_COUNTER_PENDING) > 0 ||
      bc_batch_get_counter (batch, BC_COUNTER_IN_PROGRESS) > 0)
    return;

  review = bc_batch_get_counter (batch, BC_COUNTER_NEEDS_REVIEW);
  if (review > 0)
    {
      g_autofree char *reason =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%" PRId64 " recipient needs review before the batch can finish",
                                      "%" PRId64 " recipients need review before the batch can finish",
                                      review),
                         review);
      _bc_run_pause (run, reason);
      return;
    }
  if (!bc_store_set_batch_state (_bc_scheduler_get_store (run->scheduler), batch, BC_BATCH_STATE_SENT, &error))
    _bc_run_store_failed (run, error);
}

gboolean
bc_scheduler_pause_batch (BcScheduler  *self,
                          BcBatch      *batch,
                          const char   *reason,
                          GError      **error)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), FALSE);

  if (!bc_store_check_stoppable (_bc_scheduler_get_store (self), batch, error))
    return FALSE;
  bc_batch_set_pause_reason (batch, reason);
  return bc_store_set_batch_state (_bc_scheduler_get_store (self), batch, BC_BATCH_STATE_PAUSED, error);
}

gboolean
bc_scheduler_resume_batch (BcScheduler  *self,
                           BcBatch      *batch,
                           GError      **error)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), FALSE);

  bc_batch_set_pause_reason (batch, NULL);
  return bc_store_set_batch_state (_bc_scheduler_get_store (self), batch, BC_BATCH_STATE_ONGOING, error);
}

gboolean
bc_scheduler_cancel_batch (BcScheduler  *self,
                           BcBatch      *batch,
                           GError      **error)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), FALSE);

  if (!bc_store_check_stoppable (_bc_scheduler_get_store (self), batch, error))
    return FALSE;
  return bc_store_set_batch_state (_bc_scheduler_get_store (self), batch, BC_BATCH_STATE_CANCELLED, error);
}
