/* bc-batch-charts.h: the funnel, outcome and timeline charts of one batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_BATCH_CHARTS (bc_batch_charts_get_type ())

G_DECLARE_FINAL_TYPE (BcBatchCharts, bc_batch_charts, BC, BATCH_CHARTS, GtkWidget)

/* @store may be NULL, then set later. */
GtkWidget *bc_batch_charts_new          (BcStore       *store);
BcStore   *bc_batch_charts_get_store    (BcBatchCharts *self);
void       bc_batch_charts_set_store    (BcBatchCharts *self,
                                         BcStore       *store);
BcBatch   *bc_batch_charts_get_batch    (BcBatchCharts *self);
/* Follows @batch live (NULL: none): counters at once, the timeline at
 * most once a second while calls start and end. */
void       bc_batch_charts_set_batch    (BcBatchCharts *self,
                                         BcBatch       *batch);
/* Re-reads the time series now (the tests, and a page being shown). */
void       bc_batch_charts_refresh_timeline (BcBatchCharts *self);

GtkWidget *bc_batch_charts_get_funnel   (BcBatchCharts *self);
GtkWidget *bc_batch_charts_get_outcomes (BcBatchCharts *self);
GtkWidget *bc_batch_charts_get_timeline (BcBatchCharts *self);

G_END_DECLS
