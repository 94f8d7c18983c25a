/* bc-create-dialog.c: create a Draft batch from a recipients CSV
 *
 * Three pages: the form (name, From Number, strict or valid-only, the
 * file), the import's progress, and the validation report. The import
 * itself is core's bc_csv_import_async(): it inserts the batch hidden and
 * publishes it only when it succeeds, so the sidebar never shows a half
 * import and a cancelled one leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-create-dialog"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bc-batch.h"
#include "bc-create-dialog-private.h"
#include "bc-csv-import.h"
#include "bc-format.h"
#include "bc-import-report-view.h"
#include "bc-recipient-list.h"
#include "bc-store.h"

G_DEFINE_FINAL_TYPE (BcCreateDialog, bc_create_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_API_CLIENT,
  PROP_FILE,
  PROP_BATCH,
  N_PROPS
};

enum {
  BATCH_CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_import (BcCreateDialog *self);

/* ---- the form ---- */

/* NULL when the name can be used; else why not (empty gives "" so that
 * an untouched form shows no error). */
static const char *
check_name (BcCreateDialog *self,
            char          **message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *name = g_strstrip (g_strdup (text));
  BcBatch *found;

  *message = NULL;
  if (name[0] == '\0')
    return "";
  found = bc_store_find_batch_by_name (self->store, name);
  /* An edited Draft may keep its own name. */
  if (found != NULL && found != self->draft)
    {
      *message = g_strdup_printf (_("A batch named “%s” already exists. Batch names must be unique."), name);
      return *message;
    }
  return NULL;
}

static void
update_form (BcCreateDialog *self)
{
  g_autofree char *message = NULL;
  const char *problem = check_name (self, &message);

  gtk_widget_set_visible (GTK_WIDGET (self->name_error_label), message != NULL);
  gtk_label_set_label (self->name_error_label, message != NULL ? message : "");
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "form"))
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.continue",
                                   problem == NULL && (self->file != NULL || self->draft != NULL));
}

static void
on_name_changed_cb (GtkEditable    *editable,
                    BcCreateDialog *self)
{
  update_form (self);
}

static void
on_name_activated_cb (AdwEntryRow    *row,
                      BcCreateDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "create.continue", NULL);
}

/* ---- the file ---- */

/* FALSE refuses the drop (the pointer shows it). */
static gboolean
on_drop_zone_drop_cb (GtkDropTarget  *target,
                      const GValue   *value,
                      double          x,
                      double          y,
                      BcCreateDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *reason = NULL;

  if (!bc_create_dialog_pick_dropped_file (value, &file, &reason))
    {
      gtk_label_set_label (self->drop_error_label, reason);
      gtk_widget_set_visible (GTK_WIDGET (self->drop_error_label), TRUE);
      return FALSE;
    }
  bc_create_dialog_set_file (self, file);
  return TRUE;
}

static void
on_choose_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       BcCreateDialog  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    bc_create_dialog_set_file (self, file);
}

