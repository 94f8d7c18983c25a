/* bc-store-bulk.c: deleting a batch and cancelling its pending recipients,
 * the rows done on a worker thread
 *
 * Both touch every recipient of a batch: about 1.8 s for a million rows,
 * too long for the main loop, and too long to hold the write gate in one
 * go (the main connection's next write would wait for all of it). So the
 * main connection commits the cheap part that makes the operation certain
 * (the batch CANCELLED, or hidden), then a worker with a connection of its
 * own does the rows in chunks of BC_BULK_CHUNK positions, one transaction
 * each, taking turns at the gate with the main connection. Each chunk
 * commits the counter change of its rows, so counters always match the
 * rows. If the app dies half-way, bc_store_open() finishes the job: a
 * hidden batch is deleted, and _bc_store_finish_cancels() cancels what a
 * CANCELLED batch still has pending.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-batch-private.h"
#include "bc-store-handoff.h"
#include "bc-store-private.h"

/* Positions per transaction: like the writer's chunk, a few milliseconds
 * of the gate at most. */
#define BC_BULK_CHUNK 10000

typedef enum
{
  BULK_CANCEL,
  BULK_DELETE,
  BULK_REPLACE,   /* swap the rows' batches, then delete as BULK_DELETE */
} BulkKind;

typedef struct
{
  BulkKind     kind;
  char        *path;
  char        *batch_id;    /* the rows done; for BULK_REPLACE the source */
  char        *draft_id;    /* BULK_REPLACE */
  BcStoreGate *gate;
  gboolean     swapped;     /* BULK_REPLACE: the Draft has its new rows */
} BulkData;

/* No GObject in here: the worker may drop the last reference to its task,
 * and the store and its batches belong to the main thread. */

static void
bulk_data_free (gpointer data)
{
  BulkData *bulk = data;

  g_free (bulk->path);
  g_free (bulk->batch_id);
  g_free (bulk->draft_id);
  g_clear_pointer (&bulk->gate, _bc_store_gate_unref);
  g_free (bulk);
}

/* Per kind: the groups of the rows a chunk changes (state, outcome,
 * successful, sent, count), and the change. BULK_REPLACE, once swapped,
 * deletes as BULK_DELETE does. ?1 batch key, [?2, ?3) the
 * positions, so both statements see the same rows. */
static const char * const groups_sql[] = {
  [BULK_CANCEL] =
    "SELECT 0, outcome, successful, last_call_id IS NOT NULL, count(*) FROM recipients "
    "WHERE batch_key = ?1 AND position >= ?2 AND position < ?3 AND state = 0 GROUP BY 2, 3, 4",
  [BULK_DELETE] =
    "SELECT state, outcome, successful, last_call_id IS NOT NULL, count(*) FROM recipients "
    "WHERE batch_key = ?1 AND position >= ?2 AND position < ?3 GROUP BY 1, 2, 3, 4",
};

static const char * const change_sql[] = {
  [BULK_CANCEL] =
    "UPDATE recipients SET state = 6 "
    "WHERE batch_key = ?1 AND position >= ?2 AND position < ?3 AND state = 0",
  [BULK_DELETE] =
    "DELETE FROM recipients WHERE batch_key = ?1 AND position >= ?2 AND position < ?3",
};

typedef struct
{
  sqlite3      *db;
  BcStoreGate  *gate;
  sqlite3_stmt *groups;
  sqlite3_stmt *change;
  sqlite3_stmt *delta;
} Worker;

static void
worker_clear (Worker *w)
{
  g_clear_pointer (&w->groups, sqlite3_finalize);
  g_clear_pointer (&w->change, sqlite3_finalize);
  g_clear_pointer (&w->delta, sqlite3_finalize);
  g_clear_pointer (&w->db, sqlite3_close);
}

