/* bc-store-handoff.h: the durable record of a batch handed off to the
 * platform (retell's create-batch-call)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-store.h"

G_BEGIN_DECLS

/**
 * BcHandoffState:
 * @BC_HANDOFF_NONE: the batch runs on this desktop (no record)
 * @BC_HANDOFF_PREPARING: asked for; the request has surely not been sent
 * @BC_HANDOFF_SUBMITTING: the request may have reached the platform, and
 *   its answer was not recorded: it must never be sent again
 * @BC_HANDOFF_SUBMITTED: the platform has it, under batch_call_id
 */
typedef enum
{
  BC_HANDOFF_NONE,
  BC_HANDOFF_PREPARING,
  BC_HANDOFF_SUBMITTING,
  BC_HANDOFF_SUBMITTED,
} BcHandoffState;

/* The record of @batch_id: its state (NONE when there is none), the
 * platform's batch id (NULL until known) and when it was asked for (µs). */
gboolean     bc_store_get_handoff          (BcStore         *self,
                                            const char      *batch_id,
                                            BcHandoffState  *state,
                                            char           **batch_call_id,
                                            gint64          *since_us,
                                            GError         **error);
/* Writes (commits) the record; NONE deletes it. */
gboolean     bc_store_set_handoff          (BcStore         *self,
                                            const char      *batch_id,
                                            BcHandoffState   state,
                                            const char      *batch_call_id,
                                            gint64           since_us,
                                            GError         **error);

/* Whether @batch_id has a record: the platform places (or may place) its
 * calls, whatever this app does. TRUE too when the record cannot be read
 * (a warning is logged): the safe answer for hiding Pause and Cancel. */
gboolean     bc_store_is_handed_off        (BcStore         *self,
                                            const char      *batch_id);
/* Whether a person may pause or cancel @batch here: FALSE, with a message
 * saying why, when it runs on the platform (the contract has no way to
 * stop a server-side batch, so pausing it here would only pretend), or
 * with the store's error when the record cannot be read. */
gboolean     bc_store_check_stoppable      (BcStore         *self,
                                            BcBatch         *batch,
                                            GError         **error);

G_END_DECLS
