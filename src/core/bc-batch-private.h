/* bc-batch-private.h: what BcStore needs to build and update batches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-batch.h"

G_BEGIN_DECLS

/* Builds a batch as it is stored, without the checks of the public setters. */
BcBatch *_bc_batch_new_full  (const char   *id,
                              const char   *name,
                              BcBatchState  state,
                              gint64        created_at);
/* Sets the state without the transition check: used when loading. */
void     _bc_batch_set_state (BcBatch      *self,
                              BcBatchState  state);

G_END_DECLS