/* One chunk, in one transaction in the gate's turn. */
static gboolean
do_chunk (Worker      *w,
          BulkData    *bulk,
          gint64       key,
          gint64       from,
          GError     **error)
{
  gint64 delta[BC_N_COUNTERS] = { 0 };
  gboolean ok = TRUE;
  int rc;

  if (!_bc_store_gate_enter (w->gate, error))
    return FALSE;
  if (!_bc_store_exec (w->db, "BEGIN IMMEDIATE", error))
    {
      _bc_store_gate_leave (w->gate);
      return FALSE;
    }

  sqlite3_reset (w->groups);
  sqlite3_bind_int64 (w->groups, 1, key);
  sqlite3_bind_int64 (w->groups, 2, from);
  sqlite3_bind_int64 (w->groups, 3, from + BC_BULK_CHUNK);
  while ((rc = sqlite3_step (w->groups)) == SQLITE_ROW)
    {
      BcRecipientState state = sqlite3_column_int (w->groups, 0);
      BcCallOutcome outcome = sqlite3_column_int (w->groups, 1);
      gboolean successful = sqlite3_column_int (w->groups, 2) != 0;
      gboolean sent = sqlite3_column_int (w->groups, 3) != 0;
      gint64 n = sqlite3_column_int64 (w->groups, 4);

      _bc_store_add_contrib (delta, state, outcome, successful, sent, -n);
      if (bulk->kind == BULK_CANCEL)
        _bc_store_add_contrib (delta, BC_RECIPIENT_STATE_CANCELLED, outcome, successful, sent, n);
    }
  sqlite3_reset (w->groups);
  if (rc != SQLITE_DONE)
    ok = _bc_store_set_error (error, w->db, rc, _("counting the recipients"));

  if (ok)
    {
      sqlite3_reset (w->change);
      sqlite3_bind_int64 (w->change, 1, key);
      sqlite3_bind_int64 (w->change, 2, from);
      sqlite3_bind_int64 (w->change, 3, from + BC_BULK_CHUNK);
      rc = sqlite3_step (w->change);
      sqlite3_reset (w->change);
      if (rc != SQLITE_DONE)
        ok = _bc_store_set_error (error, w->db, rc,
                                  bulk->kind == BULK_CANCEL ? _("cancelling the recipients")
                                                            : _("deleting the batch"));
    }

  ok = ok && _bc_store_apply_counter_delta (w->db, &w->delta, bulk->batch_id, delta, error);
  ok = ok && _bc_store_exec (w->db, "COMMIT", error);
  if (!ok)
    _bc_store_exec (w->db, "ROLLBACK", NULL);
  _bc_store_gate_leave (w->gate);
  return ok;
}

static gboolean
read_extent (sqlite3     *db,
             const char  *batch_id,
             gint64      *key,
             gint64      *end,
             GError     **error)
{
  sqlite3_stmt *st;
  int rc;

  st = _bc_store_prepare (db, "SELECT b.key, (SELECT coalesce(max(position) + 1, 0) "
                              "FROM recipients WHERE batch_key = b.key) "
                              "FROM batches b WHERE b.id = ?1", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, batch_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      *key = sqlite3_column_int64 (st, 0);
      *end = sqlite3_column_int64 (st, 1);
    }
  sqlite3_finalize (st);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("The batch no longer exists"));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _bc_store_set_error (error, db, rc, _("reading the recipients"));
  return TRUE;
}

/* BULK_REPLACE's first step, one transaction: the Draft takes the
 * source's batch key (so its rows) and counters, the source the Draft's.
 * Recipients name their batch by key, so this is a few row updates
 * whatever the number of recipients; the old rows are then deleted with
 * the hidden source. On this connection foreign keys are off, so moving
 * a parent key is not checked against a million children; both keys
 * exist again at the commit. */
