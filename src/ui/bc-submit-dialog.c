/* bc-submit-dialog.c: a Draft's time windows, then Start now or Schedule
 *
 * Every change rebuilds a BcSchedule with core's parser, so the summary
 * in words and the errors are exactly what the scheduler will apply.
 * Submitting saves the settings, moves the batch to Planned (a start
 * date in the future) or Ongoing, and hands it to the scheduler; from
 * then on the batch is read-only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-submit-dialog"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bc-batch.h"
#include "bc-schedule.h"
#include "bc-store.h"
#include "bc-date-time-row.h"
#include "bc-submit-dialog.h"
#include "bc-timezone.h"

struct _BcSubmitDialog
{
  AdwWindow       parent_instance;

  BcStore        *store;
  BcScheduler    *scheduler;
  BcBatch        *batch;
  BcSchedule     *schedule;  /* NULL while the settings are invalid */
  char           *summary;
  GtkToggleButton *days[7];

  /* template widgets */
  GtkLabel       *summary_label;
  GtkBox         *days_box;
  GtkListBox     *windows_list;
  GtkDropDown    *timezone_dropdown;
  GtkSwitch      *local_switch;
  GtkSpinButton  *concurrency_spin;
  AdwEntryRow    *retry_row;
  AdwActionRow   *platform_row;
  GtkSwitch      *platform_switch;
  BcDateTimeRow  *at_row;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (BcSubmitDialog, bc_submit_dialog, ADW_TYPE_WINDOW)

static void update (BcSubmitDialog *self);
static gboolean get_start (BcSubmitDialog *self,
                           gint64         *at);

static BcWeekdays
get_weekdays (BcSubmitDialog *self)
{
  BcWeekdays weekdays = BC_WEEKDAY_NONE;

  for (guint i = 0; i < 7; i++)
    if (gtk_toggle_button_get_active (self->days[i]))
      weekdays |= 1 << i;
  return weekdays;
}

/* "09:00-12:00,13:00-17:00" from the window rows. */
static char *
get_windows (BcSubmitDialog *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->windows_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *start = gtk_widget_get_first_child (box);
      GtkWidget *end = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (start));

      if (text->len > 0)
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%s-%s",
                              gtk_editable_get_text (GTK_EDITABLE (start)),
                              gtk_editable_get_text (GTK_EDITABLE (end)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
get_timezone (BcSubmitDialog *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->timezone_dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
on_changed_cb (GObject        *object,
               gpointer        unused,
               BcSubmitDialog *self)
{
  update (self);
}

static void
on_remove_window_clicked_cb (GtkButton      *button,
                             BcSubmitDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (self->windows_list, row);
  update (self);
}

static GtkWidget *
time_entry (BcSubmitDialog *self,
            const char     *text,
            const char     *name)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 6);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_changed_cb), self, 0);
  return entry;
}

static void
add_window (BcSubmitDialog     *self,
            const BcTimeWindow *window)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *start = g_strdup_printf ("%02u:%02u", window->start / 60, window->start % 60);
  g_autofree char *end = g_strdup_printf ("%02u:%02u", window->end / 60, window->end % 60);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), time_entry (self, start, _("Start")));
  gtk_box_append (GTK_BOX (box), gtk_label_new ("–"));
  gtk_box_append (GTK_BOX (box), time_entry (self, end, _("End")));
  gtk_widget_set_hexpand (remove, TRUE);
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Window"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Window"), -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_window_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_append (self->windows_list, box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (box)), FALSE);
}

static void
show_error (BcSubmitDialog *self,
            const char     *message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
}

static void
update (BcSubmitDialog *self)
{
  g_autofree char *windows = get_windows (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) retry_error = NULL;
  gboolean retry_ok, at_ok, at_readable;
  gint64 at;

  g_clear_pointer (&self->schedule, bc_schedule_unref);
  g_clear_pointer (&self->summary, g_free);

  self->schedule = bc_schedule_new_parse (windows, get_weekdays (self), get_timezone (self),
                                          gtk_switch_get_active (self->local_switch), &error);
  retry_ok = bc_scheduler_check_retry_policy (gtk_editable_get_text (GTK_EDITABLE (self->retry_row)),
                                              &retry_error);
  if (self->schedule != NULL)
    self->summary = bc_schedule_describe (self->schedule);
  else
    self->summary = g_strdup (error->message);

  gtk_label_set_label (self->summary_label, self->summary);
  if (retry_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->retry_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->retry_row), "error");
  show_error (self, retry_ok ? NULL : retry_error->message);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "submit.start-now",
                                 self->schedule != NULL && retry_ok && self->scheduler != NULL);
  /* Said as soon as the chosen start is malformed or in the past, not
   * on Schedule. */
  at_readable = get_start (self, &at);
  at_ok = at_readable && at > g_get_real_time ();
  if (at_ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->at_row), "error");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->at_row),
                                   self->schedule != NULL
                                   ? bc_schedule_get_timezone_id (self->schedule) : "");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->at_row), "error");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->at_row),
                                   at_readable
                                   ? _("This time has passed: choose a later one, or start now")
                                   : _("Enter the time as hours and minutes, such as 09:30"));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "submit.schedule",
                                 self->schedule != NULL && retry_ok && at_ok &&
                                 self->scheduler != NULL);
}

