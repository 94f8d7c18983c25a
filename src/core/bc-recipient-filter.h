/* bc-recipient-filter.h: which recipients of a batch a list shows, and
 * the store queries that find them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bc-types.h"

G_BEGIN_DECLS

/* What a person filters a batch's recipients by. Every part is optional;
 * a recipient matches when it matches all of the parts that are set.
 *
 * @states: a set of BcRecipientState, bit (1 << state); 0 for any state.
 * @outcome: a BcCallOutcome, or -1 for any outcome.
 * @search: text found (case-insensitively for ASCII) in the phone number
 *   or in a dynamic variable's value; NULL or "" for none. A search made
 *   of digits and phone punctuation ("+49 151-23") looks for those digits
 *   inside the number, so it matches however the person spaced it. */
typedef struct
{
  guint  states;
  int    outcome;
  char  *search;
} BcRecipientFilter;

#define BC_RECIPIENT_FILTER_STATE(state) (1u << (state))

BcRecipientFilter *bc_recipient_filter_new      (guint                     states,
                                                 int                       outcome,
                                                 const char               *search);
BcRecipientFilter *bc_recipient_filter_copy     (const BcRecipientFilter *filter);
void               bc_recipient_filter_free     (BcRecipientFilter       *filter);
/* TRUE for NULL and for a filter that lets every recipient through. */
gboolean           bc_recipient_filter_is_empty (const BcRecipientFilter *filter);
gboolean           bc_recipient_filter_equal    (const BcRecipientFilter *a,
                                                 const BcRecipientFilter *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcRecipientFilter, bc_recipient_filter_free)

/* The positions (ascending, guint) of @batch_id's recipients that match
 * @filter. A search is a scan of the batch's rows (no index can serve a
 * substring), so it runs in a worker thread on a read-only connection of
 * its own and stops at once when @cancellable is cancelled. */
void     bc_store_match_recipients_async  (BcStore                  *self,
                                           const char               *batch_id,
                                           const BcRecipientFilter  *filter,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data);
GArray  *bc_store_match_recipients_finish (BcStore                  *self,
                                           GAsyncResult             *result,
                                           GError                  **error);
/* The same, blocking the calling thread (the CLI, tests). */
GArray  *bc_store_match_recipients        (BcStore                  *self,
                                           const char               *batch_id,
                                           const BcRecipientFilter  *filter,
                                           GCancellable             *cancellable,
                                           GError                  **error);

/* Appends to @out (of BcRecipient) the recipients of @batch_id at the
 * @n_positions given positions, in position order: one indexed look-up
 * each, on the store's own connection. Positions that no longer exist
 * are skipped. */
gboolean bc_store_read_recipients_at      (BcStore                  *self,
                                           const char               *batch_id,
                                           const guint              *positions,
                                           guint                     n_positions,
                                           GPtrArray                *out,
                                           GError                  **error);

G_END_DECLS
