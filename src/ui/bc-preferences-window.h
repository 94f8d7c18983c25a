/* bc-preferences-window.h: the account and the defaults for new batches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BC_TYPE_PREFERENCES_WINDOW (bc_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BcPreferencesWindow, bc_preferences_window, BC, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWindow  *bc_preferences_window_new                (GtkWindow           *parent);

/* Checks the account as entered (a token typed in the token row, else the
 * stored one): lists its numbers. The outcome is shown, and readable here
 * (NULL while a test runs). */
void        bc_preferences_window_test_connection    (BcPreferencesWindow *self);
const char *bc_preferences_window_get_test_result    (BcPreferencesWindow *self);
gboolean    bc_preferences_window_get_test_running   (BcPreferencesWindow *self);

G_END_DECLS
