/* test-ui-batch-actions.c: what happens to a batch outside its page —
 * a notification when it finishes or fails while the window is not looked
 * at, app.show-batch bringing it back, and "Export Results…" with its
 * toast
 *
 * The test owns org.freedesktop.Notifications on its session bus (run it
 * under dbus-run-session) and records what GLib's notification backend
 * sends there: the real bytes of a real notification, not a mock of
 * g_application_send_notification().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "bc-application.h"
#include "bc-batch-notifier.h"
#include "bc-batch-page.h"
#include "bc-batch-row.h"
#include "bc-export-results.h"
#include "bc-store.h"
#include "bc-window.h"
#include "store-test-util.h"

#ifdef __SANITIZE_ADDRESS__
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}
#endif

/* ---- a notification daemon ---- */

static const char daemon_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  char  *summary;
  char  *body;
  GStrv  actions;
} Shown;

static void
shown_free (Shown *shown)
{
  g_free (shown->summary);
  g_free (shown->body);
  g_strfreev (shown->actions);
  g_free (shown);
}

typedef struct
{
  GPtrArray *shown;     /* Shown, in arrival order */
  guint      next_id;
  gboolean   owned;
  guint      n_notified; /* BcBatchNotifier::notified */
} Daemon;

static void
on_daemon_method_call_cb (GDBusConnection       *connection,
                          const char            *sender,
                          const char            *object_path,
                          const char            *interface_name,
                          const char            *method_name,
                          GVariant              *parameters,
                          GDBusMethodInvocation *invocation,
                          gpointer               user_data)
{
  Daemon *daemon = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      Shown *shown = g_new0 (Shown, 1);

      g_variant_get (parameters, "(&su&s&s&s^as@a{sv}i)", NULL, NULL, NULL,
                     &shown->summary, &shown->body, &shown->actions, NULL, NULL);
      shown->summary = g_strdup (shown->summary);
      shown->body = g_strdup (shown->body);
      g_ptr_array_add (daemon->shown, shown);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", ++daemon->next_id));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "test", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
on_name_acquired_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  ((Daemon *) user_data)->owned = TRUE;
}

static guint
daemon_start (Daemon           *daemon,
              GDBusConnection **connection,
              guint            *object_id)
{
  static const GDBusInterfaceVTable vtable = { on_daemon_method_call_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint owner_id;

  info = g_dbus_node_info_new_for_xml (daemon_xml, &error);
  g_assert_no_error (error);
  *connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  *object_id = g_dbus_connection_register_object (*connection, "/org/freedesktop/Notifications",
                                                  info->interfaces[0], &vtable, daemon, NULL,
                                                  &error);
  g_assert_no_error (error);
  owner_id = g_bus_own_name_on_connection (*connection, "org.freedesktop.Notifications",
                                           G_BUS_NAME_OWNER_FLAGS_NONE,
                                           on_name_acquired_cb, NULL, daemon, NULL);
  while (!daemon->owned)
    g_main_context_iteration (NULL, TRUE);
  return owner_id;
}

/* ---- the application ---- */

typedef struct
{
  Daemon   daemon;
  char    *data_dir;
  gboolean checked;
} Run;

static void
on_notified_cb (BcBatchNotifier *notifier,
                BcBatch         *batch,
                GNotification   *notification,
                Run             *run)
{
  run->daemon.n_notified++;
}

static void
wait_for_shown (Run   *run,
                guint  n)
{
  while (run->daemon.shown->len < n)
    g_main_context_iteration (NULL, TRUE);
}

static Shown *
last_shown (Run *run)
{
  g_assert_cmpuint (run->daemon.shown->len, >, 0);
  return g_ptr_array_index (run->daemon.shown, run->daemon.shown->len - 1);
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
  Shown *shown;

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
      g_assert_cmpuint (run->daemon.n_notified, ==, 0);
    }
  else
    g_test_message ("the window is not active under this display: focused case skipped");

  /* Not looked at: Sent is announced. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  bc_store_set_batch_state (store, spring, BC_BATCH_STATE_SENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->daemon.n_notified, ==, 1);
  wait_for_shown (run, 1);
  shown = last_shown (run);
  g_assert_cmpstr (shown->summary, ==, "“Spring” Is Finished");
  g_assert_cmpstr (shown->body, ==, "2 recipients: 0 picked up, 0 successful");
  /* fdo actions are (key, label) pairs; the default one is "default". */
  g_assert_true (g_strv_contains ((const char * const *) shown->actions, "default"));

  /* Paused by a person: nothing. Paused by an error: announced. */
  bc_store_set_batch_state (store, autumn, BC_BATCH_STATE_PAUSED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->daemon.n_notified, ==, 1);
  bc_store_set_batch_state (store, autumn, BC_BATCH_STATE_ONGOING, &error);
  g_assert_no_error (error);
  bc_batch_set_pause_reason (autumn, "The API key was refused (401)");
  bc_store_set_batch_state (store, autumn, BC_BATCH_STATE_PAUSED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->daemon.n_notified, ==, 2);
  wait_for_shown (run, 2);
  shown = last_shown (run);
  g_assert_cmpstr (shown->summary, ==, "“Autumn” Was Paused");
  g_assert_cmpstr (shown->body, ==, "The API key was refused (401)");
  g_assert_cmpuint (run->daemon.shown->len, ==, 2);

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

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* ---- export results, from the window ---- */

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
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

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
run_app (GCallback activate,
         gboolean  with_daemon)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(BcApplication) app = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-notify-XXXXXX", &error);
  Run run = { { g_ptr_array_new_with_free_func ((GDestroyNotify) shown_free), 0, FALSE, 0 },
              NULL, FALSE };
  char *argv[] = { (char *) "batch-calls", (char *) "--data-dir", NULL, NULL };
  guint object_id = 0;
  guint owner_id = 0;

  g_assert_no_error (error);
  argv[2] = data_dir;
  if (with_daemon)
    owner_id = daemon_start (&run.daemon, &connection, &object_id);

  app = bc_application_new ();
  run.data_dir = data_dir;
  g_signal_connect_after (app, "activate", activate, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (run.checked);
  g_assert_finalize_object (g_steal_pointer (&app));

  if (with_daemon)
    {
      g_bus_unown_name (owner_id);
      g_dbus_connection_unregister_object (connection, object_id);
    }
  g_ptr_array_unref (run.daemon.shown);
  remove_dir (data_dir);
}

/* In a child process: the fake daemon and the application's notification
 * backend share the process's session bus connection, and GLib's backend
 * keeps state on it after the application is gone. */
static void
test_notify (void)
{
  if (g_test_subprocess ())
    {
      run_app (G_CALLBACK (on_activate_cb), TRUE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_export (void)
{
  run_app (G_CALLBACK (on_export_activate_cb), FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("bc-ui-notify-home-XXXXXX", NULL);
  static const char * const xdg_vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" };

  g_assert_nonnull (home);
  for (guint i = 0; i < G_N_ELEMENTS (xdg_vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, xdg_vars[i], NULL);
      g_setenv (xdg_vars[i], dir, TRUE);
    }
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
#ifdef __SANITIZE_ADDRESS__
  /* Mesa's GL driver leaks inside a module it unloads again, where no
   * suppression can name it (as in test-ui-window.c). */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
#endif

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/BatchCalls/Notify/finished-and-failed", test_notify);
  g_test_add_func ("/BatchCalls/ExportResults/window", test_export);
  return g_test_run ();
}
