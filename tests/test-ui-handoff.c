/* test-ui-handoff.c: the submit dialog's "Run on the Platform" switch —
 * only on the retell profile, and it hands the batch off — under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-scheduler-common.h"

#include <adwaita.h>

#include "bc-store-handoff.h"
#include "bc-submit-dialog.h"
#include "ui-test-util.h"

static AdwActionRow *
platform_row (BcSubmitDialog *dialog)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  AdwActionRow *found = NULL;

  collect_widgets (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, NULL, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), "Run on the _Platform") == 0)
      found = rows->pdata[i];
  g_assert_nonnull (found);
  return found;
}

static void
fixture_set_up_retell (Fixture       *fixture,
                       gconstpointer  data)
{
  fixture->profile = BC_API_PROFILE_RETELL;
  fixture_set_up (fixture, data);
}

/* The native profile has no server-side batches: no switch. */
static void
test_hidden (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Native", 3, 2);
  BcSubmitDialog *dialog = bc_submit_dialog_new (NULL, fixture->store, fixture->scheduler, batch);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (platform_row (dialog))));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_hand_off (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BcBatch) batch = make_batch (fixture, "Retell", 3, 2);
  BcSubmitDialog *dialog = bc_submit_dialog_new (NULL, fixture->store, fixture->scheduler, batch);
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  AdwActionRow *row;
  BcHandoffState state;

  gtk_window_present (GTK_WINDOW (dialog));
  row = platform_row (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  collect_widgets (GTK_WIDGET (row), GTK_TYPE_SWITCH, NULL, switches);
  g_assert_cmpuint (switches->len, ==, 1);
  gtk_switch_set_active (switches->pdata[0], TRUE);
  wait_for_frames (GTK_WINDOW (dialog));
  save_screenshot (GTK_WINDOW (dialog), "ui-submit-dialog-platform.png");

  bc_submit_dialog_set_windows (dialog, "00:00-24:00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "submit.start-now", NULL));
  wait_idle (fixture);

  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_ONGOING);
  g_assert_true (bc_store_get_handoff (fixture->store, bc_batch_get_id (batch), &state, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, BC_HANDOFF_SUBMITTED);
  /* The platform placed the calls, not this process. */
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 2);
  g_assert_cmpuint (bc_scheduler_get_n_calls_placed (fixture->scheduler), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/BatchCalls/UI/handoff/hidden-on-native", Fixture, NULL,
              fixture_set_up, test_hidden, fixture_tear_down);
  g_test_add ("/BatchCalls/UI/handoff/switch-hands-off", Fixture, NULL,
              fixture_set_up_retell, test_hand_off, fixture_tear_down);

  return g_test_run ();
}
