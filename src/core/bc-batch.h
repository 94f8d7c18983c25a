/* bc-batch.h: one batch of outbound calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bc-types.h"

G_BEGIN_DECLS

#define BC_BATCH_ERROR (bc_batch_error_quark ())

typedef enum
{
  BC_BATCH_ERROR_ILLEGAL_TRANSITION,
  BC_BATCH_ERROR_NOT_EDITABLE,
  BC_BATCH_ERROR_INVALID,
} BcBatchError;

#define BC_TYPE_BATCH (bc_batch_get_type ())

G_DECLARE_FINAL_TYPE (BcBatch, bc_batch, BC, BATCH, GObject)

GQuark        bc_batch_error_quark             (void);

BcBatch      *bc_batch_new                     (const char    *name);

const char   *bc_batch_get_id                  (BcBatch       *self);
const char   *bc_batch_get_name                (BcBatch       *self);
void          bc_batch_set_name                (BcBatch       *self,
                                                const char    *name);
const char   *bc_batch_get_from_number         (BcBatch       *self);
void          bc_batch_set_from_number         (BcBatch       *self,
                                                const char    *from_number);
const char   *bc_batch_get_agent_id            (BcBatch       *self);
void          bc_batch_set_agent_id            (BcBatch       *self,
                                                const char    *agent_id);
BcBatchState  bc_batch_get_state               (BcBatch       *self);
gint64        bc_batch_get_created_at          (BcBatch       *self);
gint64        bc_batch_get_planned_at          (BcBatch       *self);
void          bc_batch_set_planned_at          (BcBatch       *self,
                                                gint64         planned_at);
const char   *bc_batch_get_windows             (BcBatch       *self);
void          bc_batch_set_windows             (BcBatch       *self,
                                                const char    *windows);
BcWeekdays    bc_batch_get_weekdays            (BcBatch       *self);
void          bc_batch_set_weekdays            (BcBatch       *self,
                                                BcWeekdays     weekdays);
const char   *bc_batch_get_timezone            (BcBatch       *self);
void          bc_batch_set_timezone            (BcBatch       *self,
                                                const char    *timezone_id);
gboolean      bc_batch_get_recipient_local_time (BcBatch      *self);
void          bc_batch_set_recipient_local_time (BcBatch      *self,
                                                 gboolean      recipient_local_time);
guint         bc_batch_get_concurrency         (BcBatch       *self);
void          bc_batch_set_concurrency         (BcBatch       *self,
                                                guint          concurrency);
const char   *bc_batch_get_retry_policy        (BcBatch       *self);
void          bc_batch_set_retry_policy        (BcBatch       *self,
                                                const char    *retry_policy);
const char   *bc_batch_get_pause_reason        (BcBatch       *self);
void          bc_batch_set_pause_reason        (BcBatch       *self,
                                                const char    *pause_reason);
gint64        bc_batch_get_counter             (BcBatch       *self,
                                                BcCounter      counter);
void          bc_batch_set_counters            (BcBatch       *self,
                                                const gint64  *counters);
gboolean      bc_batch_is_editable             (BcBatch       *self);

/* Moves the object to @state when the transition is legal, emitting
 * ::state-changed. Persisting is BcStore's job (bc_store_set_batch_state()),
 * which calls this after the commit. */
gboolean      bc_batch_transition              (BcBatch       *self,
                                                BcBatchState   state,
                                                GError       **error);

gboolean      bc_batch_state_can_transition    (BcBatchState   from,
                                                BcBatchState   to);
gboolean      bc_batch_state_check_transition  (BcBatchState   from,
                                                BcBatchState   to,
                                                GError       **error);
const char   *bc_batch_state_to_string         (BcBatchState   state);
gboolean      bc_batch_state_from_string       (const char    *str,
                                                BcBatchState  *state);
const char   *bc_batch_state_get_label         (BcBatchState   state);
const char   *bc_counter_to_string             (BcCounter      counter);

G_END_DECLS
