/* test-ui-handoff.c: the submit dialog's "Run on the Platform" switch —
 * only on the retell profile, and it hands the batch off — and the batch
 * page of a handed-off batch, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-scheduler-common.h"

#include <adwaita.h>

#include "bc-batch-page.h"
#include "bc-store-handoff.h"
#include "bc-submit-dialog.h"
#include "ui-test-util.h"

static AdwActionRow *
platform_row (BcSubmitDialog *dialog)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  AdwActionRow *found = NULL;

  collect_widgets (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, NULL, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), "Run on the _Platform") == 0)
      found = rows->pdata[i];
  g_assert_nonnull (found);
  return found;
}

static void
fixture_set_up_retell (Fixture       *fixture,
                       gconstpointer  data)
{
  fixture->profile = BC_API_PROFILE_RETELL;
  fixture_set_up (fixture, data);
}

/* The native profile has no server-side batches: no switch. */
static void
test_hidden (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Native", 3, 2);
  BcSubmitDialog *dialog = bc_submit_dialog_new (NULL, fixture->store, fixture->scheduler, batch);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (platform_row (dialog))));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_hand_off (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Retell", 3, 2);
  BcSubmitDialog *dialog = bc_submit_dialog_new (NULL, fixture->store, fixture->scheduler, batch);
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  AdwActionRow *row;
  BcHandoffState state;

  gtk_window_present (GTK_WINDOW (dialog));
  row = platform_row (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  collect_widgets (GTK_WIDGET (row), GTK_TYPE_SWITCH, NULL, switches);
  g_assert_cmpuint (switches->len, ==, 1);
  gtk_switch_set_active (switches->pdata[0], TRUE);
  wait_for_frames (GTK_WINDOW (dialog));
  save_screenshot (GTK_WINDOW (dialog), "ui-submit-dialog-platform.png");

  bc_submit_dialog_set_windows (dialog, "00:00-24:00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "submit.start-now", NULL));
  wait_idle (fixture);

  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);
  g_assert_true (bc_store_get_handoff (fixture->store, bc_batch_get_id (batch), &state, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, BC_HANDOFF_SUBMITTED);
  /* The platform placed the calls, not this process. */
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 2);
  g_assert_cmpuint (bc_scheduler_get_n_calls_placed (fixture->scheduler), ==, 0);
}

/* The page's button for the widget action @name, shown and sensitive. */
static gboolean
action_offered (GtkWidget  *page,
                const char *name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *button = NULL;

  collect_widgets (page, GTK_TYPE_BUTTON, NULL, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), name) == 0)
      button = buttons->pdata[i];
  g_assert_nonnull (button);
  return gtk_widget_get_visible (button) && gtk_widget_get_sensitive (button);
}

/* A batch the platform runs: the page says so and offers no pause and no
 * cancel, since nothing here could stop the platform; the scheduler
 * refuses both too. A batch run here keeps them. */
static void
test_page (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "On the platform", 3, 2);
  g_autoptr(BcBatch) local = make_batch (fixture, "Here", 3, 2);
  g_autoptr(GError) error = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *page = bc_batch_page_new ();

  bc_batch_page_set_store (BC_BATCH_PAGE (page), fixture->store);
  gtk_window_set_child (window, page);
  gtk_window_present (window);

  bc_batch_page_set_batch (BC_BATCH_PAGE (page), batch);
  g_assert_true (action_offered (page, "batch.submit"));
  g_assert_true (bc_scheduler_hand_off_batch (fixture->scheduler, batch, &error));
  g_assert_no_error (error);
  wait_idle (fixture);
  wait_for_frames (window);
  save_screenshot (window, "ui-batch-page-platform.png");

  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);
  g_assert_true (has_label (page, "Running on the platform: UponAI places the calls even when "
                                  "this app is closed. The platform offers no way to pause or "
                                  "cancel it."));
  g_assert_false (action_offered (page, "batch.pause"));
  g_assert_false (action_offered (page, "batch.cancel"));
  g_assert_false (action_offered (page, "batch.resume"));
  g_assert_true (action_offered (page, "batch.export-results"));

  g_assert_false (bc_scheduler_pause_batch (fixture->scheduler, batch, "test", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_false (bc_scheduler_cancel_batch (fixture->scheduler, batch, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  /* The store's own cancel, which the page's Cancel uses, refuses too. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    bc_store_cancel_batch_async (fixture->store, batch, NULL, on_async_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (bc_store_cancel_batch_finish (fixture->store, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);
  }
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);

  bc_batch_page_set_batch (BC_BATCH_PAGE (page), local);
  g_assert_true (bc_store_set_batch_state (fixture->store, local, BC_BATCH_STATE_ONGOING, &error));
  g_assert_no_error (error);
  g_assert_true (action_offered (page, "batch.pause"));
  g_assert_true (action_offered (page, "batch.cancel"));
  g_assert_true (bc_scheduler_pause_batch (fixture->scheduler, local, "test", &error));
  g_assert_no_error (error);

  /* The page holds the store: gone before the fixture checks it is. */
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_destroy (window);
  while (page != NULL)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/BatchCalls/UI/handoff/hidden-on-native", Fixture, NULL,
              fixture_set_up, test_hidden, fixture_tear_down);
  g_test_add ("/BatchCalls/UI/handoff/switch-hands-off", Fixture, NULL,
              fixture_set_up_retell, test_hand_off, fixture_tear_down);
  g_test_add ("/BatchCalls/UI/handoff/page-no-pause-or-cancel", Fixture, NULL,
              fixture_set_up_retell, test_page, fixture_tear_down);

  return g_test_run ();
}
