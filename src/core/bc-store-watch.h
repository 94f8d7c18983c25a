/* bc-store-watch.h: notices what other processes commit to a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bc-store.h"

G_BEGIN_DECLS

/* Change bursts closer than this are looked at once. */
#define BC_STORE_WATCH_DELAY_MS 200

#define BC_TYPE_STORE_WATCH (bc_store_watch_get_type ())
G_DECLARE_FINAL_TYPE (BcStoreWatch, bc_store_watch, BC, STORE_WATCH, GObject)

/* Watches the database file of @store (and its -wal) and emits ::changed
 * when another connection — another process, mostly — committed to it;
 * the store's own commits are not reported. NULL with @error when the
 * files cannot be watched. */
BcStoreWatch *bc_store_watch_new (BcStore  *store,
                                  GError  **error);

G_END_DECLS
