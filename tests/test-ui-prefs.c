/* test-ui-prefs.c: the preferences window, bound to GSettings, and its
 * connection test against the embedded sandbox, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bc-preferences-window.h"
#include "bc-sandbox.h"
#include "ui-test-util.h"

static BcPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  BcPreferencesWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (BC_IS_PREFERENCES_WINDOW (toplevel))
        found = BC_PREFERENCES_WINDOW (toplevel);
    }
  return found;
}

static GtkEditable *
entry_row (GtkWidget  *root,
           const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_widgets (root, ADW_TYPE_ENTRY_ROW, NULL, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (rows->pdata[i]), title))
      return GTK_EDITABLE (rows->pdata[i]);
  g_assert_not_reached ();
}

static void
run_test (BcPreferencesWindow *prefs)
{
  bc_preferences_window_test_connection (prefs);
  while (bc_preferences_window_get_test_running (prefs))
    g_main_context_iteration (NULL, TRUE);
}

static void
check_preferences (BcApplication *app,
                   GtkWindow     *window,
                   gpointer       user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  BcSandbox *sandbox = bc_application_get_sandbox_server (app);
  BcPreferencesWindow *prefs;
  GtkWidget *root;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  root = GTK_WIDGET (prefs);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == window);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_widget (root, GTK_TYPE_SWITCH, NULL))));

  /* The rows write GSettings as they change. */
  g_assert_cmpstr (gtk_editable_get_text (entry_row (root, "API _Base URL")), ==, "https://api.upon-ai.com");
  gtk_editable_set_text (entry_row (root, "API _Base URL"), bc_sandbox_get_base_url (sandbox));
  {
    g_autofree char *url = g_settings_get_string (settings, "api-base-url");
    g_assert_cmpstr (url, ==, bc_sandbox_get_base_url (sandbox));
  }
  gtk_editable_set_text (entry_row (root, "_Workspace ID"), "4242");
  g_assert_cmpint (g_settings_get_int64 (settings, "workspace-id"), ==, 4242);
  gtk_editable_set_text (entry_row (root, "_Workspace ID"), "42x");
  g_assert_cmpint (g_settings_get_int64 (settings, "workspace-id"), ==, 4242);
  gtk_editable_set_text (entry_row (root, "_Workspace ID"), "4242");
  gtk_editable_set_text (entry_row (root, "Account _SID"), "AC-sandbox-demo");
  {
    g_autofree char *sid = g_settings_get_string (settings, "account-sid");
    g_assert_cmpstr (sid, ==, "AC-sandbox-demo");
  }
  g_settings_set_string (settings, "profile", "retell");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_widget (root, ADW_TYPE_COMBO_ROW, NULL))), ==, 1);
  g_settings_set_string (settings, "profile", "uponai");

  /* "Test Connection" with the token as typed. */
  gtk_editable_set_text (entry_row (root, "API _Token (kept in the keyring)"), "sandbox-token");
  run_test (prefs);
  g_assert_cmpstr (bc_preferences_window_get_test_result (prefs), ==,
                   "Connected: 4 numbers, 3 bound to an agent");
  g_assert_true (has_label (root, "Connected: 4 numbers, 3 bound to an agent"));
  wait_for_frames (GTK_WINDOW (prefs));
  save_screenshot (GTK_WINDOW (prefs), "ui-preferences.png");

  /* A wrong token says so, without repeating it. */
  gtk_editable_set_text (entry_row (root, "API _Token (kept in the keyring)"), "wrong-secret");
  run_test (prefs);
  g_assert_true (g_str_has_prefix (bc_preferences_window_get_test_result (prefs), "Failed: "));
  g_assert_null (strstr (bc_preferences_window_get_test_result (prefs), "wrong-secret"));
  g_test_message ("%s", bc_preferences_window_get_test_result (prefs));

  /* An http URL off the loopback is refused before anything is sent. */
  gtk_editable_set_text (entry_row (root, "API _Base URL"), "http://example.com");
  run_test (prefs);
  g_assert_true (g_str_has_prefix (bc_preferences_window_get_test_result (prefs), "Failed: "));

  g_settings_reset (settings, "api-base-url");
  g_settings_reset (settings, "workspace-id");
  g_settings_reset (settings, "account-sid");
  gtk_window_destroy (GTK_WINDOW (prefs));
  quit (app);
}

static void
test_ui_preferences (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  run_app (data_dir, "--sandbox", check_preferences, NULL);
  rm_rf (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int status;

  g_test_add_func ("/BatchCalls/UI/preferences", test_ui_preferences);

  status = g_test_run ();

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    rm_rf (home);

  return status;
}
