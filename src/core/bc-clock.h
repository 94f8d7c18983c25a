/* bc-clock.h: where core gets the time and its timers from
 *
 * Every delay in core (backoff, Retry-After, request timeouts, the
 * scheduler's next due moment) goes through a BcClock, so that tests can
 * run days of schedule in milliseconds with a BcManualClock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BC_TYPE_CLOCK (bc_clock_get_type ())

G_DECLARE_INTERFACE (BcClock, bc_clock, BC, CLOCK, GObject)

struct _BcClockInterface
{
  GTypeInterface parent_iface;

  gint64 (*now_us)      (BcClock        *self);
  guint  (*add_timeout) (BcClock        *self,
                         guint           delay_ms,
                         GSourceFunc     callback,
                         gpointer        user_data,
                         GDestroyNotify  destroy);
  void   (*remove)      (BcClock        *self,
                         guint           id);
};

/* Wall-clock microseconds since the Unix epoch. */
gint64  bc_clock_now_us      (BcClock        *self);
gint64  bc_clock_now_ms      (BcClock        *self);

/* Calls @callback after @delay_ms; returning G_SOURCE_CONTINUE re-arms it
 * with the same delay. Returns an id > 0 for bc_clock_remove(). @destroy
 * runs once the timeout is gone (fired for good or removed). */
guint   bc_clock_add_timeout (BcClock        *self,
                              guint           delay_ms,
                              GSourceFunc     callback,
                              gpointer        user_data,
                              GDestroyNotify  destroy);
void    bc_clock_remove      (BcClock        *self,
                              guint           id);

G_END_DECLS
