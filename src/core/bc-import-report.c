/* bc-import-report.c: the outcome of a CSV import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-import-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-csv-writer.h"
#include "bc-import-report-private.h"

struct _BcImportReport
{
  GObject     parent_instance;

  guint64     counts[BC_IMPORT_N_COUNTS];
  GListStore *issues;
  guint64     n_errors;
  guint64     n_omitted;
  GStrv       variables;
  char       *encoding;
  char        delimiter;
  gboolean    file_error;
  gboolean    strict;
  gboolean    success;
};

G_DEFINE_FINAL_TYPE (BcImportReport, bc_import_report, G_TYPE_OBJECT)

/* The report is complete when the UI gets it, so its properties are
 * read-only and never notify; they exist for bindings and GtkExpression. */
enum {
  PROP_0,
  PROP_ROWS_READ,
  PROP_IMPORTED,
  PROP_SKIPPED_EMPTY,
  PROP_SKIPPED_DUPLICATE,
  PROP_INVALID,
  PROP_NORMALISED,
  PROP_DUPLICATES,
  PROP_FILE_ERROR,
  PROP_SUCCESS,
  PROP_ISSUES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bc_import_report_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BcImportReport *self = BC_IMPORT_REPORT (object);

  switch (prop_id)
    {
    case PROP_ROWS_READ:
    case PROP_IMPORTED:
    case PROP_SKIPPED_EMPTY:
    case PROP_SKIPPED_DUPLICATE:
    case PROP_INVALID:
    case PROP_NORMALISED:
    case PROP_DUPLICATES:
      g_value_set_uint64 (value, self->counts[prop_id - PROP_ROWS_READ]);
      break;
    case PROP_FILE_ERROR:
      g_value_set_boolean (value, self->file_error);
      break;
    case PROP_SUCCESS:
      g_value_set_boolean (value, self->success);
      break;
    case PROP_ISSUES:
      g_value_set_object (value, self->issues);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_import_report_finalize (GObject *object)
{
  BcImportReport *self = BC_IMPORT_REPORT (object);

  g_clear_object (&self->issues);
  g_clear_pointer (&self->variables, g_strfreev);
  g_clear_pointer (&self->encoding, g_free);

  G_OBJECT_CLASS (bc_import_report_parent_class)->finalize (object);
}

static void
bc_import_report_class_init (BcImportReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  static const char * const count_names[] = {
    "rows-read", "imported", "skipped-empty", "skipped-duplicate", "invalid",
    "normalised", "duplicates",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (count_names) == BC_IMPORT_N_COUNTS);
  G_STATIC_ASSERT (PROP_DUPLICATES - PROP_ROWS_READ == BC_IMPORT_COUNT_DUPLICATES);

  object_class->get_property = bc_import_report_get_property;
  object_class->finalize = bc_import_report_finalize;

  for (guint i = 0; i < BC_IMPORT_N_COUNTS; i++)
    properties[PROP_ROWS_READ + i] =
      g_param_spec_uint64 (count_names[i], NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FILE_ERROR] = g_param_spec_boolean ("file-error", NULL, NULL, FALSE, ro);
  properties[PROP_SUCCESS] = g_param_spec_boolean ("success", NULL, NULL, FALSE, ro);
  properties[PROP_ISSUES] = g_param_spec_object ("issues", NULL, NULL, G_TYPE_LIST_MODEL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bc_import_report_init (BcImportReport *self)
{
  self->issues = g_list_store_new (BC_TYPE_IMPORT_ISSUE);
  self->variables = g_new0 (char *, 1);
  self->encoding = g_strdup ("UTF-8");
  self->delimiter = ',';
  self->strict = TRUE;
}

BcImportReport *
bc_import_report_new (void)
{
  return g_object_new (BC_TYPE_IMPORT_REPORT, NULL);
}

void
_bc_import_report_add_issue (BcImportReport   *self,
                             BcImportSeverity  severity,
                             guint64           line,
                             const char       *column,
                             const char       *value,
                             gsize             value_len,
                             const char       *reason)
{
  g_autoptr(BcImportIssue) issue = NULL;

  if (severity == BC_IMPORT_SEVERITY_ERROR)
    self->n_errors++;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->issues)) >= BC_IMPORT_REPORT_MAX_ISSUES)
    {
      self->n_omitted++;
      return;
    }

  issue = bc_import_issue_new (severity, line, column, value, value_len, reason);
  g_list_store_append (self->issues, issue);
}

void
_bc_import_report_add_file_error (BcImportReport *self,
                                  const char     *reason)
{
  self->file_error = TRUE;
  _bc_import_report_add_issue (self, BC_IMPORT_SEVERITY_ERROR, 0, NULL, NULL, 0, reason);
}

void
_bc_import_report_mark_file_error (BcImportReport *self)
{
  self->file_error = TRUE;
}

void
_bc_import_report_count (BcImportReport *self,
                         BcImportCount   count,
                         guint64         n)
{
  self->counts[count] += n;
}

void
_bc_import_report_set_count (BcImportReport *self,
                             BcImportCount   count,
                             guint64         n)
{
  self->counts[count] = n;
}

guint64
_bc_import_report_get_count (BcImportReport *self,
                             BcImportCount   count)
{
  return self->counts[count];
}

void
_bc_import_report_set_variables (BcImportReport *self,
                                 GStrv           variables)
{
  g_strfreev (self->variables);
  self->variables = variables;
}

void
_bc_import_report_set_dialect (BcImportReport *self,
                               const char     *encoding,
                               char            delimiter)
{
  g_free (self->encoding);
  self->encoding = g_strdup (encoding);
  self->delimiter = delimiter;
}

void
_bc_import_report_set_result (BcImportReport *self,
                              gboolean        strict,
                              gboolean        success)
{
  self->strict = strict;
  self->success = success;
}

guint64
bc_import_report_get_rows_read (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), 0);
  return self->counts[BC_IMPORT_COUNT_ROWS_READ];
}

