/* bc-scheduler-private.h: what the scheduler's files share
 *
 * bc-scheduler.c          the object, the runs, the single timer
 * bc-scheduler-dispatch.c claiming recipients, placing calls, the answers
 * bc-scheduler-follow.c   following calls until they are final
 * bc-scheduler-reconcile.c attempts whose fate is unknown
 * bc-scheduler-policy.c   the retry policy
 * bc-scheduler-handoff.c  batches handed off to the platform
 * bc-scheduler-control.c  pause, resume, cancel; Sent
 * bc-scheduler-watch.c    changes made by other processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-runner-lock.h"
#include "bc-store-handoff.h"
#include "bc-store-watch.h"
#include "bc-schedule.h"
#include "bc-zone-tally.h"
#include "bc-scheduler.h"

G_BEGIN_DECLS

/* A created call shows in "list calls" within this long (the contract's
 * grace period): an attempt older than that and absent was never placed. */
#define BC_RECONCILE_GRACE_US        (15 * G_USEC_PER_SEC)
/* Listings that fail in a row before the unsure attempts go to review. */
#define BC_RECONCILE_MAX_FAILURES    5
/* A call that ended waits this long for its analysis, then is final anyway. */
#define BC_ANALYSIS_DEADLINE_US      (120 * G_USEC_PER_SEC)
/* A call followed this long without ending is given up on. */
#define BC_FOLLOW_DEADLINE_US        ((gint64) 4 * 3600 * G_USEC_PER_SEC)
/* Polls closer than this are merged into one. */
#define BC_POLL_MIN_GAP_US           (200 * 1000)
/* From this many due calls on, one "list calls" beats "get call" each. */
#define BC_POLL_LIST_THRESHOLD       3
/* Slack for clocks that disagree, on the time ranges of polls (a call a
 * skewed clock hides from the listing is then asked about on its own). */
#define BC_LIST_SLACK_MS             (2 * 1000)
/* The same for reconciliation, where a miss would mean a second call. */
#define BC_RECONCILE_SLACK_MS        (300 * 1000)

typedef enum
{
  BC_RETRY_NO_ANSWER,
  BC_RETRY_BUSY,
  BC_RETRY_FAILED,
  BC_RETRY_VOICEMAIL,
  BC_N_RETRY_KINDS
} BcRetryKind;

typedef struct
{
  guint  max_attempts[BC_N_RETRY_KINDS];  /* total attempts; 0 or 1: no retry */
  gint64 delay_us[BC_N_RETRY_KINDS];
} BcRetryPolicy;

/* One followed call. */
typedef struct
{
  char   *call_id;
  gint64  recipient_id;
  gint64  dispatched_at;
  gint64  next_check;
  gint64  ended_seen;     /* when we first saw it ended without analysis */
  guint   n_checks;
  gboolean solo;          /* listings missed it: asked about on its own */
} BcFollow;

/* One batch being driven. Reference-counted: requests in flight hold one. */
typedef struct
{
  int            ref_count;
  BcScheduler   *scheduler;     /* NULL once removed */
  BcBatch       *batch;
  BcRunnerLock  *lock;
  BcSchedule    *schedule;      /* NULL when the batch's windows are invalid */
  BcRetryPolicy  policy;
  /* Recipient-local time only: pending recipients per zone, the zones
   * open at the last look (a JSON array for the claim), and zone names
   * that are not zones (they follow the batch's zone, as "" does). */
  BcZoneTally   *zones;
  char          *open_zones;
  GPtrArray     *unknown_zones;
  gulong         state_handler;

  guint          cursor;        /* claims scan from this position */
  guint          n_posting;     /* "place a call" requests out */
  guint          dyn_limit;     /* shrinks on 429, grows on success */
  gint64         backoff_until; /* no dispatch before (429, 5xx) */
  guint          backoff_level;
  gboolean       drained;       /* nothing due from position 0 on… */
  gint64         next_retry_at; /* …until this retry is due (G_MAXINT64: none) */

  GHashTable    *followed;      /* call id → BcFollow */
  guint          n_awaiting_analysis; /* followed calls that ended */
  guint          n_polls;       /* status requests out */
  gint64         last_poll;     /* the last listing */
  GArray        *recent_dispatches; /* gint64, ours, oldest first */
  gint64         list_cutoff;   /* calls dispatched since are listed */
  gint64         poll_backoff_until;
  guint          poll_backoff_level;

  GHashTable    *unsure;        /* recipient id → BcInFlight */
  gboolean       reconciling;
  gint64         reconcile_at;  /* 0: nothing to reconcile */
  guint          reconcile_failures;

  gboolean       settled;       /* ::batch-settled was emitted for this rest */

  /* Handed off to the platform (bc-scheduler-handoff.c): its recipients
   * wait in @unsure until their calls show up, then are followed. */
  BcHandoffState handoff;
  char          *handoff_id;    /* batch_call_id, NULL until known */
  gint64         handoff_since; /* the request was (about to be) sent */
  gint64         handoff_next;  /* the next listing; 0: not planned yet */
  gint64         handoff_listed_at; /* the last listing started */
} BcRun;

BcRun   *_bc_run_ref                     (BcRun        *run);
void     _bc_run_unref                   (BcRun        *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcRun, _bc_run_unref)

