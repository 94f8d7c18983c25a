/* test-ui-create.c: creating a batch from a dropped CSV, under Xvfb
 *
 * The real application on the embedded sandbox (--sandbox): a CSV file
 * is dropped on the window (the "drop" signal of its GtkDropTarget,
 * emitted with a GdkFileList), the create dialog loads the From Numbers
 * from the API, imports strictly (refused), then the valid rows only,
 * and the Draft appears in the sidebar.
 *   dbus-run-session -- xvfb-run -a meson test -C _build --suite ui
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bc-batch-page.h"
#include "bc-batch-row.h"
#include "bc-batch.h"
#include "bc-create-dialog.h"
#include "bc-import-report-view.h"
#include "bc-recipient-list.h"
#include "bc-recipient.h"
#include "bc-recipients-view.h"
#include "bc-store.h"
#include "bc-window.h"
#include "ui-test-util.h"

/* Five rows: one normalised, one invalid, one duplicate. */
#define RECIPIENTS_CSV \
  "phone number,first_name,city\n" \
  "+14155550123,Ada,Berlin\n" \
  "+1 (415) 555-0124,Grace,Paris\n" \
  "not-a-phone,Bad,Nowhere\n" \
  "+14155550123,Dup,Again\n" \
  "+14155550125,Linus,Helsinki\n"

static GFile *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GtkDropTarget *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_assert_null (found);
          found = GTK_DROP_TARGET (controller);
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* Emits "drop" as GTK does when files are released over @target. */
static gboolean
drop_files (GtkDropTarget *target,
            GFile         *first,
            ...)
{
  g_autoptr(GSList) files = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  va_list args;

  va_start (args, first);
  for (GFile *file = first; file != NULL; file = va_arg (args, GFile *))
    files = g_slist_append (files, file);
  va_end (args);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);

  return accepted;
}

/* The one BcCreateDialog among the toplevels, or NULL. */
static BcCreateDialog *
find_create_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  BcCreateDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (BC_IS_CREATE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          g_assert_null (found);
          found = BC_CREATE_DIALOG (toplevel);
        }
    }
  return found;
}

static const char *
visible_page (BcCreateDialog *dialog)
{
  GtkWidget *stack = find_widget (GTK_WIDGET (dialog), GTK_TYPE_STACK, NULL);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static void
wait_for_page (BcCreateDialog *dialog,
               const char     *page)
{
  while (g_strcmp0 (visible_page (dialog), page) != 0)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
continue_enabled (BcCreateDialog *dialog)
{
  /* What the header's button and Enter do. */
  GtkWidget *button = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "suggested-action", buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "create.continue") == 0)
      button = buttons->pdata[i];
  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void
set_name (BcCreateDialog *dialog,
          const char     *name)
{
  GtkWidget *row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL);

  gtk_editable_set_text (GTK_EDITABLE (row), name);
}

static GStrv
column_titles (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_strv_builder_add (builder, gtk_column_view_column_get_title (column));
    }
  return g_strv_builder_end (builder);
}

static void
check_numbers (BcCreateDialog *dialog)
{
  AdwComboRow *row = ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, NULL));
  GPtrArray *numbers;
  GListModel *model;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  gboolean note_found = FALSE;

  while (bc_create_dialog_get_numbers (dialog) == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* The sandbox's account: three numbers bound to agents, one unbound. */
  numbers = bc_create_dialog_get_numbers (dialog);
  g_assert_cmpuint (numbers->len, ==, 3);
  g_assert_cmpstr (numbers->pdata[0], ==, "+14155550100");
  g_assert_cmpstr (numbers->pdata[1], ==, "+14155550101");
  g_assert_cmpstr (numbers->pdata[2], ==, "+442079460958");

  model = adw_combo_row_get_model (row);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==,
                   "+14155550100 — Sales follow-up, Support check-in");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), ==,
                   "+14155550101 — Support check-in");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), ==,
                   "+442079460958 — Satisfaction survey");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (row)));
  adw_combo_row_set_selected (row, 1);

  /* The unbound number is explained, not silently missing. */
  collect_widgets (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "dim-label", labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_label (labels->pdata[i]);

      if (strstr (text, "+14155550102 is not offered: it is not bound to an agent") != NULL)
        {
          g_assert_true (gtk_widget_get_mapped (labels->pdata[i]));
          note_found = TRUE;
        }
    }
  g_assert_true (note_found);
}

