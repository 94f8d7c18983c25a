/* test-ui-batch-actions.c: what happens to a batch outside its page —
 * a notification when it finishes or fails while the window is not looked
 * at, app.show-batch bringing it back, and "Export Results…" with its
 * toast
 *
 * ui_test_init() owns org.freedesktop.Notifications on the test's session
 * bus (run it under dbus-run-session) and records what GLib's notification
 * backend sends there: the real bytes of a real notification, not a mock
 * of g_application_send_notification().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "bc-application.h"
#include "bc-batch-charts.h"
#include "bc-batch-notifier.h"
#include "bc-funnel-chart.h"
#include "bc-batch-page.h"
#include "bc-batch-row.h"
#include "bc-export-results.h"
#include "bc-store.h"
#include "bc-window.h"
#include "store-test-util.h"
#include "ui-test-notifications.h"
#include "ui-test-util.h"

/* ---- the application ---- */

typedef struct
{
  char    *data_dir;
  gboolean checked;
  guint    n_notified;   /* BcBatchNotifier::notified */
  guint    n_shown;      /* notifications the server had before */
} Run;

static void
on_notified_cb (BcBatchNotifier *notifier,
                BcBatch         *batch,
                GNotification   *notification,
                Run             *run)
{
  run->n_notified++;
}

static void
wait_for_shown (Run   *run,
                guint  n)
{
  while (ui_test_notifications_get ()->len < run->n_shown + n)
    g_main_context_iteration (NULL, TRUE);
}

static UiTestNotification *
last_shown (void)
{
  GPtrArray *shown = ui_test_notifications_get ();

  g_assert_cmpuint (shown->len, >, 0);
  return g_ptr_array_index (shown, shown->len - 1);
}