/* Accessors for the other files. */
BcStore     *_bc_scheduler_get_store     (BcScheduler  *self);
BcApiClient *_bc_scheduler_get_client    (BcScheduler  *self);
BcClock     *_bc_scheduler_get_clock     (BcScheduler  *self);
GCancellable *_bc_scheduler_get_cancellable (BcScheduler *self);
gint64       _bc_scheduler_now           (BcScheduler  *self);
/* Runs the due work on the next main-loop iteration, then re-arms the timer. */
void         _bc_scheduler_kick          (BcScheduler  *self);
void         _bc_scheduler_count_status_request (BcScheduler *self);
void         _bc_scheduler_count_placed  (BcScheduler  *self);
/* The account's concurrency, -1 when unknown. */
gint64       _bc_scheduler_get_account_limit (BcScheduler *self);
guint        _bc_scheduler_get_total_in_flight (BcScheduler *self);
/* The run of @batch, NULL when it is not driven. */
BcRun       *_bc_scheduler_find_run      (BcScheduler  *self,
                                          BcBatch      *batch);
/* The bound From Number @number of the account; NULL while the numbers
 * are being listed (*@why_not NULL), or with *@why_not saying why not. */
const BcFromNumber *_bc_scheduler_find_number (BcScheduler  *self,
                                               const char   *number,
                                               char        **why_not);
/* The learnt time from dispatch to end of a call. */
gint64       _bc_scheduler_get_duration_estimate (BcScheduler *self);
void         _bc_scheduler_learn_duration (BcScheduler *self,
                                           gint64       duration_us);

/* Slots taken: requests out, unsure attempts, calls not ended. */
guint    _bc_run_get_in_flight           (BcRun        *run);
/* Anything left to learn from the API (also calls awaiting analysis). */
gboolean _bc_run_has_work                (BcRun        *run);
/* bc-scheduler-control.c */
/* Pauses an Ongoing batch with @reason (shown by the UI). */
void     _bc_run_pause                   (BcRun        *run,
                                          const char   *reason);
/* Store failures are not the recipient's fault: the batch pauses with the
 * message, so a person sees it and nobody is dialled on a shaky store. */
void     _bc_run_store_failed            (BcRun        *run,
                                          const GError *error);
/* Sent when nothing is left to do (or paused for the rows to review). */
void     _bc_run_check_finished          (BcRun        *run);

/* bc-scheduler-dispatch.c */
/* (Re)counts the pending recipients per zone, for recipient-local time. */
void     _bc_run_tally_zones             (BcRun        *run);
/* A recipient of this run went back to PENDING, due at @at. */
void     _bc_run_requeue                 (BcRun        *run,
                                          gint64        at,
                                          gint64        now);
/* A copy of a recipient row. */
void     _bc_recipient_data_copy         (BcRecipientData       *dest,
                                          const BcRecipientData *src);
/* Fills free slots while the batch may dispatch; returns when it should
 * be called again for new work (G_MAXINT64: on an event only). */
gint64   _bc_run_dispatch                (BcRun        *run,
                                          gint64        now);

/* bc-scheduler-follow.c */
void     _bc_follow_free                 (BcFollow     *follow);
void     _bc_run_follow                  (BcRun        *run,
                                          const char   *call_id,
                                          gint64        recipient_id,
                                          gint64        dispatched_at,
                                          gint64        now);
void     _bc_run_log_dispatch            (BcRun        *run,
                                          gint64        at);
/* Starts a poll when one is due; returns the next due instant. */
gint64   _bc_run_poll                    (BcRun        *run,
                                          gint64        now);
/* Applies what the API says of a call of this run (followed or adopted). */
void     _bc_run_apply_call              (BcRun            *run,
                                          const BcCallInfo *info,
                                          gint64            now);

/* bc-scheduler-reconcile.c */
/* Adds a DISPATCHING recipient whose attempt's fate is unknown. */
void     _bc_run_add_unsure              (BcRun            *run,
                                          const BcRecipientData *data,
                                          gint64            dispatched_at,
                                          gint64            now);
gint64   _bc_run_reconcile               (BcRun        *run,
                                          gint64        now);
/* Adopts the calls of @page that are the unsure attempts they say. */
void     _bc_run_match_page              (BcRun        *run,
                                          BcCallPage   *page,
                                          gint64        now);
/* Leaves an unsure attempt in @state (PENDING: it placed no call). */
void     _bc_run_settle                  (BcRun            *run,
                                          BcInFlight       *item,
                                          BcRecipientState  state,
                                          const char       *message,
                                          gint64            now);
/* The same for every unsure attempt of @run (until a store failure
 * detaches it). */
void     _bc_run_settle_all_unsure       (BcRun            *run,
                                          BcRecipientState  state,
                                          const char       *message,
                                          gint64            now);

/* bc-scheduler-handoff.c */
/* Reads the batch's hand-off record into @run. */
gboolean _bc_run_load_handoff            (BcRun        *run,
                                          GError      **error);
/* Submits or follows a handed-off batch; returns the next due instant. */
gint64   _bc_run_handoff                 (BcRun        *run,
                                          gint64        now);

/* bc-scheduler-watch.c */
/* A watch of the store whose ::changed refreshes the batches @self drives
 * (NULL when the store cannot be watched: changes made elsewhere are then
 * seen when the next timer fires). */
BcStoreWatch *_bc_scheduler_watch_store  (BcScheduler  *self);
/* The runs, for the watch. */
GPtrArray   *_bc_scheduler_get_runs      (BcScheduler  *self);

/* bc-scheduler-policy.c */
/* Parses "no_answer:3:10m,busy:2:300" (kinds no_answer, busy, failed,
 * voicemail; MAX total attempts; DELAY in s, or with s/m/h/d). NULL or ""
 * is the default: no retries. */
gboolean _bc_retry_policy_parse          (const char    *text,
                                          BcRetryPolicy *policy,
                                          GError       **error);
/* Which kind of retry an ended call asks for; FALSE for final outcomes. */
gboolean _bc_retry_kind_for              (BcCallOutcome     outcome,
                                          const char       *disconnection_reason,
                                          BcRetryKind      *kind);

G_END_DECLS
