/* test-ui-recipients.c: searching and filtering a batch's recipients on
 * its page, under Xvfb
 *   dbus-run-session -- xvfb-run -a meson test -C _build --suite ui
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bc-batch-page.h"
#include "bc-recipient-list.h"
#include "bc-recipient.h"
#include "bc-recipients-view.h"
#include "bc-store.h"
#include "bc-window.h"
#include "ui-test-util.h"

#define N_ROWS 5000

static const char * const names[] = { "Ada", "Grace", "Linus", "Barbara", "Ken" };

/* N_ROWS recipients, a fifth of each name; every 10th done (picked up on
 * multiples of 20), every 250th needing review. */
static BcBatch *
add_recipients (BcStore *store)
{
  g_autoptr(BcBatch) batch = bc_batch_new ("Clinic Reminders");
  g_autoptr(BcRecipientWriter) writer = NULL;
  g_autoptr(GError) error = NULL;

  bc_batch_set_from_number (batch, "+14155550100");
  bc_store_insert_batch (store, batch, FALSE, &error);
  g_assert_no_error (error);
  writer = bc_store_begin_recipients (store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+1415555%04u", i);
      g_autofree char *variables = g_strdup_printf ("{\"first_name\":\"%s\"}", names[i % 5]);
      BcRecipientData row = { .line = i + 2, .phone = phone, .override_agent_version = -1,
                              .variables = variables };

      bc_recipient_writer_add (writer, &row, &error);
      g_assert_no_error (error);
    }
  bc_recipient_writer_finish (writer, &error);
  g_assert_no_error (error);
  bc_store_publish_batch (store, batch, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_ROWS; i += 10)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
      BcRecipient *r;
      BcRecipientData d = { 0 };

      bc_store_read_recipients (store, bc_batch_get_id (batch), i, 1, rows, &error);
      g_assert_no_error (error);
      r = rows->pdata[0];
      d.id = bc_recipient_get_id (r);
      d.attempts = 1;
      d.state = i % 250 == 0 ? BC_RECIPIENT_STATE_NEEDS_REVIEW : BC_RECIPIENT_STATE_DONE;
      d.outcome = i % 250 == 0 ? BC_CALL_OUTCOME_NONE
                : i % 20 == 0 ? BC_CALL_OUTCOME_PICKED_UP : BC_CALL_OUTCOME_NO_ANSWER;
      d.successful = d.outcome == BC_CALL_OUTCOME_PICKED_UP;
      d.duration_ms = d.successful ? 83000 : 0;
      bc_store_update_recipient (store, &d, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&batch);
}

static void
wait_for_search (BcRecipientsView *view)
{
  BcRecipientList *list = bc_recipients_view_get_list (view);

  while (bc_recipient_list_get_searching (list))
    g_main_context_iteration (NULL, TRUE);
}

static guint
n_shown (BcRecipientsView *view)
{
  return g_list_model_get_n_items (G_LIST_MODEL (bc_recipients_view_get_list (view)));
}

static const char *
phone_at (BcRecipientsView *view,
          guint             index)
{
  g_autoptr(BcRecipient) r = g_list_model_get_item (G_LIST_MODEL (bc_recipients_view_get_list (view)),
                                                    index);

  g_assert_nonnull (r);
  /* The store's row outlives this reference: the list's page holds it. */
  return bc_recipient_get_phone (r);
}

static gboolean
empty_state_shown (BcRecipientsView *view)
{
  GtkStack *stack = GTK_STACK (find_widget (GTK_WIDGET (view), GTK_TYPE_STACK, "recipient-pages"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "empty") == 0;
}

/* Scrolls the batch page down to its recipients, for the screenshots. */
static void
show_recipients (GtkWindow        *window,
                 BcRecipientsView *view)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (view), BC_TYPE_BATCH_PAGE);
  GtkWidget *scrolled = adw_bin_get_child (ADW_BIN (page));
  GtkAdjustment *adjustment;

  wait_for_frames (window);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  wait_for_frames (window);
}

