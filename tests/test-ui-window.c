/* test-ui-window.c: the application shell under Xvfb
 *
 * Each case runs the real BcApplication with g_application_run() and
 * --data-dir, checks the window from inside its "activate", then quits
 * through app.quit. Run as
 *   dbus-run-session -- xvfb-run -a meson test -C _build --suite ui
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bc-application.h"
#include "bc-batch-page.h"
#include "bc-batch-row.h"
#include "bc-store.h"
#include "bc-window.h"

#include "ui-test-util.h"

static void
check_about (BcApplication *app,
             GtkWindow     *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
  AdwAboutWindow *about = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        {
          g_assert_null (about);
          about = ADW_ABOUT_WINDOW (toplevel);
        }
    }
  g_assert_nonnull (about);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (about)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == window);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Batch Calls");
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "UponAI");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://github.com/uponai/batch-calls");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==,
                   "https://github.com/uponai/batch-calls/issues");
  gtk_window_destroy (GTK_WINDOW (about));
}

/* ---- empty state ---- */

static void
check_empty (BcApplication *app,
             GtkWindow     *window,
             gpointer       user_data)
{
  GtkWidget *status_page;
  GtkWidget *batch_list;
  GtkWindow *overlay;

  g_assert_true (BC_IS_WINDOW (window));
  g_assert_true (gtk_window_get_application (window) == GTK_APPLICATION (app));
  g_assert_nonnull (bc_application_get_store (app));
  /* use-sandbox is on until an account is set up: a fresh install runs
   * on the embedded sandbox. */
  g_assert_true (bc_application_get_sandbox (app));

  status_page = find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, NULL);
  g_assert_true (gtk_widget_get_mapped (status_page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   "No Batch Calls Yet");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status_page)),
                            "CSV"));
  batch_list = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, NULL);
  g_assert_false (gtk_widget_get_mapped (batch_list));

  /* The actions of the primary menu, and their accelerators. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  check_accels (app, "app.preferences", "<Control>comma");
  check_accels (app, "win.create-batch", "<Control>n");
  check_accels (app, "app.quit", "<Control>q");

  /* GtkApplication loaded gtk/help-overlay.ui from the resource base. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  check_accels (app, "win.show-help-overlay", "<Control>question");
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_nonnull (overlay);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (overlay);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  check_about (app, window);

  save_screenshot (window, "ui-empty.png");

  /* The window size goes to GSettings as it changes. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 980);
    gtk_window_set_default_size (window, 700, 500);
    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
    g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);
    /* "maximized" is not checked: Xvfb has no window manager to grant it. */
    g_settings_reset (settings, "window-width");
    g_settings_reset (settings, "window-height");
  }

  /* The first batch replaces the empty state; deleting it brings it back. */
  {
    g_autoptr(BcBatch) batch = bc_batch_new ("First");
    g_autoptr(GError) error = NULL;
    BcStore *store = bc_application_get_store (app);
    GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);

    g_assert_true (bc_store_insert_batch (store, batch, FALSE, &error));
    g_assert_no_error (error);
    g_assert_true (gtk_widget_get_mapped (batch_list));
    g_assert_false (gtk_widget_get_mapped (status_page));
    g_assert_true (bc_batch_page_get_batch (BC_BATCH_PAGE (page)) == batch);

    g_assert_true (bc_store_delete_batch (store, batch, &error));
    g_assert_no_error (error);
    g_assert_true (gtk_widget_get_mapped (status_page));
    g_assert_false (gtk_widget_get_mapped (batch_list));
    g_assert_null (bc_batch_page_get_batch (BC_BATCH_PAGE (page)));
  }

  quit_pausing (app);
}

static void
test_ui_empty (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  run_app (data_dir, NULL, check_empty, NULL);

  /* The store was created where --data-dir said. */
  {
    g_autofree char *db = bc_store_build_path (data_dir);
    g_assert_true (g_str_has_prefix (db, data_dir));
    g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  }
  rm_rf (data_dir);
}

/* ---- batches ---- */

#define DRAFT_NAME   "Spring Renewal Reminders"
#define ONGOING_NAME "Clinic Appointment Confirmations"

