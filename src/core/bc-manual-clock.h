/* bc-manual-clock.h: a BcClock whose time only moves when a test says so
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-clock.h"

G_BEGIN_DECLS

#define BC_TYPE_MANUAL_CLOCK (bc_manual_clock_get_type ())

G_DECLARE_FINAL_TYPE (BcManualClock, bc_manual_clock, BC, MANUAL_CLOCK, GObject)

BcClock *bc_manual_clock_new            (gint64          start_us);

/* Moves time forward by @ms, firing every timeout that falls due on the
 * way, in due order (ties in the order they were added), each with the
 * clock set to its due time. Callbacks may add or remove timeouts. */
void     bc_manual_clock_advance        (BcManualClock  *self,
                                         guint64         ms);
/* Moves time to the next due timeout and fires it; FALSE when none. */
gboolean bc_manual_clock_advance_to_next (BcManualClock *self);
guint    bc_manual_clock_get_n_pending  (BcManualClock  *self);
/* Delay from now to the earliest pending timeout, in ms; -1 when none. */
gint64   bc_manual_clock_get_next_delay_ms (BcManualClock *self);

G_END_DECLS
