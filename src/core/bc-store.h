/* bc-store.h: the SQLite store, single source of truth for batches and
 * recipients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bc-batch.h"
#include "bc-recipient.h"
#include "bc-types.h"

G_BEGIN_DECLS

#define BC_STORE_ERROR (bc_store_error_quark ())

typedef enum
{
  BC_STORE_ERROR_DATABASE,     /* SQLite said no; the message says why */
  BC_STORE_ERROR_TOO_NEW,      /* written by a newer version: refused, untouched */
  BC_STORE_ERROR_NAME_TAKEN,   /* another batch has that name */
  BC_STORE_ERROR_NOT_FOUND,
  BC_STORE_ERROR_NOT_EDITABLE, /* only a Draft can be edited */
  BC_STORE_ERROR_INCONSISTENT, /* counters disagree with the recipients */
  BC_STORE_ERROR_NOT_RUNNING,  /* the batch is not Ongoing (any more) */
} BcStoreError;

/* The schema version this build writes; see the migrations in
 * bc-store-schema.c. */
#define BC_STORE_SCHEMA_VERSION 3

#define BC_TYPE_STORE (bc_store_get_type ())

G_DECLARE_FINAL_TYPE (BcStore, bc_store, BC, STORE, GObject)

/* Signals (emitted after the commit, on the store's thread):
 *   ::recipient-changed (BcRecipient *snapshot): one row changed through
 *     bc_store_update_recipient(); @snapshot is the whole row as stored.
 *   ::recipients-reset (const char *batch_id): many rows of a batch changed
 *     at once (published after a writer, pending ones cancelled, deleted).
 * BcRecipientList listens to both. */

GQuark       bc_store_error_quark          (void);

/* $XDG_DATA_HOME/com.uponai.BatchCalls/batch-calls.db, or the same file
 * name under @data_dir when it is not NULL (the CLI's --data-dir). */
char        *bc_store_build_path           (const char   *data_dir);

/* Opens (creating the file and its folder if needed) and migrates. A
 * database from a newer schema is refused with BC_STORE_ERROR_TOO_NEW and
 * left unmodified. Main-thread object: use it from the thread that made it. */
BcStore     *bc_store_open                 (const char   *path,
                                            GError      **error);
const char  *bc_store_get_path             (BcStore      *self);
guint        bc_store_get_schema_version   (BcStore      *self);

/* ---- Batches ----
 * A batch id maps to one BcBatch instance for the life of the store, so the
 * window, the scheduler and a list row all see the same object. */

/* A live GListModel of every visible batch (newest first). Owned by the
 * store. */
GListModel  *bc_store_get_batches          (BcStore      *self);
BcBatch     *bc_store_lookup_batch         (BcStore      *self,
                                            const char   *batch_id);
BcBatch     *bc_store_find_batch_by_name   (BcStore      *self,
                                            const char   *name);

/* Inserts a new Draft. With @hidden the batch stays out of
 * bc_store_get_batches() until bc_store_publish_batch(); a hidden batch
 * still present when a store is opened (a crashed import) is deleted.
 * Names are unique ignoring case (in any script): "Spring" and "spring"
 * clash, BC_STORE_ERROR_NAME_TAKEN. */
gboolean     bc_store_insert_batch         (BcStore      *self,
                                            BcBatch      *batch,
                                            gboolean      hidden,
                                            GError      **error);
/* Also reloads the counters a writer committed and emits
 * ::recipients-reset; call it after a writer appended rows to a batch that
 * is already visible, too. */
gboolean     bc_store_publish_batch        (BcStore      *self,
                                            BcBatch      *batch,
                                            GError      **error);
/* Saves the editable fields (name, numbers, windows, schedule, …) of a
 * Draft. Anything else is BC_STORE_ERROR_NOT_EDITABLE. */
gboolean     bc_store_update_batch         (BcStore      *self,
                                            BcBatch      *batch,
                                            GError      **error);
/* For Draft, Cancelled and Sent batches only (BC_STORE_ERROR_NOT_EDITABLE
 * otherwise); the recipients go with it. */
gboolean     bc_store_delete_batch         (BcStore      *self,
                                            BcBatch      *batch,
                                            GError      **error);
/* The same, with the recipients deleted on a worker thread in chunks (the
 * UI's way: a million rows take seconds). The batch leaves
 * bc_store_get_batches() at once; bc_store_lookup_batch() finds it until
 * the worker is done. Deleted at the next open if the app dies first. */