static void
check_name_unique (BcApplication  *app,
                   BcCreateDialog *dialog)
{
  g_autoptr(BcBatch) taken = bc_batch_new ("Taken");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new ();
  GtkWidget *row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL);

  g_assert_true (bc_store_insert_batch (bc_application_get_store (app), taken, FALSE, &error));
  g_assert_no_error (error);

  set_name (dialog, "Taken");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_false (continue_enabled (dialog));
  collect_widgets (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "error", errors);
  g_assert_true (has_label (GTK_WIDGET (dialog),
                            "A batch named “Taken” already exists. Batch names must be unique."));

  set_name (dialog, "   ");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_false (continue_enabled (dialog));

  set_name (dialog, "Spring Reminders");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_true (continue_enabled (dialog));
}

static void
check_report (BcCreateDialog *dialog)
{
  BcImportReportView *view = BC_IMPORT_REPORT_VIEW (find_widget (GTK_WIDGET (dialog),
                                                                 BC_TYPE_IMPORT_REPORT_VIEW, NULL));
  BcImportReport *report = bc_import_report_view_get_report (view);
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(GPtrArray) chips = g_ptr_array_new ();
  g_auto(GStrv) issue_columns = NULL;
  g_auto(GStrv) preview_columns = NULL;
  const char * const expected_issue_columns[] = { "Kind", "Line", "Column", "Value", "Reason", NULL };
  const char * const expected_preview_columns[] = { "Line", "Phone Number", "first_name", "city", "Metadata", NULL };
  GListModel *issues;
  GListModel *preview;

  g_assert_true (bc_import_report_get_success (report));
  g_assert_false (bc_import_report_get_strict (report));
  g_assert_cmpuint (bc_import_report_get_rows_read (report), ==, 5);
  g_assert_cmpuint (bc_import_report_get_imported (report), ==, 3);
  g_assert_cmpuint (bc_import_report_get_invalid (report), ==, 1);
  g_assert_cmpuint (bc_import_report_get_skipped_duplicate (report), ==, 1);
  g_assert_cmpuint (bc_import_report_get_normalised (report), ==, 1);
  g_assert_true (has_label (GTK_WIDGET (view), "3 recipients imported"));
  g_assert_true (has_label (GTK_WIDGET (view), "Normalised to E.164"));

  collect_widgets (GTK_WIDGET (view), GTK_TYPE_LABEL, "chip", chips);
  g_assert_cmpuint (chips->len, ==, 2);
  g_assert_cmpstr (gtk_label_get_label (chips->pdata[0]), ==, "{{first_name}}");
  g_assert_cmpstr (gtk_label_get_label (chips->pdata[1]), ==, "{{city}}");

  collect_widgets (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW, NULL, views);
  g_assert_cmpuint (views->len, ==, 2);
  issue_columns = column_titles (views->pdata[0]);
  g_assert_cmpstrv (issue_columns, expected_issue_columns);
  issues = G_LIST_MODEL (gtk_column_view_get_model (views->pdata[0]));
  /* The invalid row, the normalised one and the duplicate. */
  g_assert_cmpuint (g_list_model_get_n_items (issues), ==, 3);
  g_assert_true (gtk_widget_get_mapped (views->pdata[0]));
  {
    g_autoptr(BcImportIssue) issue = NULL;
    guint64 lines[3];

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(BcImportIssue) item = g_list_model_get_item (issues, i);
        lines[i] = bc_import_issue_get_line (item);
        if (bc_import_issue_get_severity (item) == BC_IMPORT_SEVERITY_ERROR)
          issue = g_object_ref (item);
      }
    g_assert_nonnull (issue);
    g_assert_cmpuint (bc_import_issue_get_line (issue), ==, 4);
    g_assert_cmpstr (bc_import_issue_get_column (issue), ==, "phone number");
    g_assert_cmpstr (bc_import_issue_get_value (issue), ==, "not-a-phone");
    g_assert_cmpuint (lines[0], <, lines[2]);
  }

  preview_columns = column_titles (views->pdata[1]);
  g_assert_cmpstrv (preview_columns, expected_preview_columns);
  preview = G_LIST_MODEL (gtk_column_view_get_model (views->pdata[1]));
  g_assert_cmpuint (g_list_model_get_n_items (preview), ==, 3);
  g_assert_true (has_label (views->pdata[1], "+14155550124"));
  g_assert_true (has_label (views->pdata[1], "Grace"));
  g_assert_true (has_label (views->pdata[1], "Helsinki"));
}

