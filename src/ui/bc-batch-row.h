/* bc-batch-row.h: one batch in the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_BATCH_ROW (bc_batch_row_get_type ())

G_DECLARE_FINAL_TYPE (BcBatchRow, bc_batch_row, BC, BATCH_ROW, GtkListBoxRow)

GtkWidget *bc_batch_row_new       (BcBatch    *batch);
BcBatch   *bc_batch_row_get_batch (BcBatchRow *self);

G_END_DECLS
