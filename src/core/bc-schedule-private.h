/* bc-schedule-private.h: what bc-schedule*.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-schedule.h"

G_BEGIN_DECLS

struct _BcSchedule
{
  gatomicrefcount  ref_count;
  BcTimeWindow    *windows;       /* sorted, merged, none empty */
  guint            n_windows;
  guint16         *edges;         /* sorted distinct minutes where the
                                   * state may flip: 0 and window edges < 1440 */
  guint            n_edges;
  BcWeekdays       weekdays;
  char            *timezone_id;   /* NULL: the system's zone */
  GTimeZone       *tz;
  gboolean         recipient_local;
};

/* Local wall-clock seconds (seconds since the epoch as if the zone were
 * UTC) of a UTC second: day = floor (local / 86400), 1970-01-01 a Thursday. */
gint64   _bc_schedule_to_local  (GTimeZone *tz,
                                 gint64     utc_seconds);
gint64   _bc_floor_div          (gint64     a,
                                 gint64     b);
guint    _bc_local_weekday      (gint64     local_seconds);

G_END_DECLS
