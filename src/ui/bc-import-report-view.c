/* bc-import-report-view.c: what a CSV import found, for the person who ran it
 *
 * Counts, the dynamic variables as {{name}} chips, every issue (errors,
 * normalisations, duplicates) in a list that can be saved as CSV, and the
 * first imported rows with one column per field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-import-report-view"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bc-columns.h"
#include "bc-format.h"
#include "bc-import-report-view.h"
#include "bc-recipient.h"

struct _BcImportReportView
{
  AdwBin          parent_instance;

  BcImportReport *report;
  GCancellable   *cancellable;

  /* template widgets */
  GtkLabel       *summary_label;
  GtkLabel       *advice_label;
  GtkFlowBox     *counts_box;
  GtkWidget      *variables_group;
  GtkFlowBox     *variables_box;
  GtkWidget      *issues_group;
  GtkColumnView  *issues_view;
  GtkWidget      *save_button;
  GtkWidget      *preview_group;
  GtkColumnView  *preview_view;
};

G_DEFINE_FINAL_TYPE (BcImportReportView, bc_import_report_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_count (BcImportReportView *self,
           guint64             count,
           const char         *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *text = bc_format_count (self, (gint64) count);
  GtkWidget *number = gtk_label_new (text);
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "metric");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_add_css_class (number, "title-3");
  gtk_widget_add_css_class (number, "numeric");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), label);
  gtk_flow_box_append (self->counts_box, box);
}

static void
remove_children (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

/* ---- the issues list ---- */

static char *
issue_line_text (GObject  *item,
                 gpointer  user_data)
{
  guint64 line = bc_import_issue_get_line (BC_IMPORT_ISSUE (item));

  /* Line 0 is the whole file. */
  return line > 0 ? g_strdup_printf ("%" G_GUINT64_FORMAT, line) : g_strdup ("—");
}

static char *
issue_column_text (GObject  *item,
                   gpointer  user_data)
{
  return g_strdup (bc_import_issue_get_column (BC_IMPORT_ISSUE (item)));
}

static char *
issue_value_text (GObject  *item,
                  gpointer  user_data)
{
  return g_strdup (bc_import_issue_get_value (BC_IMPORT_ISSUE (item)));
}

static char *
issue_reason_text (GObject  *item,
                   gpointer  user_data)
{
  return g_strdup (bc_import_issue_get_reason (BC_IMPORT_ISSUE (item)));
}

static char *
issue_kind_text (GObject  *item,
                 gpointer  user_data)
{
  switch (bc_import_issue_get_severity (BC_IMPORT_ISSUE (item)))
    {
    case BC_IMPORT_SEVERITY_ERROR:
      return g_strdup (_("Error"));
    case BC_IMPORT_SEVERITY_NORMALISED:
      return g_strdup (_("Normalised"));
    case BC_IMPORT_SEVERITY_DUPLICATE:
      return g_strdup (_("Duplicate"));
    default:
      g_assert_not_reached ();
    }
}

static void
build_issue_columns (BcImportReportView *self)
{
  bc_columns_add_text (self->issues_view, _("Kind"), issue_kind_text, NULL, NULL, FALSE);
  bc_columns_add_text (self->issues_view, _("Line"), issue_line_text, NULL, NULL, FALSE);
  bc_columns_add_text (self->issues_view, _("Column"), issue_column_text, NULL, NULL, FALSE);
  bc_columns_add_text (self->issues_view, _("Value"), issue_value_text, NULL, NULL, FALSE);
  bc_columns_add_text (self->issues_view, _("Reason"), issue_reason_text, NULL, NULL, TRUE);
}

/* ---- the preview ---- */

static char *
recipient_line_text (GObject  *item,
                     gpointer  user_data)
{
  return g_strdup_printf ("%u", bc_recipient_get_line (BC_RECIPIENT (item)));
}

static char *
recipient_phone_text (GObject  *item,
                      gpointer  user_data)
{
  return g_strdup (bc_recipient_get_phone (BC_RECIPIENT (item)));
}

static char *
recipient_metadata_text (GObject  *item,
                         gpointer  user_data)
{
  return g_strdup (bc_recipient_get_metadata (BC_RECIPIENT (item)));
}

/* One variable's value; the store keeps the variables as a JSON object. */
static char *
recipient_variable_text (GObject  *item,
                         gpointer  user_data)
{
  const char *name = user_data;
  const char *json = bc_recipient_get_variables (BC_RECIPIENT (item));
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;

  if (json == NULL)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, name) ||
      JSON_NODE_TYPE (json_object_get_member (object, name)) != JSON_NODE_VALUE)
    return NULL;
  return g_strdup (json_object_get_string_member (object, name));
}

