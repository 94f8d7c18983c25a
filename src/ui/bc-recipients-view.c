/* bc-recipients-view.c: a batch's recipients, one row each
 *
 * A GtkColumnView straight over the store's lazy BcRecipientList: the
 * view only binds the rows on screen, and the list reads them a page at a
 * time, so a million recipients scroll like a hundred. The search entry
 * and the state/outcome drop-down set a filter on that list; core finds
 * the matches in a worker thread, so typing never waits for a scan.
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
#include "bc-store.h"

struct _BcRecipientsView
{
  AdwBin           parent_instance;

  BcRecipientList *list;
  BcStore         *store;
  gulong           items_id;
  gulong           searching_id;

  GtkSearchEntry  *search_entry;
  GtkDropDown     *filter_menu;
  GtkLabel        *count_label;
  GtkStack        *stack;
  GtkColumnView   *view;
};

/* The drop-down's choices: a set of states or one outcome. */
typedef struct
{
  const char *label;     /* NULL: the state's or outcome's own label */
  guint       states;
  int         outcome;
} FilterChoice;

#define STATE(s) BC_RECIPIENT_FILTER_STATE (BC_RECIPIENT_STATE_##s)

static const FilterChoice filter_choices[] = {
  { N_("All Recipients"), 0, -1 },
  { NULL, STATE (PENDING), -1 },
  /* Dispatching is a moment before In Progress: one choice for both. */
  { NULL, STATE (DISPATCHING) | STATE (IN_PROGRESS), -1 },
  { NULL, STATE (DONE), -1 },
  { NULL, STATE (NEEDS_REVIEW), -1 },
  { NULL, STATE (FAILED), -1 },
  { NULL, STATE (CANCELLED), -1 },
  { NULL, 0, BC_CALL_OUTCOME_PICKED_UP },
  { NULL, 0, BC_CALL_OUTCOME_NO_ANSWER },
  { NULL, 0, BC_CALL_OUTCOME_BUSY },
  { NULL, 0, BC_CALL_OUTCOME_VOICEMAIL },
  { NULL, 0, BC_CALL_OUTCOME_NOT_CONNECTED },
  { NULL, 0, BC_CALL_OUTCOME_ERROR },
};

#undef STATE

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

static const char *
choice_label (const FilterChoice *choice)
{
  if (choice->label != NULL)
    return _(choice->label);
  if (choice->outcome >= 0)
    return bc_call_outcome_get_label (choice->outcome);
  /* The lowest state of the set names it (In Progress for both). */
  for (guint s = 0; s < 32; s++)
    if (choice->states & BC_RECIPIENT_FILTER_STATE (s))
      return bc_recipient_state_get_label (s == BC_RECIPIENT_STATE_DISPATCHING
                                           ? BC_RECIPIENT_STATE_IN_PROGRESS : s);
  g_return_val_if_reached ("");
}

/* Made the first time nothing matches: most pages never need it. */
static void
ensure_empty_page (BcRecipientsView *self)
{
  GtkWidget *empty;

  if (gtk_stack_get_child_by_name (self->stack, "empty") != NULL)
    return;

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Matching Recipients"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Try another number, variable value or status."));
  gtk_widget_add_css_class (empty, "compact");
  gtk_stack_add_named (self->stack, empty, "empty");
}

/* What the count says, and whether the list or "nothing matches" shows. */
static void
update_count (BcRecipientsView *self)
{
  g_autofree char *text = NULL;
  gboolean filtered, searching;
  guint n, total;

  if (self->list == NULL)
    {
      gtk_label_set_text (self->count_label, "");
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  filtered = !bc_recipient_filter_is_empty (bc_recipient_list_get_filter (self->list));
  searching = bc_recipient_list_get_searching (self->list);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  if (searching)
    text = g_strdup (_("Searching…"));
  else if (filtered)
    {
      total = bc_store_count_recipients (self->store, bc_recipient_list_get_batch_id (self->list));
      text = g_strdup_printf (ngettext ("%u match in %u recipients", "%u matches in %u recipients", n), n, total);
    }
  else
    text = g_strdup_printf (ngettext ("%u recipient", "%u recipients", n), n);
  gtk_label_set_text (self->count_label, text);

  /* While a search runs, the last result (rows or none) stays. */
  if (searching)
    return;
  if (filtered && n == 0)
    {
      ensure_empty_page (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
on_list_items_changed_cb (GListModel       *list,
                          guint             position,
                          guint             removed,
                          guint             added,
                          BcRecipientsView *self)
{
  if (removed != added)
    update_count (self);
}

static void
on_list_searching_cb (GObject          *list,
                      GParamSpec       *pspec,
                      BcRecipientsView *self)
{
  update_count (self);
}

static void
apply_filter (BcRecipientsView *self)
{
  g_autoptr(BcRecipientFilter) filter = NULL;
  guint selected = gtk_drop_down_get_selected (self->filter_menu);
  const FilterChoice *choice = &filter_choices[selected < G_N_ELEMENTS (filter_choices) ? selected : 0];
  g_autofree char *text = NULL;

  if (self->list == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  filter = bc_recipient_filter_new (choice->states, choice->outcome, text);
  bc_recipient_list_set_filter (self->list, filter);
  update_count (self);
}

static void
on_search_changed_cb (GtkSearchEntry   *entry,
                      BcRecipientsView *self)
{
  apply_filter (self);
}

static void
on_stop_search_cb (GtkSearchEntry   *entry,
                   BcRecipientsView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_filter_selected_cb (GtkDropDown      *menu,
                       GParamSpec       *pspec,
                       BcRecipientsView *self)
{
  apply_filter (self);
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
  if (self->list != NULL)
    {
      g_clear_signal_handler (&self->items_id, self->list);
      g_clear_signal_handler (&self->searching_id, self->list);
    }
  g_clear_object (&self->list);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bc_recipients_view_parent_class)->dispose (object);
}

static void
bc_recipients_view_class_init (BcRecipientsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bc_recipients_view_dispose;
}

static GtkWidget *
build_toolbar (BcRecipientsView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->search_entry), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->search_entry), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "recipient-search");
  g_object_set (self->search_entry,
                "placeholder-text", _("Search number or variable"),
                NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search Recipients"), -1);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, 0);
  g_signal_connect_object (self->search_entry, "stop-search",
                           G_CALLBACK (on_stop_search_cb), self, 0);

  for (guint i = 0; i < G_N_ELEMENTS (filter_choices); i++)
    gtk_string_list_append (labels, choice_label (&filter_choices[i]));
  self->filter_menu = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_menu), _("Show by status or outcome"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_menu),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Status or Outcome"), -1);
  g_signal_connect_object (self->filter_menu, "notify::selected",
                           G_CALLBACK (on_filter_selected_cb), self, 0);

  /* Under the search, not beside it: on a phone's width a third widget
   * in the row would widen the window. */
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->count_label, TRUE);
  gtk_label_set_xalign (self->count_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "numeric");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->filter_menu));
  return box;
}

