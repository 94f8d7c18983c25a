/* bc-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-window"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bc-batch-page.h"
#include "bc-batch-row.h"
#include "bc-create-dialog.h"
#include "bc-recipients-view.h"
#include "bc-store.h"
#include "bc-window-private.h"

G_DEFINE_FINAL_TYPE (BcWindow, bc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_batch_row_cb (gpointer item,
                     gpointer user_data)
{
  return bc_batch_row_new (BC_BATCH (item));
}

/* The empty state fills the window until there is a first batch; after
 * that a batch is always selected, so the content pane is never blank. */
static void
update_main_page (BcWindow *self)
{
  GListModel *batches = G_LIST_MODEL (self->visible_batches);
  guint n_items = g_list_model_get_n_items (batches);
  /* A search that matches nothing keeps the sidebar (and its search). */
  guint n_batches = g_list_model_get_n_items (bc_store_get_batches (self->store)) -
                    g_hash_table_size (self->deleting);

  gtk_stack_set_visible_child_name (self->main_stack, n_batches > 0 ? "batches" : "empty");

  if (n_items > 0 && gtk_list_box_get_selected_row (self->batch_list) == NULL)
    gtk_list_box_select_row (self->batch_list,
                             gtk_list_box_get_row_at_index (self->batch_list, 0));
}

static void
on_batches_items_changed_cb (GListModel *batches,
                             guint       position,
                             guint       removed,
                             guint       added,
                             BcWindow   *self)
{
  update_main_page (self);
}

static void
on_batch_list_row_selected_cb (GtkListBox    *list,
                               GtkListBoxRow *row,
                               BcWindow      *self)
{
  BcBatch *batch = row != NULL ? bc_batch_row_get_batch (BC_BATCH_ROW (row)) : NULL;

  bc_batch_page_set_batch (self->batch_page, batch);
}

static void
on_batch_list_row_activated_cb (GtkListBox    *list,
                                GtkListBoxRow *row,
                                BcWindow      *self)
{
  /* Folded, the sidebar and the page take turns: show the page. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_clicked_cb (GtkButton *button,
                    BcWindow  *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ---- the sidebar ---- */

/* Shown: not being deleted, and matching the search and the state. */
static gboolean
batch_visible_cb (gpointer item,
                  gpointer user_data)
{
  BcWindow *self = user_data;
  const char *search;
  guint state;

  if (g_hash_table_contains (self->deleting, item))
    return FALSE;

  /* 0 is "All States"; then the states in BcBatchState's order. */
  state = gtk_drop_down_get_selected (self->state_filter);
  if (state > 0 && state != GTK_INVALID_LIST_POSITION &&
      bc_batch_get_state (item) != (BcBatchState) (state - 1))
    return FALSE;

  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (search[0] != '\0')
    {
      g_autofree char *needle = g_utf8_casefold (search, -1);
      g_autofree char *name = g_utf8_casefold (bc_batch_get_name (item), -1);

      if (strstr (name, needle) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
on_search_changed_cb (GObject  *object,
                      gpointer  unused,
                      BcWindow *self)
{
  if (self->visible_batches != NULL)
    gtk_filter_changed (gtk_filter_list_model_get_filter (self->visible_batches),
                        GTK_FILTER_CHANGE_DIFFERENT);
}

/* ---- creating a batch ---- */

static void
on_batch_created_cb (BcCreateDialog *dialog,
                     BcBatch        *batch,
                     BcWindow       *self)
{
  GListModel *batches = G_LIST_MODEL (self->visible_batches);

  /* The new Draft is the one to look at next. */
  for (guint i = 0; i < g_list_model_get_n_items (batches); i++)
    {
      g_autoptr(BcBatch) item = g_list_model_get_item (batches, i);

      if (item == batch)
        gtk_list_box_select_row (self->batch_list,
                                 gtk_list_box_get_row_at_index (self->batch_list, (int) i));
    }
}

/* FALSE refuses the drop (the pointer shows it). */
static gboolean
on_window_drop_cb (GtkDropTarget *target,
                   const GValue  *value,
                   double         x,
                   double         y,
                   BcWindow      *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *reason = NULL;

  if (!bc_create_dialog_pick_dropped_file (value, &file, &reason))
    {
      AdwToast *toast = adw_toast_new (reason);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return FALSE;
    }
  bc_window_create_batch (self, file);
  return TRUE;
}

static void
create_batch_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  bc_window_create_batch (BC_WINDOW (user_data), NULL);
}

/* ---- the template ---- */

static void
on_template_copied_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(BcWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_copy_finish (G_FILE (source), result, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Template saved")));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new_format (_("Could not save the template: %s"),
                                                       error->message));
}

static void
on_template_response_cb (GtkNativeDialog *chooser,
                         int              response,
                         BcWindow        *self)
{
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) source = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (target == NULL)
    return;

  /* The template travels in the resources, so it is there uninstalled and
   * inside Flatpak. */
  source = g_file_new_for_uri ("resource://" RESOURCE_BASE "/batch-call-template.csv");
  g_file_copy_async (source, target, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     self->cancellable, NULL, NULL,
                     on_template_copied_cb, g_object_ref (self));
}

static void
download_template_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  BcWindow *self = user_data;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the CSV Template"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "batch-call-template.csv");
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_template_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Ctrl+F searches where the person is: the recipients of the batch page
 * when the focus is in it (or it fills a narrow window), else the
 * batches in the sidebar. */
static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  BcWindow *self = user_data;
  GtkWidget *page = GTK_WIDGET (self->batch_page);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *shown = adw_leaflet_get_visible_child (self->leaflet);
  gboolean on_page;

  on_page = bc_batch_page_get_batch (self->batch_page) != NULL &&
            gtk_widget_get_mapped (page) &&
            ((focus != NULL && gtk_widget_is_ancestor (focus, page)) ||
             (adw_leaflet_get_folded (self->leaflet) && shown != NULL &&
              (shown == page || gtk_widget_is_ancestor (page, shown))));
  if (on_page)
    {
      bc_recipients_view_focus_search (bc_batch_page_get_recipients_view (self->batch_page));
      return;
    }
  gtk_search_bar_set_search_mode (self->search_bar,
                                  !gtk_search_bar_get_search_mode (self->search_bar));
}