static gboolean
swap_keys (Worker    *w,
           BulkData  *bulk,
           GError   **error)
{
  const char *ids[2] = { bulk->draft_id, bulk->batch_id };
  gint64 counters[2][BC_N_COUNTERS];
  gint64 keys[2];
  gint64 end;
  sqlite3_stmt *st = NULL;
  gboolean ok = TRUE;
  int rc;

  if (!_bc_store_gate_enter (w->gate, error))
    return FALSE;
  if (!_bc_store_exec (w->db, "BEGIN IMMEDIATE", error))
    {
      _bc_store_gate_leave (w->gate);
      return FALSE;
    }

  for (guint i = 0; ok && i < 2; i++)
    ok = read_extent (w->db, ids[i], &keys[i], &end, error) &&
         _bc_store_read_counters (w->db, &st, ids[i], counters[i], error);
  g_clear_pointer (&st, sqlite3_finalize);

  /* Checked again inside the transaction: the Draft may have been
   * submitted since the call. */
  if (ok && (st = _bc_store_prepare (w->db, "SELECT state FROM batches WHERE id = ?1", error)) != NULL)
    {
      sqlite3_bind_text (st, 1, bulk->draft_id, -1, SQLITE_STATIC);
      if (sqlite3_step (st) != SQLITE_ROW || sqlite3_column_int (st, 0) != BC_BATCH_STATE_DRAFT)
        {
          g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_EDITABLE,
                       _("Only a Draft’s recipients can be replaced"));
          ok = FALSE;
        }
      g_clear_pointer (&st, sqlite3_finalize);
    }
  else
    ok = FALSE;

  if (ok && (st = _bc_store_prepare (w->db, "UPDATE batches SET key = ?2 WHERE id = ?1", error)) == NULL)
    ok = FALSE;
  /* Through a free key: the primary key is unique at every step. */
  {
    const char *step_ids[3] = { ids[0], ids[1], ids[0] };
    gint64 step_keys[3] = { -keys[0], keys[0], keys[1] };

    for (guint i = 0; ok && i < 3; i++)
      {
        sqlite3_reset (st);
        sqlite3_bind_text (st, 1, step_ids[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64 (st, 2, step_keys[i]);
        if ((rc = sqlite3_step (st)) != SQLITE_DONE)
          ok = _bc_store_set_error (error, w->db, rc, _("replacing the recipients"));
      }
  }
  g_clear_pointer (&st, sqlite3_finalize);

  for (guint i = 0; ok && i < 2; i++)
    {
      gint64 delta[BC_N_COUNTERS];

      for (guint c = 0; c < BC_N_COUNTERS; c++)
        delta[c] = counters[1 - i][c] - counters[i][c];
      ok = _bc_store_apply_counter_delta (w->db, &w->delta, ids[i], delta, error);
    }

  ok = ok && _bc_store_exec (w->db, "COMMIT", error);
  if (!ok)
    _bc_store_exec (w->db, "ROLLBACK", NULL);
  _bc_store_gate_leave (w->gate);
  return ok;
}

static gboolean
run_bulk (BulkData      *bulk,
          GCancellable  *cancellable,
          GError       **error)
{
  Worker w = { NULL, bulk->gate, NULL, NULL, NULL };
  BulkKind rows;
  gint64 key = 0, end = 0;
  gboolean ok = FALSE;

  w.db = _bc_store_connect (bulk->path, BC_STORE_CONNECTION_BULK, error);
  if (w.db == NULL)
    goto out;
  if (bulk->kind == BULK_REPLACE)
    {
      if (!swap_keys (&w, bulk, error))
        goto out;
      bulk->swapped = TRUE;
    }
  rows = bulk->kind == BULK_CANCEL ? BULK_CANCEL : BULK_DELETE;
  /* The bulk connection does not enforce foreign keys (the writer only
   * inserts); deleting must cascade to the calls of the rows. */
  if (!_bc_store_exec (w.db, "PRAGMA foreign_keys = ON", error) ||
      !read_extent (w.db, bulk->batch_id, &key, &end, error) ||
      (w.groups = _bc_store_prepare (w.db, groups_sql[rows], error)) == NULL ||
      (w.change = _bc_store_prepare (w.db, change_sql[rows], error)) == NULL)
    goto out;

  for (gint64 from = 0; from < end; from += BC_BULK_CHUNK)
    if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
        !do_chunk (&w, bulk, key, from, error))
      goto out;

  ok = TRUE;
  /* Leave the main connection's next commit a short WAL, as the writer
   * does. */
  sqlite3_wal_checkpoint_v2 (w.db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
out:
  worker_clear (&w);
  return ok;
}

static void
bulk_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_bulk (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The outer task's data: the batch whose rows are done, then for
 * BULK_REPLACE the Draft. */
static BcBatch *
outer_batch (GTask *outer,
             guint  i)
{
  return g_ptr_array_index ((GPtrArray *) g_task_get_task_data (outer), i);
}

/* Back on the store's thread: what the sync path does after its commit. */
static void
on_bulk_done_cb (GObject      *unused,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  BcStore *self = g_task_get_source_object (outer);
  BcBatch *batch = outer_batch (outer, 0);
  BulkData *bulk = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) later_error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  switch (bulk->kind)
    {
    case BULK_CANCEL:
      /* Even after an error: the chunks committed so far show. */
      if (!bc_store_refresh_batch (self, batch, ok ? &error : NULL))
        ok = FALSE;
      break;
    case BULK_DELETE:
      if (ok)
        ok = _bc_store_delete_row (self, batch, &error);
      /* A hidden batch left behind by an error goes at the next open. */
      break;
    case BULK_REPLACE:
      if (!bulk->swapped)
        break;
      /* The Draft has its new rows whatever happens next: that is the
       * result. The emptied source goes with its row; one the worker did
       * not finish stays hidden for the next open, as a delete's does,
       * rather than cascade over its rows on this thread. */
      if (!bc_store_refresh_batch (self, outer_batch (outer, 1), &later_error) ||
          (ok && !_bc_store_delete_row (self, batch, &later_error)))
        g_warning ("Could not finish replacing the recipients: %s", later_error->message);
      g_clear_error (&error);
      ok = TRUE;
      g_signal_emit_by_name (self, "recipients-reset", bulk->draft_id);
      break;
    default:
      g_assert_not_reached ();
    }
  g_signal_emit_by_name (self, "recipients-reset", bulk->batch_id);

  if (ok)
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, g_steal_pointer (&error));
}

