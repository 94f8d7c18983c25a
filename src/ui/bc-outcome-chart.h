/* bc-outcome-chart.h: where the recipients of a batch stand, as one
 * stacked bar with a legend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-chart.h"
#include "bc-types.h"

G_BEGIN_DECLS

typedef enum
{
  BC_OUTCOME_PICKED_UP,
  BC_OUTCOME_NO_ANSWER,
  BC_OUTCOME_BUSY,
  BC_OUTCOME_VOICEMAIL,
  BC_OUTCOME_FAILED,
  BC_OUTCOME_IN_PROGRESS,
  BC_OUTCOME_PENDING,
  /* Shown only when not zero. */
  BC_OUTCOME_NEEDS_REVIEW,
  BC_OUTCOME_CANCELLED,
  BC_OUTCOME_N_KINDS,
} BcOutcomeKind;

#define BC_TYPE_OUTCOME_CHART (bc_outcome_chart_get_type ())

G_DECLARE_FINAL_TYPE (BcOutcomeChart, bc_outcome_chart, BC, OUTCOME_CHART, BcChart)

GtkWidget  *bc_outcome_chart_new             (void);
/* @counters: a batch's BC_N_COUNTERS counters. Redraws only when a
 * shown value changed. */
void        bc_outcome_chart_set_counters    (BcOutcomeChart   *self,
                                              const gint64     *counters);
gint64      bc_outcome_chart_get_count       (BcOutcomeChart   *self,
                                              BcOutcomeKind     kind);
/* The theme colour name of @kind ("success_bg_color", …). */
const char *bc_outcome_kind_get_color_name   (BcOutcomeKind     kind);
/* Where @kind's segment of the bar is drawn (widget coordinates); empty
 * when its count is 0. */
void        bc_outcome_chart_get_segment     (BcOutcomeChart   *self,
                                              BcOutcomeKind     kind,
                                              graphene_rect_t  *segment);

G_END_DECLS
