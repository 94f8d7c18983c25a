/* bc-store-gate.c: first come, first served access to the write lock
 * among the connections of one store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-store-private.h"

/* SQLite's busy handler is not fair: a thread that commits and begins
 * again at once (a writer going from chunk to chunk, a scheduler
 * committing in a loop) can keep another thread polling until its
 * busy_timeout runs out and its commit fails. The gate queues the
 * connections of this process in arrival order, so each waits for at most
 * the transactions queued before it; the busy handler is left to deal
 * with other processes. */
struct _BcStoreGate
{
  GMutex  mutex;
  GCond   cond;
  gboolean held;
  GQueue  waiters;    /* Waiter, first come first */
};

typedef struct
{
  gboolean granted;
} Waiter;

static void
gate_clear (gpointer data)
{
  BcStoreGate *gate = data;

  g_mutex_clear (&gate->mutex);
  g_cond_clear (&gate->cond);
}

BcStoreGate *
_bc_store_gate_new (void)
{
  BcStoreGate *gate = g_atomic_rc_box_new0 (BcStoreGate);

  g_mutex_init (&gate->mutex);
  g_cond_init (&gate->cond);
  g_queue_init (&gate->waiters);
  return gate;
}

BcStoreGate *
_bc_store_gate_ref (BcStoreGate *gate)
{
  return g_atomic_rc_box_acquire (gate);
}

void
_bc_store_gate_unref (BcStoreGate *gate)
{
  g_atomic_rc_box_release_full (gate, gate_clear);
}

gboolean
_bc_store_gate_enter (BcStoreGate  *gate,
                      GError      **error)
{
  Waiter waiter = { FALSE };
  gint64 deadline;

  g_mutex_lock (&gate->mutex);
  if (!gate->held && g_queue_is_empty (&gate->waiters))
    {
      gate->held = TRUE;
      g_mutex_unlock (&gate->mutex);
      return TRUE;
    }

  deadline = g_get_monotonic_time () + BC_STORE_BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  g_queue_push_tail (&gate->waiters, &waiter);
  while (!waiter.granted)
    if (!g_cond_wait_until (&gate->cond, &gate->mutex, deadline))
      break;
  /* Granted at the last instant counts: the holder handed over. */
  if (!waiter.granted)
    g_queue_remove (&gate->waiters, &waiter);
  g_mutex_unlock (&gate->mutex);

  if (!waiter.granted)
    g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_DATABASE,
                 _("The database stayed busy for %d seconds"),
                 BC_STORE_BUSY_TIMEOUT_MS / 1000);
  return waiter.granted;
}

void
_bc_store_gate_leave (BcStoreGate *gate)
{
  Waiter *next;

  g_mutex_lock (&gate->mutex);
  g_assert (gate->held);
  /* Hand over without releasing, so nobody arriving now cuts in. */
  next = g_queue_pop_head (&gate->waiters);
  if (next != NULL)
    {
      next->granted = TRUE;
      g_cond_broadcast (&gate->cond);
    }
  else
    gate->held = FALSE;
  g_mutex_unlock (&gate->mutex);
}
