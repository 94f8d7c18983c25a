/* bc-store-handoff.c: the record of batches handed off to the platform
 *
 * One row per batch in platform_handoffs (schema 3, bc-store-schema.c),
 * keyed on the batch's integer key like its recipients; rows go with
 * their batch (ON DELETE CASCADE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-store-handoff.h"
#include "bc-store-private.h"

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
  st = _bc_store_prepare (db, "SELECT state, batch_call_id, since FROM platform_handoffs "
                              "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1"), error);
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
  if (state == BC_HANDOFF_NONE)
    st = _bc_store_prepare (db, "DELETE FROM platform_handoffs "
                                "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1"), error);
  else
    /* An unknown batch has no key: NOT NULL refuses the row. */
    st = _bc_store_prepare (db, "INSERT OR REPLACE INTO platform_handoffs "
                                "(batch_key, state, batch_call_id, since) "
                                "VALUES (" BC_STORE_BATCH_KEY ("?1") ", ?2, ?3, ?4)",
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

gboolean
bc_store_is_handed_off (BcStore    *self,
                        const char *batch_id)
{
  g_autoptr(GError) error = NULL;
  BcHandoffState state;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  /* Unreadable counts as handed off: the safe answer keeps Pause and
   * Cancel away from a batch the platform may be calling. */
  if (!bc_store_get_handoff (self, batch_id, &state, NULL, NULL, &error))
    {
      g_warning ("Cannot read the hand-off of %s: %s", batch_id, error->message);
      return TRUE;
    }
  return state != BC_HANDOFF_NONE;
}

gboolean
bc_store_check_stoppable (BcStore  *self,
                          BcBatch  *batch,
                          GError  **error)
{
  BcHandoffState state;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);

  if (!bc_store_get_handoff (self, bc_batch_get_id (batch), &state, NULL, NULL, error))
    return FALSE;
  if (state == BC_HANDOFF_NONE)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               /* Translators: %s is a batch name */
               _("“%s” runs on the platform: UponAI places its calls even when this app is "
                 "closed, and the platform offers no way to pause or cancel them."),
               bc_batch_get_name (batch));
  return FALSE;
}