static void
insert_batches (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bc_store_build_path (data_dir);
  BcStore *store = bc_store_open (path, &error);
  g_autoptr(BcBatch) draft = bc_batch_new (DRAFT_NAME);
  g_autoptr(BcBatch) ongoing = bc_batch_new (ONGOING_NAME);

  g_assert_no_error (error);
  g_assert_true (bc_store_insert_batch (store, draft, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (bc_store_insert_batch (store, ongoing, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (bc_store_set_batch_state (store, ongoing, BC_BATCH_STATE_ONGOING, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (store)), ==, 2);

  g_assert_finalize_object (store);
}

static GtkWidget *
row_badge (GtkWidget *row)
{
  return find_widget (row, GTK_TYPE_LABEL, "badge");
}

static void
check_badge (GtkWidget  *badge,
             const char *state_class,
             const char *label)
{
  static const char * const all_classes[] = {
    "badge-draft", "badge-planned", "badge-ongoing",
    "badge-paused", "badge-cancelled", "badge-sent",
  };

  g_assert_true (gtk_widget_has_css_class (badge, "badge"));
  for (guint i = 0; i < G_N_ELEMENTS (all_classes); i++)
    g_assert_cmpint (gtk_widget_has_css_class (badge, all_classes[i]), ==,
                     g_str_equal (all_classes[i], state_class));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (badge)), ==, label);
}

static void
check_batches (BcApplication *app,
               GtkWindow     *window,
               gpointer       user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *status_page;
  GtkWidget *batch_list;
  GtkWidget *page;
  GtkWidget *draft_row = NULL;
  GtkWidget *ongoing_row = NULL;
  BcBatch *ongoing;
  BcBatch *draft;

  g_assert_true (bc_application_get_sandbox (app));

  status_page = find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, NULL);
  g_assert_false (gtk_widget_get_mapped (status_page));
  batch_list = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, NULL);
  g_assert_true (gtk_widget_get_mapped (batch_list));

  collect_widgets (batch_list, BC_TYPE_BATCH_ROW, NULL, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      BcBatch *batch = bc_batch_row_get_batch (rows->pdata[i]);

      if (g_str_equal (bc_batch_get_name (batch), DRAFT_NAME))
        draft_row = rows->pdata[i];
      else if (g_str_equal (bc_batch_get_name (batch), ONGOING_NAME))
        ongoing_row = rows->pdata[i];
    }
  g_assert_nonnull (draft_row);
  g_assert_nonnull (ongoing_row);

  /* What the rows show, not only what they hold. */
  g_assert_true (has_label (draft_row, DRAFT_NAME));
  g_assert_true (has_label (draft_row, "0 recipients"));
  check_badge (row_badge (draft_row), "badge-draft", "Draft");
  g_assert_true (has_label (ongoing_row, ONGOING_NAME));
  check_badge (row_badge (ongoing_row), "badge-ongoing", "Ongoing");

  /* The first row is selected and shown in the content pane. */
  page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (batch_list)) ==
                 gtk_list_box_get_row_at_index (GTK_LIST_BOX (batch_list), 0));
  g_assert_true (bc_batch_page_get_batch (BC_BATCH_PAGE (page)) ==
                 bc_batch_row_get_batch (BC_BATCH_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (batch_list), 0))));
  g_assert_true (has_label (page, bc_batch_get_name (bc_batch_page_get_batch (BC_BATCH_PAGE (page)))));

  gtk_list_box_select_row (GTK_LIST_BOX (batch_list), GTK_LIST_BOX_ROW (ongoing_row));
  g_assert_true (has_label (page, ONGOING_NAME));
  check_badge (find_widget (page, GTK_TYPE_LABEL, "badge"), "badge-ongoing", "Ongoing");

  save_screenshot (window, "ui-batches.png");

  /* Rows and page follow the batches live. */
  ongoing = bc_store_find_batch_by_name (bc_application_get_store (app), ONGOING_NAME);
  g_assert_true (ongoing == bc_batch_row_get_batch (BC_BATCH_ROW (ongoing_row)));
  g_assert_true (bc_store_set_batch_state (bc_application_get_store (app), ongoing,
                                           BC_BATCH_STATE_PAUSED, &error));
  g_assert_no_error (error);
  check_badge (row_badge (ongoing_row), "badge-paused", "Paused");
  check_badge (find_widget (page, GTK_TYPE_LABEL, "badge"), "badge-paused", "Paused");

  draft = bc_batch_row_get_batch (BC_BATCH_ROW (draft_row));
  bc_batch_set_name (draft, "Renamed");
  g_assert_true (has_label (draft_row, "Renamed"));
  g_assert_false (has_label (draft_row, DRAFT_NAME));

  /* Search and filter by state (Ctrl+F). */
  {
    GtkWidget *search_bar = find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_BAR, NULL);
    GtkWidget *states = find_widget (search_bar, GTK_TYPE_DROP_DOWN, NULL);
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    g_autoptr(GPtrArray) shown = g_ptr_array_new ();
    GtkWidget *entry = NULL;

    /* The drop-down's popover has a search entry of its own. */
    collect_widgets (search_bar, GTK_TYPE_SEARCH_ENTRY, NULL, entries);
    for (guint i = 0; i < entries->len; i++)
      if (!gtk_widget_is_ancestor (entries->pdata[i], states))
        entry = entries->pdata[i];
    g_assert_nonnull (entry);

    check_accels (app, "win.search", "<Control>f");
    g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));
    g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
    g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));

    gtk_drop_down_set_selected (GTK_DROP_DOWN (states), 4);  /* Paused */
    collect_widgets (batch_list, BC_TYPE_BATCH_ROW, NULL, shown);
    g_assert_cmpuint (shown->len, ==, 1);
    g_assert_true (bc_batch_row_get_batch (shown->pdata[0]) == ongoing);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (states), 0);

    /* The entry reports a search a moment after typing stops. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "renam");
    do
      {
        g_ptr_array_set_size (shown, 0);
        g_main_context_iteration (NULL, TRUE);
        collect_widgets (batch_list, BC_TYPE_BATCH_ROW, NULL, shown);
      }
    while (shown->len != 1);
    g_assert_true (bc_batch_row_get_batch (shown->pdata[0]) == draft);

    /* Nothing matches: the sidebar stays, and says so. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "zzz");
    do
      {
        g_ptr_array_set_size (shown, 0);
        g_main_context_iteration (NULL, TRUE);
        collect_widgets (batch_list, BC_TYPE_BATCH_ROW, NULL, shown);
      }
    while (shown->len != 0);
    g_assert_true (gtk_widget_get_mapped (find_widget (batch_list, GTK_TYPE_LABEL, "dim-label")));
    g_assert_true (has_label (batch_list, "No matching batches"));
    g_assert_true (gtk_widget_get_mapped (batch_list));
    g_assert_false (gtk_widget_get_mapped (status_page));
    wait_for_frames (window);
    save_screenshot (window, "ui-search-empty.png");
  }

  quit_pausing (app);
}

static void
test_ui_batches (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  insert_batches (data_dir);
  run_app (data_dir, "--sandbox", check_batches, NULL);
  rm_rf (data_dir);
}

/* ---- dark mode ---- */

