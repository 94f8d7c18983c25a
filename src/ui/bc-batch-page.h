/* bc-batch-page.h: the selected batch, in the content pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bc-recipients-view.h"
#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_BATCH_PAGE (bc_batch_page_get_type ())

G_DECLARE_FINAL_TYPE (BcBatchPage, bc_batch_page, BC, BATCH_PAGE, AdwBin)

GtkWidget *bc_batch_page_new       (void);
BcBatch   *bc_batch_page_get_batch (BcBatchPage *self);
void       bc_batch_page_set_batch (BcBatchPage *self,
                                    BcBatch     *batch);
/* The store the recipients are read from. */
void       bc_batch_page_set_store (BcBatchPage *self,
                                    BcStore     *store);
BcRecipientsView *bc_batch_page_get_recipients_view (BcBatchPage *self);
/* Stacks the action buttons, for a phone-narrow window. */
void       bc_batch_page_set_narrow (BcBatchPage *self,
                                     gboolean     narrow);

G_END_DECLS
