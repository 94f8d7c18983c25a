/* bc-batch-page-private.h: shared by the batch page's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-batch-charts.h"
#include "bc-batch-page.h"
#include "bc-recipients-view.h"

G_BEGIN_DECLS

struct _BcBatchPage
{
  AdwBin            parent_instance;

  BcBatch          *batch;
  BcStore          *store;
  /* Run by the platform (a hand-off record): no pause, no cancel. Read
   * when the batch or its state changes, as the record changes only
   * with the state. */
  gboolean          handed_off;

  /* The count and percentage labels of the metric cards. */
  GtkLabel         *total_label;
  GtkLabel         *sent_label;
  GtkLabel         *sent_percent;
  GtkLabel         *picked_up_label;
  GtkLabel         *picked_up_percent;
  GtkLabel         *successful_label;
  GtkLabel         *successful_percent;

  /* template widgets */
  GtkWidget        *submit_button;
  GtkWidget        *edit_button;
  GtkWidget        *pause_button;
  GtkWidget        *resume_button;
  GtkWidget        *cancel_button;
  GtkWidget        *delete_button;
  GtkWidget        *export_button;
  GtkLabel         *status_label;
  GtkLabel         *review_label;
  GtkFlowBox       *cards_box;
  GtkBox           *actions_box;
  gboolean          narrow;
  GtkLabel         *others_label;
  BcRecipientsView *recipients_view;
  BcBatchCharts    *charts;
};

/* bc-batch-page-actions.c */
void _bc_batch_page_class_init_actions (GtkWidgetClass *widget_class);
/* Shows the buttons and enables the actions the batch's state allows. */
void _bc_batch_page_update_actions     (BcBatchPage    *self);

G_END_DECLS
