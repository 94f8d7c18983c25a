/* bc-application.c: the GUI application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-api-client.h"
#include "bc-application.h"
#include "bc-batch-notifier.h"
#include "bc-csv-import.h"
#include "bc-sandbox.h"
#include "bc-preferences-window.h"
#include "bc-scheduler.h"
#include "bc-secret.h"
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

  /* With --sandbox: the embedded server, on its own thread, and the
   * client that talks to it. */
  BcSandbox      *sandbox_server;
  BcApiClient    *api_client;
  GError         *api_error;
  /* Places the calls of running batches while the app runs. */
  BcScheduler    *scheduler;
  /* Held for batches that run on without a window. */
  gboolean        held;
};

G_DEFINE_FINAL_TYPE (BcApplication, bc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_SANDBOX,
  PROP_STORE,
  PROP_API_CLIENT,
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

  /* Quitting stops the calls as closing the window would: the same
   * question first. The window activates app.quit again once answered,
   * and then asks nothing. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (BC_IS_WINDOW (l->data) && bc_window_ask_before_quit (l->data))
      return;

  /* Destroying the windows (rather than only leaving the main loop) runs
   * their dispose, which cancels their work and lets GSettings bindings
   * write the last window size. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);

  /* "Keep Calling" holds the application: it goes on without windows
   * until its batches settle. */
  if (!self->held)
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

static void
bc_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  BcApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (bc_preferences_window_new (parent));
}

static const GActionEntry app_actions[] = {
  { "preferences", bc_application_preferences_action },
  { "about", bc_application_about_action },
  { "quit", bc_application_quit_action },
  { "show-batch", bc_application_show_batch_action, "s" },
};

/* The sandbox seeds a demo account (numbers, agents) and answers on
 * 127.0.0.1: the app is usable without an UponAI account. */
static void
start_sandbox (BcApplication *self)
{
  g_autoptr(BcSandbox) server = NULL;
  g_autoptr(BcApiClient) client = NULL;
  const BcSandboxOptions *options;
  BcSandboxOptions defaults;

  /* A demo a person watches: calls last seconds, not minutes. */
  bc_sandbox_options_init (&defaults);
  defaults.time_scale = 20.0;
  server = bc_sandbox_new (&defaults);
  bc_sandbox_options_clear (&defaults);

  if (!bc_sandbox_start (server, &self->api_error))
    return;

  options = bc_sandbox_get_options (server);
  client = bc_api_client_new (bc_sandbox_get_base_url (server), BC_API_PROFILE_UPONAI,
                              10, NULL, &self->api_error);
  if (client == NULL)
    {
      bc_sandbox_stop (server);
      return;
    }
  bc_api_client_set_token (client, options->token);
  bc_api_client_set_workspace_id (client, options->workspace_id);
  bc_api_client_set_account_sid (client, options->account_sid);

  self->sandbox_server = g_steal_pointer (&server);
  self->api_client = g_steal_pointer (&client);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_CLIENT]);
}

static void
on_token_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BcApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = bc_secret_lookup_finish (result, &error);

  if (token != NULL && self->api_client != NULL)
    bc_api_client_set_token (self->api_client, token);
  else if (error != NULL)
    g_debug ("No API token: %s", error->message);
}

/* The account of the preferences; its token comes from the keyring (or
 * UPONAI_API_KEY) a moment later. */
static void
connect_account (BcApplication *self,
                 GSettings     *settings)
{
  g_autofree char *base_url = g_settings_get_string (settings, "api-base-url");
  g_autofree char *account_sid = g_settings_get_string (settings, "account-sid");
  g_autofree char *profile_name = g_settings_get_string (settings, "profile");
  BcApiProfile profile = BC_API_PROFILE_UPONAI;

  bc_api_profile_from_string (profile_name, &profile);
  self->api_client = bc_api_client_new (base_url, profile, 10, NULL, &self->api_error);
  if (self->api_client == NULL)
    return;
  bc_api_client_set_workspace_id (self->api_client, g_settings_get_int64 (settings, "workspace-id"));
  bc_api_client_set_account_sid (self->api_client, account_sid);
  bc_secret_lookup_async (base_url, NULL, on_token_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_CLIENT]);
}

static void
on_demo_imported_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BcApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcImportReport) report = bc_csv_import_finish (result, NULL, &error);

  if (report == NULL)
    g_debug ("No demo batch: %s", error->message);
}

/* Once per user, on an empty database: a Draft to try the app with. */
static void
seed_demo (BcApplication *self,
           GSettings     *settings)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" RESOURCE_BASE "/demo-recipients.csv");
  g_autoptr(BcBatch) batch = NULL;
  BcCsvImportOptions options;

  g_settings_set_boolean (settings, "demo-seeded", TRUE);
  if (g_list_model_get_n_items (bc_store_get_batches (self->store)) > 0)
    return;

  batch = bc_batch_new (_("Demo: Spring Check-in"));
  bc_batch_set_from_number (batch, "+14155550100");
  bc_csv_import_options_init (&options);
  bc_csv_import_async (self->store, batch, file, &options, NULL, NULL, NULL, NULL,
                       on_demo_imported_cb, g_object_ref (self));
}