static void
start_bulk (BcStore  *self,
            GTask    *outer,
            BulkKind  kind,
            BcBatch  *batch,
            BcBatch  *draft)
{
  g_autoptr(GTask) inner = g_task_new (NULL, g_task_get_cancellable (outer),
                                       on_bulk_done_cb, g_object_ref (outer));
  GPtrArray *batches = g_ptr_array_new_with_free_func (g_object_unref);
  BulkData *bulk = g_new0 (BulkData, 1);

  g_ptr_array_add (batches, g_object_ref (batch));
  if (draft != NULL)
    g_ptr_array_add (batches, g_object_ref (draft));
  g_task_set_task_data (outer, batches, (GDestroyNotify) g_ptr_array_unref);

  bulk->kind = kind;
  bulk->path = g_strdup (bc_store_get_path (self));
  bulk->batch_id = g_strdup (bc_batch_get_id (batch));
  bulk->draft_id = draft != NULL ? g_strdup (bc_batch_get_id (draft)) : NULL;
  bulk->gate = _bc_store_gate_ref (_bc_store_get_gate (self));
  g_task_set_source_tag (inner, start_bulk);
  g_task_set_task_data (inner, bulk, bulk_data_free);
  g_task_run_in_thread (inner, bulk_thread);
}

/* bc_store_replace_recipients_async() (bc-store-replace.c), once checked. */
void
_bc_store_start_replace (BcStore *self,
                         GTask   *task,
                         BcBatch *draft,
                         BcBatch *source)
{
  start_bulk (self, task, BULK_REPLACE, source, draft);
}

gboolean
_bc_store_check_deletable (BcBatch  *batch,
                           GError  **error)
{
  BcBatchState state = bc_batch_get_state (batch);

  if (state == BC_BATCH_STATE_DRAFT ||
      state == BC_BATCH_STATE_CANCELLED ||
      state == BC_BATCH_STATE_SENT)
    return TRUE;
  g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_EDITABLE,
               /* Translators: %s is a batch state, e.g. "Ongoing" */
               _("A batch that is %s cannot be deleted; cancel it first"),
               bc_batch_state_get_label (state));
  return FALSE;
}

/* Out of the list, its name free, and deleted at the next open should the
 * app die before the worker is done. */
gboolean
_bc_store_hide_batch (BcStore  *self,
                      BcBatch  *batch,
                      GError  **error)
{
  const char *id = bc_batch_get_id (batch);
  sqlite3_stmt *st;
  guint position;

  if (!_bc_store_begin (self, error))
    return FALSE;
  if ((st = _bc_store_stmt (self, BC_STORE_STMT_SET_HIDDEN, error)) == NULL)
    return _bc_store_rollback (self);
  sqlite3_bind_int (st, 1, 1);
  _bc_store_bind_text (st, 2, id);
  if (!_bc_store_step_done (self, st, _("deleting the batch"), error) ||
      !_bc_store_commit (self, error))
    return _bc_store_rollback (self);

  g_hash_table_add (self->hidden, g_strdup (id));
  g_hash_table_remove (self->names, id);
  if (g_list_store_find (self->visible, batch, &position))
    g_list_store_remove (self->visible, position);
  return TRUE;
}

