/* bc-create-dialog.h: create a Draft batch from a recipients CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bc-api-client.h"
#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_CREATE_DIALOG (bc_create_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BcCreateDialog, bc_create_dialog, BC, CREATE_DIALOG, AdwWindow)

/* @client may be NULL (no account): the batch is then created without a
 * From Number, to be chosen before it is submitted. */
BcCreateDialog *bc_create_dialog_new           (GtkWindow      *parent,
                                                BcStore        *store,
                                                BcApiClient    *client);

/* The same dialog over an existing Draft: its name and From Number can
 * be changed, and a new recipients file replaces its recipients (with the
 * same progress and report) only if the import succeeds. */
BcCreateDialog *bc_create_dialog_new_for_draft (GtkWindow      *parent,
                                                BcStore        *store,
                                                BcApiClient    *client,
                                                BcBatch        *draft);

GFile          *bc_create_dialog_get_file      (BcCreateDialog *self);
void            bc_create_dialog_set_file      (BcCreateDialog *self,
                                                GFile          *file);
/* The Draft the import created, once it succeeded; else NULL. */
BcBatch        *bc_create_dialog_get_batch     (BcCreateDialog *self);
/* The From Numbers offered (bound to an agent), as E.164 strings in the
 * order of the dropdown; NULL before they are loaded. */
GPtrArray      *bc_create_dialog_get_numbers   (BcCreateDialog *self);

/* The one CSV file in a dropped GdkFileList (@value), or FALSE with
 * @reason set to why the drop is refused (several files, not a CSV). */
gboolean        bc_create_dialog_pick_dropped_file (const GValue *value,
                                                    GFile       **file,
                                                    char        **reason);

G_END_DECLS
