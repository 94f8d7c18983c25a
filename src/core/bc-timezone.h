/* bc-timezone.h: IANA time zones by name, the system's zone, the list for pickers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GTimeZone          *bc_timezone_new            (const char  *id,
                                                GError     **error);
gboolean            bc_timezone_is_known       (const char  *id);
const char * const *bc_timezones_list          (void);
char               *bc_timezone_get_system_id  (void);

G_END_DECLS
