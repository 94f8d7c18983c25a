/* bc-date-time-row.h: a date picked on a calendar and a time of day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BC_TYPE_DATE_TIME_ROW (bc_date_time_row_get_type ())

G_DECLARE_FINAL_TYPE (BcDateTimeRow, bc_date_time_row, BC, DATE_TIME_ROW, AdwActionRow)

GtkWidget *bc_date_time_row_new           (void);
/* The chosen date and time as a moment in @zone (NULL: local time). */
GDateTime *bc_date_time_row_get_date_time (BcDateTimeRow *self,
                                           GTimeZone     *zone);
/* Shows @date_time's date and its time to the minute, in its own zone. */
void       bc_date_time_row_set_date_time (BcDateTimeRow *self,
                                           GDateTime     *date_time);

G_END_DECLS
