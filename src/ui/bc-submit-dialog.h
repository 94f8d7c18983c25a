/* bc-submit-dialog.h: a Draft's time windows, then Start now or Schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bc-scheduler.h"
#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_SUBMIT_DIALOG (bc_submit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BcSubmitDialog, bc_submit_dialog, BC, SUBMIT_DIALOG, AdwWindow)

BcSubmitDialog *bc_submit_dialog_new          (GtkWindow      *parent,
                                               BcStore        *store,
                                               BcScheduler    *scheduler,
                                               BcBatch        *batch);

/* What will happen, in words ("Calls Mon–Fri, 09:00–12:00 …"), or why the
 * settings are not valid. */
const char     *bc_submit_dialog_get_summary  (BcSubmitDialog *self);
/* Replaces the daily windows ("09:00-12:00,13:00-17:00"). */
void            bc_submit_dialog_set_windows  (BcSubmitDialog *self,
                                               const char     *windows);
void            bc_submit_dialog_set_weekdays (BcSubmitDialog *self,
                                               BcWeekdays      weekdays);
void            bc_submit_dialog_set_timezone (BcSubmitDialog *self,
                                               const char     *timezone);

G_END_DECLS
