/* bc-recipient-list.h: a batch's recipients as a lazy GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bc-recipient-filter.h"
#include "bc-types.h"

G_BEGIN_DECLS

/* Rows read per query, and how many such pages stay in memory. */
#define BC_RECIPIENT_LIST_PAGE_SIZE 256
#define BC_RECIPIENT_LIST_MAX_PAGES 8

#define BC_TYPE_RECIPIENT_LIST (bc_recipient_list_get_type ())

G_DECLARE_FINAL_TYPE (BcRecipientList, bc_recipient_list, BC, RECIPIENT_LIST, GObject)

BcRecipientList *bc_recipient_list_new                  (BcStore         *store,
                                                         const char      *batch_id);
BcStore         *bc_recipient_list_get_store            (BcRecipientList *self);
const char      *bc_recipient_list_get_batch_id         (BcRecipientList *self);
/* For tests and the memory budget: never more than
 * BC_RECIPIENT_LIST_MAX_PAGES. */
guint            bc_recipient_list_get_n_cached_pages   (BcRecipientList *self);

/* Shows only the recipients that match @filter (a copy is kept; NULL or
 * an empty filter shows them all, at once). The matches are found in a
 * worker thread: :searching is TRUE and the list keeps showing what it
 * showed until they are, then items-changed replaces everything. Setting
 * a filter again cancels the search that runs. get_filter() returns the
 * filter set last, matched or not. */
void             bc_recipient_list_set_filter           (BcRecipientList         *self,
                                                         const BcRecipientFilter *filter);
const BcRecipientFilter *bc_recipient_list_get_filter   (BcRecipientList         *self);
gboolean         bc_recipient_list_get_searching        (BcRecipientList         *self);

G_END_DECLS
