/* bc-batch-page-actions.c: what can be done to the shown batch
 *
 * batch.submit (a Draft: the time window dialog), batch.edit (a Draft: its
 * name, From Number and recipients file, in the create dialog),
 * batch.pause,
 * batch.resume, batch.cancel (after a confirmation) and batch.delete
 * (with Undo, through the window). Each is enabled, and its button shown,
 * only in the states where the store allows it; never pause nor cancel
 * for a batch the platform runs (bc_store_check_stoppable()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-batch-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-application.h"
#include "bc-batch.h"
#include "bc-batch-page-private.h"
#include "bc-create-dialog.h"
#include "bc-export-results.h"
#include "bc-store.h"
#include "bc-submit-dialog.h"
#include "bc-window.h"

static BcWindow *
get_window (BcBatchPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return BC_IS_WINDOW (root) ? BC_WINDOW (root) : NULL;
}

static BcScheduler *
get_scheduler (BcBatchPage *self)
{
  BcWindow *window = get_window (self);
  GtkApplication *app = window != NULL ? gtk_window_get_application (GTK_WINDOW (window)) : NULL;

  return app != NULL ? bc_application_get_scheduler (BC_APPLICATION (app)) : NULL;
}

static void
report (BcBatchPage  *self,
        const GError *error)
{
  BcWindow *window = get_window (self);

  if (window != NULL)
    bc_window_add_toast (window, adw_toast_new (error->message));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BcBatchPage *self = BC_BATCH_PAGE (widget);
  BcSubmitDialog *dialog;

  dialog = bc_submit_dialog_new (GTK_WINDOW (get_window (self)), self->store,
                                 get_scheduler (self), self->batch);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BcBatchPage *self = BC_BATCH_PAGE (widget);
  BcScheduler *scheduler = get_scheduler (self);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (scheduler != NULL)
    ok = bc_scheduler_pause_batch (scheduler, self->batch, _("Paused by you"), &error);
  else
    ok = bc_store_set_batch_state (self->store, self->batch, BC_BATCH_STATE_PAUSED, &error);
  if (!ok)
    report (self, error);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BcBatchPage *self = BC_BATCH_PAGE (widget);
  BcScheduler *scheduler = get_scheduler (self);
  g_autoptr(GError) error = NULL;

  if (scheduler == NULL)
    return;
  if (!bc_scheduler_resume_batch (scheduler, self->batch, &error))
    report (self, error);
}

static void
on_cancelled_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BcBatchPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bc_store_cancel_batch_finish (BC_STORE (object), result, &error))
    report (self, error);
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       BcBatchPage      *self)
{
  if (!g_str_equal (response, "cancel-batch") || self->batch == NULL)
    return;
  /* The state commits now, so the scheduler stops the batch (it follows
   * ::state-changed); the pending rows are done on a worker. */
  bc_store_cancel_batch_async (self->store, self->batch, NULL, on_cancelled_cb,
                               g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BcBatchPage *self = BC_BATCH_PAGE (widget);
  GtkWidget *dialog;
  g_autofree char *pending = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              bc_batch_get_counter (self->batch, BC_COUNTER_PENDING));

  /* Cancelling cannot be undone: the recipients not called yet never will be. */
  dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), _("Cancel the Batch?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” stops for good: its %s recipients not yet called will not be called. Calls in progress finish."),
                                  bc_batch_get_name (self->batch), pending);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Running"),
                                    "cancel-batch", _("_Cancel Batch"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-batch",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BcBatchPage *self = BC_BATCH_PAGE (widget);
  BcWindow *window = get_window (self);
  GtkApplication *app = window != NULL ? gtk_window_get_application (GTK_WINDOW (window)) : NULL;
  BcCreateDialog *dialog;

  dialog = bc_create_dialog_new_for_draft (GTK_WINDOW (window), self->store,
                                           app != NULL ? bc_application_get_api_client (BC_APPLICATION (app)) : NULL,
                                           self->batch);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BcBatchPage *self = BC_BATCH_PAGE (widget);
  BcWindow *window = get_window (self);

  if (window != NULL)
    bc_window_delete_batch (window, self->batch);
}

static void
export_results_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BcBatchPage *self = BC_BATCH_PAGE (widget);

  if (self->batch != NULL && self->store != NULL)
    bc_export_results_choose (widget, self->store, self->batch);
}

void
_bc_batch_page_update_actions (BcBatchPage *self)
{
  BcBatchState state = self->batch != NULL ? bc_batch_get_state (self->batch) : BC_BATCH_STATE_DRAFT;
  gboolean has = self->batch != NULL;
  struct {
    const char *action;
    GtkWidget  *button;
    gboolean    allowed;
  } actions[] = {
    { "batch.submit", self->submit_button, has && state == BC_BATCH_STATE_DRAFT },
    { "batch.edit", self->edit_button, has && state == BC_BATCH_STATE_DRAFT },
    /* The platform cannot be asked to stop a batch it runs; resuming one
     * paused here (a refused token) only resumes following it. */
    { "batch.pause", self->pause_button,
      has && !self->handed_off &&
      (state == BC_BATCH_STATE_ONGOING || state == BC_BATCH_STATE_PLANNED) },
    { "batch.resume", self->resume_button, has && state == BC_BATCH_STATE_PAUSED },
    { "batch.cancel", self->cancel_button,
      has && !self->handed_off &&
      (state == BC_BATCH_STATE_ONGOING || state == BC_BATCH_STATE_PLANNED ||
       state == BC_BATCH_STATE_PAUSED) },
    { "batch.delete", self->delete_button,
      has && (state == BC_BATCH_STATE_DRAFT || state == BC_BATCH_STATE_CANCELLED ||
              state == BC_BATCH_STATE_SENT) },
    /* A Draft has no results yet; its sheet is the file it came from. */
    { "batch.export-results", self->export_button, has && state != BC_BATCH_STATE_DRAFT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i].action, actions[i].allowed);
      gtk_widget_set_visible (actions[i].button, actions[i].allowed);
    }
}

void
_bc_batch_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "batch.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "batch.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "batch.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "batch.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "batch.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "batch.export-results", NULL, export_results_action);
  gtk_widget_class_install_action (widget_class, "batch.edit", NULL, edit_action);
}
