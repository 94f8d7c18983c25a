/* bc-schedule.h: when a batch may place calls (daily windows, weekdays, zone)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bc-types.h"

G_BEGIN_DECLS

#define BC_SCHEDULE_ERROR (bc_schedule_error_quark ())

typedef enum
{
  BC_SCHEDULE_ERROR_INVALID_WINDOW,
  BC_SCHEDULE_ERROR_EMPTY_WINDOW,
  BC_SCHEDULE_ERROR_CROSSES_MIDNIGHT,
  BC_SCHEDULE_ERROR_NO_WINDOWS,
  BC_SCHEDULE_ERROR_INVALID_WEEKDAYS,
  BC_SCHEDULE_ERROR_UNKNOWN_TIMEZONE,
} BcScheduleError;

/* Returned by the queries when the state never changes again (no weekday
 * set, no window, or open around the clock). Larger than any real instant,
 * so MIN() over several answers does the right thing. */
#define BC_SCHEDULE_NEVER G_MAXINT64

#define BC_MINUTES_PER_DAY 1440

/**
 * BcTimeWindow:
 * @start: minutes from local midnight, 0 … 1439
 * @end: minutes from local midnight, exclusive, @start < @end ≤ 1440
 *   (1440 is "24:00", the end of the day)
 */
typedef struct
{
  guint16 start;
  guint16 end;
} BcTimeWindow;

/* BcSchedule: immutable and ref-counted (boxed). An instant is open iff its
 * wall-clock time of day in the zone lies in a window and its local day of
 * the week is allowed; see bc-schedule.c for what that means at DST changes.
 * Instants are µs since the epoch, as BcClock gives them. */
#define BC_TYPE_SCHEDULE (bc_schedule_get_type ())

typedef struct _BcSchedule BcSchedule;

GType              bc_schedule_get_type           (void) G_GNUC_CONST;
GQuark             bc_schedule_error_quark        (void);

BcSchedule        *bc_schedule_new                (const BcTimeWindow *windows,
                                                   guint               n_windows,
                                                   BcWeekdays          weekdays,
                                                   const char         *timezone_id,
                                                   gboolean            recipient_local,
                                                   GError            **error);
BcSchedule        *bc_schedule_new_parse          (const char         *windows,
                                                   BcWeekdays          weekdays,
                                                   const char         *timezone_id,
                                                   gboolean            recipient_local,
                                                   GError            **error);
BcSchedule        *bc_schedule_new_for_batch      (BcBatch            *batch,
                                                   GError            **error);
BcSchedule        *bc_schedule_ref                (BcSchedule         *self);
void               bc_schedule_unref              (BcSchedule         *self);
gboolean           bc_schedule_equal              (const BcSchedule   *a,
                                                   const BcSchedule   *b);

const BcTimeWindow *bc_schedule_get_windows       (const BcSchedule   *self,
                                                   guint              *n_windows);
BcWeekdays         bc_schedule_get_weekdays       (const BcSchedule   *self);
const char        *bc_schedule_get_timezone_id    (const BcSchedule   *self);
GTimeZone         *bc_schedule_get_timezone       (const BcSchedule   *self);
gboolean           bc_schedule_get_recipient_local (const BcSchedule  *self);

char              *bc_schedule_format_windows     (const BcSchedule   *self);

gboolean           bc_schedule_is_open            (const BcSchedule   *self,
                                                   gint64              instant,
                                                   GTimeZone          *tz_override);
gint64             bc_schedule_next_open          (const BcSchedule   *self,
                                                   gint64              instant,
                                                   GTimeZone          *tz_override);
gint64             bc_schedule_next_change        (const BcSchedule   *self,
                                                   gint64              instant,
                                                   GTimeZone          *tz_override);

char              *bc_schedule_describe           (const BcSchedule   *self);
char              *bc_schedule_describe_next_open (const BcSchedule   *self,
                                                   gint64              now);

/* The CLI and store string forms, usable on their own. */
gboolean           bc_time_window_parse           (const char         *text,
                                                   BcTimeWindow       *window,
                                                   GError            **error);
GArray            *bc_time_windows_parse          (const char         *text,
                                                   GError            **error);
char              *bc_time_window_to_string       (const BcTimeWindow *window);
gboolean           bc_weekdays_parse              (const char         *text,
                                                   BcWeekdays         *weekdays,
                                                   GError            **error);
char              *bc_weekdays_to_string          (BcWeekdays          weekdays);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcSchedule, bc_schedule_unref)

G_END_DECLS
