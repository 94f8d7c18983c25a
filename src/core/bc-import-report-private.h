/* bc-import-report-private.h: how the importer fills a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-import-report.h"

G_BEGIN_DECLS

typedef enum
{
  BC_IMPORT_COUNT_ROWS_READ,
  BC_IMPORT_COUNT_IMPORTED,
  BC_IMPORT_COUNT_SKIPPED_EMPTY,
  BC_IMPORT_COUNT_SKIPPED_DUPLICATE,
  BC_IMPORT_COUNT_INVALID,
  BC_IMPORT_COUNT_NORMALISED,
  BC_IMPORT_COUNT_DUPLICATES,
  BC_IMPORT_N_COUNTS
} BcImportCount;

/* Not thread-safe: a report is filled by one thread, then handed over. */
void  _bc_import_report_add_issue     (BcImportReport   *self,
                                       BcImportSeverity  severity,
                                       guint64           line,
                                       const char       *column,
                                       const char       *value,
                                       gsize             value_len,
                                       const char       *reason);
void  _bc_import_report_add_file_error (BcImportReport  *self,
                                        const char      *reason);
void  _bc_import_report_mark_file_error (BcImportReport *self);
void  _bc_import_report_count         (BcImportReport   *self,
                                       BcImportCount     count,
                                       guint64           n);
void  _bc_import_report_set_count     (BcImportReport   *self,
                                       BcImportCount     count,
                                       guint64           n);
guint64 _bc_import_report_get_count   (BcImportReport   *self,
                                       BcImportCount     count);
void  _bc_import_report_set_variables (BcImportReport   *self,
                                       GStrv             variables);
void  _bc_import_report_set_dialect   (BcImportReport   *self,
                                       const char       *encoding,
                                       char              delimiter);
void  _bc_import_report_set_result    (BcImportReport   *self,
                                       gboolean          strict,
                                       gboolean          success);

G_END_DECLS
