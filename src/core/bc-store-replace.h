/* bc-store-replace.h: a Draft's recipients replaced in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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

/* The same, with the rows on a worker thread (the UI's way): the swap is
 * one transaction of a few row updates whatever the number of rows, and
 * the Draft's old rows are deleted with @source in chunks. Fails (the
 * Draft keeping its rows) only if the swap did not commit; once it did,
 * the Draft's counters are refreshed and ::recipients-reset emitted for
 * both before the callback, and what is left of @source goes at the next
 * open if the app dies. @cancellable stops only the deleting. */
void     bc_store_replace_recipients_async  (BcStore             *self,
                                             BcBatch             *draft,
                                             BcBatch             *source,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean bc_store_replace_recipients_finish (BcStore       *self,
                                             GAsyncResult  *result,
                                             GError       **error);

G_END_DECLS
