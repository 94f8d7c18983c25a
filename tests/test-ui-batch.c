/* test-ui-batch.c: a Draft scheduled, run to Sent, paused, cancelled and
 * deleted through the batch page, on the embedded sandbox, under Xvfb
 *   dbus-run-session -- xvfb-run -a meson test -C _build --suite ui
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bc-batch-page.h"
#include "bc-batch.h"
#include "bc-call-detail.h"
#include "bc-create-dialog.h"
#include "bc-csv-import.h"
#include "bc-recipient-list.h"
#include "bc-recipient.h"
#include "bc-recipients-view.h"
#include "bc-store.h"
#include "bc-submit-dialog.h"
#include "bc-window.h"
#include "ui-test-util.h"

#define RECIPIENTS_CSV \
  "phone number,first_name\n" \
  "+14155550123,Ada\n" \
  "+14155550124,Grace\n" \
  "+14155550125,Linus\n"

static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BcBatch **out = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcImportReport) report = bc_csv_import_finish (result, out, &error);

  g_assert_no_error (error);
  g_assert_true (bc_import_report_get_success (report));
}

/* A Draft of three recipients, imported as the create dialog does. */
static BcBatch *
import_draft (BcStore    *store,
              const char *dir,
              const char *name)
{
  g_autofree char *path = g_build_filename (dir, "r.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(BcBatch) batch = bc_batch_new (name);
  BcBatch *imported = NULL;
  BcCsvImportOptions options;

  g_assert_true (g_file_set_contents (path, RECIPIENTS_CSV, -1, NULL));
  bc_batch_set_from_number (batch, "+14155550100");
  bc_csv_import_options_init (&options);
  bc_csv_import_async (store, batch, file, &options, NULL, NULL, NULL, NULL,
                       on_imported_cb, &imported);
  while (imported == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (imported);  /* the store keeps it */
  return imported;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          g_assert_null (found);
          found = GTK_WINDOW (toplevel);
        }
    }
  return found;
}