static void
check_dark (BcApplication *app,
            GtkWindow     *window,
            gpointer       user_data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  g_assert_true (gtk_widget_get_mapped (page));
  wait_for_frames (window);
  save_screenshot (window, "ui-batches-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  quit_pausing (app);
}

static void
test_ui_dark (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  insert_batches (data_dir);
  run_app (data_dir, NULL, check_dark, NULL);
  rm_rf (data_dir);
}

/* ---- the sandbox's demo batch ---- */

static void
check_empty_after_demo (BcApplication *app,
                        GtkWindow     *window,
                        gpointer       user_data)
{
  BcStore *store = bc_application_get_store (app);
  BcBatch *demo = bc_store_find_batch_by_name (store, "Demo: Spring Check-in");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (demo);
  g_assert_true (bc_store_delete_batch (store, demo, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (store)), ==, 0);
  quit_pausing (app);
}

static void
check_demo (BcApplication *app,
            GtkWindow     *window,
            gpointer       user_data)
{
  GListModel *batches = bc_store_get_batches (bc_application_get_store (app));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(BcBatch) demo = NULL;

  g_assert_true (g_settings_get_boolean (settings, "demo-seeded"));
  while (g_list_model_get_n_items (batches) == 0)
    g_main_context_iteration (NULL, TRUE);
  demo = g_list_model_get_item (batches, 0);
  g_assert_cmpstr (bc_batch_get_name (demo), ==, "Demo: Spring Check-in");
  g_assert_cmpint (bc_batch_get_state (demo), ==, BC_BATCH_STATE_DRAFT);
  g_assert_cmpint (bc_batch_get_counter (demo, BC_COUNTER_TOTAL), ==, 24);
  g_assert_cmpstr (bc_batch_get_from_number (demo), ==, "+14155550100");
  quit_pausing (app);
}

static void
test_ui_demo (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_nonnull (data_dir);
  g_settings_set_boolean (settings, "demo-seeded", FALSE);
  run_app (data_dir, "--sandbox", check_demo, NULL);
  /* Once only: a second start on an empty database adds nothing. */
  run_app (data_dir, "--sandbox", check_empty_after_demo, NULL);
  rm_rf (data_dir);
}

/* ---- a phone-sized window ---- */

static void
check_narrow (BcApplication *app,
              GtkWindow     *window,
              gpointer       user_data)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (find_widget (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL));
  GtkWidget *batch_list = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, NULL);
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *back = NULL;
  GtkListBoxRow *row;

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 360);

  /* Folded: the sidebar alone, then the page alone with a back button. */
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_is_ancestor (batch_list, adw_leaflet_get_visible_child (leaflet)));
  save_screenshot (window, "ui-narrow-sidebar.png");

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (batch_list), 1);
  g_signal_emit_by_name (row, "activate");
  g_assert_true (gtk_widget_is_ancestor (page, adw_leaflet_get_visible_child (leaflet)));
  g_assert_true (bc_batch_page_get_batch (BC_BATCH_PAGE (page)) ==
                 bc_batch_row_get_batch (BC_BATCH_ROW (row)));

  collect_widgets (GTK_WIDGET (window), GTK_TYPE_BUTTON, NULL, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[i]), "go-previous-symbolic") == 0)
      back = buttons->pdata[i];
  g_assert_nonnull (back);
  wait_for_frames (window);
  g_assert_true (gtk_widget_get_mapped (back));
  save_screenshot (window, "ui-narrow-page.png");

  g_signal_emit_by_name (back, "clicked");
  g_assert_true (gtk_widget_is_ancestor (batch_list, adw_leaflet_get_visible_child (leaflet)));

  quit_pausing (app);
}