guint64
bc_import_report_get_imported (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), 0);
  return self->counts[BC_IMPORT_COUNT_IMPORTED];
}

guint64
bc_import_report_get_skipped_empty (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), 0);
  return self->counts[BC_IMPORT_COUNT_SKIPPED_EMPTY];
}

guint64
bc_import_report_get_skipped_duplicate (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), 0);
  return self->counts[BC_IMPORT_COUNT_SKIPPED_DUPLICATE];
}

guint64
bc_import_report_get_invalid (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), 0);
  return self->counts[BC_IMPORT_COUNT_INVALID];
}

guint64
bc_import_report_get_normalised (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), 0);
  return self->counts[BC_IMPORT_COUNT_NORMALISED];
}

guint64
bc_import_report_get_duplicates (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), 0);
  return self->counts[BC_IMPORT_COUNT_DUPLICATES];
}

gboolean
bc_import_report_get_file_error (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), FALSE);
  return self->file_error;
}

gboolean
bc_import_report_get_success (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), FALSE);
  return self->success;
}

gboolean
bc_import_report_get_strict (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), TRUE);
  return self->strict;
}

GListModel *
bc_import_report_get_issues (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), NULL);
  return G_LIST_MODEL (self->issues);
}

guint64
bc_import_report_get_n_errors (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), 0);
  return self->n_errors;
}

guint64
bc_import_report_get_n_omitted (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), 0);
  return self->n_omitted;
}

const char * const *
bc_import_report_get_variables (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), NULL);
  return (const char * const *) self->variables;
}

const char *
bc_import_report_get_encoding (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), NULL);
  return self->encoding;
}

char
bc_import_report_get_delimiter (BcImportReport *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), ',');
  return self->delimiter;
}

gboolean
bc_import_report_write_csv (BcImportReport *self,
                            GOutputStream  *stream,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_autoptr(BcCsvWriter) writer = NULL;
  guint n_items;

  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  writer = bc_csv_writer_new (stream, ',');
  bc_csv_writer_add (writer, "line", 0);
  bc_csv_writer_add (writer, "column", 0);
  bc_csv_writer_add (writer, "value", 0);
  bc_csv_writer_add (writer, "reason", 0);
  bc_csv_writer_add (writer, "severity", 0);
  if (!bc_csv_writer_end_row (writer, cancellable, error))
    return FALSE;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->issues));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(BcImportIssue) issue = g_list_model_get_item (G_LIST_MODEL (self->issues), i);
      guint64 line = bc_import_issue_get_line (issue);
      char line_str[24] = "";

      if (line > 0)
        g_snprintf (line_str, sizeof line_str, "%" G_GUINT64_FORMAT, line);
      bc_csv_writer_add (writer, line_str, 0);
      bc_csv_writer_add (writer, bc_import_issue_get_column (issue),
                         BC_CSV_WRITER_NEUTRALISE_FORMULA);
      /* A phone like +1415… starts with '+': in this report the value is
       * shown to be read, not re-imported, so neutralising it is right. */
      bc_csv_writer_add (writer, bc_import_issue_get_value (issue),
                         BC_CSV_WRITER_NEUTRALISE_FORMULA);
      bc_csv_writer_add (writer, bc_import_issue_get_reason (issue),
                         BC_CSV_WRITER_NEUTRALISE_FORMULA);
      bc_csv_writer_add (writer, bc_import_severity_to_string (bc_import_issue_get_severity (issue)), 0);
      if (!bc_csv_writer_end_row (writer, cancellable, error))
        return FALSE;
    }

  if (self->n_omitted > 0)
    {
      g_autofree char *reason =
        g_strdup_printf (_("%" G_GUINT64_FORMAT " more problems were found but not listed"),
                         self->n_omitted);

      bc_csv_writer_add (writer, "", 0);
      bc_csv_writer_add (writer, "", 0);
      bc_csv_writer_add (writer, "", 0);
      bc_csv_writer_add (writer, reason, BC_CSV_WRITER_NEUTRALISE_FORMULA);
      bc_csv_writer_add (writer, "error", 0);
      if (!bc_csv_writer_end_row (writer, cancellable, error))
        return FALSE;
    }

  return bc_csv_writer_close (writer, cancellable, error);
}

gboolean
bc_import_report_save_csv (BcImportReport *self,
                           GFile          *file,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;

  g_return_val_if_fail (BC_IS_IMPORT_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;
  return bc_import_report_write_csv (self, G_OUTPUT_STREAM (stream), cancellable, error);
}