static void
build_preview (BcImportReportView *self,
               GListModel         *recipients)
{
  const char * const *variables = bc_import_report_get_variables (self->report);
  g_autoptr(GtkSliceListModel) slice = NULL;

  bc_columns_clear (self->preview_view);
  bc_columns_add_text (self->preview_view, _("Line"), recipient_line_text, NULL, NULL, FALSE);
  bc_columns_add_text (self->preview_view, _("Phone Number"), recipient_phone_text, NULL, NULL, FALSE);
  for (guint i = 0; variables != NULL && variables[i] != NULL; i++)
    bc_columns_add_text (self->preview_view, variables[i], recipient_variable_text,
                         g_strdup (variables[i]), g_free, FALSE);
  bc_columns_add_text (self->preview_view, _("Metadata"), recipient_metadata_text, NULL, NULL, TRUE);

  slice = gtk_slice_list_model_new (g_object_ref (recipients), 0,
                                    BC_IMPORT_REPORT_VIEW_PREVIEW_ROWS);
  gtk_column_view_set_model (self->preview_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&slice)))));
}

/* ---- saving the issues ---- */

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BcImportReportView *self = source_object;
  GError *error = NULL;

  if (bc_import_report_save_csv (self->report, G_FILE (task_data), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_save_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BcImportReportView *self = BC_IMPORT_REPORT_VIEW (source);
  g_autoptr(GError) error = NULL;
  AdwToast *toast;
  GtkWidget *overlay;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    toast = adw_toast_new (_("Problems saved"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else
    toast = adw_toast_new_format (_("Could not save the problems: %s"), error->message);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
on_save_response_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     BcImportReportView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL || self->report == NULL)
    return;

  /* Ten thousand issues are a file write: not on the main thread. */
  task = g_task_new (self, self->cancellable, on_save_done_cb, NULL);
  g_task_set_source_tag (task, on_save_response_cb);
  g_task_set_task_data (task, g_steal_pointer (&file), g_object_unref);
  g_task_run_in_thread (task, save_thread);
}

static void
on_save_clicked_cb (GtkButton          *button,
                    BcImportReportView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  /* Native: through the portal inside Flatpak. */
  chooser = gtk_file_chooser_native_new (_("Save Problems"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("import-problems.csv"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the whole ---- */

static void
update (BcImportReportView *self,
        GListModel         *preview)
{
  BcImportReport *report = self->report;
  const char * const *variables;
  guint64 imported, invalid;
  g_autofree char *summary = NULL;

  remove_children (self->counts_box);
  remove_children (self->variables_box);
  gtk_column_view_set_model (self->issues_view, NULL);
  gtk_column_view_set_model (self->preview_view, NULL);

  if (report == NULL)
    return;

  imported = bc_import_report_get_imported (report);
  invalid = bc_import_report_get_invalid (report);

  if (bc_import_report_get_file_error (report))
    summary = g_strdup (_("The file cannot be imported"));
  else if (bc_import_report_get_success (report))
    {
      g_autofree char *count = bc_format_count (self, (gint64) imported);
      summary = g_strdup_printf (ngettext ("%s recipient imported", "%s recipients imported",
                                           (gulong) MIN (imported, G_MAXLONG)),
                                 count);
    }
  else
    summary = g_strdup (_("Nothing was imported"));
  gtk_label_set_label (self->summary_label, summary);

  /* Strict mode refused the file for its invalid rows: say how to take the
   * valid ones. */
  gtk_widget_set_visible (GTK_WIDGET (self->advice_label),
                          !bc_import_report_get_success (report) &&
                          !bc_import_report_get_file_error (report) && invalid > 0);
  if (invalid > 0)
    {
      g_autofree char *count = bc_format_count (self, (gint64) invalid);
      g_autofree char *advice =
        g_strdup_printf (ngettext ("%s row is invalid. Fix it and import the file again, or import the valid rows only.",
                                   "%s rows are invalid. Fix them and import the file again, or import the valid rows only.",
                                   (gulong) MIN (invalid, G_MAXLONG)),
                         count);
      gtk_label_set_label (self->advice_label, advice);
    }

  add_count (self, bc_import_report_get_rows_read (report), _("Rows Read"));
  add_count (self, imported, _("Imported"));
  add_count (self, invalid, _("Invalid"));
  add_count (self, bc_import_report_get_duplicates (report), _("Duplicates"));
  add_count (self, bc_import_report_get_normalised (report), _("Normalised to E.164"));
  add_count (self, bc_import_report_get_skipped_empty (report), _("Empty Rows Skipped"));

  variables = bc_import_report_get_variables (report);
  for (guint i = 0; variables != NULL && variables[i] != NULL; i++)
    {
      g_autofree char *text = g_strdup_printf ("{{%s}}", variables[i]);
      GtkWidget *chip = gtk_label_new (text);

      gtk_widget_add_css_class (chip, "chip");
      gtk_widget_set_halign (chip, GTK_ALIGN_START);
      gtk_label_set_selectable (GTK_LABEL (chip), TRUE);
      gtk_flow_box_append (self->variables_box, chip);
    }
  gtk_widget_set_visible (self->variables_group, variables != NULL && variables[0] != NULL);

  gtk_column_view_set_model (self->issues_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (bc_import_report_get_issues (report)))));
  gtk_widget_set_visible (self->issues_group,
                          g_list_model_get_n_items (bc_import_report_get_issues (report)) > 0);
  if (bc_import_report_get_n_omitted (report) > 0)
    {
      g_autofree char *count = bc_format_count (self, (gint64) bc_import_report_get_n_omitted (report));
      g_autofree char *description =
        g_strdup_printf (_("The first %u are listed; %s more were found."),
                         (guint) BC_IMPORT_REPORT_MAX_ISSUES, count);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->issues_group), description);
    }
  else
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->issues_group), NULL);

  gtk_widget_set_visible (self->preview_group, preview != NULL);
  if (preview != NULL)
    build_preview (self, preview);
}

