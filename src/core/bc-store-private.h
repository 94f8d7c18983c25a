/* bc-store-private.h: what the store's own files share (connections,
 * schema, the recipient writer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "bc-store.h"

G_BEGIN_DECLS

/* Rows per transaction of the bulk writer: big enough
 * that per-transaction cost (an fsync in FULL mode, the WAL commit record)
 * vanishes, small enough that the main connection never waits more than a
 * few milliseconds for the writer's lock. */
#define BC_RECIPIENT_WRITER_CHUNK 10000

/* How long a write waits for its turn at the gate (this process) or for
 * another process's lock (SQLite's busy handler) before it fails. A writer
 * holds the turn for one chunk at a time. */
#define BC_STORE_BUSY_TIMEOUT_MS 5000

/* Column names of the counters in the batches table, in BcCounter order. */
extern const char * const _bc_store_counter_columns[BC_N_COUNTERS];

/* The recipient columns that bc_store_read_recipients() and friends read,
 * in the order _bc_store_read_recipient_row() expects them. */
#define BC_STORE_RECIPIENT_COLUMNS \
  "id, (SELECT id FROM batches WHERE key = recipients.batch_key), " \
  "position, line, phone, ignore_e164, override_agent_id, " \
  "override_agent_version, metadata, custom_sip_headers, variables, state, " \
  "attempts, last_call_id, outcome, successful, started_at_ms, ended_at_ms, " \
  "duration_ms, disconnection_reason, sentiment, error_message"

/* Since schema 3 a recipient names its batch by batches.key, an integer
 * (see migration_v3). Queries are still given the batch's id (the UUID the
 * rest of the code knows); this turns parameter @param into its key:
 *   "... FROM recipients WHERE batch_key = " BC_STORE_BATCH_KEY ("?1")
 * SQLite runs the subquery once per statement, and uses the recipient
 * indexes as it would with a bound value. */
#define BC_STORE_BATCH_KEY(param) "(SELECT key FROM batches WHERE id = " param ")"

/* bc-store-gate.c: one store's connections (its own, its writers') take
 * turns at writing in arrival order; see there for why. */
typedef struct _BcStoreGate BcStoreGate;

BcStoreGate *_bc_store_gate_new        (void);
BcStoreGate *_bc_store_gate_ref        (BcStoreGate       *gate);
void      _bc_store_gate_unref         (BcStoreGate       *gate);
/* Waits up to BC_STORE_BUSY_TIMEOUT_MS for the turns queued before. */
gboolean  _bc_store_gate_enter         (BcStoreGate       *gate,
                                        GError           **error);
void      _bc_store_gate_leave         (BcStoreGate       *gate);

/* Every statement of the main connection, prepared once. */
typedef enum
{
  BC_STORE_STMT_INSERT_BATCH,
  BC_STORE_STMT_UPDATE_BATCH,
  BC_STORE_STMT_SET_BATCH_STATE,
  BC_STORE_STMT_SET_HIDDEN,
  BC_STORE_STMT_DELETE_BATCH,
  BC_STORE_STMT_CANCEL_GROUPS,
  BC_STORE_STMT_CANCEL_PENDING,
  BC_STORE_STMT_COUNT_RECIPIENTS,
  BC_STORE_STMT_READ_RECIPIENTS,
  BC_STORE_STMT_GET_RECIPIENT,
  BC_STORE_STMT_UPDATE_RECIPIENT,
  BC_STORE_STMT_COUNTER_GROUPS,
  BC_STORE_STMT_COUNTER_DELTA,
  BC_STORE_STMT_READ_COUNTERS,
  BC_STORE_N_STMTS
} BcStoreStmt;

struct _BcStore
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  guint          schema_version;
  sqlite3_stmt  *stmts[BC_STORE_N_STMTS];
  BcStoreGate   *gate;
  gboolean       writing;       /* inside _bc_store_begin() … commit/rollback */

  GHashTable    *batches;       /* id → BcBatch, hidden ones included */
  GHashTable    *hidden;        /* ids of the hidden batches */
  GHashTable    *names;         /* id → folded name as stored: a draft's
                                 * unsaved edit must not block a name */
  GListStore    *visible;       /* BcBatch, newest first */
};

typedef enum
{
  BC_STORE_CONNECTION_MAIN,
  BC_STORE_CONNECTION_BULK,
} BcStoreConnection;

gboolean  _bc_store_set_error          (GError           **error,
                                        sqlite3           *db,
                                        int                rc,
                                        const char        *what);
gboolean  _bc_store_exec               (sqlite3           *db,
                                        const char        *sql,
                                        GError           **error);
