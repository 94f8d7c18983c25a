/* bc-runner-lock.h: one process at a time runs a batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BcRunnerLock BcRunnerLock;

/* Takes the lock of @batch_id for the store at @store_path, writing this
 * process's pid and @holder (e.g. "batch-calls-cli") into it. When another
 * process holds it: NULL with G_IO_ERROR_BUSY and a message naming the
 * holder. A lock whose process died is free again (the kernel drops it). */
BcRunnerLock *bc_runner_lock_acquire (const char    *store_path,
                                      const char    *batch_id,
                                      const char    *holder,
                                      GError       **error);
void          bc_runner_lock_release (BcRunnerLock  *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcRunnerLock, bc_runner_lock_release)

G_END_DECLS
