/* bc-create-dialog-private.h: shared by the create dialog's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-create-dialog.h"
#include "bc-import-report-view.h"

G_BEGIN_DECLS

struct _BcCreateDialog
{
  AdwWindow       parent_instance;

  BcStore        *store;
  BcApiClient    *client;
  GFile          *file;
  BcBatch        *batch;
  /* Edit mode: the Draft whose name, number and recipients the dialog
   * changes (NULL when it creates a batch). */
  BcBatch        *draft;
  gboolean        number_changed;
  GCancellable   *cancellable;
  GCancellable   *import_cancellable;
  gboolean        close_after_cancel;

  /* The account's numbers and agents, until both have arrived. */
  GPtrArray      *all_numbers;
  GPtrArray      *agents;
  guint           n_loading;
  GPtrArray      *offered;   /* E.164 strings, the dropdown's order */

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkWidget      *close_button;
  GtkButton      *import_button;
  GtkStack       *stack;
  AdwEntryRow    *name_row;
  GtkLabel       *name_error_label;
  AdwComboRow    *number_row;
  GtkLabel       *numbers_note_label;
  GtkSwitch      *skip_invalid_switch;
  GtkWidget      *drop_zone;
  GtkLabel       *file_label;
  GtkLabel       *drop_error_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  BcImportReportView *report_view;
  GtkWidget      *retry_valid_button;
};

/* bc-create-dialog-numbers.c: fills the From Number row from the API. */
void _bc_create_dialog_load_numbers (BcCreateDialog *self);

/* bc-create-dialog-edit.c: the dialog over an existing Draft. */
void     _bc_create_dialog_setup_edit  (BcCreateDialog *self);
/* Writes the form's name and (if chosen) From Number to the Draft;
 * FALSE with a toast when the store refuses. */
gboolean _bc_create_dialog_save_draft  (BcCreateDialog *self);

G_END_DECLS
