/* bc-call-detail.c: one recipient's call, in detail
 *
 * What the store knows of the recipient's last call: timestamps, how it
 * ended, the analysis, and the dynamic variables it was placed with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-call-detail"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bc-call-detail.h"
#include "bc-store.h"

struct _BcCallDetail
{
  AdwWindow       parent_instance;

  BcRecipient    *recipient;
  BcStore        *store;

  /* template widgets */
  AdwWindowTitle *window_title;
  AdwPreferencesGroup *review_group;
  AdwPreferencesGroup *call_group;
  AdwPreferencesGroup *analysis_group;
  AdwPreferencesGroup *variables_group;
};

G_DEFINE_FINAL_TYPE (BcCallDetail, bc_call_detail, ADW_TYPE_WINDOW)

/* A row whose value can be selected and copied (call ids, numbers). */
static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label;

  if (value == NULL || value[0] == '\0')
    value = "—";
  label = gtk_label_new (value);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (ms <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (ms / 1000);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : NULL;
}

static void
add_variables (BcCallDetail *self,
               const char   *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->variables_group), FALSE);
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  gtk_widget_set_visible (GTK_WIDGET (self->variables_group), members != NULL);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autofree char *text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                              ? g_strdup (json_node_get_string (node))
                              : json_to_string (node, FALSE);
      g_autofree char *title = g_strdup_printf ("{{%s}}", (const char *) l->data);

      add_row (self->variables_group, title, text);
    }
}

static void
fill (BcCallDetail *self)
{
  const BcRecipientData *data = bc_recipient_get_data (self->recipient);
  g_autofree char *attempts = g_strdup_printf ("%u", data->attempts);
  g_autofree char *started = format_time (data->started_at_ms);
  g_autofree char *ended = format_time (data->ended_at_ms);
  g_autofree char *duration = NULL;
  g_autofree char *line = g_strdup_printf ("%u", data->line);

  if (data->duration_ms > 0)
    duration = g_strdup_printf (_("%d min %02d s"),
                                (int) MIN (data->duration_ms / 60000, G_MAXINT),
                                (int) ((data->duration_ms / 1000) % 60));

  adw_window_title_set_subtitle (self->window_title, data->phone);
  add_row (self->call_group, _("Phone Number"), data->phone);
  add_row (self->call_group, _("Status"), bc_recipient_state_get_label (data->state));
  add_row (self->call_group, _("Attempts"), attempts);
  add_row (self->call_group, _("Call ID"), data->last_call_id);
  add_row (self->call_group, _("Started"), started);
  add_row (self->call_group, _("Ended"), ended);
  add_row (self->call_group, _("Duration"), duration);
  add_row (self->call_group, _("CSV Line"), line);

  add_row (self->analysis_group, _("Outcome"),
           data->outcome != BC_CALL_OUTCOME_NONE ? bc_call_outcome_get_label (data->outcome) : NULL);
  add_row (self->analysis_group, _("Successful"),
           data->outcome == BC_CALL_OUTCOME_NONE ? NULL : data->successful ? _("Yes") : _("No"));
  add_row (self->analysis_group, _("Disconnection Reason"), data->disconnection_reason);
  add_row (self->analysis_group, _("Sentiment"), data->sentiment);
  if (data->error_message != NULL)
    add_row (self->analysis_group, _("Error"), data->error_message);

  add_variables (self, data->variables);
}

/* A person decided about a recipient the scheduler could not settle. */
static void
resolve (BcCallDetail     *self,
         BcRecipientState  state)
{
  BcRecipientData data = *bc_recipient_get_data (self->recipient);  /* borrowed strings */
  g_autoptr(GError) error = NULL;

  data.state = state;
  if (!bc_store_update_recipient (self->store, &data, &error))
    {
      adw_preferences_group_set_description (self->review_group, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
mark_called_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  resolve (BC_CALL_DETAIL (widget), BC_RECIPIENT_STATE_DONE);
}

static void
call_again_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  resolve (BC_CALL_DETAIL (widget), BC_RECIPIENT_STATE_PENDING);
}

static void
bc_call_detail_dispose (GObject *object)
{
  BcCallDetail *self = BC_CALL_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_CALL_DETAIL);
  g_clear_object (&self->recipient);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bc_call_detail_parent_class)->dispose (object);
}

static void
bc_call_detail_class_init (BcCallDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_call_detail_dispose;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "detail.mark-called", NULL, mark_called_action);
  gtk_widget_class_install_action (widget_class, "detail.call-again", NULL, call_again_action);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-call-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, BcCallDetail, review_group);
  gtk_widget_class_bind_template_child (widget_class, BcCallDetail, window_title);
  gtk_widget_class_bind_template_child (widget_class, BcCallDetail, call_group);
  gtk_widget_class_bind_template_child (widget_class, BcCallDetail, analysis_group);
  gtk_widget_class_bind_template_child (widget_class, BcCallDetail, variables_group);
}

static void
bc_call_detail_init (BcCallDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
bc_call_detail_new (GtkWindow   *parent,
                    BcStore     *store,
                    BcRecipient *recipient)
{
  BcCallDetail *self;
  gboolean review;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BC_IS_STORE (store), NULL);
  g_return_val_if_fail (BC_IS_RECIPIENT (recipient), NULL);

  self = g_object_new (BC_TYPE_CALL_DETAIL, "transient-for", parent, NULL);
  self->recipient = g_object_ref (recipient);
  self->store = g_object_ref (store);
  review = bc_recipient_get_state (recipient) == BC_RECIPIENT_STATE_NEEDS_REVIEW;
  gtk_widget_set_visible (GTK_WIDGET (self->review_group), review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.mark-called", review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.call-again", review);
  fill (self);
  return GTK_WINDOW (self);
}

BcRecipient *
bc_call_detail_get_recipient (BcCallDetail *self)
{
  g_return_val_if_fail (BC_IS_CALL_DETAIL (self), NULL);
  return self->recipient;
}