static void
on_choose_clicked_cb (GtkButton      *button,
                      BcCreateDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _("CSV Files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  /* Native: it goes through the file chooser portal inside Flatpak. */
  chooser = gtk_file_chooser_native_new (_("Choose the Recipients CSV"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_choose_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the import ---- */

static void
show_page (BcCreateDialog *self,
           const char     *page)
{
  gboolean form = g_str_equal (page, "form");
  gboolean report = g_str_equal (page, "report");
  gboolean done = report && self->batch != NULL;

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->close_button, !done);
  gtk_button_set_label (self->import_button,
                        done ? _("_Done") : report ? _("_Back")
                        : self->draft != NULL ? _("_Save") : _("_Import"));
  /* A Draft can be saved without a new file (a new name or number). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.continue",
                                 !form || self->file != NULL || self->draft != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.stop", g_str_equal (page, "progress"));
  if (form)
    update_form (self);
}

static void
on_import_progress_cb (guint64  bytes_read,
                       guint64  bytes_total,
                       guint64  rows,
                       gpointer user_data)
{
  BcCreateDialog *self = user_data;
  g_autofree char *count = bc_format_count (self, (gint64) rows);
  g_autofree char *text = g_strdup_printf (ngettext ("%s row read", "%s rows read",
                                                     (gulong) MIN (rows, G_MAXLONG)),
                                           count);

  if (bytes_total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) bytes_read / bytes_total));
  else
    gtk_progress_bar_pulse (self->progress_bar);
  gtk_label_set_label (self->progress_label, text);
}

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BcCreateDialog) self = user_data;
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(BcBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcRecipientList) recipients = NULL;

  report = bc_csv_import_finish (result, &batch, &error);
  g_clear_object (&self->import_cancellable);

  if (self->close_after_cancel)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new_format (_("Could not import the file: %s"),
                                                           error->message));
      show_page (self, "form");
      return;
    }

  /* The new rows are in: now the rest of the form. */
  if (self->draft != NULL && batch != NULL && bc_import_report_get_success (report) &&
      !_bc_create_dialog_save_draft (self))
    g_clear_object (&batch);

  if (batch != NULL && bc_import_report_get_success (report))
    {
      g_set_object (&self->batch, batch);
      recipients = bc_recipient_list_new (self->store, bc_batch_get_id (batch));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH]);
    }

  bc_import_report_view_set_report (self->report_view, report,
                                    recipients != NULL ? G_LIST_MODEL (recipients) : NULL);
  gtk_widget_set_visible (self->retry_valid_button,
                          self->batch == NULL && !bc_import_report_get_file_error (report) &&
                          bc_import_report_get_invalid (report) > 0 &&
                          bc_import_report_get_strict (report));
  show_page (self, "report");

  if (self->batch != NULL && self->draft == NULL)
    g_signal_emit (self, signals[BATCH_CREATED], 0, self->batch);
}

static void
start_import (BcCreateDialog *self)
{
  g_autofree char *name = NULL;
  g_autoptr(BcBatch) batch = NULL;
  BcCsvImportOptions options;
  guint selected;

  g_return_if_fail (self->file != NULL);
  g_return_if_fail (self->import_cancellable == NULL);

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  batch = bc_batch_new (name);
  selected = adw_combo_row_get_selected (self->number_row);
  if (self->offered != NULL && selected < self->offered->len)
    bc_batch_set_from_number (batch, g_ptr_array_index (self->offered, selected));

  /* The defaults of the preferences; the time window dialog edits them. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *windows = g_settings_get_string (settings, "default-windows");
    g_autofree char *timezone = g_settings_get_string (settings, "default-timezone");

    bc_batch_set_concurrency (batch, g_settings_get_uint (settings, "default-concurrency"));
    bc_batch_set_windows (batch, windows);
    bc_batch_set_weekdays (batch, g_settings_get_flags (settings, "default-weekdays"));
    if (timezone[0] != '\0')
      bc_batch_set_timezone (batch, timezone);
  }

  bc_csv_import_options_init (&options);
  options.skip_invalid = gtk_switch_get_active (self->skip_invalid_switch);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->progress_label, "");
  show_page (self, "progress");

  self->import_cancellable = g_cancellable_new ();
  if (self->draft != NULL)
    bc_csv_import_replace_async (self->store, self->draft, self->file, &options,
                                 self->import_cancellable,
                                 on_import_progress_cb, g_object_ref (self), g_object_unref,
                                 on_import_done_cb, g_object_ref (self));
  else
    bc_csv_import_async (self->store, batch, self->file, &options, self->import_cancellable,
                         on_import_progress_cb, g_object_ref (self), g_object_unref,
                         on_import_done_cb, g_object_ref (self));
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BcCreateDialog *self = BC_CREATE_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *message = NULL;

  if (g_str_equal (page, "form"))
    {
      if (check_name (self, &message) != NULL)
        return;
      if (self->file != NULL)
        start_import (self);
      else if (self->draft != NULL && _bc_create_dialog_save_draft (self))
        gtk_window_close (GTK_WINDOW (self));
    }
  else if (g_str_equal (page, "report"))
    {
      if (self->batch != NULL)
        gtk_window_close (GTK_WINDOW (self));
      else
        show_page (self, "form");
    }
}

/* The template is the main window's to save; the dialog only offers it. */
static void
download_template_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.download-template", NULL);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BcCreateDialog *self = BC_CREATE_DIALOG (widget);

  /* The import undoes itself; its callback brings the form back. */
  g_cancellable_cancel (self->import_cancellable);
}

static void
on_retry_valid_clicked_cb (GtkButton      *button,
                           BcCreateDialog *self)
{
  gtk_switch_set_active (self->skip_invalid_switch, TRUE);
  start_import (self);
}

static void
on_close_clicked_cb (GtkButton      *button,
                     BcCreateDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
bc_create_dialog_close_request (GtkWindow *window)
{
  BcCreateDialog *self = BC_CREATE_DIALOG (window);

  /* Closing mid-import cancels it; the window goes once the import has
   * removed its hidden batch. */
  if (self->import_cancellable != NULL)
    {
      self->close_after_cancel = TRUE;
      g_cancellable_cancel (self->import_cancellable);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (bc_create_dialog_parent_class)->close_request (window);
}

static void
bc_create_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BcCreateDialog *self = BC_CREATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_API_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_BATCH:
      g_value_set_object (value, self->batch);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_create_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BcCreateDialog *self = BC_CREATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_API_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_FILE:
      bc_create_dialog_set_file (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_create_dialog_constructed (GObject *object)
{
  BcCreateDialog *self = BC_CREATE_DIALOG (object);

  G_OBJECT_CLASS (bc_create_dialog_parent_class)->constructed (object);

  g_assert (BC_IS_STORE (self->store));
  _bc_create_dialog_load_numbers (self);
  show_page (self, "form");
}

static void
bc_create_dialog_dispose (GObject *object)
{
  BcCreateDialog *self = BC_CREATE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->import_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_CREATE_DIALOG);

  G_OBJECT_CLASS (bc_create_dialog_parent_class)->dispose (object);
}

static void
bc_create_dialog_finalize (GObject *object)
{
  BcCreateDialog *self = BC_CREATE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->file);
  g_clear_object (&self->batch);
  g_clear_object (&self->draft);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->all_numbers, g_ptr_array_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->offered, g_ptr_array_unref);

  G_OBJECT_CLASS (bc_create_dialog_parent_class)->finalize (object);
}

static void
bc_create_dialog_class_init (BcCreateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = bc_create_dialog_get_property;
  object_class->set_property = bc_create_dialog_set_property;
  object_class->constructed = bc_create_dialog_constructed;
  object_class->dispose = bc_create_dialog_dispose;
  object_class->finalize = bc_create_dialog_finalize;
  window_class->close_request = bc_create_dialog_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL, BC_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATCH] =
    g_param_spec_object ("batch", NULL, NULL, BC_TYPE_BATCH,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BcCreateDialog::batch-created:
   * @batch: the new Draft, already in the store
   */
  signals[BATCH_CREATED] =
    g_signal_new ("batch-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BC_TYPE_BATCH);

  gtk_widget_class_install_action (widget_class, "create.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "create.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "create.download-template", NULL,
                                   download_template_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (BC_TYPE_IMPORT_REPORT_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-create-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, numbers_note_label);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, skip_invalid_switch);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, drop_zone);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, drop_error_label);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, report_view);
  gtk_widget_class_bind_template_child (widget_class, BcCreateDialog, retry_valid_button);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_valid_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked_cb);
}