static void
check_recipients (BcApplication *app,
                  GtkWindow     *window,
                  gpointer       user_data)
{
  BcStore *store = bc_application_get_store (app);
  g_autoptr(BcBatch) batch = add_recipients (store);
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  BcRecipientsView *view = bc_batch_page_get_recipients_view (BC_BATCH_PAGE (page));
  GtkWidget *entry = find_widget (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY, "recipient-search");
  GtkWidget *menu = find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, NULL);
  GtkWidget *column_view = find_widget (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW, NULL);
  GtkWidget *focus;

  bc_window_select_batch (BC_WINDOW (window), bc_batch_get_id (batch));
  g_assert_true (bc_batch_page_get_batch (BC_BATCH_PAGE (page)) == batch);
  g_assert_nonnull (entry);
  g_assert_nonnull (menu);
  g_assert_cmpuint (n_shown (view), ==, N_ROWS);
  g_assert_true (has_label (GTK_WIDGET (view), "5000 recipients"));

  /* Ctrl+F from the recipients searches them, not the batches. */
  check_accels (app, "win.search", "<Control>f");
  gtk_widget_grab_focus (column_view);
  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (find_widget (GTK_WIDGET (window),
                                                                                 GTK_TYPE_SEARCH_BAR,
                                                                                 NULL))));

  /* Typed into the entry: a variable's value, after the entry's delay. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "grace");
  while (n_shown (view) != N_ROWS / 5 || bc_recipient_list_get_searching (bc_recipients_view_get_list (view)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (phone_at (view, 0), ==, "+14155550001");
  g_assert_true (has_label (GTK_WIDGET (view), "1000 matches in 5000 recipients"));

  /* The drop-down on top of the search: Grace's done calls. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (menu), 3);
  wait_for_search (view);
  g_assert_cmpuint (n_shown (view), ==, 0);  /* 10k + 1 is never done */
  g_assert_true (empty_state_shown (view));
  g_assert_true (has_label (GTK_WIDGET (view), "No Matching Recipients"));

  /* A number, however it is typed, with an outcome. */
  bc_recipients_view_set_search (view, "415 555 00", 7);
  wait_for_search (view);
  g_assert_cmpuint (n_shown (view), ==, 4);  /* 20, 40, 60, 80; 0 needs review */
  g_assert_cmpstr (phone_at (view, 3), ==, "+14155550080");
  g_assert_false (empty_state_shown (view));
  show_recipients (window, view);
  save_screenshot (window, "ui-recipients-filtered.png");

  /* Needs review: 20 of them. */
  bc_recipients_view_set_search (view, NULL, 4);
  wait_for_search (view);
  g_assert_cmpuint (n_shown (view), ==, N_ROWS / 250);
  g_assert_true (has_label (GTK_WIDGET (view), "20 matches in 5000 recipients"));

  /* Nothing matches: the empty state, until Escape clears the search. */
  bc_recipients_view_set_search (view, "Nobody", 0);
  wait_for_search (view);
  g_assert_true (empty_state_shown (view));
  show_recipients (window, view);
  save_screenshot (window, "ui-recipients-empty.png");
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  while (n_shown (view) != N_ROWS)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (empty_state_shown (view));
  g_assert_true (has_label (GTK_WIDGET (view), "5000 recipients"));

  /* Another batch starts unfiltered. */
  bc_recipients_view_set_search (view, "Ken", 0);
  wait_for_search (view);
  {
    g_autoptr(BcBatch) other = bc_batch_new ("Other");
    g_autoptr(GError) error = NULL;

    bc_store_insert_batch (store, other, FALSE, &error);
    g_assert_no_error (error);
    g_assert_true (bc_window_select_batch (BC_WINDOW (window), bc_batch_get_id (other)));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
    g_assert_true (bc_recipient_filter_is_empty (bc_recipient_list_get_filter (bc_recipients_view_get_list (view))));
  }

  quit (app);
}

static void
test_ui_recipients_filter (void)
{
  run_app_in_temp_dir (NULL, check_recipients);
}

/* A phone's width: the page alone, and Ctrl+F searches its recipients
 * even before anything in it has the focus. */
/* The cells below @widget that show a shortened text ("Do…"), counted
 * among those that have a layout (are on screen). */
static guint
count_ellipsized (GtkWidget *widget,
                  guint     *n_labels)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      *gtk_label_get_label (GTK_LABEL (widget)) != '\0')
    {
      (*n_labels)++;
      if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_ellipsized (child, n_labels);
  return n;
}

static void
check_narrow (BcApplication *app,
              GtkWindow     *window,
              gpointer       user_data)
{
  BcStore *store = bc_application_get_store (app);
  g_autoptr(BcBatch) batch = add_recipients (store);
  AdwLeaflet *leaflet = ADW_LEAFLET (find_widget (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL));
  GtkWidget *page = find_widget (GTK_WIDGET (window), BC_TYPE_BATCH_PAGE, NULL);
  BcRecipientsView *view = bc_batch_page_get_recipients_view (BC_BATCH_PAGE (page));
  GtkWidget *entry = find_widget (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY, "recipient-search");
  GtkWidget *focus;

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 360);
  g_assert_true (bc_window_select_batch (BC_WINDOW (window), bc_batch_get_id (batch)));
  wait_for_frames (window);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_is_ancestor (page, adw_leaflet_get_visible_child (leaflet)));
  {
    gboolean narrow;

    g_object_get (page, "narrow", &narrow, NULL);
    g_assert_true (narrow);
  }
  {
    int minimum;

    /* Nothing on the page asks for more than a phone's width. */
    gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_test_message ("batch page minimum width: %d px", minimum);
    g_assert_cmpint (minimum, <=, 360);
  }
  save_screenshot (window, "ui-batch-narrow.png");

  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  bc_recipients_view_set_search (view, "Ada", 3);  /* every 10th is an Ada */
  wait_for_search (view);
  g_assert_cmpuint (n_shown (view), ==, N_ROWS / 10 - N_ROWS / 250);
  show_recipients (window, view);
  save_screenshot (window, "ui-recipients-narrow.png");

  /* At 360 px the table scrolls sideways rather than cutting the
   * numbers, states and outcomes short (the call ids may be cut). */
  {
    GtkWidget *table = find_widget (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW, NULL);
    guint n_labels = 0;

    g_assert_cmpuint (count_ellipsized (table, &n_labels), ==, 0);
    g_assert_cmpuint (n_labels, >, 20);
  }

  quit (app);
}

static void
test_ui_recipients_narrow (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* GSETTINGS_BACKEND=memory: the window reads what this process wrote. */
  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 640);
  run_app_in_temp_dir (NULL, check_narrow);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

int
main (int   argc,
      char *argv[])
{
  char *home = ui_test_init (&argc, &argv);

  g_test_add_func ("/BatchCalls/UI/recipients/filter", test_ui_recipients_filter);
  g_test_add_func ("/BatchCalls/UI/recipients/narrow", test_ui_recipients_narrow);

  return ui_test_run (home);
}
