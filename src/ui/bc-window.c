/* bc-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-batch-page.h"
#include "bc-batch-row.h"
#include "bc-store.h"
#include "bc-window.h"

struct _BcWindow
{
  AdwApplicationWindow  parent_instance;

  BcStore              *store;
  GSettings            *settings;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkListBox           *batch_list;
  BcBatchPage          *batch_page;
};

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
  GListModel *batches = bc_store_get_batches (self->store);
  guint n_items = g_list_model_get_n_items (batches);

  gtk_stack_set_visible_child_name (self->main_stack, n_items > 0 ? "batches" : "empty");

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
  gtk_list_box_bind_model (self->batch_list, batches,
                           create_batch_row_cb, NULL, NULL);
  g_signal_connect_object (batches, "items-changed",
                           G_CALLBACK (on_batches_items_changed_cb), self, 0);
  update_main_page (self);
}

static void
bc_window_dispose (GObject *object)
{
  BcWindow *self = BC_WINDOW (object);

  /* The store outlives the window: stop listening before the template
   * widgets go, and unbind so that tearing the rows down does not select
   * NULL into a page that is already gone. */
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (bc_store_get_batches (self->store),
                                          on_batches_items_changed_cb, self);
  if (self->batch_list != NULL)
    gtk_list_box_bind_model (self->batch_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bc_window_parent_class)->dispose (object);
}

static void
bc_window_finalize (GObject *object)
{
  BcWindow *self = BC_WINDOW (object);

  g_clear_object (&self->store);

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
  gtk_widget_class_bind_template_child (widget_class, BcWindow, batch_page);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
}

static void
bc_window_init (BcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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
