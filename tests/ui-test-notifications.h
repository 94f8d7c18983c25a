/* ui-test-notifications.h: a notification server on the test's session
 * bus, as a desktop has one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct
{
  char  *summary;
  char  *body;
  GStrv  actions;   /* (key, label) pairs, as org.freedesktop.Notifications has them */
} UiTestNotification;

/* Owns org.freedesktop.Notifications on a connection of its own, for the
 * life of the process, so that GLib's notification backend has someone to
 * talk to (without one it warns, and tests make warnings fatal). */
void       ui_test_notifications_start (void);
/* What was shown so far (UiTestNotification), oldest first. */
GPtrArray *ui_test_notifications_get   (void);


