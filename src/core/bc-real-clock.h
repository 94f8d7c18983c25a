/* bc-real-clock.h: BcClock on GLib's wall clock and timeout sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-clock.h"

G_BEGIN_DECLS

#define BC_TYPE_REAL_CLOCK (bc_real_clock_get_type ())

G_DECLARE_FINAL_TYPE (BcRealClock, bc_real_clock, BC, REAL_CLOCK, GObject)

/* Timeouts are attached to the thread-default main context of the thread
 * that adds them. */
BcClock *bc_real_clock_new (void);

G_END_DECLS
