/* bc-store-recipients.c: BcStore's recipient rows and the counters they
 * move
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-store-private.h"

/* Moves every PENDING recipient of @batch_id to CANCELLED and its counters
 * by the same contribution function as single updates use. */
gboolean
_bc_store_cancel_pending (BcStore     *self,
                          const char  *batch_id,
                          GError     **error)
{
  gint64 delta[BC_N_COUNTERS] = { 0 };
  sqlite3_stmt *st;
  int rc;

  if ((st = _bc_store_stmt (self, BC_STORE_STMT_CANCEL_GROUPS, error)) == NULL)
    return FALSE;
  _bc_store_bind_text (st, 1, batch_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      BcCallOutcome outcome = sqlite3_column_int (st, 0);
      gboolean successful = sqlite3_column_int (st, 1) != 0;
      gboolean sent = sqlite3_column_int (st, 2) != 0;
      gint64 n = sqlite3_column_int64 (st, 3);

      _bc_store_add_contrib (delta, BC_RECIPIENT_STATE_PENDING, outcome, successful, sent, -n);
      _bc_store_add_contrib (delta, BC_RECIPIENT_STATE_CANCELLED, outcome, successful, sent, n);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, self->db, rc, _("cancelling the recipients"));

  if ((st = _bc_store_stmt (self, BC_STORE_STMT_CANCEL_PENDING, error)) == NULL)
    return FALSE;
  _bc_store_bind_text (st, 1, batch_id);
  return _bc_store_step_done (self, st, _("cancelling the recipients"), error) &&
         _bc_store_apply_counter_delta (self->db, &self->stmts[BC_STORE_STMT_COUNTER_DELTA],
                                        batch_id, delta, error);
}

guint
bc_store_count_recipients (BcStore    *self,
                           const char *batch_id)
{
  sqlite3_stmt *st;
  guint n = 0;

  g_return_val_if_fail (BC_IS_STORE (self), 0);
  g_return_val_if_fail (batch_id != NULL, 0);

  if ((st = _bc_store_stmt (self, BC_STORE_STMT_COUNT_RECIPIENTS, NULL)) == NULL)
    return 0;
  _bc_store_bind_text (st, 1, batch_id);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);

  return n;
}

gboolean
bc_store_read_recipients (BcStore     *self,
                          const char  *batch_id,
                          guint        position,
                          guint        n_rows,
                          GPtrArray   *out,
                          GError     **error)
{
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if ((st = _bc_store_stmt (self, BC_STORE_STMT_READ_RECIPIENTS, error)) == NULL)
    return FALSE;
  _bc_store_bind_text (st, 1, batch_id);
  sqlite3_bind_int64 (st, 2, position);
  sqlite3_bind_int64 (st, 3, (gint64) position + n_rows);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      BcRecipientData data = { 0 };

      _bc_store_read_recipient_row (st, &data);
      g_ptr_array_add (out, bc_recipient_new_take (&data));
    }
  sqlite3_reset (st);

  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, self->db, rc, _("reading the recipients"));
  return TRUE;
}