static void
check_sidebar (BcApplication *app,
               GtkWindow     *window,
               BcBatch       *batch)
{
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *row = NULL;

  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_DRAFT);
  g_assert_cmpstr (bc_batch_get_name (batch), ==, "Spring Reminders");
  g_assert_cmpstr (bc_batch_get_from_number (batch), ==, "+14155550101");
  /* The preferences' defaults. */
  g_assert_cmpuint (bc_batch_get_concurrency (batch), ==, 10);
  g_assert_cmpstr (bc_batch_get_windows (batch), ==, "09:00-17:00");
  g_assert_cmpint (bc_batch_get_weekdays (batch), ==, BC_WEEKDAYS_WORK);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_TOTAL), ==, 3);
  g_assert_true (bc_store_find_batch_by_name (bc_application_get_store (app), "Spring Reminders") == batch);

  collect_widgets (GTK_WIDGET (window), BC_TYPE_BATCH_ROW, NULL, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    if (bc_batch_row_get_batch (rows->pdata[i]) == batch)
      row = rows->pdata[i];
  g_assert_nonnull (row);
  g_assert_true (has_label (row, "3 recipients"));
  g_assert_true (has_label (row, "Draft"));
  /* The new Draft is selected and shown. */
  g_assert_true (bc_batch_page_get_batch (BC_BATCH_PAGE (page)) == batch);
}

static void
check_create (BcApplication *app,
              GtkWindow     *window,
              gpointer       user_data)
{
  const char *dir = user_data;
  g_autoptr(GFile) csv = write_file (dir, "recipients.csv", RECIPIENTS_CSV);
  g_autoptr(GFile) pdf = write_file (dir, "recipients.pdf", "%PDF-1.4");
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  BcCreateDialog *dialog;
  BcBatch *batch;

  g_assert_true (bc_application_get_sandbox (app));
  g_assert_nonnull (bc_application_get_api_client (app));
  check_accels (app, "win.create-batch", "<Control>n");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "download-template"));

  /* Refused drops open nothing. */
  g_assert_false (drop_files (target, csv, pdf, NULL));
  g_assert_false (drop_files (target, pdf, NULL));
  g_assert_null (find_create_dialog ());

  g_assert_true (drop_files (target, csv, NULL));
  dialog = find_create_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == window);
  g_assert_true (g_file_equal (bc_create_dialog_get_file (dialog), csv));
  g_assert_true (has_label (GTK_WIDGET (dialog), "recipients.csv"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL))),
                   ==, "recipients");
  g_assert_cmpstr (visible_page (dialog), ==, "form");

  /* Its own drop zone explains a refusal in place. */
  g_assert_false (drop_files (find_drop_target (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BOX, "drop-zone")),
                              pdf, NULL));
  g_assert_true (has_label (GTK_WIDGET (dialog),
                            "“recipients.pdf” is not a CSV file. Save the sheet as CSV (comma-separated values) and drop that."));
  g_assert_true (g_file_equal (bc_create_dialog_get_file (dialog), csv));

  check_numbers (dialog);
  check_name_unique (app, dialog);
  wait_for_frames (GTK_WINDOW (dialog));
  save_screenshot (GTK_WINDOW (dialog), "ui-create-form.png");

  /* Strict (the default): the invalid row refuses the file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
  g_assert_cmpstr (visible_page (dialog), ==, "progress");
  wait_for_page (dialog, "report");
  g_assert_null (bc_create_dialog_get_batch (dialog));
  g_assert_true (has_label (GTK_WIDGET (dialog), "Nothing was imported"));
  g_assert_true (has_label (GTK_WIDGET (dialog),
                            "1 row is invalid. Fix it and import the file again, or import the valid rows only."));
  g_assert_null (bc_store_find_batch_by_name (bc_application_get_store (app), "Spring Reminders"));
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (bc_application_get_store (app))), ==, 1);
  wait_for_frames (GTK_WINDOW (dialog));
  save_screenshot (GTK_WINDOW (dialog), "ui-create-refused.png");

  /* "Import Valid Rows Only" runs it again, skipping that row. */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkWidget *retry = NULL;

    collect_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "pill", buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "Import _Valid Rows Only") == 0)
        retry = buttons->pdata[i];
    g_assert_nonnull (retry);
    g_assert_true (gtk_widget_get_mapped (retry));
    g_signal_emit_by_name (retry, "clicked");
  }
  wait_for_page (dialog, "report");
  batch = bc_create_dialog_get_batch (dialog);
  g_assert_nonnull (batch);
  check_report (dialog);
  wait_for_frames (GTK_WINDOW (dialog));
  save_screenshot (GTK_WINDOW (dialog), "ui-create-report.png");

  check_sidebar (app, window, batch);

  /* Done closes the dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
  g_assert_null (find_create_dialog ());
  wait_for_frames (window);
  save_screenshot (window, "ui-created-draft.png");

  quit (app);
}

static void
test_ui_create_drop (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  run_app (data_dir, "--sandbox", check_create, data_dir);
  rm_rf (data_dir);
}

/* ---- cancelling ---- */