static void
bc_import_report_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BcImportReportView *self = BC_IMPORT_REPORT_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_import_report_view_dispose (GObject *object)
{
  BcImportReportView *self = BC_IMPORT_REPORT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_IMPORT_REPORT_VIEW);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (bc_import_report_view_parent_class)->dispose (object);
}

static void
bc_import_report_view_finalize (GObject *object)
{
  BcImportReportView *self = BC_IMPORT_REPORT_VIEW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bc_import_report_view_parent_class)->finalize (object);
}

static void
bc_import_report_view_class_init (BcImportReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bc_import_report_view_get_property;
  object_class->dispose = bc_import_report_view_dispose;
  object_class->finalize = bc_import_report_view_finalize;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, BC_TYPE_IMPORT_REPORT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-import-report-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, advice_label);
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, counts_box);
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, variables_group);
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, variables_box);
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, issues_group);
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, issues_view);
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, save_button);
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, preview_group);
  gtk_widget_class_bind_template_child (widget_class, BcImportReportView, preview_view);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

static void
bc_import_report_view_init (BcImportReportView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  build_issue_columns (self);
}

GtkWidget *
bc_import_report_view_new (void)
{
  return g_object_new (BC_TYPE_IMPORT_REPORT_VIEW, NULL);
}

BcImportReport *
bc_import_report_view_get_report (BcImportReportView *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT_VIEW (self), NULL);
  return self->report;
}

void
bc_import_report_view_set_report (BcImportReportView *self,
                                  BcImportReport     *report,
                                  GListModel         *preview)
{
  g_return_if_fail (BC_IS_IMPORT_REPORT_VIEW (self));
  g_return_if_fail (report == NULL || BC_IS_IMPORT_REPORT (report));
  g_return_if_fail (preview == NULL || G_IS_LIST_MODEL (preview));

  if (g_set_object (&self->report, report))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  update (self, preview);
}
