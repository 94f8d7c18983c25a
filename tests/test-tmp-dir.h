/* test-tmp-dir.h: removing a test's temporary folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @dir and everything below it (a store, its -wal and -shm files,
 * exports, a runner lock); a missing @dir is not an error. */
void remove_dir (const char *dir);

G_END_DECLS