static void
bc_recipients_view_init (BcRecipientsView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recipients"), -1);
  g_signal_connect_object (self->view, "activate", G_CALLBACK (on_view_activate_cb), self, 0);

  /* Short values are never shortened: in a narrow window the table
   * scrolls sideways and only the call id is cut. */
  bc_columns_keep_whole (bc_columns_add_text (self->view, "#", position_text, NULL, NULL, FALSE));
  bc_columns_keep_whole (bc_columns_add_text (self->view, _("Phone Number"), phone_text, NULL, NULL, FALSE));
  bc_columns_add_badge (self->view, _("Status"), state_text, state_css);
  bc_columns_keep_whole (bc_columns_add_text (self->view, _("Attempts"), attempts_text, NULL, NULL, FALSE));
  bc_columns_keep_whole (bc_columns_add_text (self->view, _("Outcome"), outcome_text, NULL, NULL, FALSE));
  bc_columns_keep_whole (bc_columns_add_text (self->view, _("Duration"), duration_text, NULL, NULL, FALSE));
  bc_columns_add_text (self->view, _("Call ID"), call_id_text, NULL, NULL, TRUE);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scrolled, TRUE);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_widget_add_css_class (GTK_WIDGET (self->stack), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self->stack), "recipient-pages");

  gtk_box_append (GTK_BOX (box), build_toolbar (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_bin_set_child (ADW_BIN (self), box);
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
  g_autoptr(GtkSingleSelection) selection = NULL;
  gboolean same;

  g_return_if_fail (BC_IS_RECIPIENTS_VIEW (self));

  same = self->list != NULL && store == self->store &&
         g_strcmp0 (batch_id, bc_recipient_list_get_batch_id (self->list)) == 0;

  gtk_column_view_set_model (self->view, NULL);
  if (self->list != NULL)
    {
      g_clear_signal_handler (&self->items_id, self->list);
      g_clear_signal_handler (&self->searching_id, self->list);
    }
  g_clear_object (&self->list);
  g_set_object (&self->store, store);

  /* Another batch starts unfiltered; the same one keeps its search. */
  if (!same)
    {
      g_signal_handlers_block_by_func (self->search_entry, on_search_changed_cb, self);
      g_signal_handlers_block_by_func (self->filter_menu, on_filter_selected_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->filter_menu, 0);
      g_signal_handlers_unblock_by_func (self->filter_menu, on_filter_selected_cb, self);
      g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed_cb, self);
    }

  if (store != NULL && batch_id != NULL)
    {
      self->list = bc_recipient_list_new (store, batch_id);
      self->items_id = g_signal_connect (self->list, "items-changed",
                                         G_CALLBACK (on_list_items_changed_cb), self);
      self->searching_id = g_signal_connect (self->list, "notify::searching",
                                             G_CALLBACK (on_list_searching_cb), self);
      /* set_model() takes its own reference: the selection was leaked,
       * and with it the list and a reference to the store. */
      selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
      gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
      apply_filter (self);
    }
  update_count (self);
}

void
bc_recipients_view_focus_search (BcRecipientsView *self)
{
  g_return_if_fail (BC_IS_RECIPIENTS_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
bc_recipients_view_set_search (BcRecipientsView *self,
                               const char       *text,
                               guint             choice)
{
  g_return_if_fail (BC_IS_RECIPIENTS_VIEW (self));
  g_return_if_fail (choice < G_N_ELEMENTS (filter_choices));

  g_signal_handlers_block_by_func (self->search_entry, on_search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed_cb, self);
  /* Applies both, at once rather than after the entry's typing delay. */
  if (gtk_drop_down_get_selected (self->filter_menu) != choice)
    gtk_drop_down_set_selected (self->filter_menu, choice);
  else
    apply_filter (self);
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
