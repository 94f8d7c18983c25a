/* bc-application.c: the GUI application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-application.h"
#include "bc-batch-notifier.h"
#include "bc-store.h"
#include "bc-window.h"

struct _BcApplication
{
  AdwApplication  parent_instance;

  BcStore        *store;
  /* Why the store could not be opened; shown instead of a window. */
  GError         *store_error;
  char           *data_dir;
  gboolean        sandbox;
  BcBatchNotifier *notifier;
};

G_DEFINE_FINAL_TYPE (BcApplication, bc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_SANDBOX,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "sandbox", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Place calls against the built-in sandbox instead of the real API"), NULL },
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep the batch database in DIR instead of the user data folder"), N_("DIR") },
  { NULL }
};

static void
bc_application_set_data_dir (BcApplication *self,
                             const char    *data_dir)
{
  if (g_strcmp0 (self->data_dir, data_dir) == 0)
    return;

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_DIR]);
}

static void
bc_application_set_sandbox (BcApplication *self,
                            gboolean       sandbox)
{
  sandbox = !!sandbox;
  if (self->sandbox == sandbox)
    return;

  self->sandbox = sandbox;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX]);
}

static void
on_store_error_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            BcApplication    *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
show_store_error (BcApplication *self)
{
  GtkWidget *dialog;

  /* One dialog is enough, however often the app is activated. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      {
        gtk_window_present (l->data);
        return;
      }

  dialog = adw_message_dialog_new (NULL,
                                   _("Cannot Open the Batch Database"),
                                   self->store_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_store_error_response_cb), self, 0);
  /* Belonging to the application keeps it running until the dialog is
   * closed; then it has no window left and quits. */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bc_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  BcApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "UponAI", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", _("Batch Calls"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", "UponAI",
                        "developers", developers,
                        "copyright", "© 2026 UponAI",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/uponai/batch-calls",
                        "issue-url", "https://github.com/uponai/batch-calls/issues",
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "transient-for", parent,
                        "modal", TRUE,
                        "destroy-with-parent", TRUE,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
bc_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  BcApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Destroying the windows (rather than only leaving the main loop) runs
   * their dispose, which cancels their work and lets GSettings bindings
   * write the last window size. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);

  g_application_quit (G_APPLICATION (self));
}

/* The default action of a batch notification: the window, on that batch. */
static void
bc_application_show_batch_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  BcApplication *self = user_data;
  const char *batch_id = g_variant_get_string (parameter, NULL);
  g_autofree char *notification_id = NULL;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!BC_IS_WINDOW (window))
    return;
  if (!bc_window_select_batch (BC_WINDOW (window), batch_id))
    g_debug ("No batch %s to show", batch_id);
  notification_id = bc_batch_notifier_build_id (batch_id);
  g_application_withdraw_notification (G_APPLICATION (self), notification_id);
}

static const GActionEntry app_actions[] = {
  { "about", bc_application_about_action },
  { "quit", bc_application_quit_action },
  { "show-batch", bc_application_show_batch_action, "s" },
};

static int
bc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  BcApplication *self = BC_APPLICATION (app);
  g_autofree char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir))
    {
      /* Another store means another instance: forwarding the activation
       * to a running app would silently show the wrong database. */
      bc_application_set_data_dir (self, data_dir);
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  if (g_variant_dict_contains (options, "sandbox"))
    bc_application_set_sandbox (self, TRUE);

  /* -1: carry on with the default handling (registration, activate). */
  return -1;
}

static void
bc_application_startup (GApplication *app)
{
  BcApplication *self = BC_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  g_autofree char *path = NULL;

  /* AdwApplication loads style.css and GtkApplication the shortcuts window
   * and icons from the resource base path by themselves. */
  G_APPLICATION_CLASS (bc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  path = bc_store_build_path (self->data_dir);
  self->store = bc_store_open (path, &self->store_error);
  if (self->store != NULL)
    {
      self->notifier = bc_batch_notifier_new (GTK_APPLICATION (self), self->store);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }
}

static void
bc_application_activate (GApplication *app)
{
  BcApplication *self = BC_APPLICATION (app);
  GtkWindow *window;

  if (self->store == NULL)
    {
      show_store_error (self);
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (bc_window_new (self, self->store));

  gtk_window_present (window);
}

static void
bc_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BcApplication *self = BC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_SANDBOX:
      g_value_set_boolean (value, self->sandbox);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BcApplication *self = BC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      bc_application_set_data_dir (self, g_value_get_string (value));
      break;
    case PROP_SANDBOX:
      bc_application_set_sandbox (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_application_finalize (GObject *object)
{
  BcApplication *self = BC_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (bc_application_parent_class)->finalize (object);
}

static void
bc_application_class_init (BcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = bc_application_get_property;
  object_class->set_property = bc_application_set_property;
  object_class->finalize = bc_application_finalize;

  app_class->handle_local_options = bc_application_handle_local_options;
  app_class->startup = bc_application_startup;
  app_class->activate = bc_application_activate;

  /**
   * BcApplication:data-dir:
   *
   * The folder of the batch database (--data-dir), or %NULL for the user
   * data folder.
   */
  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BcApplication:sandbox:
   *
   * Whether calls go to the embedded sandbox (--sandbox) rather than the
   * real API.
   */
  properties[PROP_SANDBOX] =
    g_param_spec_boolean ("sandbox", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BC_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bc_application_init (BcApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

BcApplication *
bc_application_new (void)
{
  return g_object_new (BC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

BcStore *
bc_application_get_store (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), NULL);
  return self->store;
}

const char *
bc_application_get_data_dir (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), NULL);
  return self->data_dir;
}

gboolean
bc_application_get_sandbox (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), FALSE);
  return self->sandbox;
}

BcBatchNotifier *
bc_application_get_notifier (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), NULL);
  return self->notifier;
}
