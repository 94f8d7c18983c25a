/* bc-batch-charts.c: the funnel, outcome and timeline charts of one batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-batch-charts"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-batch-charts.h"
#include "bc-batch.h"
#include "bc-funnel-chart.h"
#include "bc-outcome-chart.h"
#include "bc-schedule.h"
#include "bc-store.h"
#include "bc-timeline-chart.h"

#define MINUTE_US ((gint64) 60 * G_USEC_PER_SEC)

struct _BcBatchCharts
{
  GtkWidget        parent_instance;

  BcStore         *store;
  BcBatch         *batch;
  gint64           seen_sent;      /* counters that move with the events */
  gint64           seen_in_progress;
  guint            timeline_source;
  guint            clock_source;   /* while Ongoing: "now" moves on */

  GtkWidget       *box;
  BcFunnelChart   *funnel;
  BcOutcomeChart  *outcomes;
  BcTimelineChart *timeline;
};

G_DEFINE_FINAL_TYPE (BcBatchCharts, bc_batch_charts, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BATCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_counters (BcBatchCharts *self)
{
  gint64 counters[BC_N_COUNTERS];
  gint64 funnel[BC_FUNNEL_N_STAGES];

  for (guint i = 0; i < BC_N_COUNTERS; i++)
    counters[i] = self->batch != NULL ? bc_batch_get_counter (self->batch, i) : 0;
  funnel[BC_FUNNEL_TOTAL] = counters[BC_COUNTER_TOTAL];
  funnel[BC_FUNNEL_SENT] = counters[BC_COUNTER_SENT];
  funnel[BC_FUNNEL_PICKED_UP] = counters[BC_COUNTER_PICKED_UP];
  funnel[BC_FUNNEL_SUCCESSFUL] = counters[BC_COUNTER_SUCCESSFUL];

  bc_funnel_chart_set_counts (self->funnel, funnel);
  bc_outcome_chart_set_counters (self->outcomes, counters);
}

static gboolean
on_timeline_due_cb (gpointer user_data)
{
  BcBatchCharts *self = user_data;

  self->timeline_source = 0;
  bc_batch_charts_refresh_timeline (self);
  return G_SOURCE_REMOVE;
}

/* Calls start and end in bursts: one read of the events a second at most,
 * however many counters moved. */
static void
queue_timeline (BcBatchCharts *self)
{
  if (self->timeline_source == 0)
    self->timeline_source = g_timeout_add_seconds (1, on_timeline_due_cb, self);
}

static void
on_batch_notify_cb (BcBatch       *batch,
                    GParamSpec    *pspec,
                    BcBatchCharts *self)
{
  gint64 sent = bc_batch_get_counter (batch, BC_COUNTER_SENT);
  gint64 in_progress = bc_batch_get_counter (batch, BC_COUNTER_IN_PROGRESS);

  update_counters (self);
  if (sent != self->seen_sent || in_progress != self->seen_in_progress)
    {
      self->seen_sent = sent;
      self->seen_in_progress = in_progress;
      queue_timeline (self);
    }
}

static gboolean
on_clock_tick_cb (gpointer user_data)
{
  bc_batch_charts_refresh_timeline (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_clock (BcBatchCharts *self)
{
  gboolean ongoing = self->batch != NULL &&
                     bc_batch_get_state (self->batch) == BC_BATCH_STATE_ONGOING;

  if (ongoing && self->clock_source == 0)
    self->clock_source = g_timeout_add_seconds (60, on_clock_tick_cb, self);
  else if (!ongoing)
    g_clear_handle_id (&self->clock_source, g_source_remove);
}

static void
on_batch_state_changed_cb (BcBatch       *batch,
                           BcBatchState   state,
                           BcBatchState   old_state,
                           BcBatchCharts *self)
{
  update_clock (self);
  bc_batch_charts_refresh_timeline (self);
}

static void
on_batch_schedule_notify_cb (BcBatch       *batch,
                             GParamSpec    *pspec,
                             BcBatchCharts *self)
{
  g_autoptr(BcSchedule) schedule = bc_schedule_new_for_batch (batch, NULL);

  bc_timeline_chart_set_schedule (self->timeline, schedule);
}

static void
bc_batch_charts_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BcBatchCharts *self = BC_BATCH_CHARTS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BATCH:
      g_value_set_object (value, self->batch);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_batch_charts_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BcBatchCharts *self = BC_BATCH_CHARTS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      bc_batch_charts_set_store (self, g_value_get_object (value));
      break;
    case PROP_BATCH:
      bc_batch_charts_set_batch (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_batch_charts_dispose (GObject *object)
{
  BcBatchCharts *self = BC_BATCH_CHARTS (object);

  bc_batch_charts_set_batch (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_BATCH_CHARTS);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bc_batch_charts_parent_class)->dispose (object);
}

static void
bc_batch_charts_class_init (BcBatchChartsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bc_batch_charts_get_property;
  object_class->set_property = bc_batch_charts_set_property;
  object_class->dispose = bc_batch_charts_dispose;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATCH] =
    g_param_spec_object ("batch", NULL, NULL, BC_TYPE_BATCH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BC_TYPE_FUNNEL_CHART);
  g_type_ensure (BC_TYPE_OUTCOME_CHART);
  g_type_ensure (BC_TYPE_TIMELINE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-batch-charts.ui");
  gtk_widget_class_bind_template_child (widget_class, BcBatchCharts, box);
  gtk_widget_class_bind_template_child (widget_class, BcBatchCharts, funnel);
  gtk_widget_class_bind_template_child (widget_class, BcBatchCharts, outcomes);
  gtk_widget_class_bind_template_child (widget_class, BcBatchCharts, timeline);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "batchcharts");
}

static void
bc_batch_charts_init (BcBatchCharts *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bc_batch_charts_new (BcStore *store)
{
  g_return_val_if_fail (store == NULL || BC_IS_STORE (store), NULL);

  return g_object_new (BC_TYPE_BATCH_CHARTS, "store", store, NULL);
}

/* Settable after construction: a page built from a template learns its
 * store later. */
void
bc_batch_charts_set_store (BcBatchCharts *self,
                           BcStore       *store)
{
  g_return_if_fail (BC_IS_BATCH_CHARTS (self));
  g_return_if_fail (store == NULL || BC_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  bc_batch_charts_refresh_timeline (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

BcStore *
bc_batch_charts_get_store (BcBatchCharts *self)
{
  g_return_val_if_fail (BC_IS_BATCH_CHARTS (self), NULL);

  return self->store;
}

BcBatch *
bc_batch_charts_get_batch (BcBatchCharts *self)
{
  g_return_val_if_fail (BC_IS_BATCH_CHARTS (self), NULL);

  return self->batch;
}

void
bc_batch_charts_set_batch (BcBatchCharts *self,
                           BcBatch       *batch)
{
  g_return_if_fail (BC_IS_BATCH_CHARTS (self));
  g_return_if_fail (batch == NULL || BC_IS_BATCH (batch));

  if (self->batch == batch)
    return;

  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_data (self->batch, self);
  g_clear_handle_id (&self->timeline_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_set_object (&self->batch, batch);

  if (batch != NULL)
    {
      static const char * const schedule_props[] = {
        "notify::windows", "notify::weekdays", "notify::timezone", "notify::recipient-local-time",
      };

      g_signal_connect (batch, "notify", G_CALLBACK (on_batch_notify_cb), self);
      g_signal_connect (batch, "state-changed", G_CALLBACK (on_batch_state_changed_cb), self);
      for (guint i = 0; i < G_N_ELEMENTS (schedule_props); i++)
        g_signal_connect (batch, schedule_props[i], G_CALLBACK (on_batch_schedule_notify_cb), self);
      self->seen_sent = bc_batch_get_counter (batch, BC_COUNTER_SENT);
      self->seen_in_progress = bc_batch_get_counter (batch, BC_COUNTER_IN_PROGRESS);
      on_batch_schedule_notify_cb (batch, NULL, self);
    }
  else
    bc_timeline_chart_set_schedule (self->timeline, NULL);

  update_counters (self);
  update_clock (self);
  bc_batch_charts_refresh_timeline (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH]);
}

void
bc_batch_charts_refresh_timeline (BcBatchCharts *self)
{
  g_autoptr(GArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 from, to;
  guint n;

  g_return_if_fail (BC_IS_BATCH_CHARTS (self));

  if (self->batch == NULL || self->store == NULL)
    {
      bc_timeline_chart_set_events (self->timeline, NULL, 0);
      return;
    }

  events = bc_store_read_events (self->store, bc_batch_get_id (self->batch), 0, &error);
  if (events == NULL)
    {
      g_debug ("No timeline for %s: %s", bc_batch_get_id (self->batch), error->message);
      return;
    }
  n = events->len / 3;

  /* From the first call (or now, before any) to the last one, or to now
   * while calls may still start; an hour at least, so a short batch is
   * not a few fat bars. */
  from = n > 0 ? g_array_index (events, gint64, 0) * MINUTE_US : now;
  to = n > 0 ? (g_array_index (events, gint64, 3 * (n - 1)) + 1) * MINUTE_US : now;
  if (bc_batch_get_state (self->batch) == BC_BATCH_STATE_ONGOING)
    to = MAX (to, now);
  to = MAX (to, from + 60 * MINUTE_US);

  bc_timeline_chart_set_range (self->timeline, from, to);
  bc_timeline_chart_set_events (self->timeline, (const gint64 *) events->data, n);
}

GtkWidget *
bc_batch_charts_get_funnel (BcBatchCharts *self)
{
  g_return_val_if_fail (BC_IS_BATCH_CHARTS (self), NULL);
  return GTK_WIDGET (self->funnel);
}

GtkWidget *
bc_batch_charts_get_outcomes (BcBatchCharts *self)
{
  g_return_val_if_fail (BC_IS_BATCH_CHARTS (self), NULL);
  return GTK_WIDGET (self->outcomes);
}

GtkWidget *
bc_batch_charts_get_timeline (BcBatchCharts *self)
{
  g_return_val_if_fail (BC_IS_BATCH_CHARTS (self), NULL);
  return GTK_WIDGET (self->timeline);
}
