/* bc-batch-row.c: one batch in the sidebar
 *
 * The labels are bound to the batch's properties by expressions in
 * bc-batch-row.ui, so the row follows the batch live without code here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-batch-row"

#include "config.h"

#include "bc-batch.h"
#include "bc-batch-row.h"
#include "bc-format.h"

struct _BcBatchRow
{
  GtkListBoxRow  parent_instance;

  BcBatch       *batch;
};

G_DEFINE_FINAL_TYPE (BcBatchRow, bc_batch_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_BATCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bc_batch_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BcBatchRow *self = BC_BATCH_ROW (object);

  switch (prop_id)
    {
    case PROP_BATCH:
      g_value_set_object (value, self->batch);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_batch_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BcBatchRow *self = BC_BATCH_ROW (object);

  switch (prop_id)
    {
    case PROP_BATCH:
      self->batch = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_batch_row_dispose (GObject *object)
{
  BcBatchRow *self = BC_BATCH_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_BATCH_ROW);
  g_clear_object (&self->batch);

  G_OBJECT_CLASS (bc_batch_row_parent_class)->dispose (object);
}

static void
bc_batch_row_class_init (BcBatchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bc_batch_row_get_property;
  object_class->set_property = bc_batch_row_set_property;
  object_class->dispose = bc_batch_row_dispose;

  properties[PROP_BATCH] =
    g_param_spec_object ("batch", NULL, NULL, BC_TYPE_BATCH,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-batch-row.ui");
  bc_format_bind_template_callbacks (widget_class);
}

static void
bc_batch_row_init (BcBatchRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bc_batch_row_new (BcBatch *batch)
{
  g_return_val_if_fail (BC_IS_BATCH (batch), NULL);

  return g_object_new (BC_TYPE_BATCH_ROW, "batch", batch, NULL);
}

BcBatch *
bc_batch_row_get_batch (BcBatchRow *self)
{
  g_return_val_if_fail (BC_IS_BATCH_ROW (self), NULL);
  return self->batch;
}