/* The chosen start, read in the batch's zone → µs since the epoch. */
static gboolean
get_start (BcSubmitDialog *self,
           gint64         *at)
{
  GTimeZone *zone = self->schedule != NULL ? bc_schedule_get_timezone (self->schedule) : NULL;
  g_autoptr(GDateTime) dt = bc_date_time_row_get_date_time (self->at_row, zone);

  if (dt == NULL)
    return FALSE;
  *at = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
  return TRUE;
}

static void
submit (BcSubmitDialog *self,
        gint64          planned_at)
{
  g_autofree char *windows = get_windows (self);
  g_autoptr(GError) error = NULL;
  const char *retry = gtk_editable_get_text (GTK_EDITABLE (self->retry_row));
  BcBatchState target;

  bc_batch_set_windows (self->batch, windows);
  bc_batch_set_weekdays (self->batch, get_weekdays (self));
  bc_batch_set_timezone (self->batch, get_timezone (self));
  bc_batch_set_recipient_local_time (self->batch, gtk_switch_get_active (self->local_switch));
  bc_batch_set_concurrency (self->batch, (guint) gtk_spin_button_get_value_as_int (self->concurrency_spin));
  bc_batch_set_retry_policy (self->batch, retry[0] != '\0' ? retry : NULL);
  bc_batch_set_planned_at (self->batch, planned_at);
  target = planned_at > g_get_real_time () ? BC_BATCH_STATE_PLANNED : BC_BATCH_STATE_ONGOING;

  /* On the platform, the hand-off makes the batch Ongoing itself: the
   * planned start travels as the platform's trigger time. */
  if (gtk_switch_get_active (self->platform_switch)
      ? !bc_store_update_batch (self->store, self->batch, &error) ||
        !bc_scheduler_hand_off_batch (self->scheduler, self->batch, &error)
      : !bc_store_update_batch (self->store, self->batch, &error) ||
        !bc_store_set_batch_state (self->store, self->batch, target, &error) ||
        !bc_scheduler_add_batch (self->scheduler, self->batch, &error))
    {
      show_error (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_start_changed_cb (BcSubmitDialog *self)
{
  update (self);
}

static void
start_now_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  submit (BC_SUBMIT_DIALOG (widget), 0);
}

static void
schedule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BcSubmitDialog *self = BC_SUBMIT_DIALOG (widget);
  gint64 at;

  /* The dialog may have stayed open past the chosen time. */
  if (!get_start (self, &at) || at <= g_get_real_time ())
    {
      show_error (self, _("That time has passed: choose a later one, or start now."));
      gtk_widget_add_css_class (GTK_WIDGET (self->at_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->at_row), "error");
  submit (self, at);
}

static void
add_window_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BcSubmitDialog *self = BC_SUBMIT_DIALOG (widget);
  const BcTimeWindow window = { 13 * 60, 17 * 60 };

  add_window (self, &window);
  update (self);
}

static void
load_batch (BcSubmitDialog *self)
{
  const char * const *zones = bc_timezones_list ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (zones);
  g_autoptr(GArray) windows = bc_time_windows_parse (bc_batch_get_windows (self->batch), NULL);
  g_autofree char *system = bc_timezone_get_system_id ();
  const char *retry = bc_batch_get_retry_policy (self->batch);

  gtk_drop_down_set_expression (self->timezone_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_drop_down_set_model (self->timezone_dropdown, G_LIST_MODEL (model));
  bc_submit_dialog_set_timezone (self, bc_batch_get_timezone (self->batch) != NULL
                                       ? bc_batch_get_timezone (self->batch) : system);

  for (guint i = 0; windows != NULL && i < windows->len; i++)
    add_window (self, &g_array_index (windows, BcTimeWindow, i));
  bc_submit_dialog_set_weekdays (self, bc_batch_get_weekdays (self->batch));
  gtk_switch_set_active (self->local_switch, bc_batch_get_recipient_local_time (self->batch));
  gtk_spin_button_set_value (self->concurrency_spin, bc_batch_get_concurrency (self->batch));
  gtk_editable_set_text (GTK_EDITABLE (self->retry_row), retry != NULL ? retry : "");

  g_signal_connect_object (self->timezone_dropdown, "notify::selected", G_CALLBACK (on_changed_cb), self, 0);
  g_signal_connect_object (self->local_switch, "notify::active", G_CALLBACK (on_changed_cb), self, 0);
  g_signal_connect_object (self->retry_row, "changed", G_CALLBACK (on_changed_cb), self, 0);
  update (self);
}

static void
bc_submit_dialog_dispose (GObject *object)
{
  BcSubmitDialog *self = BC_SUBMIT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_SUBMIT_DIALOG);

  G_OBJECT_CLASS (bc_submit_dialog_parent_class)->dispose (object);
}

static void
bc_submit_dialog_finalize (GObject *object)
{
  BcSubmitDialog *self = BC_SUBMIT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->batch);
  g_clear_pointer (&self->schedule, bc_schedule_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (bc_submit_dialog_parent_class)->finalize (object);
}

static void
bc_submit_dialog_class_init (BcSubmitDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_submit_dialog_dispose;
  object_class->finalize = bc_submit_dialog_finalize;

  gtk_widget_class_install_action (widget_class, "submit.start-now", NULL, start_now_action);
  gtk_widget_class_install_action (widget_class, "submit.schedule", NULL, schedule_action);
  gtk_widget_class_install_action (widget_class, "submit.add-window", NULL, add_window_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (BC_TYPE_DATE_TIME_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-submit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, days_box);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, windows_list);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, timezone_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, local_switch);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, retry_row);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, platform_row);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, platform_switch);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, at_row);
  gtk_widget_class_bind_template_child (widget_class, BcSubmitDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_start_changed_cb);
}

