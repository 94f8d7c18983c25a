/* bc-scheduler-control.c: pause, resume and cancel, as a person asks
 *
 * Thin on purpose: the store commits the state, and every run follows its
 * batch's ::state-changed (bc-scheduler.c), whoever changed it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include "bc-scheduler-private.h"

gboolean
bc_scheduler_pause_batch (BcScheduler  *self,
                          BcBatch      *batch,
                          const char   *reason,
                          GError      **error)
{
  g_return_val_if_fail (BC_IS_SCHEDULER (self), FALSE);

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

  return bc_store_set_batch_state (_bc_scheduler_get_store (self), batch, BC_BATCH_STATE_CANCELLED, error);
}