static GtkWidget *
button_with_label (GtkWidget  *root,
                   const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *found = NULL;

  collect_widgets (root, GTK_TYPE_BUTTON, NULL, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      found = buttons->pdata[i];
  return found;
}

/* Only the buttons of the allowed actions are shown. */
static void
check_buttons (GtkWidget  *page,
               const char *shown)
{
  static const char * const all[] = {
    "_Schedule and Start…", "_Edit…", "_Pause", "_Resume", "_Cancel Batch…", "_Delete",
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      GtkWidget *button = button_with_label (page, all[i]);

      g_assert_nonnull (button);
      g_assert_cmpint (gtk_widget_get_visible (button), ==, strstr (shown, all[i]) != NULL);
    }
}

static gboolean
advance_cb (gpointer user_data)
{
  /* The simulated network's clock: calls end without real waiting. */
  bc_sandbox_advance (user_data, 5 * 60 * 1000);
  return G_SOURCE_CONTINUE;
}

static void
check_submit (BcApplication *app,
              GtkWindow     *window,
              gpointer       user_data)
{
  BcStore *store = bc_application_get_store (app);
  BcBatch *batch = import_draft (store, user_data, "Renewals");
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  BcRecipientsView *recipients = bc_batch_page_get_recipients_view (BC_BATCH_PAGE (page));
  BcSubmitDialog *dialog;
  GtkWindow *detail;
  g_autoptr(GError) error = NULL;
  guint source;

  g_assert_true (bc_batch_page_get_batch (BC_BATCH_PAGE (page)) == batch);
  check_buttons (page, "_Schedule and Start… _Edit… _Delete");
  g_assert_true (has_label (page, "3"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bc_recipients_view_get_list (recipients))), ==, 3);
  wait_for_frames (window);
  g_assert_true (has_label (GTK_WIDGET (recipients), "+14155550124"));
  /* In the rows (the filter's drop-down has a "Pending" of its own). */
  g_assert_true (has_label (find_widget (GTK_WIDGET (recipients), GTK_TYPE_COLUMN_VIEW, NULL), "Pending"));
  save_screenshot (window, "ui-batch-draft.png");

  /* A row opens the call's detail, with the variables it will send. */
  detail = bc_recipients_view_open_detail (recipients, 1);
  g_assert_true (BC_IS_CALL_DETAIL (detail));
  g_assert_true (has_label (GTK_WIDGET (detail), "+14155550124"));
  g_assert_true (has_label (GTK_WIDGET (detail), "Grace"));
  gtk_window_destroy (detail);

  /* The time window dialog says in words what will happen. */
  g_assert_true (gtk_widget_activate_action (page, "batch.submit", NULL));
  dialog = BC_SUBMIT_DIALOG (find_toplevel (BC_TYPE_SUBMIT_DIALOG));
  g_assert_nonnull (dialog);
  bc_submit_dialog_set_weekdays (dialog, BC_WEEKDAYS_WORK);
  bc_submit_dialog_set_windows (dialog, "09:00-12:00,13:00-17:00");
  bc_submit_dialog_set_timezone (dialog, "Europe/Berlin");
  g_assert_cmpstr (bc_submit_dialog_get_summary (dialog), ==,
                   "Calls Mon–Fri, 09:00–12:00 and 13:00–17:00, Europe/Berlin");
  g_assert_true (has_label (GTK_WIDGET (dialog), bc_submit_dialog_get_summary (dialog)));
  wait_for_frames (GTK_WINDOW (dialog));
  save_screenshot (GTK_WINDOW (dialog), "ui-submit-dialog.png");

  /* No window at all cannot be started. */
  bc_submit_dialog_set_windows (dialog, "");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "submit.start-now", NULL) &&
                  bc_batch_get_state (batch) != BC_BATCH_STATE_DRAFT);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_DRAFT);

  /* Open around the clock, every day: it starts at once. */
  bc_submit_dialog_set_weekdays (dialog, BC_WEEKDAYS_ALL);
  bc_submit_dialog_set_windows (dialog, "00:00-24:00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "submit.start-now", NULL));
  g_assert_null (find_toplevel (BC_TYPE_SUBMIT_DIALOG));
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);
  g_assert_cmpstr (bc_batch_get_timezone (batch), ==, "Europe/Berlin");
  check_buttons (page, "_Pause _Cancel Batch…");
  g_assert_false (bc_batch_is_editable (batch));

  /* Pause and resume. */
  g_assert_true (gtk_widget_activate_action (page, "batch.pause", NULL));
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_PAUSED);
  check_buttons (page, "_Resume _Cancel Batch…");
  g_assert_true (gtk_widget_activate_action (page, "batch.resume", NULL));
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);

  while (bc_batch_get_counter (batch, BC_COUNTER_SENT) == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_for_frames (window);
  save_screenshot (window, "ui-batch-ongoing.png");

  source = g_timeout_add (50, advance_cb, bc_application_get_sandbox_server (app));
  while (bc_batch_get_state (batch) != BC_BATCH_STATE_SENT)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);

  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_SENT), ==, 3);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 0);
  g_assert_true (bc_store_check_counters (store, bc_batch_get_id (batch), &error));
  g_assert_no_error (error);
  check_buttons (page, "_Delete");
  g_assert_true (has_label (page, "100% of all"));
  wait_for_frames (window);
  g_assert_false (has_label (find_widget (GTK_WIDGET (recipients), GTK_TYPE_COLUMN_VIEW, NULL), "Pending"));
  save_screenshot (window, "ui-batch-sent.png");

  quit (app);
}

static void
test_ui_batch_submit (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  run_app (data_dir, "--sandbox", check_submit, data_dir);
  rm_rf (data_dir);
}

/* ---- cancel, delete and undo ---- */

