/* bc-preferences-window.c: the account and the defaults for new batches
 *
 * Every row is bound to GSettings, except the token: it goes to the
 * keyring (bc-secret) when applied, and is never shown back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-api-client.h"
#include "bc-from-number.h"
#include "bc-preferences-window.h"
#include "bc-secret.h"

struct _BcPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings     *settings;
  GCancellable  *cancellable;
  BcApiClient   *test_client;
  char          *test_result;

  /* template widgets */
  GtkSwitch     *sandbox_switch;
  AdwEntryRow   *base_url_row;
  AdwEntryRow   *workspace_row;
  AdwEntryRow   *account_sid_row;
  AdwComboRow   *profile_row;
  AdwEntryRow   *token_row;
  AdwActionRow  *test_row;
  GtkWidget     *test_button;
  GtkSpinButton *concurrency_spin;
  AdwEntryRow   *windows_row;
};

G_DEFINE_FINAL_TYPE (BcPreferencesWindow, bc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* ---- settings mappings ---- */

static gboolean
workspace_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  gint64 id = g_variant_get_int64 (variant);

  g_value_take_string (value, id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : g_strdup (""));
  return TRUE;
}

static GVariant *
workspace_set_mapping (const GValue       *value,
                       const GVariantType *type,
                       gpointer            user_data)
{
  const char *text = g_value_get_string (value);
  gint64 id = 0;

  if (text[0] != '\0' && !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &id, NULL))
    return NULL;  /* not a number: keep the stored one */
  return g_variant_new_int64 (id);
}

static gboolean
profile_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "retell") ? 1 : 0);
  return TRUE;
}

static GVariant *
profile_set_mapping (const GValue       *value,
                     const GVariantType *type,
                     gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "retell" : "uponai");
}

/* ---- the token ---- */

static void
show_toast (BcPreferencesWindow *self,
            const char          *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static void
on_token_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BcPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (bc_secret_store_finish (result, &error))
    show_toast (self, _("Token saved in the keyring"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the token: %s"), error->message);
      show_toast (self, text);
    }
}

static void
on_token_apply_cb (AdwEntryRow         *row,
                   BcPreferencesWindow *self)
{
  g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autofree char *base_url = g_settings_get_string (self->settings, "api-base-url");

  if (token[0] == '\0')
    return;
  bc_secret_store_async (base_url, token, self->cancellable, on_token_stored_cb, g_object_ref (self));
  /* Out of the widget as soon as it is on its way to the keyring. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

/* ---- testing the connection ---- */

static void
set_result (BcPreferencesWindow *self,
            char                *result)
{
  g_free (self->test_result);
  self->test_result = result;
  adw_action_row_set_subtitle (self->test_row, result != NULL ? result : _("Testing…"));
  gtk_widget_set_sensitive (self->test_button, result != NULL);
  if (result != NULL)
    g_clear_object (&self->test_client);
}

static void
on_test_numbers_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BcPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) numbers = bc_api_client_list_numbers_finish (BC_API_CLIENT (source), result, &error);
  guint bound = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (numbers == NULL)
    {
      set_result (self, g_strdup_printf (_("Failed: %s"), error->message));
      return;
    }
  for (guint i = 0; i < numbers->len; i++)
    bound += bc_from_number_is_bound (g_ptr_array_index (numbers, i));
  set_result (self, g_strdup_printf (_("Connected: %u numbers, %u bound to an agent"), numbers->len, bound));
}

static void
test_with_token (BcPreferencesWindow *self,
                 const char          *token)
{
  if (token == NULL || token[0] == '\0')
    {
      set_result (self, g_strdup (_("Failed: no token. Enter the API token above.")));
      return;
    }
  bc_api_client_set_token (self->test_client, token);
  bc_api_client_list_numbers_async (self->test_client, self->cancellable,
                                    on_test_numbers_cb, g_object_ref (self));
}

static void
on_test_token_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BcPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = bc_secret_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      set_result (self, g_strdup_printf (_("Failed: the keyring cannot be read: %s"), error->message));
      return;
    }
  test_with_token (self, token);
}

static void
on_test_clicked_cb (GtkButton           *button,
                    BcPreferencesWindow *self)
{
  bc_preferences_window_test_connection (self);
}

static void
bc_preferences_window_dispose (GObject *object)
{
  BcPreferencesWindow *self = BC_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->test_client);

  G_OBJECT_CLASS (bc_preferences_window_parent_class)->dispose (object);
}

static void
bc_preferences_window_finalize (GObject *object)
{
  BcPreferencesWindow *self = BC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->test_result, g_free);

  G_OBJECT_CLASS (bc_preferences_window_parent_class)->finalize (object);
}

static void
bc_preferences_window_class_init (BcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_preferences_window_dispose;
  object_class->finalize = bc_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, sandbox_switch);
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, workspace_row);
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, account_sid_row);
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, profile_row);
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, BcPreferencesWindow, windows_row);
  gtk_widget_class_bind_template_callback (widget_class, on_token_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked_cb);
}

static void
bc_preferences_window_init (BcPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "use-sandbox", self->sandbox_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "api-base-url", self->base_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "workspace-id", self->workspace_row, "text",
                                G_SETTINGS_BIND_DEFAULT,
                                workspace_get_mapping, workspace_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "account-sid", self->account_sid_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "profile", self->profile_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                profile_get_mapping, profile_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "default-concurrency", self->concurrency_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "default-windows", self->windows_row, "text", G_SETTINGS_BIND_DEFAULT);
}

GtkWindow *
bc_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (BC_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}

void
bc_preferences_window_test_connection (BcPreferencesWindow *self)
{
  g_autofree char *base_url = NULL;
  g_autoptr(GError) error = NULL;
  const char *typed;
  BcApiProfile profile;

  g_return_if_fail (BC_IS_PREFERENCES_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  base_url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->base_url_row))));
  profile = adw_combo_row_get_selected (self->profile_row) == 1 ? BC_API_PROFILE_RETELL : BC_API_PROFILE_UPONAI;
  g_clear_object (&self->test_client);
  self->test_client = bc_api_client_new (base_url, profile, 2, NULL, &error);
  if (self->test_client == NULL)
    {
      set_result (self, g_strdup_printf (_("Failed: %s"), error->message));
      return;
    }
  bc_api_client_set_workspace_id (self->test_client, g_settings_get_int64 (self->settings, "workspace-id"));
  {
    g_autofree char *sid = g_settings_get_string (self->settings, "account-sid");
    bc_api_client_set_account_sid (self->test_client, sid);
  }
  set_result (self, NULL);

  typed = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  if (typed[0] != '\0')
    test_with_token (self, typed);
  else
    bc_secret_lookup_async (base_url, self->cancellable, on_test_token_cb, g_object_ref (self));
}

const char *
bc_preferences_window_get_test_result (BcPreferencesWindow *self)
{
  g_return_val_if_fail (BC_IS_PREFERENCES_WINDOW (self), NULL);
  return self->test_result;
}

gboolean
bc_preferences_window_get_test_running (BcPreferencesWindow *self)
{
  g_return_val_if_fail (BC_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->test_client != NULL;
}
