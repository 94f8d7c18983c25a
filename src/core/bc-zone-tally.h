/* bc-zone-tally.h: recipient-local time over many recipients, zone by zone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bc-schedule.h"

G_BEGIN_DECLS

typedef struct _BcZoneTally BcZoneTally;

BcZoneTally  *bc_zone_tally_new         (void);
void          bc_zone_tally_free        (BcZoneTally  *self);

gboolean      bc_zone_tally_add         (BcZoneTally  *self,
                                         const char   *zone_id,
                                         gint64        count,
                                         GError      **error);
gint64        bc_zone_tally_get_count   (BcZoneTally  *self,
                                         const char   *zone_id);
guint         bc_zone_tally_get_n_zones (BcZoneTally  *self);
GTimeZone    *bc_zone_tally_lookup      (BcZoneTally  *self,
                                         const char   *zone_id,
                                         GError      **error);

gboolean      bc_zone_tally_is_open     (BcZoneTally  *self,
                                         BcSchedule   *schedule,
                                         const char   *zone_id,
                                         gint64        now);
gint64        bc_zone_tally_update      (BcZoneTally  *self,
                                         BcSchedule   *schedule,
                                         gint64        now,
                                         GPtrArray    *open_zones,
                                         gint64       *n_open);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcZoneTally, bc_zone_tally_free)

G_END_DECLS