static void
respond (const char *response)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_nonnull (dialog);
  /* What a click on the response's button does: answer, then close (the
   * answer may already have closed its parent, and it with it). */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, response);
  if (dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
check_cancel_delete (BcApplication *app,
                     GtkWindow     *window,
                     gpointer       user_data)
{
  BcStore *store = bc_application_get_store (app);
  BcBatch *batch = import_draft (store, user_data, "Doomed");
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  GtkWidget *status_page = find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *undo;

  /* A Draft can be renamed (in its edit dialog); the name stays unique. */
  {
    g_autoptr(BcBatch) other = bc_batch_new ("Taken");
    GtkWindow *dialog;
    GtkEditable *entry;

    g_assert_true (bc_store_insert_batch (store, other, FALSE, &error));
    g_assert_no_error (error);
    g_assert_true (gtk_widget_activate_action (page, "batch.edit", NULL));
    dialog = find_toplevel (BC_TYPE_CREATE_DIALOG);
    g_assert_nonnull (dialog);
    entry = GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL));
    g_assert_cmpstr (gtk_editable_get_text (entry), ==, "Doomed");
    gtk_editable_set_text (entry, "Taken");
    g_assert_true (has_label (GTK_WIDGET (dialog),
                              "A batch named “Taken” already exists. Batch names must be unique."));
    gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL);
    g_assert_cmpstr (bc_batch_get_name (batch), ==, "Doomed");
    gtk_editable_set_text (entry, "  ");
    gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL);
    g_assert_cmpstr (bc_batch_get_name (batch), ==, "Doomed");
    gtk_editable_set_text (entry, "Doomed Again");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
    g_assert_null (find_toplevel (BC_TYPE_CREATE_DIALOG));
    g_assert_cmpstr (bc_batch_get_name (batch), ==, "Doomed Again");
    g_assert_true (bc_store_find_batch_by_name (store, "Doomed Again") == batch);
    g_assert_true (bc_store_delete_batch (store, other, &error));
    g_assert_no_error (error);
  }

  g_assert_true (bc_store_set_batch_state (store, batch, BC_BATCH_STATE_ONGOING, &error));
  g_assert_no_error (error);

  /* Cancel asks first; "Keep Running" keeps it running. */
  g_assert_true (gtk_widget_activate_action (page, "batch.cancel", NULL));
  g_assert_true (has_label (GTK_WIDGET (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "Cancel the Batch?"));
  respond ("keep");
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);
  g_assert_true (gtk_widget_activate_action (page, "batch.cancel", NULL));
  respond ("cancel-batch");
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_CANCELLED);
  /* The pending rows follow on a worker; the counters when it is done. */
  while (bc_batch_get_counter (batch, BC_COUNTER_PENDING) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_CANCELLED), ==,
                   bc_batch_get_counter (batch, BC_COUNTER_TOTAL));
  g_assert_true (bc_store_check_counters (store, bc_batch_get_id (batch), &error));
  g_assert_no_error (error);
  check_buttons (page, "_Delete");

  /* Delete hides it at once; Undo brings it back. */
  g_assert_true (gtk_widget_activate_action (page, "batch.delete", NULL));
  g_assert_true (gtk_widget_get_mapped (status_page));
  g_assert_true (bc_store_find_batch_by_name (store, "Doomed Again") == batch);
  wait_for_frames (window);
  undo = button_with_label (GTK_WIDGET (window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  g_assert_false (gtk_widget_get_mapped (status_page));
  g_assert_true (bc_batch_page_get_batch (BC_BATCH_PAGE (page)) == batch);

  /* Deleted again, it leaves the store when the window goes. */
  g_assert_true (gtk_widget_activate_action (page, "batch.delete", NULL));
  g_assert_true (gtk_widget_get_mapped (status_page));
  quit (app);
}

static void
test_ui_batch_cancel_delete (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  run_app (data_dir, NULL, check_cancel_delete, data_dir);

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = bc_store_build_path (data_dir);
    BcStore *store = bc_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (store)), ==, 0);
    g_assert_finalize_object (store);
  }
  rm_rf (data_dir);
}

/* ---- recipients that need review ---- */

static void
set_state (BcStore          *store,
           BcRecipient      *recipient,
           BcRecipientState  state)
{
  BcRecipientData data = *bc_recipient_get_data (recipient);
  g_autoptr(GError) error = NULL;

  data.state = state;
  g_assert_true (bc_store_update_recipient (store, &data, &error));
  g_assert_no_error (error);
}

static BcRecipientState
stored_state (BcStore     *store,
              BcRecipient *recipient)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcRecipient) now = bc_store_get_recipient (store, bc_recipient_get_id (recipient), &error);

  g_assert_no_error (error);
  return bc_recipient_get_state (now);
}

static void
check_review (BcApplication *app,
              GtkWindow     *window,
              gpointer       user_data)
{
  BcStore *store = bc_application_get_store (app);
  BcBatch *batch = import_draft (store, user_data, "Unsure");
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  BcRecipientsView *view = bc_batch_page_get_recipients_view (BC_BATCH_PAGE (page));
  GListModel *list = G_LIST_MODEL (bc_recipients_view_get_list (view));
  g_autoptr(BcRecipient) first = g_list_model_get_item (list, 0);
  g_autoptr(BcRecipient) second = g_list_model_get_item (list, 1);
  GtkWindow *detail;

  set_state (store, first, BC_RECIPIENT_STATE_NEEDS_REVIEW);
  set_state (store, second, BC_RECIPIENT_STATE_NEEDS_REVIEW);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_NEEDS_REVIEW), ==, 2);
  g_assert_true (has_label (page, "2 recipients need review: open each below to mark it as called or call it again."));
  wait_for_frames (window);
  save_screenshot (window, "ui-needs-review.png");

  /* A recipient that does not need review offers no decision. */
  detail = bc_recipients_view_open_detail (view, 2);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.mark-called", NULL) &&
                  gtk_widget_get_visible (GTK_WIDGET (detail)) == FALSE);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_NEEDS_REVIEW), ==, 2);
  gtk_window_destroy (detail);

  detail = bc_recipients_view_open_detail (view, 0);
  g_assert_true (has_label (GTK_WIDGET (detail), "Needs Review"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.mark-called", NULL));
  g_assert_cmpint (stored_state (store, first), ==, BC_RECIPIENT_STATE_DONE);

  detail = bc_recipients_view_open_detail (view, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.call-again", NULL));
  g_assert_cmpint (stored_state (store, second), ==, BC_RECIPIENT_STATE_PENDING);

  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_NEEDS_REVIEW), ==, 0);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 2);
  g_assert_false (has_label (page, "2 recipients need review: open each below to mark it as called or call it again."));
  quit (app);
}

