/* bc-phone-set.h: the phone numbers seen so far in an import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A compact open-addressing table from phone number to the line it was
 * first seen on: about 16 bytes a number, so a million numbers cost 16 MB
 * rather than the ~100 MB of a GHashTable of strings. */
typedef struct _BcPhoneSet BcPhoneSet;

BcPhoneSet *bc_phone_set_new   (void);
void        bc_phone_set_free  (BcPhoneSet *self);
/* Adds @phone seen on @line. Returns 0 when it is new, otherwise the line
 * it was first seen on (and keeps that one). */
guint64     bc_phone_set_add   (BcPhoneSet *self,
                                const char *phone,
                                guint64     line);
guint       bc_phone_set_size  (BcPhoneSet *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcPhoneSet, bc_phone_set_free)

G_END_DECLS
