/* bc-funnel-chart.h: Total → Sent → Picked Up → Successful as bars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-chart.h"

G_BEGIN_DECLS

typedef enum
{
  BC_FUNNEL_TOTAL,
  BC_FUNNEL_SENT,
  BC_FUNNEL_PICKED_UP,
  BC_FUNNEL_SUCCESSFUL,
  BC_FUNNEL_N_STAGES,
} BcFunnelStage;

#define BC_TYPE_FUNNEL_CHART (bc_funnel_chart_get_type ())

G_DECLARE_FINAL_TYPE (BcFunnelChart, bc_funnel_chart, BC, FUNNEL_CHART, BcChart)

GtkWidget  *bc_funnel_chart_new             (void);
/* @counts: BC_FUNNEL_N_STAGES values. Redraws only when one changed. */
void        bc_funnel_chart_set_counts      (BcFunnelChart       *self,
                                             const gint64        *counts);
gint64      bc_funnel_chart_get_count       (BcFunnelChart       *self,
                                             BcFunnelStage        stage);
/* Where @stage's bar is drawn (widget coordinates, as last allocated);
 * its width is the stage's share of Total. */
void        bc_funnel_chart_get_bar         (BcFunnelChart       *self,
                                             BcFunnelStage        stage,
                                             graphene_rect_t     *bar);

G_END_DECLS