static void
test_ui_batch_review (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  run_app (data_dir, NULL, check_review, data_dir);
  rm_rf (data_dir);
}

/* ---- closing the window while a batch calls ---- */

static BcBatch *
start_batch (BcApplication *app,
             const char    *dir)
{
  BcStore *store = bc_application_get_store (app);
  BcBatch *batch = import_draft (store, dir, "Running");
  g_autoptr(GError) error = NULL;

  bc_batch_set_windows (batch, "00:00-24:00");
  bc_batch_set_weekdays (batch, BC_WEEKDAYS_ALL);
  g_assert_true (bc_store_update_batch (store, batch, &error));
  g_assert_true (bc_store_set_batch_state (store, batch, BC_BATCH_STATE_ONGOING, &error));
  g_assert_true (bc_scheduler_add_batch (bc_application_get_scheduler (app), batch, &error));
  g_assert_no_error (error);
  return batch;
}

/* The window's close button, or Ctrl+Q (app.quit): the same question. */
typedef struct
{
  const char *dir;
  gboolean    via_quit;
} CloseRun;

static void
close_or_quit (BcApplication  *app,
               GtkWindow      *window,
               const CloseRun *run)
{
  if (run->via_quit)
    {
      check_accels (app, "app.quit", "<Control>q");
      quit (app);
    }
  else
    gtk_window_close (window);
}

static void
check_close_pause (BcApplication *app,
                   GtkWindow     *window,
                   gpointer       user_data)
{
  const CloseRun *run = user_data;
  BcBatch *batch = start_batch (app, run->dir);

  /* Asked, and "Stay Open" keeps everything as it was. */
  close_or_quit (app, window, run);
  g_assert_true (has_label (GTK_WIDGET (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)),
                            "Keep Calling in the Background?"));
  respond ("cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);
  g_assert_nonnull (gtk_application_get_windows (GTK_APPLICATION (app)));

  close_or_quit (app, window, run);
  respond ("pause");
  while (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_PAUSED);
  g_assert_cmpstr (bc_batch_get_pause_reason (batch), ==, "Paused when the window was closed");
  g_assert_false (bc_application_get_held (app));
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  /* No window and no hold: the application ends by itself. */
}

static void
check_close_background (BcApplication *app,
                        GtkWindow     *window,
                        gpointer       user_data)
{
  const CloseRun *run = user_data;
  BcBatch *batch = start_batch (app, run->dir);
  guint source;

  close_or_quit (app, window, run);
  respond ("background");
  while (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_true (bc_application_get_held (app));

  /* The calls go on without a window; the hold ends with the batch. */
  source = g_timeout_add (50, advance_cb, bc_application_get_sandbox_server (app));
  while (bc_application_get_held (app))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_SENT);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_SENT), ==, 3);
}

static void
test_ui_batch_close (gconstpointer data)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);
  const char *path = data;
  CloseRun run = { data_dir, strstr (path, "/quit-") != NULL };

  g_assert_nonnull (data_dir);
  run_app (data_dir, "--sandbox",
           strstr (path, "pause") != NULL ? check_close_pause : check_close_background, &run);
  rm_rf (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int status;

  g_test_add_func ("/BatchCalls/UI/batch/submit-to-sent", test_ui_batch_submit);
  g_test_add_func ("/BatchCalls/UI/batch/cancel-delete", test_ui_batch_cancel_delete);
  g_test_add_func ("/BatchCalls/UI/batch/needs-review", test_ui_batch_review);
  /* Each test's path says how the window goes and what is answered. */
  g_test_add_data_func ("/BatchCalls/UI/batch/close-pause",
                        "/BatchCalls/UI/batch/close-pause", test_ui_batch_close);
  g_test_add_data_func ("/BatchCalls/UI/batch/close-background",
                        "/BatchCalls/UI/batch/close-background", test_ui_batch_close);
  g_test_add_data_func ("/BatchCalls/UI/batch/quit-pause",
                        "/BatchCalls/UI/batch/quit-pause", test_ui_batch_close);
  g_test_add_data_func ("/BatchCalls/UI/batch/quit-background",
                        "/BatchCalls/UI/batch/quit-background", test_ui_batch_close);

  status = g_test_run ();

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    rm_rf (home);

  return status;
}
