/* bc-date-time-row.c: a date picked on a calendar and a time of day
 *
 * A GtkCalendar in the popover of a GtkMenuButton that shows the chosen
 * date, then a short entry for the time of day ("14:30"): a person points
 * at a day rather than typing one in a format, and types the time, which
 * is quicker than any picker. (Two spin buttons took so much width that
 * the row's title wrapped letter by letter.) The row knows dates and
 * times of day only;
 * whoever reads it says in which zone they are meant (the batch's).
 * ::changed is emitted whenever any part changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-date-time-row"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bc-date-time-row.h"

struct _BcDateTimeRow
{
  AdwActionRow    parent_instance;

  GtkMenuButton  *date_button;
  GtkCalendar    *calendar;
  GtkEntry       *time_entry;
};

G_DEFINE_FINAL_TYPE (BcDateTimeRow, bc_date_time_row, ADW_TYPE_ACTION_ROW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_date_label (BcDateTimeRow *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  /* Translators: the chosen day on the Schedule button, strftime format. */
  g_autofree char *label = g_date_time_format (date, _("%a %e %b %Y"));

  gtk_menu_button_set_label (self->date_button, g_strstrip (label));
}

static void
on_day_selected_cb (GtkCalendar   *calendar,
                    BcDateTimeRow *self)
{
  update_date_label (self);
  /* A day is chosen with one click: nothing else to do in the popover. */
  gtk_menu_button_popdown (self->date_button);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_time_changed_cb (GtkEditable   *entry,
                    BcDateTimeRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* "9:30", "09:30" or "9" → hour and minute; FALSE for anything else. */
static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n = g_strv_length (parts);
  guint64 values[2] = { 0, 0 };

  if (n < 1 || n > 2)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const char *part = g_strstrip (parts[i]);

      /* Digits only: "9.5" or "-1" are not times. */
      if (part[0] == '\0' || strlen (part) > 2 ||
          !g_ascii_string_to_unsigned (part, 10, 0, i == 0 ? 23 : 59, &values[i], NULL))
        return FALSE;
    }
  *hour = (int) values[0];
  *minute = (int) values[1];
  return TRUE;
}

static void
bc_date_time_row_class_init (BcDateTimeRowClass *klass)
{
  /* ::changed: the date, the hour or the minute changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bc_date_time_row_init (BcDateTimeRow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) nine = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                     g_date_time_get_month (tomorrow),
                                                     g_date_time_get_day_of_month (tomorrow),
                                                     9, 0, 0);

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (on_day_selected_cb), self, 0);

  self->date_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_popover (self->date_button, popover);
  gtk_widget_set_valign (GTK_WIDGET (self->date_button), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->date_button), _("Choose the day"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Start Day"), -1);

  self->time_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->time_entry), 5);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->time_entry), 5);
  gtk_entry_set_max_length (self->time_entry, 5);
  gtk_entry_set_placeholder_text (self->time_entry, "09:30");
  gtk_widget_set_valign (GTK_WIDGET (self->time_entry), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->time_entry), "time");
  gtk_widget_add_css_class (GTK_WIDGET (self->time_entry), "numeric");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Start Time"), -1);
  g_signal_connect_object (self->time_entry, "changed", G_CALLBACK (on_time_changed_cb), self, 0);

  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->date_button));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->time_entry));

  /* Tomorrow morning: a start in the future, as a schedule needs. */
  bc_date_time_row_set_date_time (self, nine);
}

GtkWidget *
bc_date_time_row_new (void)
{
  return g_object_new (BC_TYPE_DATE_TIME_ROW, NULL);
}

GDateTime *
bc_date_time_row_get_date_time (BcDateTimeRow *self,
                                GTimeZone     *zone)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GTimeZone) local = NULL;
  int hour, minute;

  g_return_val_if_fail (BC_IS_DATE_TIME_ROW (self), NULL);

  if (!parse_time (gtk_editable_get_text (GTK_EDITABLE (self->time_entry)), &hour, &minute))
    return NULL;
  if (zone == NULL)
    zone = local = g_time_zone_new_local ();
  date = gtk_calendar_get_date (self->calendar);
  /* In a zone's spring-forward gap, GLib moves the time past the gap. */
  return g_date_time_new (zone,
                          g_date_time_get_year (date),
                          g_date_time_get_month (date),
                          g_date_time_get_day_of_month (date),
                          hour, minute, 0);
}

void
bc_date_time_row_set_date_time (BcDateTimeRow *self,
                                GDateTime     *date_time)
{
  g_autofree char *time = NULL;

  g_return_if_fail (BC_IS_DATE_TIME_ROW (self));
  g_return_if_fail (date_time != NULL);

  time = g_date_time_format (date_time, "%H:%M");
  gtk_calendar_select_day (self->calendar, date_time);
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), time);
  update_date_label (self);
}