static const GActionEntry win_actions[] = {
  { "search", search_action },
  { "create-batch", create_batch_action },
  { "download-template", download_template_action },
};

/* ---- closing while batches run ---- */

static GPtrArray *
running_batches (BcWindow *self)
{
  GListModel *batches = bc_store_get_batches (self->store);
  GPtrArray *running = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (batches); i++)
    {
      g_autoptr(BcBatch) batch = g_list_model_get_item (batches, i);
      BcBatchState state = bc_batch_get_state (batch);

      if (state == BC_BATCH_STATE_ONGOING || state == BC_BATCH_STATE_PLANNED)
        g_ptr_array_add (running, g_steal_pointer (&batch));
    }
  return running;
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static gboolean
quit_idle_cb (gpointer user_data)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (user_data));

  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_close_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      BcWindow         *self)
{
  BcApplication *app = BC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  BcScheduler *scheduler = app != NULL ? bc_application_get_scheduler (app) : NULL;

  if (g_str_equal (response, "pause") && scheduler != NULL)
    {
      g_autoptr(GPtrArray) running = running_batches (self);

      for (guint i = 0; i < running->len; i++)
        {
          g_autoptr(GError) error = NULL;

          if (!bc_scheduler_pause_batch (scheduler, running->pdata[i],
                                         _("Paused when the window was closed"), &error))
            g_debug ("Cannot pause %s: %s", bc_batch_get_id (running->pdata[i]), error->message);
        }
    }
  else if (g_str_equal (response, "background") && app != NULL)
    bc_application_hold_for_batches (app);
  else
    {
      self->quit_requested = FALSE;
      return;
    }

  self->close_confirmed = TRUE;
  /* Not from inside the dialog's own signal: the dialog still refers to
   * its parent until the emission is over. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE,
                   self->quit_requested ? quit_idle_cb : close_idle_cb,
                   g_object_ref (self), g_object_unref);
}

/* Asks whether the running batches keep calling without a window, when
 * some do and the question was not answered yet; FALSE when there is
 * nothing to ask. */
static gboolean
ask_about_running (BcWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);
  BcApplication *app = BC_APPLICATION (gtk_window_get_application (window));
  g_autoptr(GPtrArray) running = NULL;
  GtkWidget *dialog;

  if (self->close_confirmed || app == NULL || bc_application_get_scheduler (app) == NULL)
    return FALSE;
  running = running_batches (self);
  if (running->len == 0)
    return FALSE;

  /* Closing the window would stop the calls mid-batch: ask. */
  dialog = adw_message_dialog_new (window, _("Keep Calling in the Background?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  ngettext ("%u batch is still calling. Batch Calls can keep placing its calls without a window, or pause it.",
                                            "%u batches are still calling. Batch Calls can keep placing their calls without a window, or pause them.",
                                            running->len),
                                  running->len);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Stay Open"),
                                    "pause", _("_Pause and Close"),
                                    "background", _("_Keep Calling"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "background",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "background");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static gboolean
bc_window_close_request (GtkWindow *window)
{
  if (ask_about_running (BC_WINDOW (window)))
    return TRUE;
  return GTK_WINDOW_CLASS (bc_window_parent_class)->close_request (window);
}

static void
bc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BcWindow *self = BC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BcWindow *self = BC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_window_constructed (GObject *object)
{
  BcWindow *self = BC_WINDOW (object);
  GListModel *batches;

  G_OBJECT_CLASS (bc_window_parent_class)->constructed (object);

  g_assert (BC_IS_STORE (self->store));

  batches = bc_store_get_batches (self->store);
  self->visible_batches =
    gtk_filter_list_model_new (g_object_ref (batches),
                               GTK_FILTER (gtk_custom_filter_new (batch_visible_cb, self, NULL)));
  gtk_list_box_bind_model (self->batch_list, G_LIST_MODEL (self->visible_batches),
                           create_batch_row_cb, NULL, NULL);
  g_signal_connect_object (self->visible_batches, "items-changed",
                           G_CALLBACK (on_batches_items_changed_cb), self, 0);
  bc_batch_page_set_store (self->batch_page, self->store);
  update_main_page (self);
}

static void
bc_window_dispose (GObject *object)
{
  BcWindow *self = BC_WINDOW (object);

  /* The store outlives the window: stop listening before the template
   * widgets go, and unbind so that tearing the rows down does not select
   * NULL into a page that is already gone. */
  if (self->visible_batches != NULL)
    g_signal_handlers_disconnect_by_func (self->visible_batches,
                                          on_batches_items_changed_cb, self);
  _bc_window_flush_deletes (self);
  if (self->batch_list != NULL)
    gtk_list_box_bind_model (self->batch_list, NULL, NULL, NULL, NULL);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->visible_batches);

  G_OBJECT_CLASS (bc_window_parent_class)->dispose (object);
}

