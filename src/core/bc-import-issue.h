/* bc-import-issue.h: one problem (or notice) found while importing a CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BcImportSeverity:
 * @BC_IMPORT_SEVERITY_ERROR: the row (or, with line 0, the file) cannot be
 *   imported
 * @BC_IMPORT_SEVERITY_NORMALISED: a value was rewritten (a phone number
 *   made E.164); the row is imported
 * @BC_IMPORT_SEVERITY_DUPLICATE: the phone number appeared on an earlier
 *   line; the row is skipped unless duplicates are kept
 */
typedef enum
{
  BC_IMPORT_SEVERITY_ERROR,
  BC_IMPORT_SEVERITY_NORMALISED,
  BC_IMPORT_SEVERITY_DUPLICATE,
} BcImportSeverity;

#define BC_TYPE_IMPORT_ISSUE (bc_import_issue_get_type ())

G_DECLARE_FINAL_TYPE (BcImportIssue, bc_import_issue, BC, IMPORT_ISSUE, GObject)

/* @line 0 and @column NULL: a problem of the whole file. @value is
 * shortened to a readable length. */
BcImportIssue    *bc_import_issue_new          (BcImportSeverity  severity,
                                                guint64           line,
                                                const char       *column,
                                                const char       *value,
                                                gsize             value_len,
                                                const char       *reason);

BcImportSeverity  bc_import_issue_get_severity (BcImportIssue    *self);
guint64           bc_import_issue_get_line     (BcImportIssue    *self);
const char       *bc_import_issue_get_column   (BcImportIssue    *self);
const char       *bc_import_issue_get_value    (BcImportIssue    *self);
const char       *bc_import_issue_get_reason   (BcImportIssue    *self);
/* "line 3, column phone number: reason", "line 3: reason" or "reason". */
char             *bc_import_issue_to_string    (BcImportIssue    *self);

const char       *bc_import_severity_to_string (BcImportSeverity  severity);

/* Shortens @value (@len bytes, may be -1) to at most @max_chars characters
 * with an ellipsis, never cutting a UTF-8 sequence; bytes that are not
 * UTF-8 or are control characters are shown as escapes, so the result is
 * always printable UTF-8. */
char             *bc_import_shorten_value      (const char       *value,
                                                gssize            len,
                                                guint             max_chars);

G_END_DECLS
