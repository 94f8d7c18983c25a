/* bc-batch-notifier.c: desktop notifications when a batch finishes or
 * pauses on an error while nobody is looking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-batch-notifier"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "bc-batch-notifier.h"
#include "bc-batch.h"
#include "bc-store.h"

struct _BcBatchNotifier
{
  GObject         parent_instance;

  GtkApplication *application;   /* weak: the application owns us */
  BcStore        *store;
  GListModel     *batches;       /* the store's list */
  GPtrArray      *watched;       /* BcBatch with our handler */
};

G_DEFINE_FINAL_TYPE (BcBatchNotifier, bc_batch_notifier, G_TYPE_OBJECT)

enum {
  NOTIFIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A person at the app sees the badge change; a notification is for
 * someone who is elsewhere. */
static gboolean
someone_is_looking (BcBatchNotifier *self)
{
  for (GList *l = gtk_application_get_windows (self->application); l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data) && gtk_window_is_active (l->data))
      return TRUE;
  return FALSE;
}

static GNotification *
build_notification (BcBatch      *batch,
                    BcBatchState  state)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (state == BC_BATCH_STATE_SENT)
    {
      /* Translators: a notification's title; %s is the batch name */
      title = g_strdup_printf (_("“%s” Is Finished"), bc_batch_get_name (batch));
      /* Translators: a notification's body, e.g. "200 recipients: 90 picked up, 45 successful" */
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%" PRId64 " recipient: %" PRId64
                                           " picked up, %" PRId64 " successful",
                                           "%" PRId64 " recipients: %" PRId64
                                           " picked up, %" PRId64 " successful",
                                           bc_batch_get_counter (batch, BC_COUNTER_TOTAL)),
                              bc_batch_get_counter (batch, BC_COUNTER_TOTAL),
                              bc_batch_get_counter (batch, BC_COUNTER_PICKED_UP),
                              bc_batch_get_counter (batch, BC_COUNTER_SUCCESSFUL));
    }
  else
    {
      /* Translators: a notification's title; %s is the batch name */
      title = g_strdup_printf (_("“%s” Was Paused"), bc_batch_get_name (batch));
      body = g_strdup (bc_batch_get_pause_reason (batch));
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, state == BC_BATCH_STATE_SENT
                                               ? G_NOTIFICATION_PRIORITY_NORMAL
                                               : G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-batch", "s",
                                                bc_batch_get_id (batch));
  return g_steal_pointer (&notification);
}

static void
on_batch_state_changed_cb (BcBatch         *batch,
                           BcBatchState     state,
                           BcBatchState     old_state,
                           BcBatchNotifier *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  const char *reason = bc_batch_get_pause_reason (batch);

  if (state != BC_BATCH_STATE_SENT &&
      !(state == BC_BATCH_STATE_PAUSED && reason != NULL && *reason != '\0'))
    return;
  if (self->application == NULL || someone_is_looking (self))
    return;

  notification = build_notification (batch, state);
  id = bc_batch_notifier_build_id (bc_batch_get_id (batch));
  g_application_send_notification (G_APPLICATION (self->application), id, notification);
  g_signal_emit (self, signals[NOTIFIED], 0, batch, notification);
}

static void
unwatch_all (BcBatchNotifier *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_func (self->watched->pdata[i], on_batch_state_changed_cb, self);
  g_ptr_array_set_size (self->watched, 0);
}

/* The list is short (batches, not recipients): watch it whole again. */
static void
on_batches_items_changed_cb (GListModel      *batches,
                             guint            position,
                             guint            removed,
                             guint            added,
                             BcBatchNotifier *self)
{
  guint n = g_list_model_get_n_items (batches);

  unwatch_all (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BcBatch) batch = g_list_model_get_item (batches, i);

      g_signal_connect (batch, "state-changed", G_CALLBACK (on_batch_state_changed_cb), self);
      g_ptr_array_add (self->watched, g_steal_pointer (&batch));
    }
}

static void
bc_batch_notifier_dispose (GObject *object)
{
  BcBatchNotifier *self = BC_BATCH_NOTIFIER (object);

  if (self->watched != NULL)
    unwatch_all (self);
  if (self->batches != NULL)
    g_signal_handlers_disconnect_by_data (self->batches, self);
  g_clear_object (&self->batches);
  g_clear_object (&self->store);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (bc_batch_notifier_parent_class)->dispose (object);
}

static void
bc_batch_notifier_finalize (GObject *object)
{
  BcBatchNotifier *self = BC_BATCH_NOTIFIER (object);

  g_clear_pointer (&self->watched, g_ptr_array_unref);

  G_OBJECT_CLASS (bc_batch_notifier_parent_class)->finalize (object);
}

static void
bc_batch_notifier_class_init (BcBatchNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bc_batch_notifier_dispose;
  object_class->finalize = bc_batch_notifier_finalize;

  /**
   * BcBatchNotifier::notified:
   * @batch: the batch announced
   * @notification: what was sent
   */
  signals[NOTIFIED] =
    g_signal_new ("notified",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BC_TYPE_BATCH, G_TYPE_NOTIFICATION);
}

static void
bc_batch_notifier_init (BcBatchNotifier *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
}

BcBatchNotifier *
bc_batch_notifier_new (GtkApplication *application,
                       BcStore        *store)
{
  BcBatchNotifier *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BC_IS_STORE (store), NULL);

  self = g_object_new (BC_TYPE_BATCH_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->store = g_object_ref (store);
  self->batches = g_object_ref (bc_store_get_batches (store));
  g_signal_connect (self->batches, "items-changed", G_CALLBACK (on_batches_items_changed_cb), self);
  on_batches_items_changed_cb (self->batches, 0, 0, 0, self);
  return self;
}

char *
bc_batch_notifier_build_id (const char *batch_id)
{
  g_return_val_if_fail (batch_id != NULL, NULL);

  return g_strconcat ("batch-", batch_id, NULL);
}