static void
bc_submit_dialog_init (BcSubmitDialog *self)
{
  /* Monday first, as BcWeekdays counts. */
  const char *names[7] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun") };

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < 7; i++)
    {
      self->days[i] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (_(names[i])));
      g_signal_connect_object (self->days[i], "toggled", G_CALLBACK (on_changed_cb), self, 0);
      gtk_box_append (self->days_box, GTK_WIDGET (self->days[i]));
    }
}

BcSubmitDialog *
bc_submit_dialog_new (GtkWindow   *parent,
                      BcStore     *store,
                      BcScheduler *scheduler,
                      BcBatch     *batch)
{
  BcSubmitDialog *self;

  g_return_val_if_fail (BC_IS_STORE (store), NULL);
  g_return_val_if_fail (scheduler == NULL || BC_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (BC_IS_BATCH (batch), NULL);

  self = g_object_new (BC_TYPE_SUBMIT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->scheduler = scheduler != NULL ? g_object_ref (scheduler) : NULL;
  self->batch = g_object_ref (batch);
  load_batch (self);
  /* Only the Retell-compatible endpoints take a whole batch. */
  gtk_widget_set_visible (GTK_WIDGET (self->platform_row),
                          scheduler != NULL && bc_scheduler_can_hand_off (scheduler));
  if (scheduler == NULL)
    show_error (self, _("No account is set up: batches can be scheduled once the app has an account (or runs with --sandbox)."));
  return self;
}

const char *
bc_submit_dialog_get_summary (BcSubmitDialog *self)
{
  g_return_val_if_fail (BC_IS_SUBMIT_DIALOG (self), NULL);
  return self->summary;
}

void
bc_submit_dialog_set_windows (BcSubmitDialog *self,
                              const char     *windows)
{
  g_autoptr(GArray) parsed = NULL;
  GtkWidget *row;

  g_return_if_fail (BC_IS_SUBMIT_DIALOG (self));

  parsed = bc_time_windows_parse (windows, NULL);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->windows_list))) != NULL)
    gtk_list_box_remove (self->windows_list, row);
  for (guint i = 0; parsed != NULL && i < parsed->len; i++)
    add_window (self, &g_array_index (parsed, BcTimeWindow, i));
  update (self);
}

void
bc_submit_dialog_set_weekdays (BcSubmitDialog *self,
                               BcWeekdays      weekdays)
{
  g_return_if_fail (BC_IS_SUBMIT_DIALOG (self));

  for (guint i = 0; i < 7; i++)
    gtk_toggle_button_set_active (self->days[i], (weekdays & (1 << i)) != 0);
}

void
bc_submit_dialog_set_timezone (BcSubmitDialog *self,
                               const char     *timezone)
{
  GListModel *model;

  g_return_if_fail (BC_IS_SUBMIT_DIALOG (self));

  model = gtk_drop_down_get_model (self->timezone_dropdown);
  for (guint i = 0; timezone != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), timezone) == 0)
      {
        gtk_drop_down_set_selected (self->timezone_dropdown, i);
        return;
      }
}