void         bc_store_delete_batch_async   (BcStore             *self,
                                            BcBatch             *batch,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     bc_store_delete_batch_finish  (BcStore      *self,
                                            GAsyncResult *result,
                                            GError      **error);
/* Checks the transition, commits it, then updates @batch. Moving to
 * CANCELLED also cancels every PENDING recipient, in the same transaction.
 * The batch's pause reason (set it before pausing) is saved with it. */
gboolean     bc_store_set_batch_state      (BcStore      *self,
                                            BcBatch      *batch,
                                            BcBatchState  state,
                                            GError      **error);

/* Like bc_store_set_batch_state (CANCELLED), but only the state is
 * committed before this returns (so nothing more is dispatched); the
 * PENDING recipients are cancelled on a worker thread in chunks, each
 * with its counters, and @batch's counters are refreshed before the
 * callback. A cancel cut short (@cancellable, an error, the app dying)
 * is finished by the next bc_store_open(). */
void         bc_store_cancel_batch_async   (BcStore             *self,
                                            BcBatch             *batch,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     bc_store_cancel_batch_finish  (BcStore      *self,
                                            GAsyncResult *result,
                                            GError      **error);

/* ---- Recipients ---- */

guint        bc_store_count_recipients     (BcStore      *self,
                                            const char   *batch_id);
/* Appends to @out (of BcRecipient) the recipients of @batch_id at
 * positions [@position, @position + @n_rows). */
gboolean     bc_store_read_recipients      (BcStore      *self,
                                            const char   *batch_id,
                                            guint         position,
                                            guint         n_rows,
                                            GPtrArray    *out,
                                            GError      **error);
BcRecipient *bc_store_get_recipient        (BcStore      *self,
                                            gint64        recipient_id,
                                            GError      **error);
/* Writes the mutable part of a recipient (state, attempts, call id,
 * outcome, call details) and moves its batch's counters by the difference,
 * in one transaction; then refreshes the live BcBatch and emits
 * ::recipient-changed. */
gboolean     bc_store_update_recipient     (BcStore               *self,
                                            const BcRecipientData *data,
                                            GError               **error);

/* Recomputes @batch_id's counters from its recipients and compares them
 * with the stored ones. */
gboolean     bc_store_check_counters       (BcStore      *self,
                                            const char   *batch_id,
                                            GError      **error);

/* ---- Bulk insert (the CSV import) ----
 * A writer owns its own SQLite connection, so it may run in a worker
 * thread (one thread at a time). Rows are inserted with one prepared
 * statement, committed every @chunk rows. Positions are assigned in the
 * order rows are added.
 *
 * Threads: call bc_store_begin_recipients() on the store's thread, then
 * hand the writer to the worker; publish on the store's thread after
 * finish. Each chunk commits the rows with the total/pending counters
 * they add, so the counters match the rows at every commit. While a chunk
 * is open the writer holds the database's write lock: keep adding, then
 * finish or free; do not leave a writer idle mid-chunk (the store's own
 * commits wait for it, up to 5 s, then fail). */
typedef struct _BcRecipientWriter BcRecipientWriter;

BcRecipientWriter *bc_store_begin_recipients (BcStore              *self,
                                              const char           *batch_id,
                                              GError              **error);
gboolean     bc_recipient_writer_add       (BcRecipientWriter     *writer,
                                            const BcRecipientData *row,
                                            GError               **error);
/* Commits the last chunk and sets the batch's counters. */
gboolean     bc_recipient_writer_finish    (BcRecipientWriter     *writer,
                                            GError               **error);
/* Frees; if not finished, deletes every row this writer inserted. */
void         bc_recipient_writer_free      (BcRecipientWriter     *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcRecipientWriter, bc_recipient_writer_free)

/* ---- Dispatching (the scheduler; bc-store-dispatch.c) ----
 * Every attempt to place a call has a row in the calls table, written in
 * the same transaction that moves its recipient to DISPATCHING, before any
 * byte goes to the API. */

/**
 * BcAttemptFate:
 * @BC_ATTEMPT_KEEP: the attempt's row stays as it is
 * @BC_ATTEMPT_ACCEPTED: the API accepted the attempt; its call id is the
 *   recipient's last_call_id
 * @BC_ATTEMPT_REFUSED: the attempt surely placed no call (refused, or
 *   proven absent by reconciliation)
 *
 * What bc_store_save_attempt() learnt about attempt number data->attempts.
 */
typedef enum
{
  BC_ATTEMPT_KEEP,
  BC_ATTEMPT_ACCEPTED,
  BC_ATTEMPT_REFUSED,
} BcAttemptFate;

/* A recipient found DISPATCHING or IN_PROGRESS, and when its last attempt
 * was dispatched (µs). */
typedef struct
{
  BcRecipientData data;
  gint64          dispatched_at;
} BcInFlight;

void         bc_in_flight_free             (BcInFlight   *in_flight);

/* Claims the first PENDING recipient of @batch_id at a position ≥ *@cursor
 * that is due at @now_us and, when @open_zones is not NULL (a JSON array
 * of zone ids, "" for rows without one), whose dynamic variable
 * "timezone" is one of them: in one committed transaction it becomes
 * DISPATCHING with attempts + 1, and the attempt gets its calls row.
 * *@cursor moves past the rows found not due or taken. FALSE without an
 * error when nothing is due; FALSE with BC_STORE_ERROR_NOT_RUNNING when
 * the stored batch is no longer Ongoing (another process paused it). */
gboolean     bc_store_claim_recipient      (BcStore          *self,
                                            const char       *batch_id,
                                            guint            *cursor,
                                            gint64            now_us,
                                            const char       *open_zones,
                                            BcRecipientData  *out,
                                            GError          **error);
/* The same for up to @max recipients at once, in position order, in ONE
 * committed transaction (one fsync for all of them): each is DISPATCHING
 * with its own attempt number and calls row before the caller sends any
 * request. Appends them to @out (a GArray of BcRecipientData; the caller
 * owns the strings) and returns how many; 0 without an error when nothing
 * is due. */
guint        bc_store_claim_recipients     (BcStore          *self,
                                            const char       *batch_id,
                                            guint            *cursor,
                                            gint64            now_us,
                                            const char       *open_zones,
                                            guint             max,
                                            GArray           *out,
                                            GError          **error);
/* Calls @func for each zone (the dynamic variable "timezone", "" when
 * absent) with the number of PENDING recipients of @batch_id in it. */
gboolean     bc_store_count_pending_zones  (BcStore      *self,
                                            const char   *batch_id,
                                            void        (*func) (const char *zone,
                                                                 gint64      count,
                                                                 gpointer    user_data),
                                            gpointer      user_data,
                                            GError      **error);
/* Writes the mutable fields of @data (as bc_store_update_recipient()
 * does), the retry time @next_attempt_at (µs, for a PENDING row) and @fate
 * of attempt data->attempts, in one transaction with the counters and the
 * per-minute events at @now_us (a call started when the recipient becomes
 * sent, ended when it leaves IN_PROGRESS). */
gboolean     bc_store_save_attempt         (BcStore               *self,
                                            const BcRecipientData *data,
                                            BcAttemptFate          fate,
                                            gint64                 next_attempt_at,
                                            gint64                 now_us,
                                            GError               **error);
/* The DISPATCHING and IN_PROGRESS recipients of @batch_id (BcInFlight). */
GPtrArray   *bc_store_list_in_flight       (BcStore      *self,
                                            const char   *batch_id,
                                            GError      **error);
/* Attempts of @recipient_id the API accepted. */
guint        bc_store_count_accepted       (BcStore      *self,
                                            gint64        recipient_id,
                                            GError      **error);
/* The earliest next_attempt_at of a PENDING recipient of @batch_id that is
 * later than @now_us, or G_MAXINT64 when none. */
gint64       bc_store_next_retry_at        (BcStore      *self,
                                            const char   *batch_id,
                                            gint64        now_us,
                                            GError      **error);
/* Re-reads state, pause reason and counters of @batch, which another
 * process may have changed, and updates the object (::state-changed). */
gboolean     bc_store_refresh_batch        (BcStore      *self,
                                            BcBatch      *batch,
                                            GError      **error);
/* Calls started and ended per minute (Unix time / 60) of @batch_id, from
 * @from_minute on: an array of gint64 triples (minute, started, ended). */
GArray      *bc_store_read_events          (BcStore      *self,
                                            const char   *batch_id,
                                            gint64        from_minute,
                                            GError      **error);

/* ---- Reading a whole batch from a worker thread (bc-store-reader.c) ----
 * The results export streams every recipient of a batch to a file. A
 * reader has its own read-only connection and reads in one transaction,
 * so the file is one consistent snapshot while the scheduler goes on
 * writing on the main connection (WAL readers never block writers).
 * Create it on the store's thread; then use it from one thread only. */
typedef struct _BcRecipientReader BcRecipientReader;

/**
 * BcReservedColumns:
 *
 * The optional CSV columns that hold a value in at least one recipient of
 * a batch (bc_recipient_reader_get_reserved()).
 */
typedef enum
{
  BC_RESERVED_COLUMN_NONE          = 0,
  BC_RESERVED_COLUMN_AGENT_ID      = 1 << 0,
  BC_RESERVED_COLUMN_AGENT_VERSION = 1 << 1,
  BC_RESERVED_COLUMN_METADATA      = 1 << 2,
  BC_RESERVED_COLUMN_SIP_HEADERS   = 1 << 3,
  BC_RESERVED_COLUMN_IGNORE_E164   = 1 << 4,
} BcReservedColumns;

BcRecipientReader *bc_store_open_reader    (BcStore            *self,
                                            const char         *batch_id,
                                            GError            **error);
/* One scan of the batch (no row is kept). */
gboolean     bc_recipient_reader_get_reserved (BcRecipientReader *reader,
                                               BcReservedColumns *columns,
                                               GError           **error);
/* The next recipient in CSV order into @out (cleared first): FALSE at the
 * end (no error) or on an error. */
gboolean     bc_recipient_reader_next      (BcRecipientReader  *reader,
                                            BcRecipientData    *out,
                                            GError            **error);
void         bc_recipient_reader_free      (BcRecipientReader  *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcRecipientReader, bc_recipient_reader_free)

G_END_DECLS
