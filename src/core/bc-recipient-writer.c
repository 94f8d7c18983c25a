/* bc-recipient-writer.c: bulk insert of a batch's recipients on a
 * connection of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-store-private.h"

struct _BcRecipientWriter
{
  sqlite3       *db;
  BcStoreGate   *gate;        /* the store's: we write in turn with it */
  gboolean       in_txn;      /* our turn, a transaction open */
  sqlite3_stmt  *insert;
  sqlite3_stmt  *counter_delta;
  char          *batch_id;
  gint64         batch_key;   /* what the rows store (schema 3) */
  guint          first_position;
  guint          next_position;
  guint          in_chunk;    /* rows of the open transaction */
  guint          committed;   /* rows of the committed chunks */
  gboolean       finished;
};

static const char insert_sql[] =
  "INSERT INTO recipients (batch_key, position, line, phone, ignore_e164, "
  "override_agent_id, override_agent_version, metadata, custom_sip_headers, "
  "variables, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)";

static gboolean
txn_begin (BcRecipientWriter  *self,
           GError            **error)
{
  if (!_bc_store_gate_enter (self->gate, error))
    return FALSE;
  if (!_bc_store_exec (self->db, "BEGIN IMMEDIATE", error))
    {
      _bc_store_gate_leave (self->gate);
      return FALSE;
    }
  self->in_txn = TRUE;
  return TRUE;
}

/* Commits, or rolls back (always when @commit is FALSE), and hands the
 * turn on. */
static gboolean
txn_end (BcRecipientWriter  *self,
         gboolean            commit,
         GError            **error)
{
  gboolean ok = commit && _bc_store_exec (self->db, "COMMIT", error);

  if (!ok)
    _bc_store_exec (self->db, "ROLLBACK", NULL);
  self->in_txn = FALSE;
  _bc_store_gate_leave (self->gate);
  return ok;
}

/* The chunk's counters commit with its rows, so the batch's counters
 * match its recipients after every commit, even if the import dies. */
static gboolean
commit_chunk (BcRecipientWriter  *self,
              GError            **error)
{
  gint64 delta[BC_N_COUNTERS] = { 0 };
  gboolean ok;

  if (!self->in_txn)
    return TRUE;

  _bc_store_add_contrib (delta, BC_RECIPIENT_STATE_PENDING, BC_CALL_OUTCOME_NONE,
                         FALSE, FALSE, self->in_chunk);
  ok = _bc_store_apply_counter_delta (self->db, &self->counter_delta,
                                      self->batch_id, delta, error);
  if (!txn_end (self, ok, ok ? error : NULL))
    {
      self->next_position -= self->in_chunk;
      self->in_chunk = 0;
      return FALSE;
    }

  self->committed += self->in_chunk;
  self->in_chunk = 0;
  return TRUE;
}

BcRecipientWriter *
bc_store_begin_recipients (BcStore     *store,
                           const char  *batch_id,
                           GError     **error)
{
  g_autoptr(BcRecipientWriter) self = NULL;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (store), NULL);
  g_return_val_if_fail (batch_id != NULL, NULL);

  if (bc_store_lookup_batch (store, batch_id) == NULL)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("The batch no longer exists"));
      return NULL;
    }

  self = g_new0 (BcRecipientWriter, 1);
  self->finished = TRUE;  /* nothing to undo until a row is added */
  self->batch_id = g_strdup (batch_id);
  self->gate = _bc_store_gate_ref (_bc_store_get_gate (store));
  self->db = _bc_store_connect (bc_store_get_path (store), BC_STORE_CONNECTION_BULK, error);
  if (self->db == NULL)
    return NULL;

  /* The key, once: each row then binds an integer. */
  st = _bc_store_prepare (self->db, "SELECT b.key, (SELECT coalesce(max(position) + 1, 0) "
                                    "FROM recipients WHERE batch_key = b.key) "
                                    "FROM batches b WHERE b.id = ?1", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, batch_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      self->batch_key = sqlite3_column_int64 (st, 0);
      self->first_position = (guint) sqlite3_column_int64 (st, 1);
    }
  sqlite3_finalize (st);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("The batch no longer exists"));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _bc_store_set_error (error, self->db, rc, _("reading the recipients"));
      return NULL;
    }
  self->next_position = self->first_position;

  self->insert = _bc_store_prepare (self->db, insert_sql, error);
  if (self->insert == NULL)
    return NULL;

  self->finished = FALSE;
  return g_steal_pointer (&self);
}

