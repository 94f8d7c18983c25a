/* bc-export-results.h: "Export Results…" — a file chooser, then the
 * export off the main thread, then a toast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-types.h"

G_BEGIN_DECLS

typedef void (*BcExportResultsDone) (gpointer user_data);

/* Asks where to save @batch's results (GtkFileChooserNative, so a portal
 * can answer in a sandbox), then exports. @widget: any widget of the
 * window the chooser belongs to and the toast goes to. */
void  bc_export_results_choose       (GtkWidget           *widget,
                                      BcStore             *store,
                                      BcBatch             *batch);
/* The export to @file alone, with the toast that says how it went;
 * @done (may be NULL) runs after the toast is shown. */
void  bc_export_results_to_file      (GtkWidget           *widget,
                                      BcStore             *store,
                                      BcBatch             *batch,
                                      GFile               *file,
                                      BcExportResultsDone  done,
                                      gpointer             user_data);
/* "Spring Renewal-results.csv": a name that is safe on every file system. */
char *bc_export_results_suggest_name (BcBatch             *batch);

G_END_DECLS
