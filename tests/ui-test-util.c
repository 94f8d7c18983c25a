/* ui-test-util.c: running the real application under Xvfb, and finding
 * widgets in it, for the UI test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ui-test-notifications.h"
#include "ui-test-util.h"

typedef struct
{
  UiCheckFunc  check;
  gpointer     user_data;
  gboolean     checked;
  GtkWindow   *window;  /* weak */
} UiRun;

/* ---- under AddressSanitizer ---- */

#ifdef __SANITIZE_ADDRESS__
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

/* fontconfig keeps its parsed configuration and font patterns for the life
 * of the process; GLib's library constructor (reached from _dl_init)
 * allocates a 16 KB table once, which LSan sometimes reports when the
 * process ran several applications. Nothing of ours is below these. */
const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n"
         "leak:_dl_init\n";
}

/* Whole stacks: with the fast unwinder a leak inside GLib stops at
 * g_malloc, and no suppression could tell the constructor's apart. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#endif

/* ---- helpers ---- */

void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
    }
  g_assert_cmpint (g_remove (path), ==, 0);
}

void
collect_widgets (GtkWidget  *root,
                 GType       type,
                 const char *css_class,
                 GPtrArray  *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (css_class == NULL || gtk_widget_has_css_class (root, css_class)))
    g_ptr_array_add (out, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, css_class, out);
}

/* The one widget of @type (with @css_class) under @root. */
GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *css_class)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_widgets (root, type, css_class, found);
  g_assert_cmpuint (found->len, ==, 1);

  return g_ptr_array_index (found, 0);
}

gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_widgets (root, GTK_TYPE_LABEL, NULL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
count_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

/* Until @window has been laid out and painted: two frame ticks after it
 * is mapped. */
void
wait_for_frames (GtkWindow *window)
{
  guint ticks = 0;
  guint id;

  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  id = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_tick_cb, &ticks, NULL);
  while (ticks < 2)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);
}

/* What a person would see, for a reviewer: <builddir>/tests/NAME. */
void
save_screenshot (GtkWindow  *window,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
on_activate_cb (GApplication *app,
                UiRun        *run)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_nonnull (window);
  g_assert_false (run->checked);

  /* Leaflet navigation then lands at once, not after an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  run->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &run->window);

  wait_for_frames (window);
  run->check (BC_APPLICATION (app), window, run->user_data);
  run->checked = TRUE;
}

/* Runs the application on @data_dir until it quits; @check must make it
 * quit. */
void
run_app (const char  *data_dir,
         const char  *extra_arg,
         UiCheckFunc  check,
         gpointer     user_data)
{
  g_autoptr(BcApplication) app = bc_application_new ();
  char *argv[] = {
    (char *) "batch-calls", (char *) "--data-dir", (char *) data_dir, (char *) extra_arg, NULL
  };
  UiRun run = { check, user_data, FALSE, NULL };
  int status;

  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), &run);
  status = g_application_run (G_APPLICATION (app), g_strv_length (argv), argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
  g_assert_cmpstr (bc_application_get_data_dir (app), ==, data_dir);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  /* Destroyed and finalized: nothing kept the window alive. */
  g_assert_null (run.window);
  g_assert_finalize_object (g_steal_pointer (&app));
}

void
run_app_in_temp_dir (const char  *extra_arg,
                     UiCheckFunc  check)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  run_app (data_dir, extra_arg, check, data_dir);
  rm_rf (data_dir);
}

int
ui_test_run (char *home)
{
  int status = g_test_run ();

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    rm_rf (home);
  g_free (home);
  return status;
}

void
check_accels (BcApplication *app,
              const char    *action,
              const char    *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

void
quit (BcApplication *app)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

void
quit_pausing (BcApplication *app)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  quit (app);
  /* Batches still running: app.quit asks first, as closing does. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (toplevel), "pause");
          gtk_window_destroy (GTK_WINDOW (toplevel));
          return;
        }
    }
}

char *
ui_test_init (int    *argc,
              char ***argv)
{
  char *home = g_dir_make_tmp ("bc-ui-home-XXXXXX", NULL);
  static const char * const xdg_vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" };

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it also empties XDG_DATA_DIRS, and
   * without shared-mime-info gdk-pixbuf cannot tell an SVG icon apart. */
  g_assert_nonnull (home);
#ifdef __SANITIZE_ADDRESS__
  /* Mesa's GL driver leaks inside a module it unloads again, where no
   * suppression can name it; GSK's cairo renderer draws the same widgets. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
#endif
  for (guint i = 0; i < G_N_ELEMENTS (xdg_vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, xdg_vars[i], NULL);
      g_setenv (xdg_vars[i], dir, TRUE);
    }

  g_test_init (argc, argv, NULL);

  /* The tests make their own batches: no demo batch in their way. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_boolean (settings, "demo-seeded", TRUE);
  }
  ui_test_notifications_start ();
  return home;
}
