/* bc-recipients-view.c: a batch's recipients, one row each
 *
 * A GtkColumnView straight over the store's lazy BcRecipientList: the
 * view only binds the rows on screen, and the list reads them a page at a
 * time, so a million recipients scroll like a hundred.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-recipients-view"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-call-detail.h"
#include "bc-columns.h"
#include "bc-recipient-list.h"
#include "bc-recipient.h"
#include "bc-recipients-view.h"

struct _BcRecipientsView
{
  AdwBin           parent_instance;

  BcRecipientList *list;

  GtkColumnView   *view;
};

G_DEFINE_FINAL_TYPE (BcRecipientsView, bc_recipients_view, ADW_TYPE_BIN)

static char *
position_text (GObject  *item,
               gpointer  user_data)
{
  return g_strdup_printf ("%u", bc_recipient_get_position (BC_RECIPIENT (item)) + 1);
}

static char *
phone_text (GObject  *item,
            gpointer  user_data)
{
  return g_strdup (bc_recipient_get_phone (BC_RECIPIENT (item)));
}

static char *
state_text (GObject  *item,
            gpointer  user_data)
{
  return g_strdup (bc_recipient_state_get_label (bc_recipient_get_state (BC_RECIPIENT (item))));
}

static const char *
state_css (GObject *item)
{
  return bc_recipients_view_state_css_class (bc_recipient_get_state (BC_RECIPIENT (item)));
}

static char *
attempts_text (GObject  *item,
               gpointer  user_data)
{
  return g_strdup_printf ("%u", bc_recipient_get_attempts (BC_RECIPIENT (item)));
}

static char *
outcome_text (GObject  *item,
              gpointer  user_data)
{
  BcCallOutcome outcome = bc_recipient_get_outcome (BC_RECIPIENT (item));

  return outcome == BC_CALL_OUTCOME_NONE ? NULL : g_strdup (bc_call_outcome_get_label (outcome));
}

static char *
duration_text (GObject  *item,
               gpointer  user_data)
{
  gint64 ms = bc_recipient_get_data (BC_RECIPIENT (item))->duration_ms;

  if (ms <= 0)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                          ms / 60000, (ms / 1000) % 60);
}

static char *
call_id_text (GObject  *item,
              gpointer  user_data)
{
  return g_strdup (bc_recipient_get_last_call_id (BC_RECIPIENT (item)));
}

static void
on_view_activate_cb (GtkColumnView    *view,
                     guint             position,
                     BcRecipientsView *self)
{
  bc_recipients_view_open_detail (self, position);
}

static void
bc_recipients_view_dispose (GObject *object)
{
  BcRecipientsView *self = BC_RECIPIENTS_VIEW (object);

  if (self->view != NULL)
    gtk_column_view_set_model (self->view, NULL);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (bc_recipients_view_parent_class)->dispose (object);
}

static void
bc_recipients_view_class_init (BcRecipientsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bc_recipients_view_dispose;
}

static void
bc_recipients_view_init (BcRecipientsView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recipients"), -1);
  g_signal_connect_object (self->view, "activate", G_CALLBACK (on_view_activate_cb), self, 0);

  bc_columns_add_text (self->view, "#", position_text, NULL, NULL, FALSE);
  bc_columns_add_text (self->view, _("Phone Number"), phone_text, NULL, NULL, FALSE);
  bc_columns_add_badge (self->view, _("Status"), state_text, state_css);
  bc_columns_add_text (self->view, _("Attempts"), attempts_text, NULL, NULL, FALSE);
  bc_columns_add_text (self->view, _("Outcome"), outcome_text, NULL, NULL, FALSE);
  bc_columns_add_text (self->view, _("Duration"), duration_text, NULL, NULL, FALSE);
  bc_columns_add_text (self->view, _("Call ID"), call_id_text, NULL, NULL, TRUE);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_add_css_class (scrolled, "card");
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
bc_recipients_view_new (void)
{
  return g_object_new (BC_TYPE_RECIPIENTS_VIEW, NULL);
}

void
bc_recipients_view_set_batch (BcRecipientsView *self,
                              BcStore          *store,
                              const char       *batch_id)
{
  g_return_if_fail (BC_IS_RECIPIENTS_VIEW (self));

  gtk_column_view_set_model (self->view, NULL);
  g_clear_object (&self->list);
  if (store == NULL || batch_id == NULL)
    return;

  self->list = bc_recipient_list_new (store, batch_id);
  gtk_column_view_set_model (self->view,
                             GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)))));
}

BcRecipientList *
bc_recipients_view_get_list (BcRecipientsView *self)
{
  g_return_val_if_fail (BC_IS_RECIPIENTS_VIEW (self), NULL);
  return self->list;
}

GtkWindow *
bc_recipients_view_open_detail (BcRecipientsView *self,
                                guint             position)
{
  g_autoptr(BcRecipient) recipient = NULL;
  GtkWindow *detail;
  GtkRoot *root;

  g_return_val_if_fail (BC_IS_RECIPIENTS_VIEW (self), NULL);

  if (self->list == NULL)
    return NULL;
  recipient = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (recipient == NULL)
    return NULL;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  detail = bc_call_detail_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                               bc_recipient_list_get_store (self->list), recipient);
  gtk_window_present (detail);
  return detail;
}

const char *
bc_recipients_view_state_css_class (BcRecipientState state)
{
  /* The batch badges' colours, by what the state means to the operator. */
  switch (state)
    {
    case BC_RECIPIENT_STATE_PENDING:
      return "badge-draft";
    case BC_RECIPIENT_STATE_DISPATCHING:
    case BC_RECIPIENT_STATE_IN_PROGRESS:
      return "badge-ongoing";
    case BC_RECIPIENT_STATE_DONE:
      return "badge-sent";
    case BC_RECIPIENT_STATE_NEEDS_REVIEW:
      return "badge-paused";
    case BC_RECIPIENT_STATE_FAILED:
    case BC_RECIPIENT_STATE_CANCELLED:
      return "badge-cancelled";
    default:
      g_return_val_if_reached ("badge-draft");
    }
}
