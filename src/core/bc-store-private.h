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

/* How long a connection waits for another one's write lock before SQLite
 * gives up with SQLITE_BUSY. The writer holds it for one chunk at a time. */
#define BC_STORE_BUSY_TIMEOUT_MS 5000

/* Column names of the counters in the batches table, in BcCounter order. */
extern const char * const _bc_store_counter_columns[BC_N_COUNTERS];

/* The recipient columns that bc_store_read_recipients() and friends read,
 * in the order _bc_store_read_recipient_row() expects them. */
#define BC_STORE_RECIPIENT_COLUMNS \
  "id, batch_id, position, line, phone, ignore_e164, override_agent_id, " \
  "override_agent_version, metadata, custom_sip_headers, variables, state, " \
  "attempts, last_call_id, outcome, successful, started_at_ms, ended_at_ms, " \
  "duration_ms, disconnection_reason, sentiment, error_message"

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

/* The main connection, for the store's other files (bc-store-dispatch.c). */
sqlite3  *_bc_store_get_db             (BcStore           *self);

G_END_DECLS
