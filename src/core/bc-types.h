/* bc-types.h: forward declarations and the enums shared across core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BcBatch         BcBatch;
typedef struct _BcRecipient     BcRecipient;
typedef struct _BcRecipientList BcRecipientList;
typedef struct _BcStore         BcStore;

/**
 * BcBatchState:
 *
 * The life of a batch: Draft → Planned → Ongoing → Sent, plus Paused and
 * Cancelled. The numeric values are stored in the database: never renumber.
 */
typedef enum
{
  BC_BATCH_STATE_DRAFT     = 0,
  BC_BATCH_STATE_PLANNED   = 1,
  BC_BATCH_STATE_ONGOING   = 2,
  BC_BATCH_STATE_PAUSED    = 3,
  BC_BATCH_STATE_CANCELLED = 4,
  BC_BATCH_STATE_SENT      = 5,
} BcBatchState;

/**
 * BcRecipientState:
 * @BC_RECIPIENT_STATE_PENDING: waiting for a slot (or for a retry to be due)
 * @BC_RECIPIENT_STATE_DISPATCHING: committed *before* the HTTP request is
 *   sent; a recipient found in this state after a crash must be reconciled,
 *   never re-dialled blind
 * @BC_RECIPIENT_STATE_IN_PROGRESS: the API accepted the call; it is followed
 * @BC_RECIPIENT_STATE_DONE: the call ended and its outcome is known
 * @BC_RECIPIENT_STATE_FAILED: the call could not be placed (or ended in error)
 * @BC_RECIPIENT_STATE_NEEDS_REVIEW: the fate of an attempt is undecidable;
 *   only the user can release it
 * @BC_RECIPIENT_STATE_CANCELLED: the batch was cancelled before it was called
 *
 * Stored in the database: never renumber.
 */
typedef enum
{
  BC_RECIPIENT_STATE_PENDING      = 0,
  BC_RECIPIENT_STATE_DISPATCHING  = 1,
  BC_RECIPIENT_STATE_IN_PROGRESS  = 2,
  BC_RECIPIENT_STATE_DONE         = 3,
  BC_RECIPIENT_STATE_FAILED       = 4,
  BC_RECIPIENT_STATE_NEEDS_REVIEW = 5,
  BC_RECIPIENT_STATE_CANCELLED    = 6,
} BcRecipientState;

/**
 * BcCallOutcome:
 *
 * What happened on the line, independent of whether the call was
 * "successful" (that is a separate flag from the call analysis).
 * Stored in the database: never renumber.
 */
typedef enum
{
  BC_CALL_OUTCOME_NONE          = 0,
  BC_CALL_OUTCOME_PICKED_UP     = 1,
  BC_CALL_OUTCOME_NO_ANSWER     = 2,
  BC_CALL_OUTCOME_BUSY          = 3,
  BC_CALL_OUTCOME_VOICEMAIL     = 4,
  BC_CALL_OUTCOME_NOT_CONNECTED = 5,
  BC_CALL_OUTCOME_ERROR         = 6,
} BcCallOutcome;

/**
 * BcWeekdays:
 *
 * The days of the week a batch may call on, as a bit set. Monday first,
 * as in ISO 8601 and g_date_time_get_day_of_week() (1 = Monday).
 */
typedef enum /*< flags >*/
{
  BC_WEEKDAY_NONE      = 0,
  BC_WEEKDAY_MONDAY    = 1 << 0,
  BC_WEEKDAY_TUESDAY   = 1 << 1,
  BC_WEEKDAY_WEDNESDAY = 1 << 2,
  BC_WEEKDAY_THURSDAY  = 1 << 3,
  BC_WEEKDAY_FRIDAY    = 1 << 4,
  BC_WEEKDAY_SATURDAY  = 1 << 5,
  BC_WEEKDAY_SUNDAY    = 1 << 6,
} BcWeekdays;

#define BC_WEEKDAYS_ALL  ((BcWeekdays) 0x7f)
#define BC_WEEKDAYS_WORK ((BcWeekdays) 0x1f)

/**
 * BcCounter:
 *
 * The per-batch metrics, kept as counters committed together with the
 * recipient state changes that move them (see bc_recipient_counter_deltas()).
 */
typedef enum
{
  BC_COUNTER_TOTAL = 0,
  BC_COUNTER_SENT,
  BC_COUNTER_PICKED_UP,
  BC_COUNTER_SUCCESSFUL,
  BC_COUNTER_NO_ANSWER,
  BC_COUNTER_BUSY,
  BC_COUNTER_VOICEMAIL,
  BC_COUNTER_FAILED,
  BC_COUNTER_IN_PROGRESS,
  BC_COUNTER_PENDING,
  BC_COUNTER_NEEDS_REVIEW,
  BC_COUNTER_CANCELLED,
  BC_N_COUNTERS /*< skip >*/
} BcCounter;

G_END_DECLS
