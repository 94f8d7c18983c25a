/* bc-call-detail.h: one recipient's call, in detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bc-recipient.h"
#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_CALL_DETAIL (bc_call_detail_get_type ())

G_DECLARE_FINAL_TYPE (BcCallDetail, bc_call_detail, BC, CALL_DETAIL, AdwWindow)

/* @store: where "Mark as Called" and "Call Again" write (a recipient
 * that needs review). */
GtkWindow   *bc_call_detail_new           (GtkWindow    *parent,
                                           BcStore      *store,
                                           BcRecipient  *recipient);
BcRecipient *bc_call_detail_get_recipient (BcCallDetail *self);

G_END_DECLS
