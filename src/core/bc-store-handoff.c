/* bc-store-handoff.c: the record of batches handed off to the platform
 *
 * A table of its own, created on first use, so that the versioned schema
 * (bc-store-schema.c) does not change for a feature only the retell
 * profile has; it can join the next migration as it is. Rows go with
 * their batch (ON DELETE CASCADE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-store-handoff.h"
#include "bc-store-private.h"

static const char create_sql[] =
  "CREATE TABLE IF NOT EXISTS platform_handoffs ("
  "  batch_id TEXT PRIMARY KEY NOT NULL REFERENCES batches (id) ON DELETE CASCADE,"
  "  state INTEGER NOT NULL,"
  "  batch_call_id TEXT,"
  "  since INTEGER NOT NULL DEFAULT 0"
  ")";

/* Creating the table is a write: it takes the gate's turn. */
static gboolean
ensure_table (BcStore  *self,
              GError  **error)
{
  BcStoreGate *gate = _bc_store_get_gate (self);
  gboolean ok;

  if (!_bc_store_gate_enter (gate, error))
    return FALSE;
  ok = _bc_store_exec (_bc_store_get_db (self), create_sql, error);
  _bc_store_gate_leave (gate);
  return ok;
}

gboolean
bc_store_get_handoff (BcStore         *self,
                      const char      *batch_id,
                      BcHandoffState  *state,
                      char           **batch_call_id,
                      gint64          *since_us,
                      GError         **error)
{
  sqlite3 *db;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch_id != NULL && state != NULL, FALSE);

  db = _bc_store_get_db (self);
  *state = BC_HANDOFF_NONE;
  if (batch_call_id != NULL)
    *batch_call_id = NULL;
  if (since_us != NULL)
    *since_us = 0;
  if (!ensure_table (self, error))
    return FALSE;
  st = _bc_store_prepare (db, "SELECT state, batch_call_id, since FROM platform_handoffs "
                              "WHERE batch_id = ?1", error);
  if (st == NULL)
    return FALSE;
  _bc_store_bind_text (st, 1, batch_id);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      *state = sqlite3_column_int (st, 0);
      if (batch_call_id != NULL && sqlite3_column_type (st, 1) != SQLITE_NULL)
        *batch_call_id = g_strdup ((const char *) sqlite3_column_text (st, 1));
      if (since_us != NULL)
        *since_us = sqlite3_column_int64 (st, 2);
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _bc_store_set_error (error, db, rc, _("reading a hand-off"));
  return TRUE;
}

gboolean
bc_store_set_handoff (BcStore         *self,
                      const char      *batch_id,
                      BcHandoffState   state,
                      const char      *batch_call_id,
                      gint64           since_us,
                      GError         **error)
{
  sqlite3 *db;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  db = _bc_store_get_db (self);
  if (!ensure_table (self, error))
    return FALSE;
  if (state == BC_HANDOFF_NONE)
    st = _bc_store_prepare (db, "DELETE FROM platform_handoffs WHERE batch_id = ?1", error);
  else
    st = _bc_store_prepare (db, "INSERT OR REPLACE INTO platform_handoffs "
                                "(batch_id, state, batch_call_id, since) VALUES (?1, ?2, ?3, ?4)",
                            error);
  if (st == NULL)
    return FALSE;
  _bc_store_bind_text (st, 1, batch_id);
  if (state != BC_HANDOFF_NONE)
    {
      sqlite3_bind_int (st, 2, state);
      _bc_store_bind_text (st, 3, batch_call_id);
      sqlite3_bind_int64 (st, 4, since_us);
    }
  /* Outside a transaction this statement commits by itself, and the main
   * connection is synchronous=FULL: once it returns, the record survives
   * a crash or a power cut. It waits for the write gate like any commit. */
  if (!_bc_store_gate_enter (_bc_store_get_gate (self), error))
    {
      sqlite3_finalize (st);
      return FALSE;
    }
  rc = sqlite3_step (st);
  _bc_store_gate_leave (_bc_store_get_gate (self));
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, db, rc, _("recording a hand-off"));
  return TRUE;
}
