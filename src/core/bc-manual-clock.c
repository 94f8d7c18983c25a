/* bc-manual-clock.c: a BcClock whose time only moves when a test says so
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-manual-clock"

#include "config.h"

#include "bc-manual-clock.h"

struct _BcManualClock
{
  GObject  parent_instance;

  gint64   now_us;
  guint    next_id;
  guint64  next_seq;
  GList   *timeouts;   /* of Timeout, sorted by (due_us, seq) */
};

typedef struct
{
  guint           id;
  guint64         seq;
  gint64          due_us;
  guint           delay_ms;
  GSourceFunc     callback;
  gpointer        user_data;
  GDestroyNotify  destroy;
} Timeout;

static void bc_manual_clock_iface_init (BcClockInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BcManualClock, bc_manual_clock, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BC_TYPE_CLOCK, bc_manual_clock_iface_init))

static void
timeout_free (Timeout *t)
{
  if (t->destroy != NULL)
    t->destroy (t->user_data);
  g_free (t);
}

static int
timeout_compare (gconstpointer a,
                 gconstpointer b)
{
  const Timeout *ta = a, *tb = b;

  if (ta->due_us != tb->due_us)
    return ta->due_us < tb->due_us ? -1 : 1;
  return ta->seq < tb->seq ? -1 : (ta->seq > tb->seq);
}

static void
insert_timeout (BcManualClock *self,
                Timeout       *t)
{
  t->due_us = self->now_us + (gint64) t->delay_ms * 1000;
  t->seq = self->next_seq++;
  self->timeouts = g_list_insert_sorted (self->timeouts, t, timeout_compare);
}

static gint64
bc_manual_clock_now_us (BcClock *clock)
{
  return BC_MANUAL_CLOCK (clock)->now_us;
}

static guint
bc_manual_clock_add_timeout (BcClock        *clock,
                             guint           delay_ms,
                             GSourceFunc     callback,
                             gpointer        user_data,
                             GDestroyNotify  destroy)
{
  BcManualClock *self = BC_MANUAL_CLOCK (clock);
  Timeout *t = g_new0 (Timeout, 1);

  t->id = ++self->next_id;
  t->delay_ms = delay_ms;
  t->callback = callback;
  t->user_data = user_data;
  t->destroy = destroy;
  insert_timeout (self, t);

  return t->id;
}

static void
bc_manual_clock_remove (BcClock *clock,
                        guint    id)
{
  BcManualClock *self = BC_MANUAL_CLOCK (clock);

  for (GList *l = self->timeouts; l != NULL; l = l->next)
    {
      Timeout *t = l->data;

      if (t->id == id)
        {
          self->timeouts = g_list_delete_link (self->timeouts, l);
          timeout_free (t);
          return;
        }
    }
}

/* Fires the first timeout if it is due by @limit_us. */
static gboolean
fire_first (BcManualClock *self,
            gint64         limit_us)
{
  Timeout *t;

  if (self->timeouts == NULL)
    return FALSE;

  t = self->timeouts->data;
  if (t->due_us > limit_us)
    return FALSE;

  /* Unlinked before the callback runs, so that the callback may add or
   * remove timeouts (including its own id, which is then a no-op). */
  self->timeouts = g_list_delete_link (self->timeouts, self->timeouts);
  if (t->due_us > self->now_us)
    self->now_us = t->due_us;

  if (t->callback (t->user_data) == G_SOURCE_CONTINUE)
    insert_timeout (self, t);
  else
    timeout_free (t);

  return TRUE;
}

static void
bc_manual_clock_finalize (GObject *object)
{
  BcManualClock *self = (BcManualClock *) object;

  g_list_free_full (g_steal_pointer (&self->timeouts), (GDestroyNotify) timeout_free);

  G_OBJECT_CLASS (bc_manual_clock_parent_class)->finalize (object);
}

static void
bc_manual_clock_iface_init (BcClockInterface *iface)
{
  iface->now_us = bc_manual_clock_now_us;
  iface->add_timeout = bc_manual_clock_add_timeout;
  iface->remove = bc_manual_clock_remove;
}

static void
bc_manual_clock_class_init (BcManualClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bc_manual_clock_finalize;
}

static void
bc_manual_clock_init (BcManualClock *self)
{
}

BcClock *
bc_manual_clock_new (gint64 start_us)
{
  BcManualClock *self = g_object_new (BC_TYPE_MANUAL_CLOCK, NULL);

  self->now_us = start_us;
  return BC_CLOCK (self);
}

void
bc_manual_clock_advance (BcManualClock *self,
                         guint64        ms)
{
  gint64 target;

  g_return_if_fail (BC_IS_MANUAL_CLOCK (self));

  target = self->now_us + (gint64) ms * 1000;
  while (fire_first (self, target))
    ;
  self->now_us = target;
}

gboolean
bc_manual_clock_advance_to_next (BcManualClock *self)
{
  g_return_val_if_fail (BC_IS_MANUAL_CLOCK (self), FALSE);

  return fire_first (self, G_MAXINT64);
}

guint
bc_manual_clock_get_n_pending (BcManualClock *self)
{
  g_return_val_if_fail (BC_IS_MANUAL_CLOCK (self), 0);

  return g_list_length (self->timeouts);
}

gint64
bc_manual_clock_get_next_delay_ms (BcManualClock *self)
{
  const Timeout *t;

  g_return_val_if_fail (BC_IS_MANUAL_CLOCK (self), -1);

  if (self->timeouts == NULL)
    return -1;
  t = self->timeouts->data;
  return MAX (0, (t->due_us - self->now_us) / 1000);
}