static void
test_ui_narrow (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* GSETTINGS_BACKEND=memory: the window reads what this process wrote. */
  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 640);

  g_assert_nonnull (data_dir);
  insert_batches (data_dir);
  run_app (data_dir, NULL, check_narrow, NULL);
  rm_rf (data_dir);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* ---- a store that cannot be opened ---- */

static void
check_store_error (BcApplication *app,
                   GtkWindow     *window,
                   gpointer       user_data)
{
  const char *expected_message = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_null (bc_application_get_store (app));
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), ==,
                   "Cannot Open the Batch Database");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)), ==,
                   expected_message);
  g_assert_nonnull (strstr (expected_message, "newer version"));

  save_screenshot (window, "ui-store-error.png");

  /* Closing the dialog ends the application: there is nothing else to show. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), "close");
}

static void
set_schema_version (const char *path,
                    guint       version)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE schema_version SET version = %u", version);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* A database from a newer version: a dialog says so, instead of a crash
 * or a window over a store that is not there. */
static void
test_ui_store_error (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);
  g_autofree char *path = bc_store_build_path (data_dir);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gsize before_len, after_len;
  BcStore *store;

  g_assert_nonnull (data_dir);
  insert_batches (data_dir);
  set_schema_version (path, BC_STORE_SCHEMA_VERSION + 1);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  store = bc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_TOO_NEW);

  run_app (data_dir, NULL, check_store_error, error->message);

  /* Refused means untouched. */
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  rm_rf (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int status;

  g_test_add_func ("/BatchCalls/UI/empty", test_ui_empty);
  g_test_add_func ("/BatchCalls/UI/batches", test_ui_batches);
  g_test_add_func ("/BatchCalls/UI/narrow", test_ui_narrow);
  g_test_add_func ("/BatchCalls/UI/demo", test_ui_demo);
  g_test_add_func ("/BatchCalls/UI/dark", test_ui_dark);
  g_test_add_func ("/BatchCalls/UI/store-error", test_ui_store_error);

  status = g_test_run ();

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    rm_rf (home);

  return status;
}
