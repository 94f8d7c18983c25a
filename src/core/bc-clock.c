/* bc-clock.c: the clock interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-clock"

#include "config.h"

#include "bc-clock.h"

G_DEFINE_INTERFACE (BcClock, bc_clock, G_TYPE_OBJECT)

static void
bc_clock_default_init (BcClockInterface *iface)
{
}

gint64
bc_clock_now_us (BcClock *self)
{
  g_return_val_if_fail (BC_IS_CLOCK (self), 0);

  return BC_CLOCK_GET_IFACE (self)->now_us (self);
}

gint64
bc_clock_now_ms (BcClock *self)
{
  return bc_clock_now_us (self) / 1000;
}

guint
bc_clock_add_timeout (BcClock        *self,
                      guint           delay_ms,
                      GSourceFunc     callback,
                      gpointer        user_data,
                      GDestroyNotify  destroy)
{
  g_return_val_if_fail (BC_IS_CLOCK (self), 0);
  g_return_val_if_fail (callback != NULL, 0);

  return BC_CLOCK_GET_IFACE (self)->add_timeout (self, delay_ms, callback,
                                                 user_data, destroy);
}

void
bc_clock_remove (BcClock *self,
                 guint    id)
{
  g_return_if_fail (BC_IS_CLOCK (self));

  if (id != 0)
    BC_CLOCK_GET_IFACE (self)->remove (self, id);
}
