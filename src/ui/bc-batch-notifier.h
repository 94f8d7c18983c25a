/* bc-batch-notifier.h: desktop notifications when a batch finishes or
 * pauses on an error while nobody is looking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_BATCH_NOTIFIER (bc_batch_notifier_get_type ())

G_DECLARE_FINAL_TYPE (BcBatchNotifier, bc_batch_notifier, BC, BATCH_NOTIFIER, GObject)

/* Watches every batch of @store. A batch that becomes Sent, or Paused with
 * a pause reason (an error paused it, not a person), is announced through
 * g_application_send_notification() when no window of @application is
 * focused; the notification's default action is app.show-batch with the
 * batch id. ::notified (batch, notification) follows each one. */
BcBatchNotifier *bc_batch_notifier_new (GtkApplication *application,
                                        BcStore        *store);

/* The notification id of @batch_id's notifications ("batch-" + id): a
 * newer one replaces the older. */
char            *bc_batch_notifier_build_id (const char *batch_id);

G_END_DECLS