static void
check_cancel (BcApplication *app,
              GtkWindow     *window,
              gpointer       user_data)
{
  const char *dir = user_data;
  g_autoptr(GString) csv_text = g_string_new ("phone number,first_name\n");
  g_autoptr(GFile) csv = NULL;
  BcCreateDialog *dialog;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (csv_text, "+1415%07u,Person %u\n", i, i);
  csv = write_file (dir, "big.csv", csv_text->str);

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "create-batch"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "create-batch", NULL);
  dialog = find_create_dialog ();
  g_assert_nonnull (dialog);
  g_assert_null (bc_create_dialog_get_file (dialog));
  g_assert_false (continue_enabled (dialog));

  bc_create_dialog_set_file (dialog, csv);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL))),
                   ==, "big");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
  g_assert_cmpstr (visible_page (dialog), ==, "progress");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.stop", NULL));
  wait_for_page (dialog, "form");

  /* A cancelled import leaves nothing behind. */
  g_assert_null (bc_create_dialog_get_batch (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (bc_application_get_store (app))), ==, 0);
  g_assert_true (continue_enabled (dialog));

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_null (find_create_dialog ());

  /* Closed while the numbers load: gone at once, not when they arrive
   * (maybe after its parent, which its dispose would then touch). */
  g_action_group_activate_action (G_ACTION_GROUP (window), "create-batch", NULL);
  dialog = find_create_dialog ();
  g_assert_null (bc_create_dialog_get_numbers (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (dialog);

  quit (app);
}

static void
test_ui_create_cancel (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bc-ui-XXXXXX", NULL);

  g_assert_nonnull (data_dir);
  run_app (data_dir, NULL, check_cancel, data_dir);
  rm_rf (data_dir);
}

/* ---- why a drop is refused ---- */

static void
check_pick (GFile      *first,
            GFile      *second,
            const char *reason)
{
  GSList *list = g_slist_append (NULL, first);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GFile) file = NULL;
  g_autofree char *why = NULL;

  if (second != NULL)
    list = g_slist_append (list, second);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);

  g_assert_cmpint (bc_create_dialog_pick_dropped_file (&value, &file, &why), ==, reason == NULL);
  g_assert_cmpstr (why, ==, reason);
  if (reason == NULL)
    g_assert_true (g_file_equal (file, first));
  else
    g_assert_null (file);
}

static void
test_ui_create_pick (void)
{
  g_autoptr(GFile) csv = g_file_new_for_path ("/tmp/a.csv");
  g_autoptr(GFile) upper = g_file_new_for_path ("/tmp/B.CSV");
  g_autoptr(GFile) xlsx = g_file_new_for_path ("/tmp/sheet.xlsx");

  check_pick (csv, NULL, NULL);
  check_pick (upper, NULL, NULL);
  check_pick (xlsx, NULL, "“sheet.xlsx” is not a CSV file. Save the sheet as CSV (comma-separated values) and drop that.");
  check_pick (csv, upper, "Drop one CSV file at a time: a batch takes its recipients from a single file.");
}

/* ---- editing a Draft: its number, its name, a new file ---- */

static char *
first_phone (BcStore *store,
             BcBatch *batch)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  bc_store_read_recipients (store, bc_batch_get_id (batch), 0, 1, rows, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  return g_strdup (bc_recipient_get_phone (rows->pdata[0]));
}