sqlite3_stmt *_bc_store_prepare        (sqlite3           *db,
                                        const char        *sql,
                                        GError           **error);
/* Returns the statement in *@slot, prepared on first use and reset (with
 * its bindings cleared) on the next ones; the owner finalizes the slot. */
sqlite3_stmt *_bc_store_cached         (sqlite3           *db,
                                        sqlite3_stmt     **slot,
                                        const char        *sql,
                                        GError           **error);
/* Opens an existing or new database file with the pragmas of @kind. */
sqlite3  *_bc_store_connect            (const char        *path,
                                        BcStoreConnection  kind,
                                        GError           **error);

/* Reads the schema version of the file at @path without writing anything
 * (no -wal, no -shm): 0 for a missing or empty file. */
gboolean  _bc_store_peek_version       (const char        *path,
                                        guint             *version,
                                        GError           **error);
/* Brings @db to BC_STORE_SCHEMA_VERSION, one transaction per step. */
gboolean  _bc_store_migrate            (sqlite3           *db,
                                        guint             *version,
                                        GError           **error);

void      _bc_store_read_recipient_row (sqlite3_stmt      *stmt,
                                        BcRecipientData   *data);
/* Adds @factor × the counter contribution of a recipient in this
 * condition to @counters. */
void      _bc_store_add_contrib        (gint64            *counters,
                                        BcRecipientState   state,
                                        BcCallOutcome      outcome,
                                        gboolean           successful,
                                        gboolean           sent,
                                        gint64             factor);
/* n_total = n_total + delta[0], …; skipped when every delta is 0. */
gboolean  _bc_store_apply_counter_delta (sqlite3          *db,
                                         sqlite3_stmt    **slot,
                                         const char       *batch_id,
                                         const gint64     *delta,
                                         GError          **error);
gboolean  _bc_store_read_counters      (sqlite3           *db,
                                        sqlite3_stmt     **slot,
                                        const char        *batch_id,
                                        gint64            *counters,
                                        GError           **error);

/* The main connection, for statements prepared outside bc-store.c
 * (bc-store-dispatch.c). */
sqlite3  *_bc_store_get_db             (BcStore           *self);
/* The main connection's own statements and transactions (bc-store.c).
 * A write transaction takes the gate's turn first. */
BcStoreGate *_bc_store_get_gate        (BcStore           *self);
sqlite3_stmt *_bc_store_stmt           (BcStore           *self,
                                        BcStoreStmt        id,
                                        GError           **error);
/* Steps a statement that returns no row, and resets it. */
gboolean  _bc_store_step_done          (BcStore           *self,
                                        sqlite3_stmt      *st,
                                        const char        *what,
                                        GError           **error);
gboolean  _bc_store_begin              (BcStore           *self,
                                        GError           **error);
/* Rolls back when COMMIT fails. */
gboolean  _bc_store_commit             (BcStore           *self,
                                        GError           **error);
/* Rolls back an open transaction; returns FALSE, for "return rollback ()". */
gboolean  _bc_store_rollback           (BcStore           *self);
void      _bc_store_bind_text          (sqlite3_stmt      *st,
                                        int                index,
                                        const char        *text);
void      _bc_store_emit_recipient_changed (BcStore       *self,
                                            BcRecipient   *recipient);

/* bc-store-recipients.c: moves every PENDING recipient of @batch_id to
 * CANCELLED, counters included, inside the caller's transaction. */
gboolean  _bc_store_cancel_pending     (BcStore           *self,
                                        const char        *batch_id,
                                        GError           **error);

/* bc-store.c: bc_store_set_batch_state(), with @cancel_rows FALSE leaving
 * the PENDING rows of a CANCELLED batch to the caller. */
gboolean  _bc_store_set_state          (BcStore           *self,
                                        BcBatch           *batch,
                                        BcBatchState       state,
                                        gboolean           cancel_rows,
                                        GError           **error);

/* bc-store-bulk.c: the steps of deleting a batch, and the cancels a crash
 * interrupted, finished at open. */
gboolean  _bc_store_check_deletable    (BcBatch           *batch,
                                        GError           **error);
gboolean  _bc_store_hide_batch         (BcStore           *self,
                                        BcBatch           *batch,
                                        GError           **error);
gboolean  _bc_store_delete_row         (BcStore           *self,
                                        BcBatch           *batch,
                                        GError           **error);
gboolean  _bc_store_finish_cancels     (BcStore           *self,
                                        GError           **error);
/* Runs @task (of bc_store_replace_recipients_async()) on a worker. */
void      _bc_store_start_replace      (BcStore           *self,
                                        GTask             *task,
                                        BcBatch           *draft,
                                        BcBatch           *source);

G_END_DECLS
