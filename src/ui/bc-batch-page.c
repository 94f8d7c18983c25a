/* bc-batch-page.c: the selected batch, in the content pane
 *
 * Like BcBatchRow, every label is bound in bc-batch-page.ui to a property
 * of the batch, so the page follows it live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-batch-page"

#include "config.h"

#include "bc-batch.h"
#include "bc-batch-page.h"
#include "bc-format.h"

struct _BcBatchPage
{
  AdwBin   parent_instance;

  BcBatch *batch;
};

G_DEFINE_FINAL_TYPE (BcBatchPage, bc_batch_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BATCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bc_batch_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BcBatchPage *self = BC_BATCH_PAGE (object);

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
bc_batch_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BcBatchPage *self = BC_BATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_BATCH:
      bc_batch_page_set_batch (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_batch_page_dispose (GObject *object)
{
  BcBatchPage *self = BC_BATCH_PAGE (object);

  /* The template's bindings watch self->batch: drop them first. */
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_BATCH_PAGE);
  g_clear_object (&self->batch);

  G_OBJECT_CLASS (bc_batch_page_parent_class)->dispose (object);
}

static void
bc_batch_page_class_init (BcBatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bc_batch_page_get_property;
  object_class->set_property = bc_batch_page_set_property;
  object_class->dispose = bc_batch_page_dispose;

  properties[PROP_BATCH] =
    g_param_spec_object ("batch", NULL, NULL, BC_TYPE_BATCH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-batch-page.ui");
  bc_format_bind_template_callbacks (widget_class);
}

static void
bc_batch_page_init (BcBatchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bc_batch_page_new (void)
{
  return g_object_new (BC_TYPE_BATCH_PAGE, NULL);
}

BcBatch *
bc_batch_page_get_batch (BcBatchPage *self)
{
  g_return_val_if_fail (BC_IS_BATCH_PAGE (self), NULL);
  return self->batch;
}

void
bc_batch_page_set_batch (BcBatchPage *self,
                         BcBatch     *batch)
{
  g_return_if_fail (BC_IS_BATCH_PAGE (self));
  g_return_if_fail (batch == NULL || BC_IS_BATCH (batch));

  if (g_set_object (&self->batch, batch))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH]);
}
