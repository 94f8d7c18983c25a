/* test-ui-schedule.c: a Draft's start picked on the calendar of the
 * submit dialog, and a start in the past refused as it is chosen
 *   dbus-run-session -- xvfb-run -a meson test -C _build --suite ui
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bc-date-time-row.h"
#include "bc-store.h"
#include "bc-submit-dialog.h"
#include "store-test-util.h"
#include "ui-test-util.h"

#define ZONE "Europe/Berlin"

static GtkWidget *
schedule_button (GtkWidget *dialog)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *found = NULL;

  collect_widgets (dialog, GTK_TYPE_BUTTON, NULL, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "Sc_hedule") == 0)
      found = buttons->pdata[i];
  g_assert_nonnull (found);
  return found;
}

/* What a person does: a day on the calendar, then the time typed. */
static void
choose (GtkWidget  *row,
        GDateTime  *day,
        const char *time)
{
  gtk_calendar_select_day (GTK_CALENDAR (find_widget (row, GTK_TYPE_CALENDAR, NULL)), day);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (row, GTK_TYPE_ENTRY, "time")), time);
}

static void
check_schedule (BcApplication *app,
                GtkWindow     *window,
                gpointer       user_data)
{
  BcStore *store = bc_application_get_store (app);
  g_autoptr(BcBatch) batch = add_batch (store, "Follow-ups", 3);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (ZONE);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autoptr(GDateTime) expected = g_date_time_new (zone, g_date_time_get_year (later),
                                                   g_date_time_get_month (later),
                                                   g_date_time_get_day_of_month (later),
                                                   14, 30, 0);
  BcSubmitDialog *dialog = bc_submit_dialog_new (window, store, bc_application_get_scheduler (app),
                                                 batch);
  GtkWidget *row, *button;

  gtk_window_present (GTK_WINDOW (dialog));
  bc_submit_dialog_set_weekdays (dialog, BC_WEEKDAYS_ALL);
  bc_submit_dialog_set_windows (dialog, "00:00-24:00");
  bc_submit_dialog_set_timezone (dialog, ZONE);
  row = find_widget (GTK_WIDGET (dialog), BC_TYPE_DATE_TIME_ROW, NULL);
  button = schedule_button (GTK_WIDGET (dialog));

  /* It opens on tomorrow morning: a start in the future. */
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, ZONE);

  /* Midnight today, in the batch's zone, has passed: said at once. */
  choose (row, now, "0:00");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "This time has passed: choose a later one, or start now");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "submit.schedule", NULL);
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_DRAFT);

  /* Not a time: said as well. */
  choose (row, later, "25:00");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Enter the time as hours and minutes, such as 09:30");
  choose (row, later, "14.30");
  g_assert_false (gtk_widget_get_sensitive (button));

  /* Three days on at 14:30: Planned, for that moment in that zone. */
  choose (row, later, "14:30");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  {
    /* The button shows the chosen day. */
    g_autofree char *label = g_date_time_format (later, "%a %e %b %Y");
    GtkWidget *menu = find_widget (row, GTK_TYPE_MENU_BUTTON, NULL);

    g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (menu)), ==, g_strstrip (label));
  }
  wait_for_frames (GTK_WINDOW (dialog));
  {
    /* Down to the start, for the screenshot. */
    GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  }
  wait_for_frames (GTK_WINDOW (dialog));
  save_screenshot (GTK_WINDOW (dialog), "ui-schedule-start.png");

  g_object_ref (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "submit.schedule", NULL));
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_PLANNED);
  g_assert_cmpint (bc_batch_get_planned_at (batch), ==,
                   g_date_time_to_unix (expected) * G_USEC_PER_SEC);
  g_assert_cmpstr (bc_batch_get_timezone (batch), ==, ZONE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  quit_pausing (app);
}

static void
test_ui_schedule_start (void)
{
  run_app_in_temp_dir ("--sandbox", check_schedule);
}

int
main (int   argc,
      char *argv[])
{
  char *home = ui_test_init (&argc, &argv);

  g_test_add_func ("/BatchCalls/UI/schedule/start", test_ui_schedule_start);

  return ui_test_run (home);
}