static void
bc_create_dialog_init (BcCreateDialog *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_zone_drop_cb), self, 0);
  gtk_widget_add_controller (self->drop_zone, GTK_EVENT_CONTROLLER (target));
}

BcCreateDialog *
bc_create_dialog_new (GtkWindow   *parent,
                      BcStore     *store,
                      BcApiClient *client)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BC_IS_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || BC_IS_API_CLIENT (client), NULL);

  return g_object_new (BC_TYPE_CREATE_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       "api-client", client,
                       NULL);
}

BcCreateDialog *
bc_create_dialog_new_for_draft (GtkWindow   *parent,
                                BcStore     *store,
                                BcApiClient *client,
                                BcBatch     *draft)
{
  BcCreateDialog *self = bc_create_dialog_new (parent, store, client);

  g_return_val_if_fail (BC_IS_BATCH (draft), self);

  self->draft = g_object_ref (draft);
  _bc_create_dialog_setup_edit (self);
  show_page (self, "form");
  return self;
}

GFile *
bc_create_dialog_get_file (BcCreateDialog *self)
{
  g_return_val_if_fail (BC_IS_CREATE_DIALOG (self), NULL);
  return self->file;
}

void
bc_create_dialog_set_file (BcCreateDialog *self,
                           GFile          *file)
{
  g_autofree char *basename = NULL;

  g_return_if_fail (BC_IS_CREATE_DIALOG (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (!g_set_object (&self->file, file))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->drop_error_label), FALSE);
  if (file != NULL)
    {
      basename = g_file_get_basename (file);
      gtk_label_set_label (self->file_label, basename);
      /* A name to start from: the file's, without its extension. */
      if (gtk_editable_get_text (GTK_EDITABLE (self->name_row))[0] == '\0')
        {
          g_autofree char *stem = g_strdup (basename);
          char *dot = strrchr (stem, '.');

          if (dot != NULL && dot != stem)
            *dot = '\0';
          gtk_editable_set_text (GTK_EDITABLE (self->name_row), stem);
        }
    }
  else
    gtk_label_set_label (self->file_label, _("Drop the recipients CSV file here"));

  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

BcBatch *
bc_create_dialog_get_batch (BcCreateDialog *self)
{
  g_return_val_if_fail (BC_IS_CREATE_DIALOG (self), NULL);
  return self->batch;
}

GPtrArray *
bc_create_dialog_get_numbers (BcCreateDialog *self)
{
  g_return_val_if_fail (BC_IS_CREATE_DIALOG (self), NULL);
  return self->offered;
}

gboolean
bc_create_dialog_pick_dropped_file (const GValue *value,
                                    GFile       **file,
                                    char        **reason)
{
  GSList *files;
  g_autofree char *basename = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST), FALSE);

  *file = NULL;
  *reason = NULL;
  files = gdk_file_list_get_files (g_value_get_boxed (value));  /* container only */

  if (files == NULL || files->next != NULL)
    {
      *reason = g_strdup (_("Drop one CSV file at a time: a batch takes its recipients from a single file."));
      g_slist_free (files);
      return FALSE;
    }

  basename = g_file_get_basename (files->data);
  lower = basename != NULL ? g_ascii_strdown (basename, -1) : NULL;
  /* The name decides: reading the file to sniff it would block the drop. */
  if (lower == NULL || !g_str_has_suffix (lower, ".csv"))
    {
      *reason = g_strdup_printf (_("“%s” is not a CSV file. Save the sheet as CSV (comma-separated values) and drop that."),
                                 basename != NULL ? basename : "?");
      g_slist_free (files);
      return FALSE;
    }

  *file = g_object_ref (files->data);
  g_slist_free (files);
  return TRUE;
}
