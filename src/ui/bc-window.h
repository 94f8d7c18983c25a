/* bc-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bc-application.h"
#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_WINDOW (bc_window_get_type ())

G_DECLARE_FINAL_TYPE (BcWindow, bc_window, BC, WINDOW, AdwApplicationWindow)

BcWindow *bc_window_new       (BcApplication *application,
                               BcStore       *store);
BcStore  *bc_window_get_store (BcWindow      *self);
/* Shows @toast in the window's toast overlay. */
void      bc_window_add_toast (BcWindow      *self,
                               AdwToast      *toast);
/* Hides @batch at once and deletes it from the store when the toast
 * offering Undo goes away (or the window closes). */
void       bc_window_delete_batch (BcWindow  *self,
                                   BcBatch   *batch);
/* Opens the create dialog (with @file as the recipients when not NULL). */
GtkWindow *bc_window_create_batch (BcWindow  *self,
                                   GFile     *file);

/* Selects and shows @batch_id; FALSE when the list has no such batch. */
gboolean  bc_window_select_batch (BcWindow    *self,
                                  const char  *batch_id);

gboolean  bc_window_ask_before_quit (BcWindow *self);

G_END_DECLS
