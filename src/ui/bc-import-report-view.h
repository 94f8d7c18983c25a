/* bc-import-report-view.h: what a CSV import found, for the person who ran it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bc-import-report.h"

G_BEGIN_DECLS

#define BC_TYPE_IMPORT_REPORT_VIEW (bc_import_report_view_get_type ())

G_DECLARE_FINAL_TYPE (BcImportReportView, bc_import_report_view, BC, IMPORT_REPORT_VIEW, AdwBin)

GtkWidget      *bc_import_report_view_new         (void);

BcImportReport *bc_import_report_view_get_report  (BcImportReportView *self);
/* @preview: the imported recipients (a GListModel of BcRecipient), of
 * which the first rows are shown; NULL when nothing was imported. */
void            bc_import_report_view_set_report  (BcImportReportView *self,
                                                   BcImportReport     *report,
                                                   GListModel         *preview);

/* The rows the preview shows at most. */
#define BC_IMPORT_REPORT_VIEW_PREVIEW_ROWS 20

G_END_DECLS