/* Deletes the batch's row (its remaining recipients and calls cascade)
 * and forgets it. */
gboolean
_bc_store_delete_row (BcStore  *self,
                      BcBatch  *batch,
                      GError  **error)
{
  g_autoptr(BcBatch) keep = g_object_ref (batch);
  g_autofree char *id = g_strdup (bc_batch_get_id (batch));
  sqlite3_stmt *st;
  guint position;

  if (!_bc_store_begin (self, error))
    return FALSE;
  if ((st = _bc_store_stmt (self, BC_STORE_STMT_DELETE_BATCH, error)) == NULL)
    return _bc_store_rollback (self);
  _bc_store_bind_text (st, 1, id);
  if (!_bc_store_step_done (self, st, _("deleting the batch"), error) ||
      !_bc_store_commit (self, error))
    return _bc_store_rollback (self);

  if (g_list_store_find (self->visible, batch, &position))
    g_list_store_remove (self->visible, position);
  g_hash_table_remove (self->hidden, id);
  g_hash_table_remove (self->names, id);
  g_hash_table_remove (self->batches, id);
  return TRUE;
}

/* The CLI's way (no main loop to keep): all in one transaction. */
gboolean
bc_store_delete_batch (BcStore  *self,
                       BcBatch  *batch,
                       GError  **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);
  g_return_val_if_fail (bc_store_lookup_batch (self, bc_batch_get_id (batch)) == batch, FALSE);

  id = g_strdup (bc_batch_get_id (batch));
  if (!_bc_store_check_deletable (batch, error) ||
      !_bc_store_delete_row (self, batch, error))
    return FALSE;
  g_signal_emit_by_name (self, "recipients-reset", id);
  return TRUE;
}

/**
 * bc_store_cancel_batch_async:
 *
 * Commits the batch as CANCELLED at once on the main connection, so no
 * recipient of it is claimed any more and the scheduler stops it (it
 * follows ::state-changed); then cancels the PENDING recipients on a
 * worker. The counters are refreshed and ::recipients-reset emitted when
 * the rows are done.
 */
void
bc_store_cancel_batch_async (BcStore             *self,
                             BcBatch             *batch,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (BC_IS_STORE (self));
  g_return_if_fail (BC_IS_BATCH (batch));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bc_store_cancel_batch_async);
  /* The platform cannot be told to stop a batch it runs: cancelling it
   * here would only pretend (bc-store-handoff.h). */
  if (!bc_store_check_stoppable (self, batch, &error) ||
      !_bc_store_set_state (self, batch, BC_BATCH_STATE_CANCELLED, FALSE, &error))
    g_task_return_error (task, error);
  else
    start_bulk (self, task, BULK_CANCEL, batch, NULL);
}

gboolean
bc_store_cancel_batch_finish (BcStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * bc_store_delete_batch_async:
 *
 * Checks and hides the batch at once (it leaves bc_store_get_batches()
 * and its name is free), deletes its recipients on a worker, then the
 * batch itself.
 */
void
bc_store_delete_batch_async (BcStore             *self,
                             BcBatch             *batch,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (BC_IS_STORE (self));
  g_return_if_fail (BC_IS_BATCH (batch));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bc_store_delete_batch_async);
  if (!_bc_store_check_deletable (batch, &error) ||
      !_bc_store_hide_batch (self, batch, &error))
    g_task_return_error (task, error);
  else
    start_bulk (self, task, BULK_DELETE, batch, NULL);
}

gboolean
bc_store_delete_batch_finish (BcStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* At open, after a crash between a cancel's state and its rows. Rare and
 * small in practice (the worker was part-way), so it runs here, in turn. */
gboolean
_bc_store_finish_cancels (BcStore  *self,
                          GError  **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st;
  int rc;

  st = _bc_store_prepare (_bc_store_get_db (self),
                          "SELECT id FROM batches WHERE state = ?1 AND n_pending > 0", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int (st, 1, BC_BATCH_STATE_CANCELLED);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, _bc_store_get_db (self), rc, _("reading the batches"));

  for (guint i = 0; i < ids->len; i++)
    if (!_bc_store_begin (self, error) ||
        !_bc_store_cancel_pending (self, ids->pdata[i], error) ||
        !_bc_store_commit (self, error))
      return _bc_store_rollback (self);
  return TRUE;
}