static BcCreateDialog *
open_edit (GtkWindow *window)
{
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  BcCreateDialog *dialog;

  g_assert_true (gtk_widget_activate_action (page, "batch.edit", NULL));
  dialog = find_create_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Draft");
  while (bc_create_dialog_get_numbers (dialog) == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dialog;
}

static void
check_edit (BcApplication *app,
            GtkWindow     *window,
            gpointer       user_data)
{
  const char *dir = user_data;
  BcStore *store = bc_application_get_store (app);
  g_autoptr(BcBatch) draft = NULL;
  g_autoptr(GFile) refused = write_file (dir, "refused.csv", RECIPIENTS_CSV);
  g_autoptr(GFile) valid = write_file (dir, "valid.csv",
                                       "phone number,first_name\n"
                                       "+33612345678,Anne\n+33612345679,Bruno\n+33612345680,Chloé\n");
  g_autoptr(GString) big_text = g_string_new ("phone number\n");
  g_autoptr(GFile) big = NULL;
  g_autofree char *old_phone = NULL;
  g_autofree char *old_number = NULL;
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  AdwComboRow *numbers;
  BcCreateDialog *dialog;
  gint64 old_total;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (big_text, "+1415%07u\n", i);
  big = write_file (dir, "big.csv", big_text->str);

  /* The demo Draft of --sandbox. */
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (store)), ==, 1);
  draft = g_list_model_get_item (bc_store_get_batches (store), 0);
  g_assert_cmpint (bc_batch_get_state (draft), ==, BC_BATCH_STATE_DRAFT);
  g_assert_true (bc_window_select_batch (BC_WINDOW (window), bc_batch_get_id (draft)));
  old_total = bc_batch_get_counter (draft, BC_COUNTER_TOTAL);
  old_phone = first_phone (store, draft);
  old_number = g_strdup (bc_batch_get_from_number (draft));

  /* The form shows the Draft as it is, and saves without a new file. */
  dialog = open_edit (window);
  numbers = ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL))),
                   ==, bc_batch_get_name (draft));
  g_assert_cmpstr (bc_create_dialog_get_numbers (dialog)->pdata[adw_combo_row_get_selected (numbers)],
                   ==, old_number);
  g_assert_true (continue_enabled (dialog));
  adw_combo_row_set_selected (numbers, 2);
  wait_for_frames (GTK_WINDOW (dialog));
  save_screenshot (GTK_WINDOW (dialog), "ui-edit-draft-form.png");

  /* A refused file: the report says why, the Draft keeps everything. */
  bc_create_dialog_set_file (dialog, refused);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
  wait_for_page (dialog, "report");
  g_assert_true (has_label (GTK_WIDGET (dialog), "Nothing was imported"));
  g_assert_null (bc_create_dialog_get_batch (dialog));
  g_assert_cmpint (bc_batch_get_counter (draft, BC_COUNTER_TOTAL), ==, old_total);
  g_assert_cmpstr (bc_batch_get_from_number (draft), ==, old_number);
  {
    g_autofree char *phone = first_phone (store, draft);
    g_assert_cmpstr (phone, ==, old_phone);
  }

  /* A cancelled one too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
  wait_for_page (dialog, "form");
  bc_create_dialog_set_file (dialog, big);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
  g_assert_cmpstr (visible_page (dialog), ==, "progress");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.stop", NULL));
  wait_for_page (dialog, "form");
  g_assert_cmpint (bc_batch_get_counter (draft, BC_COUNTER_TOTAL), ==, old_total);
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (store)), ==, 1);

  /* A good one: the same Draft, new rows, and the number chosen. */
  bc_create_dialog_set_file (dialog, valid);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
  wait_for_page (dialog, "report");
  g_assert_true (bc_create_dialog_get_batch (dialog) == draft);
  g_assert_cmpint (bc_batch_get_counter (draft, BC_COUNTER_TOTAL), ==, 3);
  g_assert_cmpstr (bc_batch_get_from_number (draft), ==, "+442079460958");
  {
    g_autofree char *phone = first_phone (store, draft);
    g_assert_cmpstr (phone, ==, "+33612345678");
  }
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (store)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bc_recipients_view_get_list (bc_batch_page_get_recipients_view (BC_BATCH_PAGE (page))))),
                    ==, 3);
  wait_for_frames (GTK_WINDOW (dialog));
  save_screenshot (GTK_WINDOW (dialog), "ui-edit-draft-report.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
  g_assert_null (find_create_dialog ());

  /* A new name alone; another batch's name is refused inline. */
  dialog = open_edit (window);
  set_name (dialog, "Renamed Draft");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.continue", NULL));
  g_assert_null (find_create_dialog ());
  g_assert_cmpstr (bc_batch_get_name (draft), ==, "Renamed Draft");
  g_assert_cmpstr (bc_batch_get_from_number (draft), ==, "+442079460958");
  g_assert_cmpint (bc_batch_get_counter (draft, BC_COUNTER_TOTAL), ==, 3);

  quit (app);
}

static void
test_ui_create_edit (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* The demo Draft again, whichever test of this program came first. */
  g_settings_reset (settings, "demo-seeded");
  run_app_in_temp_dir ("--sandbox", check_edit);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int status;

  g_test_add_func ("/BatchCalls/UI/create/pick", test_ui_create_pick);
  g_test_add_func ("/BatchCalls/UI/create/drop", test_ui_create_drop);
  g_test_add_func ("/BatchCalls/UI/create/cancel", test_ui_create_cancel);
  g_test_add_func ("/BatchCalls/UI/create/edit-draft", test_ui_create_edit);

  status = g_test_run ();

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    rm_rf (home);

  return status;
}
