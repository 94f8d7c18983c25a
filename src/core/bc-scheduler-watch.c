/* bc-scheduler-watch.c: pauses and cancels made by another process
 *
 * A batch waiting for its window has no timer due before the window opens,
 * so a `batch-calls-cli pause` from another shell (or the app's button)
 * would reach this runner only then. The scheduler holds a BcStoreWatch
 * while it drives batches, and on a foreign commit re-reads their state:
 * the change of state then does what a local pause or cancel does (see
 * on_batch_state_changed_cb () in bc-scheduler.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include "bc-scheduler-private.h"

static void
on_store_changed_cb (BcStoreWatch *watch,
                     BcScheduler  *self)
{
  g_autoptr(GPtrArray) runs = NULL;

  /* Refreshing emits ::state-changed, whose handlers may remove runs. */
  runs = g_ptr_array_copy (_bc_scheduler_get_runs (self), (GCopyFunc) _bc_run_ref, NULL);
  g_ptr_array_set_free_func (runs, (GDestroyNotify) _bc_run_unref);
  for (guint i = 0; i < runs->len; i++)
    {
      BcRun *run = g_ptr_array_index (runs, i);
      g_autoptr(GError) error = NULL;

      if (run->scheduler != self)
        continue;
      if (!bc_store_refresh_batch (_bc_scheduler_get_store (self), run->batch, &error))
        g_debug ("Could not refresh batch %s: %s", bc_batch_get_id (run->batch), error->message);
    }
}

BcStoreWatch *
_bc_scheduler_watch_store (BcScheduler *self)
{
  g_autoptr(GError) error = NULL;
  BcStoreWatch *watch;

  watch = bc_store_watch_new (_bc_scheduler_get_store (self), &error);
  if (watch == NULL)
    {
      g_debug ("The store is not watched: %s", error->message);
      return NULL;
    }
  /* The scheduler owns the watch: the handler cannot outlive it. */
  g_signal_connect (watch, "changed", G_CALLBACK (on_store_changed_cb), self);
  return watch;
}
