/* bc-real-clock.c: BcClock on GLib's wall clock and timeout sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-real-clock"

#include "config.h"

#include "bc-real-clock.h"

struct _BcRealClock
{
  GObject     parent_instance;

  /* id → GSource; ids are ours, not the context's, so that remove() works
   * whatever context the source was attached to. */
  GHashTable *sources;
  guint       next_id;
};

static void bc_real_clock_iface_init (BcClockInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BcRealClock, bc_real_clock, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BC_TYPE_CLOCK, bc_real_clock_iface_init))

G_LOCK_DEFINE_STATIC (sources);

typedef struct
{
  BcRealClock    *clock;   /* unowned: the clock outlives its sources (dispose removes them) */
  guint           id;
  GSourceFunc     callback;
  gpointer        user_data;
  GDestroyNotify  destroy;
} Timeout;

static void
timeout_free (gpointer data)
{
  Timeout *t = data;

  if (t->destroy != NULL)
    t->destroy (t->user_data);
  g_free (t);
}

static gboolean
on_timeout_cb (gpointer data)
{
  Timeout *t = data;

  if (t->callback (t->user_data) == G_SOURCE_CONTINUE)
    return G_SOURCE_CONTINUE;

  G_LOCK (sources);
  g_hash_table_remove (t->clock->sources, GUINT_TO_POINTER (t->id));
  G_UNLOCK (sources);
  return G_SOURCE_REMOVE;
}

static gint64
bc_real_clock_now_us (BcClock *clock)
{
  return g_get_real_time ();
}

static guint
bc_real_clock_add_timeout (BcClock        *clock,
                           guint           delay_ms,
                           GSourceFunc     callback,
                           gpointer        user_data,
                           GDestroyNotify  destroy)
{
  BcRealClock *self = BC_REAL_CLOCK (clock);
  g_autoptr(GSource) source = g_timeout_source_new (delay_ms);
  Timeout *t = g_new0 (Timeout, 1);

  t->clock = self;
  t->callback = callback;
  t->user_data = user_data;
  t->destroy = destroy;

  G_LOCK (sources);
  t->id = ++self->next_id;
  if (t->id == 0)
    t->id = ++self->next_id;
  g_hash_table_insert (self->sources, GUINT_TO_POINTER (t->id), g_source_ref (source));
  G_UNLOCK (sources);

  g_source_set_callback (source, on_timeout_cb, t, timeout_free);
  g_source_set_static_name (source, "[bc] clock timeout");
  g_source_attach (source, g_main_context_get_thread_default ());

  return t->id;
}

static void
bc_real_clock_remove (BcClock *clock,
                      guint    id)
{
  BcRealClock *self = BC_REAL_CLOCK (clock);
  GSource *source = NULL;

  G_LOCK (sources);
  if (g_hash_table_steal_extended (self->sources, GUINT_TO_POINTER (id), NULL, (gpointer *) &source))
    {
      G_UNLOCK (sources);
      g_source_destroy (source);
      g_source_unref (source);
      return;
    }
  G_UNLOCK (sources);
}

static void
destroy_source (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static void
bc_real_clock_finalize (GObject *object)
{
  BcRealClock *self = (BcRealClock *) object;

  g_clear_pointer (&self->sources, g_hash_table_unref);

  G_OBJECT_CLASS (bc_real_clock_parent_class)->finalize (object);
}

static void
bc_real_clock_iface_init (BcClockInterface *iface)
{
  iface->now_us = bc_real_clock_now_us;
  iface->add_timeout = bc_real_clock_add_timeout;
  iface->remove = bc_real_clock_remove;
}

static void
bc_real_clock_class_init (BcRealClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bc_real_clock_finalize;
}

static void
bc_real_clock_init (BcRealClock *self)
{
  self->sources = g_hash_table_new_full (NULL, NULL, NULL, destroy_source);
}

BcClock *
bc_real_clock_new (void)
{
  return g_object_new (BC_TYPE_REAL_CLOCK, NULL);
}
