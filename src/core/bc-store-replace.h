/* bc-store-replace.h: a Draft's recipients replaced in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-types.h"

G_BEGIN_DECLS

/* Replaces every recipient of @draft (a Draft in @store) with those of
 * @source (a hidden batch of @store, filled by a writer), counters
 * included, and deletes @source, all in one transaction: on error the
 * Draft keeps its rows. Emits ::recipients-reset for both. The moved rows
 * keep their positions, so @source's rows must start at 0. */
gboolean bc_store_replace_recipients (BcStore  *self,
                                      BcBatch  *draft,
                                      BcBatch  *source,
                                      GError  **error);

G_END_DECLS
