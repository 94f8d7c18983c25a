/* bc-recipients-view.h: a batch's recipients, one row each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_RECIPIENTS_VIEW (bc_recipients_view_get_type ())

G_DECLARE_FINAL_TYPE (BcRecipientsView, bc_recipients_view, BC, RECIPIENTS_VIEW, AdwBin)

GtkWidget       *bc_recipients_view_new        (void);

/* Shows the recipients of @batch_id in @store (NULL for none). */
void             bc_recipients_view_set_batch  (BcRecipientsView *self,
                                                BcStore          *store,
                                                const char       *batch_id);
/* The lazy list shown, or NULL. */
BcRecipientList *bc_recipients_view_get_list   (BcRecipientsView *self);
/* Opens the call detail of the recipient at @position. */
GtkWindow       *bc_recipients_view_open_detail (BcRecipientsView *self,
                                                 guint             position);

/* Moves the keyboard focus to the search entry (Ctrl+F on the page). */
void             bc_recipients_view_focus_search (BcRecipientsView *self);
/* Sets the search text and the drop-down's @choice (0: all, 1: pending,
 * 2: in progress, 3: done, 4: needs review, 5: failed, 6: cancelled,
 * 7…12: outcomes picked up, no answer, busy, voicemail, not connected,
 * error) and filters at once, as a person choosing them would. */
void             bc_recipients_view_set_search   (BcRecipientsView *self,
                                                  const char       *text,
                                                  guint             choice);

/* The badge class of a recipient state ("badge-sent", …). */
const char      *bc_recipients_view_state_css_class (BcRecipientState state);

G_END_DECLS
