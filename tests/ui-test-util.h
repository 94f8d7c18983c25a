/* ui-test-util.h: running the real application under Xvfb, and finding
 * widgets in it, for the UI test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-application.h"

typedef void (*UiCheckFunc) (BcApplication *app,
                             GtkWindow     *window,
                             gpointer       user_data);

void       rm_rf           (const char    *path);
void       collect_widgets (GtkWidget     *root,
                            GType          type,
                            const char    *css_class,
                            GPtrArray     *out);
/* The one widget of @type (with @css_class) under @root. */
GtkWidget *find_widget     (GtkWidget     *root,
                            GType          type,
                            const char    *css_class);
gboolean   has_label       (GtkWidget     *root,
                            const char    *text);
/* Until @window has been laid out and painted. */
void       wait_for_frames (GtkWindow     *window);
/* What a person would see, for a reviewer: <builddir>/tests/NAME. */
void       save_screenshot (GtkWindow     *window,
                            const char    *name);
/* Runs the application on @data_dir until it quits; @check must make it
 * quit. */
void       run_app         (const char    *data_dir,
                            const char    *extra_arg,
                            UiCheckFunc    check,
                            gpointer       user_data);
/* run_app () on a fresh data folder, removed afterwards; @check gets
 * the folder's path as its user data. */
void       run_app_in_temp_dir (const char *extra_arg,
                                UiCheckFunc check);
void       check_accels    (BcApplication *app,
                            const char    *action,
                            const char    *accel);
void       quit            (BcApplication *app);
/* quit(), answering "Pause and Close" when running batches make the
 * application ask. */
void       quit_pausing    (BcApplication *app);
/* Sets up XDG dirs in a temporary home; returns it (rm_rf it after). */
char      *ui_test_init    (int           *argc,
                            char        ***argv);
/* g_test_run (), then removes (and frees) the @home of ui_test_init (). */
int        ui_test_run     (char          *home);
