/* bc-timeline-chart.h: calls started and ended over a batch's life, with
 * its calling windows shaded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-chart.h"
#include "bc-schedule.h"

G_BEGIN_DECLS

#define BC_TYPE_TIMELINE_CHART (bc_timeline_chart_get_type ())

G_DECLARE_FINAL_TYPE (BcTimelineChart, bc_timeline_chart, BC, TIMELINE_CHART, BcChart)

GtkWidget  *bc_timeline_chart_new              (void);
/* The span shown, in µs since the epoch: minutes up to 4 hours, hours up
 * to 10 days, days beyond. */
void        bc_timeline_chart_set_range        (BcTimelineChart  *self,
                                                gint64            from_us,
                                                gint64            to_us);
/* @events: @n_events triples (minute, started, ended) as
 * bc_store_read_events() gives them; minutes outside the range are not
 * shown. */
void        bc_timeline_chart_set_events       (BcTimelineChart  *self,
                                                const gint64     *events,
                                                guint             n_events);
/* The calling windows to shade (and the time zone of the labels); NULL:
 * none shaded, local time. */
void        bc_timeline_chart_set_schedule     (BcTimelineChart  *self,
                                                BcSchedule       *schedule);

guint       bc_timeline_chart_get_bucket_minutes (BcTimelineChart *self);
guint       bc_timeline_chart_get_n_buckets    (BcTimelineChart  *self);
/* Bucket @index: its counts and where its bars are drawn (widget
 * coordinates; started above the axis, ended below; empty when 0). */
void        bc_timeline_chart_get_bucket       (BcTimelineChart  *self,
                                                guint             index,
                                                gint64           *started,
                                                gint64           *ended,
                                                graphene_rect_t  *started_bar,
                                                graphene_rect_t  *ended_bar);
/* The shaded spans (open windows), widget coordinates. */
guint       bc_timeline_chart_get_n_windows    (BcTimelineChart  *self);
void        bc_timeline_chart_get_window       (BcTimelineChart  *self,
                                                guint             index,
                                                graphene_rect_t  *rect);

G_END_DECLS
