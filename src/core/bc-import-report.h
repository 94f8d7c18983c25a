/* bc-import-report.h: the outcome of a CSV import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bc-import-issue.h"

G_BEGIN_DECLS

/* At most this many issues are kept (the counters stay exact): a sheet of a
 * million bad rows must not cost a million objects. */
#define BC_IMPORT_REPORT_MAX_ISSUES 10000

#define BC_TYPE_IMPORT_REPORT (bc_import_report_get_type ())

G_DECLARE_FINAL_TYPE (BcImportReport, bc_import_report, BC, IMPORT_REPORT, GObject)

BcImportReport *bc_import_report_new                  (void);

/* Data rows read (empty lines and the header excluded). */
guint64      bc_import_report_get_rows_read           (BcImportReport *self);
guint64      bc_import_report_get_imported            (BcImportReport *self);
guint64      bc_import_report_get_skipped_empty       (BcImportReport *self);
guint64      bc_import_report_get_skipped_duplicate   (BcImportReport *self);
/* Rows with at least one error. */
guint64      bc_import_report_get_invalid             (BcImportReport *self);
guint64      bc_import_report_get_normalised          (BcImportReport *self);
/* Duplicate phone numbers found (skipped or, when kept, imported). */
guint64      bc_import_report_get_duplicates          (BcImportReport *self);
/* Errors of the whole file (encoding, header, empty file): nothing can
 * be imported. */
gboolean     bc_import_report_get_file_error          (BcImportReport *self);
/* TRUE when rows were imported (strict mode: only when no row is invalid). */
gboolean     bc_import_report_get_success             (BcImportReport *self);
gboolean     bc_import_report_get_strict              (BcImportReport *self);
/* A GListModel of BcImportIssue, in the order found. */
GListModel  *bc_import_report_get_issues              (BcImportReport *self);
guint64      bc_import_report_get_n_errors            (BcImportReport *self);
/* Issues found but not kept in the list (see BC_IMPORT_REPORT_MAX_ISSUES). */
guint64      bc_import_report_get_n_omitted           (BcImportReport *self);
/* The dynamic-variable names, as written in the header (trimmed). */
const char * const *bc_import_report_get_variables    (BcImportReport *self);
const char  *bc_import_report_get_encoding            (BcImportReport *self);
char         bc_import_report_get_delimiter           (BcImportReport *self);

/* Writes "line,column,value,reason,severity" rows (RFC 4180, formulas
 * neutralised: the file is meant to be opened in a spreadsheet). */
gboolean     bc_import_report_write_csv               (BcImportReport *self,
                                                       GOutputStream  *stream,
                                                       GCancellable   *cancellable,
                                                       GError        **error);
gboolean     bc_import_report_save_csv                (BcImportReport *self,
                                                       GFile          *file,
                                                       GCancellable   *cancellable,
                                                       GError        **error);

G_END_DECLS