static GtkWidget *
find_page (GtkWidget *root)
{
  if (BC_IS_BATCH_PAGE (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static BcBatch *
selected_batch (GtkWidget *window)
{
  GtkWidget *page = find_page (window);

  g_assert_nonnull (page);
  return bc_batch_page_get_batch (BC_BATCH_PAGE (page));
}

static void
on_activate_cb (GApplication *app,
                Run          *run)
{
  BcStore *store = bc_application_get_store (BC_APPLICATION (app));
  BcBatchNotifier *notifier = bc_application_get_notifier (BC_APPLICATION (app));
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(BcBatch) spring = NULL;
  g_autoptr(BcBatch) autumn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  UiTestNotification *shown;

  if (run->checked)
    return;  /* app.show-batch activates again */
  run->checked = TRUE;

  g_assert_nonnull (notifier);
  g_assert_true (BC_IS_WINDOW (window));
  g_signal_connect (notifier, "notified", G_CALLBACK (on_notified_cb), run);
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  spring = add_batch (store, "Spring", 2);
  autumn = add_batch (store, "Autumn", 3);
  walk_to (store, spring, BC_BATCH_STATE_ONGOING);
  walk_to (store, autumn, BC_BATCH_STATE_ONGOING);

  /* Looked at: the badge says it, no notification. (Xvfb has no window
   * manager to give focus; where the window is not active this part
   * checks nothing more than the hidden case below.) */
  if (gtk_window_is_active (window))
    {
      g_autoptr(BcBatch) summer = add_batch (store, "Summer", 1);

      walk_to (store, summer, BC_BATCH_STATE_SENT);
      g_assert_cmpuint (run->n_notified, ==, 0);
    }
  else
    g_test_message ("the window is not active under this display: focused case skipped");

  /* Not looked at: Sent is announced. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  bc_store_set_batch_state (store, spring, BC_BATCH_STATE_SENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->n_notified, ==, 1);
  wait_for_shown (run, 1);
  shown = last_shown ();
  g_assert_cmpstr (shown->summary, ==, "“Spring” Is Finished");
  g_assert_cmpstr (shown->body, ==, "2 recipients: 0 picked up, 0 successful");
  /* fdo actions are (key, label) pairs; the default one is "default". */
  g_assert_true (g_strv_contains ((const char * const *) shown->actions, "default"));

  /* Paused by a person: nothing. Paused by an error: announced. */
  bc_store_set_batch_state (store, autumn, BC_BATCH_STATE_PAUSED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->n_notified, ==, 1);
  bc_store_set_batch_state (store, autumn, BC_BATCH_STATE_ONGOING, &error);
  g_assert_no_error (error);
  bc_batch_set_pause_reason (autumn, "The API key was refused (401)");
  bc_store_set_batch_state (store, autumn, BC_BATCH_STATE_PAUSED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->n_notified, ==, 2);
  wait_for_shown (run, 2);
  shown = last_shown ();
  g_assert_cmpstr (shown->summary, ==, "“Autumn” Was Paused");
  g_assert_cmpstr (shown->body, ==, "The API key was refused (401)");
  g_assert_cmpuint (ui_test_notifications_get ()->len, ==, run->n_shown + 2);

  /* One id per batch: a later notification replaces an earlier one. */
  expected = g_strconcat ("batch-", bc_batch_get_id (spring), NULL);
  {
    g_autofree char *id = bc_batch_notifier_build_id (bc_batch_get_id (spring));

    g_assert_cmpstr (id, ==, expected);
  }

  /* The notification's action: the window comes back on that batch. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "show-batch"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-batch",
                                  g_variant_new_string (bc_batch_get_id (spring)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (selected_batch (GTK_WIDGET (window)) == spring);
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-batch",
                                  g_variant_new_string (bc_batch_get_id (autumn)));
  g_assert_true (selected_batch (GTK_WIDGET (window)) == autumn);

  quit_pausing (BC_APPLICATION (app));
}

/* ---- export results, from the window ---- */

/* Whether the page's widget action @name may be activated now. */
static gboolean
action_enabled (GtkWidget  *widget,
                const char *name)
{
  GtkWidget *button = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_widgets (widget, GTK_TYPE_BUTTON, NULL, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), name) == 0)
      button = buttons->pdata[i];
  g_assert_nonnull (button);
  return gtk_widget_get_visible (button) && gtk_widget_get_sensitive (button);
}

static void
on_exported_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
on_export_activate_cb (GApplication *app,
                       Run          *run)
{
  BcStore *store = bc_application_get_store (BC_APPLICATION (app));
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(BcBatch) batch = add_batch (store, "Renewals: A/B", 3);
  g_autofree char *name = bc_export_results_suggest_name (batch);
  g_autofree char *path = g_build_filename (run->data_dir, name, NULL);
  g_autofree char *bad_path = g_build_filename (run->data_dir, "missing", "x.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autofree char *text = NULL;
  gboolean done = FALSE;

  g_assert_false (run->checked);
  run->checked = TRUE;
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  /* No folder or drive letter out of a batch name. */
  g_assert_cmpstr (name, ==, "Renewals- A-B-results.csv");

  /* The page: its charts follow the selected batch, and Export Results is
   * offered once the batch has results to give. */
  {
    GtkWidget *page = find_page (GTK_WIDGET (window));
    BcBatchCharts *charts = BC_BATCH_CHARTS (find_widget (page, BC_TYPE_BATCH_CHARTS, NULL));
    GtkWidget *funnel = bc_batch_charts_get_funnel (charts);

    g_assert_true (bc_window_select_batch (BC_WINDOW (window), bc_batch_get_id (batch)));
    g_assert_true (bc_batch_charts_get_batch (charts) == batch);
    g_assert_true (bc_batch_charts_get_store (charts) == store);
    g_assert_cmpint (bc_funnel_chart_get_count (BC_FUNNEL_CHART (funnel), BC_FUNNEL_TOTAL), ==, 3);
    g_assert_false (action_enabled (page, "batch.export-results"));
    walk_to (store, batch, BC_BATCH_STATE_ONGOING);
    g_assert_true (action_enabled (page, "batch.export-results"));
  }

  bc_export_results_to_file (GTK_WIDGET (window), store, batch, file, on_exported_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "phone number,state,outcome,"));
  {
    g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 5);
  }
  g_assert_true (has_label (GTK_WIDGET (window), "Exported 3 recipients to Renewals- A-B-results.csv"));

  /* A folder that is not there: the toast says so, with the batch name. */
  done = FALSE;
  bc_export_results_to_file (GTK_WIDGET (window), store, batch, bad, on_exported_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(GFileOutputStream) stream = g_file_replace (bad, NULL, FALSE, 0, NULL, &error);

    g_assert_null (stream);
    expected = g_strdup_printf ("Could not export “Renewals: A/B”: %s", error->message);
    g_assert_true (has_label (GTK_WIDGET (window), expected));
  }
  g_assert_cmpint (g_remove (path), ==, 0);

  quit_pausing (BC_APPLICATION (app));
}

static void
run_case (GCallback activate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcApplication) app = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-actions-XXXXXX", &error);
  Run run = { data_dir, FALSE, 0, ui_test_notifications_get ()->len };
  char *argv[] = { (char *) "batch-calls", (char *) "--data-dir", data_dir, NULL };

  g_assert_no_error (error);
  app = bc_application_new ();
  g_signal_connect_after (app, "activate", activate, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (run.checked);
  g_assert_finalize_object (g_steal_pointer (&app));
  rm_rf (data_dir);
}

static void
test_notify (void)
{
  run_case (G_CALLBACK (on_activate_cb));
}

static void
test_export (void)
{
  run_case (G_CALLBACK (on_export_activate_cb));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  home = ui_test_init (&argc, &argv);

  g_test_add_func ("/BatchCalls/Notify/finished-and-failed", test_notify);
  g_test_add_func ("/BatchCalls/ExportResults/window", test_export);

  status = g_test_run ();
  rm_rf (home);
  return status;
}
