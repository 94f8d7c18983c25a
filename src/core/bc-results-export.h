/* bc-results-export.h: a batch's recipients and their call results as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bc-store.h"

G_BEGIN_DECLS

/* The file: the columns of the imported sheet (the phone number, the
 * reserved columns that hold a value in some row, then the dynamic
 * variables in their sheet order), then state, outcome, successful,
 * attempts, call_id, started_at, ended_at, duration_s,
 * disconnection_reason, sentiment. RFC 4180 with CRLF; every cell that
 * starts with =, +, -, @, tab or CR is prefixed with an apostrophe, so a
 * spreadsheet shows it instead of running it (the file is meant for a
 * person: a phone number reads '+14155550100). */

/* Writes the rows of @reader to @file, replacing it only once the whole
 * file is written: after an error or a cancel a previous file is
 * untouched and no partial one is left. Blocking: any thread. */
gboolean bc_results_export_to_file (BcRecipientReader   *reader,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    guint64             *n_rows,
                                    GError             **error);

/* The same off the main thread. Call it on @store's thread. */
void     bc_results_export_async   (BcStore             *store,
                                    const char          *batch_id,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* @n_rows: the recipients written (the header not counted). */
gboolean bc_results_export_finish  (GAsyncResult        *result,
                                    guint64             *n_rows,
                                    GError             **error);

G_END_DECLS
