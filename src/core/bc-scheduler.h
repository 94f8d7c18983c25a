/* bc-scheduler.h: places the calls of running batches, on the main loop
 *
 * - One timer (through BcClock) for the earliest due moment of any batch:
 *   a planned start, a window or zone opening, a retry, a backoff end, a
 *   status poll, a reconciliation. No batch to drive: no timer at all.
 * - Slots: at most the batch's concurrency in flight, and never more than
 *   the account's (GET concurrency); a 429 shrinks the limit to the calls
 *   held and backs off (Retry-After, exponential with jitter); each
 *   accepted call grows it back by one.
 * - Exactly once: a recipient is committed DISPATCHING with its attempt
 *   number (and a row in the calls table) before the request; only a
 *   definite answer moves it on. Unknown fates (timeouts, resets, a
 *   crash) are reconciled by listing calls since the attempt and matching
 *   metadata.bc: found → adopted, absent after a grace period → pending
 *   again, listing impossible → NEEDS_REVIEW.
 * - Following: paged "list calls" from the oldest live call, about once
 *   per one and a half expected call ends, when three or more are
 *   followed; "get call" otherwise and for calls the listings miss.
 * - One process per batch: a runner lock (bc-runner-lock.h, flock()).
 * - Retries (bc_scheduler_check_retry_policy()) wait for their delay and
 *   for the window; recipient-local time claims only rows whose zone (the
 *   CSV's timezone column) is open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bc-api-client.h"
#include "bc-clock.h"
#include "bc-store.h"
#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_SCHEDULER (bc_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (BcScheduler, bc_scheduler, BC, SCHEDULER, GObject)

/* @clock: NULL for the client's clock. */
BcScheduler *bc_scheduler_new                (BcStore      *store,
                                              BcApiClient  *client,
                                              BcClock      *clock);

/* The name written into the runner locks ("batch-calls", "batch-calls-cli"). */
void         bc_scheduler_set_holder_name    (BcScheduler  *self,
                                              const char   *name);

/* Starts driving @batch: takes its runner lock (G_IO_ERROR_BUSY, naming
 * the holder, when another process runs it), reconciles the attempts a
 * previous run left unanswered, follows its calls in flight and, while it
 * is Ongoing and its window open, dispatches. A Planned batch becomes
 * Ongoing at its time, at once if that time has passed. */
gboolean     bc_scheduler_add_batch          (BcScheduler  *self,
                                              BcBatch      *batch,
                                              GError      **error);
/* Stops driving @batch and releases its lock; its requests in flight are
 * abandoned (their recipients stay DISPATCHING or IN_PROGRESS, for the
 * next run to reconcile and follow). */
void         bc_scheduler_remove_batch       (BcScheduler  *self,
                                              BcBatch      *batch);
/* Removes every batch and cancels every request. */
void         bc_scheduler_stop               (BcScheduler  *self);

/* Convenience over bc_store_set_batch_state() (which works as well: the
 * scheduler follows the batch's ::state-changed). Pausing stops
 * dispatching at once; calls in flight are still followed. Pausing and
 * cancelling refuse (G_IO_ERROR_NOT_SUPPORTED) a batch handed off to the
 * platform: see bc_store_check_stoppable(). Resuming one only resumes
 * following it. */
gboolean     bc_scheduler_pause_batch        (BcScheduler  *self,
                                              BcBatch      *batch,
                                              const char   *reason,
                                              GError      **error);
gboolean     bc_scheduler_resume_batch       (BcScheduler  *self,
                                              BcBatch      *batch,
                                              GError      **error);
gboolean     bc_scheduler_cancel_batch       (BcScheduler  *self,
                                              BcBatch      *batch,
                                              GError      **error);

/* "Run on the platform" (retell profile only; bc-scheduler-handoff.c):
 * drives @batch (as bc_scheduler_add_batch() does), records the hand-off,
 * makes it Ongoing and submits it once through create-batch-call with its
 * planned start and windows; then follows its calls by batch_call_id until
 * it is Sent. The platform places the calls, so this process may stop and
 * any later run follows on. A Draft or Planned batch only;
 * G_IO_ERROR_NOT_SUPPORTED when the profile or the batch cannot. */
gboolean     bc_scheduler_hand_off_batch     (BcScheduler  *self,
                                              BcBatch      *batch,
                                              GError      **error);
/* Whether the account's profile can take a batch (retell). */
gboolean     bc_scheduler_can_hand_off       (BcScheduler  *self);

/* Calls of @batch placed or being placed and not yet ended (requests out,
 * attempts being reconciled, calls followed). */
guint        bc_scheduler_get_in_flight      (BcScheduler  *self,
                                              BcBatch      *batch);
/* TRUE when no request to the API is out and no work is queued: only the
 * timer (or nothing) is left. For tests and tools that wait for calm. */
gboolean     bc_scheduler_is_idle            (BcScheduler  *self);
/* The instant (µs) the single timer is armed for; G_MAXINT64 when none. */
gint64       bc_scheduler_get_next_wakeup    (BcScheduler  *self);
/* Whether the store's files are watched for other processes' changes:
 * while there are batches to drive, never without. */
gboolean     bc_scheduler_is_watching_store  (BcScheduler  *self);
/* Requests made to follow calls (get call, list calls; reconciliation
 * excluded), and calls the API accepted. */
guint        bc_scheduler_get_n_status_requests (BcScheduler *self);
guint        bc_scheduler_get_n_calls_placed (BcScheduler  *self);

/* Whether @text is a valid retry policy for bc_batch_set_retry_policy():
 * comma-separated OUTCOME:MAX:DELAY rules, OUTCOME one of no_answer,
 * busy, failed, voicemail; MAX the attempts in all (first included,
 * 1…100); DELAY seconds, or a number with s, m, h or d. NULL or "": no
 * retries (the default). Final outcomes (picked up, invalid number,
 * cancelled) never retry. */
gboolean     bc_scheduler_check_retry_policy (const char   *text,
                                              GError      **error);

G_END_DECLS