/* Batches that were running when the app last quit carry on. */
static void
start_scheduler (BcApplication *self)
{
  GListModel *batches = bc_store_get_batches (self->store);

  self->scheduler = bc_scheduler_new (self->store, self->api_client, NULL);
  bc_scheduler_set_holder_name (self->scheduler, "batch-calls");
  for (guint i = 0; i < g_list_model_get_n_items (batches); i++)
    {
      g_autoptr(BcBatch) batch = g_list_model_get_item (batches, i);
      BcBatchState state = bc_batch_get_state (batch);
      g_autoptr(GError) error = NULL;

      /* A batch the CLI is running stays with it (its runner lock). */
      if ((state == BC_BATCH_STATE_PLANNED || state == BC_BATCH_STATE_ONGOING ||
           state == BC_BATCH_STATE_PAUSED) &&
          !bc_scheduler_add_batch (self->scheduler, batch, &error))
        g_debug ("Not driving %s: %s", bc_batch_get_id (batch), error->message);
    }
}

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
  static const char *create_accels[] = { "<Control>n", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *path = NULL;

  /* AdwApplication loads style.css and GtkApplication the shortcuts window
   * and icons from the resource base path by themselves. */
  G_APPLICATION_CLASS (bc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.create-batch", create_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);

  path = bc_store_build_path (self->data_dir);
  self->store = bc_store_open (path, &self->store_error);
  if (self->store != NULL)
    {
      self->notifier = bc_batch_notifier_new (GTK_APPLICATION (self), self->store);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  /* --sandbox, or the preference (on until an account is set up). */
  if (g_settings_get_boolean (settings, "use-sandbox"))
    bc_application_set_sandbox (self, TRUE);
  if (self->sandbox)
    start_sandbox (self);
  else
    connect_account (self, settings);
  if (self->store != NULL && self->api_client != NULL)
    start_scheduler (self);
  if (self->store != NULL && self->sandbox_server != NULL &&
      !g_settings_get_boolean (settings, "demo-seeded"))
    seed_demo (self, settings);
}

static void
bc_application_shutdown (GApplication *app)
{
  BcApplication *self = BC_APPLICATION (app);

  G_APPLICATION_CLASS (bc_application_parent_class)->shutdown (app);

  /* The scheduler and client first: their requests must not outlive the
   * server thread they talk to. */
  if (self->scheduler != NULL)
    bc_scheduler_stop (self->scheduler);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->api_client);
  if (self->sandbox_server != NULL)
    bc_sandbox_stop (self->sandbox_server);
  g_clear_object (&self->sandbox_server);
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
    case PROP_API_CLIENT:
      g_value_set_object (value, self->api_client);
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
  g_clear_error (&self->api_error);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->api_client);
  g_clear_object (&self->sandbox_server);
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
  app_class->shutdown = bc_application_shutdown;

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

  /**
   * BcApplication:api-client:
   *
   * The client of the account calls go through, or %NULL when no account
   * is configured.
   */
  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL, BC_TYPE_API_CLIENT,
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

BcApiClient *
bc_application_get_api_client (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), NULL);
  return self->api_client;
}

/* Why there is no client (the sandbox did not start), or NULL. */
const GError *
bc_application_get_api_error (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), NULL);
  return self->api_error;
}

/* NULL without an account. */
BcScheduler *
bc_application_get_scheduler (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), NULL);
  return self->scheduler;
}

/* The embedded sandbox (--sandbox), or NULL; tests move its clock. */
BcSandbox *
bc_application_get_sandbox_server (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), NULL);
  return self->sandbox_server;
}

static gboolean
has_running_batches (BcApplication *self)
{
  GListModel *batches = bc_store_get_batches (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (batches); i++)
    {
      g_autoptr(BcBatch) batch = g_list_model_get_item (batches, i);
      BcBatchState state = bc_batch_get_state (batch);

      if (state == BC_BATCH_STATE_ONGOING || state == BC_BATCH_STATE_PLANNED)
        return TRUE;
    }
  return FALSE;
}

static void
on_batch_settled_cb (BcScheduler   *scheduler,
                     BcBatch       *batch,
                     BcApplication *self)
{
  if (self->held && !has_running_batches (self))
    {
      g_signal_handlers_disconnect_by_func (scheduler, on_batch_settled_cb, self);
      self->held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
}

/* Keeps the application (and its scheduler) running without a window
 * until no batch is Ongoing or Planned any more. */
void
bc_application_hold_for_batches (BcApplication *self)
{
  g_return_if_fail (BC_IS_APPLICATION (self));

  if (self->held || self->scheduler == NULL || !has_running_batches (self))
    return;
  self->held = TRUE;
  g_application_hold (G_APPLICATION (self));
  g_signal_connect_object (self->scheduler, "batch-settled", G_CALLBACK (on_batch_settled_cb), self, 0);
}

gboolean
bc_application_get_held (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), FALSE);
  return self->held;
}