gboolean
bc_recipient_writer_add (BcRecipientWriter      *self,
                         const BcRecipientData  *row,
                         GError                **error)
{
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (row != NULL && row->phone != NULL, FALSE);

  if (!self->in_txn && !txn_begin (self, error))
    return FALSE;

  /* Every parameter is bound for every row, so no clear_bindings; and the
   * texts are bound without a copy (SQLITE_STATIC): @row outlives the step,
   * and the reset below drops SQLite's references before we return. The
   * copies cost about a tenth of an import. (A NULL text binds NULL.) */
  st = self->insert;
  sqlite3_bind_int64 (st, 1, self->batch_key);
  sqlite3_bind_int64 (st, 2, self->next_position);
  sqlite3_bind_int64 (st, 3, row->line);
  sqlite3_bind_text (st, 4, row->phone, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 5, row->ignore_e164 ? 1 : 0);
  sqlite3_bind_text (st, 6, row->override_agent_id, -1, SQLITE_STATIC);
  if (row->override_agent_version < 0)
    sqlite3_bind_null (st, 7);
  else
    sqlite3_bind_int64 (st, 7, row->override_agent_version);
  sqlite3_bind_text (st, 8, row->metadata, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 9, row->custom_sip_headers, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 10, row->variables, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  sqlite3_reset (st);

  if (rc != SQLITE_DONE)
    {
      _bc_store_set_error (error, self->db, rc, _("saving a recipient"));
      /* A failed INSERT undoes only itself; the chunk stays open. */
      if (self->in_chunk == 0)
        txn_end (self, FALSE, NULL);
      return FALSE;
    }

  self->next_position++;
  self->in_chunk++;
  if (self->in_chunk >= BC_RECIPIENT_WRITER_CHUNK)
    return commit_chunk (self, error);
  return TRUE;
}

gboolean
bc_recipient_writer_finish (BcRecipientWriter  *self,
                            GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  if (!commit_chunk (self, error))
    return FALSE;
  self->finished = TRUE;

  /* The writer does not checkpoint as it goes (wal_autocheckpoint = 0):
   * copying the WAL back while still appending to it costs more. It does
   * it here, in its own thread, so the main connection's next commit does
   * not inherit a WAL of the whole import to copy. */
  sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return TRUE;
}

static gboolean
undo (BcRecipientWriter  *self,
      GError            **error)
{
  gint64 delta[BC_N_COUNTERS] = { 0 };
  sqlite3_stmt *st;
  int rc;

  if (self->in_txn)
    txn_end (self, FALSE, NULL);
  self->in_chunk = 0;
  if (self->committed == 0)
    return TRUE;

  if (!txn_begin (self, error))
    return FALSE;
  st = _bc_store_prepare (self->db, "DELETE FROM recipients "
                                    "WHERE batch_key = ?1 AND position >= ?2", error);
  if (st == NULL)
    return txn_end (self, FALSE, NULL);
  sqlite3_bind_int64 (st, 1, self->batch_key);
  sqlite3_bind_int64 (st, 2, self->first_position);
  rc = sqlite3_step (st);
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      _bc_store_set_error (error, self->db, rc, _("removing an unfinished import"));
      return txn_end (self, FALSE, NULL);
    }

  _bc_store_add_contrib (delta, BC_RECIPIENT_STATE_PENDING, BC_CALL_OUTCOME_NONE,
                         FALSE, FALSE, -(gint64) self->committed);
  if (!_bc_store_apply_counter_delta (self->db, &self->counter_delta,
                                      self->batch_id, delta, error))
    return txn_end (self, FALSE, NULL);
  return txn_end (self, TRUE, error);
}

void
bc_recipient_writer_free (BcRecipientWriter *self)
{
  if (self == NULL)
    return;

  if (!self->finished)
    {
      g_autoptr(GError) error = NULL;

      /* Rows of a hidden batch would also go at the next open; rows
       * appended to a visible batch would not. */
      if (!undo (self, &error))
        g_warning ("Could not remove an unfinished import: %s", error->message);
    }

  g_clear_pointer (&self->insert, sqlite3_finalize);
  g_clear_pointer (&self->counter_delta, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->gate, _bc_store_gate_unref);
  g_free (self->batch_id);
  g_free (self);
}