static gboolean
read_recipient (BcStore          *self,
                gint64            recipient_id,
                BcRecipientData  *data,
                GError          **error)
{
  sqlite3_stmt *st;
  int rc;

  if ((st = _bc_store_stmt (self, BC_STORE_STMT_GET_RECIPIENT, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, recipient_id);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    _bc_store_read_recipient_row (st, data);
  sqlite3_reset (st);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("There is no recipient %" G_GINT64_FORMAT), recipient_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _bc_store_set_error (error, self->db, rc, _("reading a recipient"));
  return TRUE;
}

BcRecipient *
bc_store_get_recipient (BcStore  *self,
                        gint64    recipient_id,
                        GError  **error)
{
  BcRecipientData data = { 0 };

  g_return_val_if_fail (BC_IS_STORE (self), NULL);

  if (!read_recipient (self, recipient_id, &data, error))
    {
      bc_recipient_data_clear (&data);
      return NULL;
    }
  return bc_recipient_new_take (&data);
}

/* The old row with the mutable fields of @data. */
static void
merge_mutable (BcRecipientData       *row,
               const BcRecipientData *data)
{
#define REPLACE_STRING(field) \
  g_free (row->field); row->field = g_strdup (data->field)
  row->state = data->state;
  row->attempts = data->attempts;
  REPLACE_STRING (last_call_id);
  row->outcome = data->outcome;
  row->successful = !!data->successful;
  row->started_at_ms = data->started_at_ms;
  row->ended_at_ms = data->ended_at_ms;
  row->duration_ms = data->duration_ms;
  REPLACE_STRING (disconnection_reason);
  REPLACE_STRING (sentiment);
  REPLACE_STRING (error_message);
#undef REPLACE_STRING
}

gboolean
bc_store_update_recipient (BcStore                *self,
                           const BcRecipientData  *data,
                           GError                **error)
{
  g_autoptr(BcRecipient) snapshot = NULL;
  BcRecipientData row = { 0 };
  gint64 delta[BC_N_COUNTERS] = { 0 };
  gint64 counters[BC_N_COUNTERS];
  sqlite3_stmt *st;
  BcBatch *batch;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!_bc_store_begin (self, error))
    return FALSE;
  if (!read_recipient (self, data->id, &row, error))
    goto failed;

  _bc_store_add_contrib (delta, row.state, row.outcome, row.successful,
                         row.last_call_id != NULL, -1);
  merge_mutable (&row, data);
  _bc_store_add_contrib (delta, row.state, row.outcome, row.successful,
                         row.last_call_id != NULL, 1);

  if ((st = _bc_store_stmt (self, BC_STORE_STMT_UPDATE_RECIPIENT, error)) == NULL)
    goto failed;
  sqlite3_bind_int (st, 1, row.state);
  sqlite3_bind_int64 (st, 2, row.attempts);
  _bc_store_bind_text (st, 3, row.last_call_id);
  sqlite3_bind_int (st, 4, row.outcome);
  sqlite3_bind_int (st, 5, row.successful);
  sqlite3_bind_int64 (st, 6, row.started_at_ms);
  sqlite3_bind_int64 (st, 7, row.ended_at_ms);
  sqlite3_bind_int64 (st, 8, row.duration_ms);
  _bc_store_bind_text (st, 9, row.disconnection_reason);
  _bc_store_bind_text (st, 10, row.sentiment);
  _bc_store_bind_text (st, 11, row.error_message);
  sqlite3_bind_int64 (st, 12, row.id);
  if (!_bc_store_step_done (self, st, _("saving a recipient"), error) ||
      !_bc_store_apply_counter_delta (self->db, &self->stmts[BC_STORE_STMT_COUNTER_DELTA],
                                      row.batch_id, delta, error) ||
      !_bc_store_read_counters (self->db, &self->stmts[BC_STORE_STMT_READ_COUNTERS],
                                row.batch_id, counters, error) ||
      !_bc_store_commit (self, error))
    goto failed;

  batch = g_hash_table_lookup (self->batches, row.batch_id);
  if (batch != NULL)
    bc_batch_set_counters (batch, counters);
  snapshot = bc_recipient_new_take (&row);
  _bc_store_emit_recipient_changed (self, snapshot);
  return TRUE;

failed:
  bc_recipient_data_clear (&row);
  return _bc_store_rollback (self);
}

gboolean
bc_store_check_counters (BcStore     *self,
                         const char  *batch_id,
                         GError     **error)
{
  gint64 expected[BC_N_COUNTERS] = { 0 };
  gint64 stored[BC_N_COUNTERS];
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  /* One read transaction, so both sides see the same snapshot. */
  if (!_bc_store_exec (self->db, "BEGIN", error))
    return FALSE;
  if ((st = _bc_store_stmt (self, BC_STORE_STMT_COUNTER_GROUPS, error)) == NULL)
    return _bc_store_rollback (self);
  _bc_store_bind_text (st, 1, batch_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    _bc_store_add_contrib (expected,
                           sqlite3_column_int (st, 0),
                           sqlite3_column_int (st, 1),
                           sqlite3_column_int (st, 2) != 0,
                           sqlite3_column_int (st, 3) != 0,
                           sqlite3_column_int64 (st, 4));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      _bc_store_set_error (error, self->db, rc, _("counting the recipients"));
      return _bc_store_rollback (self);
    }
  if (!_bc_store_read_counters (self->db, &self->stmts[BC_STORE_STMT_READ_COUNTERS],
                                batch_id, stored, error))
    return _bc_store_rollback (self);
  _bc_store_rollback (self);

  for (guint i = 0; i < BC_N_COUNTERS; i++)
    if (stored[i] != expected[i])
      {
        g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_INCONSISTENT,
                     _("Counter “%s” of batch %s is %" G_GINT64_FORMAT
                       " but its recipients add up to %" G_GINT64_FORMAT),
                     bc_counter_to_string (i), batch_id, stored[i], expected[i]);
        return FALSE;
      }
  return TRUE;
}