static void
bc_window_finalize (GObject *object)
{
  BcWindow *self = BC_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->deleting, g_hash_table_unref);

  G_OBJECT_CLASS (bc_window_parent_class)->finalize (object);
}

static void
bc_window_class_init (BcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bc_window_get_property;
  object_class->set_property = bc_window_set_property;
  object_class->constructed = bc_window_constructed;
  object_class->dispose = bc_window_dispose;
  object_class->finalize = bc_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = bc_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BC_TYPE_BATCH_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, batch_list);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, state_filter);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, batch_page);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
}

static void
bc_window_init (BcWindow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->deleting = g_hash_table_new (NULL, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  /* A CSV dropped anywhere on the window starts a batch with it. */
  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_window_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

BcWindow *
bc_window_new (BcApplication *application,
               BcStore       *store)
{
  g_return_val_if_fail (BC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BC_IS_STORE (store), NULL);

  return g_object_new (BC_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

BcStore *
bc_window_get_store (BcWindow *self)
{
  g_return_val_if_fail (BC_IS_WINDOW (self), NULL);
  return self->store;
}

void
bc_window_add_toast (BcWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (BC_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
bc_window_select_batch (BcWindow   *self,
                        const char *batch_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (BC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->batch_list, i)) != NULL; i++)
    if (g_strcmp0 (bc_batch_get_id (bc_batch_row_get_batch (BC_BATCH_ROW (row))), batch_id) == 0)
      {
        gtk_list_box_select_row (self->batch_list, row);
        /* Folded, the page is what the person came for. */
        adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
        return TRUE;
      }
  return FALSE;
}

GtkWindow *
bc_window_create_batch (BcWindow *self,
                        GFile    *file)
{
  GtkApplication *app;
  BcCreateDialog *dialog;

  g_return_val_if_fail (BC_IS_WINDOW (self), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  app = gtk_window_get_application (GTK_WINDOW (self));
  dialog = bc_create_dialog_new (GTK_WINDOW (self), self->store,
                                 bc_application_get_api_client (BC_APPLICATION (app)));
  if (file != NULL)
    bc_create_dialog_set_file (dialog, file);
  g_signal_connect_object (dialog, "batch-created", G_CALLBACK (on_batch_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}

/* For app.quit: asks the close question about the running batches and
 * returns TRUE, or returns FALSE when there is nothing to ask (no batch
 * running, or the question was answered). After an answer other than
 * "Stay Open", the window activates app.quit again. */
gboolean
bc_window_ask_before_quit (BcWindow *self)
{
  g_return_val_if_fail (BC_IS_WINDOW (self), FALSE);

  if (!ask_about_running (self))
    return FALSE;
  self->quit_requested = TRUE;
  return TRUE;
}
