/* bc-store.c: the SQLite store, single source of truth for batches and
 * recipients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bc-batch-private.h"
#include "bc-store-private.h"

/* The fields a Draft may change, bound as ?1…?10 by bind_editable(). */
#define EDITABLE_COLUMNS \
  "name, from_number, agent_id, planned_at, windows, weekdays, timezone, " \
  "recipient_local_time, concurrency, retry_policy"

static const char * const stmt_sql[BC_STORE_N_STMTS] = {
  [BC_STORE_STMT_INSERT_BATCH] =
    "INSERT INTO batches (" EDITABLE_COLUMNS ", id, state, created_at, pause_reason, hidden) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
  [BC_STORE_STMT_UPDATE_BATCH] =
    "UPDATE batches SET (" EDITABLE_COLUMNS ") = (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "WHERE id = ?11 AND state = 0",
  [BC_STORE_STMT_SET_BATCH_STATE] =
    "UPDATE batches SET state = ?1, pause_reason = ?2 WHERE id = ?3 AND state = ?4",
  [BC_STORE_STMT_SET_HIDDEN] = "UPDATE batches SET hidden = ?1 WHERE id = ?2",
  [BC_STORE_STMT_DELETE_BATCH] = "DELETE FROM batches WHERE id = ?1",
  [BC_STORE_STMT_CANCEL_GROUPS] =
    "SELECT outcome, successful, last_call_id IS NOT NULL, count(*) FROM recipients "
    "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " AND state = 0 GROUP BY 1, 2, 3",
  [BC_STORE_STMT_CANCEL_PENDING] =
    "UPDATE recipients SET state = 6 WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " AND state = 0",
  /* Positions are dense (rows leave only with their batch, or as the tail
   * an aborted writer added), so the last one says how many: one index
   * probe, where count(*) walks a million entries (≈ 50 ms). */
  [BC_STORE_STMT_COUNT_RECIPIENTS] =
    "SELECT coalesce(max(position) + 1, 0) FROM recipients WHERE batch_key = "
    BC_STORE_BATCH_KEY ("?1"),
  [BC_STORE_STMT_READ_RECIPIENTS] =
    "SELECT " BC_STORE_RECIPIENT_COLUMNS " FROM recipients "
    "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " AND position >= ?2 AND position < ?3 "
    "ORDER BY position",
  [BC_STORE_STMT_GET_RECIPIENT] =
    "SELECT " BC_STORE_RECIPIENT_COLUMNS " FROM recipients WHERE id = ?1",
  [BC_STORE_STMT_UPDATE_RECIPIENT] =
    "UPDATE recipients SET state = ?1, attempts = ?2, last_call_id = ?3, outcome = ?4, "
    "successful = ?5, started_at_ms = ?6, ended_at_ms = ?7, duration_ms = ?8, "
    "disconnection_reason = ?9, sentiment = ?10, error_message = ?11 WHERE id = ?12",
  [BC_STORE_STMT_COUNTER_GROUPS] =
    "SELECT state, outcome, successful, last_call_id IS NOT NULL, count(*) "
    "FROM recipients WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " GROUP BY 1, 2, 3, 4",
  /* These two are built by the helpers in bc-store-schema.c. */
  [BC_STORE_STMT_COUNTER_DELTA] = NULL,
  [BC_STORE_STMT_READ_COUNTERS] = NULL,
};

G_DEFINE_FINAL_TYPE (BcStore, bc_store, G_TYPE_OBJECT)

enum {
  RECIPIENT_CHANGED,
  RECIPIENTS_RESET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (bc-store-error-quark, bc_store_error)

void
_bc_store_emit_recipient_changed (BcStore     *self,
                                  BcRecipient *recipient)
{
  g_signal_emit (self, signals[RECIPIENT_CHANGED], 0, recipient);
}

sqlite3_stmt *
_bc_store_stmt (BcStore      *self,
                BcStoreStmt   id,
                GError      **error)
{
  return _bc_store_cached (self->db, &self->stmts[id], stmt_sql[id], error);
}

gboolean
_bc_store_step_done (BcStore       *self,
                     sqlite3_stmt  *st,
                     const char    *what,
                     GError       **error)
{
  int rc = sqlite3_step (st);

  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, self->db, rc, what);
  return TRUE;
}

gboolean
_bc_store_begin (BcStore  *self,
                 GError  **error)
{
  g_assert (!self->writing);

  if (!_bc_store_gate_enter (self->gate, error))
    return FALSE;
  /* IMMEDIATE: take the write lock up front, so a transaction that reads
   * and then writes never fails half-way against another process. */
  if (!_bc_store_exec (self->db, "BEGIN IMMEDIATE", error))
    {
      _bc_store_gate_leave (self->gate);
      return FALSE;
    }
  self->writing = TRUE;
  return TRUE;
}

gboolean
_bc_store_commit (BcStore  *self,
                  GError  **error)
{
  gboolean ok = _bc_store_exec (self->db, "COMMIT", error);

  if (!ok)
    _bc_store_exec (self->db, "ROLLBACK", NULL);
  self->writing = FALSE;
  _bc_store_gate_leave (self->gate);
  return ok;
}

gboolean
_bc_store_rollback (BcStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    _bc_store_exec (self->db, "ROLLBACK", NULL);
  if (self->writing)
    {
      self->writing = FALSE;
      _bc_store_gate_leave (self->gate);
    }
  return FALSE;
}

BcStoreGate *
_bc_store_get_gate (BcStore *self)
{
  return self->gate;
}

/* The identity map's own instance, not a copy with the same id. */
static gboolean
is_stored (BcStore *self,
           BcBatch *batch)
{
  return g_hash_table_lookup (self->batches, bc_batch_get_id (batch)) == batch;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  BcBatch *batch_a = (BcBatch *) a;
  BcBatch *batch_b = (BcBatch *) b;
  gint64 ta = bc_batch_get_created_at (batch_a);
  gint64 tb = bc_batch_get_created_at (batch_b);

  if (ta != tb)
    return ta > tb ? -1 : 1;
  return g_strcmp0 (bc_batch_get_name (batch_a), bc_batch_get_name (batch_b));
}

static char *
fold_name (const char *name)
{
  g_autofree char *normal = g_utf8_normalize (name, -1, G_NORMALIZE_DEFAULT);

  return g_utf8_casefold (normal != NULL ? normal : name, -1);
}

/* Case-insensitively, in every script (SQLite's NOCASE folds ASCII only). */
static BcBatch *
find_by_name (BcStore    *self,
              const char *name,
              BcBatch    *except,
              gboolean    include_hidden)
{
  g_autofree char *folded = fold_name (name);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BcBatch *batch = g_hash_table_lookup (self->batches, key);

      if (batch == except || g_strcmp0 (folded, value) != 0 ||
          (!include_hidden && g_hash_table_contains (self->hidden, key)))
        continue;
      return batch;
    }
  return NULL;
}

static void
remember_name (BcStore *self,
               BcBatch *batch)
{
  g_hash_table_insert (self->names, g_strdup (bc_batch_get_id (batch)),
                       fold_name (bc_batch_get_name (batch)));
}

static gboolean
check_name (BcStore  *self,
            BcBatch  *batch,
            GError  **error)
{
  const char *name = bc_batch_get_name (batch);
  BcBatch *other;

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, BC_BATCH_ERROR, BC_BATCH_ERROR_INVALID,
                   _("A batch needs a name"));
      return FALSE;
    }

  other = find_by_name (self, name, batch, TRUE);
  if (other != NULL)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NAME_TAKEN,
                   /* Translators: %s are batch names */
                   _("The name “%s” is taken by the batch “%s”: names must "
                     "differ in more than upper and lower case"),
                   name, bc_batch_get_name (other));
      return FALSE;
    }
  return TRUE;
}

void
_bc_store_bind_text (sqlite3_stmt *st,
                     int           index,
                     const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (st, index);
  else
    sqlite3_bind_text (st, index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_editable (sqlite3_stmt *st,
               BcBatch      *batch)
{
  _bc_store_bind_text (st, 1, bc_batch_get_name (batch));
  _bc_store_bind_text (st, 2, bc_batch_get_from_number (batch));
  _bc_store_bind_text (st, 3, bc_batch_get_agent_id (batch));
  sqlite3_bind_int64 (st, 4, bc_batch_get_planned_at (batch));
  _bc_store_bind_text (st, 5, bc_batch_get_windows (batch));
  sqlite3_bind_int64 (st, 6, bc_batch_get_weekdays (batch));
  _bc_store_bind_text (st, 7, bc_batch_get_timezone (batch));
  sqlite3_bind_int (st, 8, bc_batch_get_recipient_local_time (batch));
  sqlite3_bind_int64 (st, 9, bc_batch_get_concurrency (batch));
  _bc_store_bind_text (st, 10, bc_batch_get_retry_policy (batch));
}

/* The name clash the store's own check missed (another process): report
 * it as such rather than as a database error. */
static gboolean
write_failed (BcStore     *self,
              BcBatch     *batch,
              int          rc,
              const char  *what,
              GError     **error)
{
  if (rc == SQLITE_CONSTRAINT_UNIQUE &&
      strstr (sqlite3_errmsg (self->db), "batches.name") != NULL)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NAME_TAKEN,
                   _("The name “%s” is taken by another batch: names must "
                     "differ in more than upper and lower case"),
                   bc_batch_get_name (batch));
      return FALSE;
    }
  return _bc_store_set_error (error, self->db, rc, what);
}

/* A bound statement run as a transaction of its own, in the gate's turn. */
static gboolean
step_alone (BcStore     *self,
            sqlite3_stmt *st,
            BcBatch     *batch,
            const char  *what,
            int         *n_changes,
            GError     **error)
{
  int rc;

  if (!_bc_store_begin (self, error))
    {
      sqlite3_reset (st);
      return FALSE;
    }
  rc = sqlite3_step (st);
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      write_failed (self, batch, rc, what, error);
      return _bc_store_rollback (self);
    }
  *n_changes = sqlite3_changes (self->db);
  return _bc_store_commit (self, error);
}

static BcBatch *
batch_from_row (sqlite3_stmt *st)
{
  BcBatch *batch;
  gint64 counters[BC_N_COUNTERS];
  int col = 0;

#define TEXT() ((const char *) sqlite3_column_text (st, col++))
#define INT64() sqlite3_column_int64 (st, col++)
  {
    const char *id = TEXT ();
    const char *name = TEXT ();
    BcBatchState state = (BcBatchState) INT64 ();
    gint64 created_at = INT64 ();

    batch = _bc_batch_new_full (id, name, state, created_at);
  }
  bc_batch_set_from_number (batch, TEXT ());
  bc_batch_set_agent_id (batch, TEXT ());
  bc_batch_set_planned_at (batch, INT64 ());
  bc_batch_set_windows (batch, TEXT ());
  bc_batch_set_weekdays (batch, (BcWeekdays) INT64 ());
  bc_batch_set_timezone (batch, TEXT ());
  bc_batch_set_recipient_local_time (batch, INT64 () != 0);
  {
    gint64 concurrency = INT64 ();  /* not inside MAX(): it would read twice */

    bc_batch_set_concurrency (batch, (guint) CLAMP (concurrency, 1, G_MAXUINT));
  }
  bc_batch_set_retry_policy (batch, TEXT ());
  bc_batch_set_pause_reason (batch, TEXT ());
  for (guint i = 0; i < BC_N_COUNTERS; i++)
    counters[i] = INT64 ();
#undef TEXT
#undef INT64
  bc_batch_set_counters (batch, counters);

  return batch;
}

static gboolean
load_batches (BcStore  *self,
              GError  **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, name, state, created_at, "
                                         "from_number, agent_id, planned_at, windows, "
                                         "weekdays, timezone, recipient_local_time, "
                                         "concurrency, retry_policy, pause_reason");
  sqlite3_stmt *st;
  int rc;

  /* A hidden batch is an import that never got published: the user saw
   * an error or the app died; either way nobody is waiting for it. */
  if (!_bc_store_exec (self->db, "DELETE FROM batches WHERE hidden != 0", error) ||
      !_bc_store_finish_cancels (self, error))
    return FALSE;

  for (guint i = 0; i < BC_N_COUNTERS; i++)
    g_string_append_printf (sql, ", %s", _bc_store_counter_columns[i]);
  g_string_append (sql, " FROM batches");

  st = _bc_store_prepare (self->db, sql->str, error);
  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      BcBatch *batch = batch_from_row (st);

      g_hash_table_insert (self->batches, (char *) bc_batch_get_id (batch), batch);
      remember_name (self, batch);
      g_list_store_insert_sorted (self->visible, batch, compare_newest_first, NULL);
    }
  sqlite3_finalize (st);

  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, self->db, rc, _("loading the batches"));
  return TRUE;
}

static void
bc_store_finalize (GObject *object)
{
  BcStore *self = BC_STORE (object);

  for (guint i = 0; i < BC_STORE_N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  /* The last connection to close checkpoints the WAL and removes it. */
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->gate, _bc_store_gate_unref);
  g_clear_object (&self->visible);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->batches, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bc_store_parent_class)->finalize (object);
}

static void
bc_store_class_init (BcStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bc_store_finalize;

  /**
   * BcStore::recipient-changed:
   * @self: the store
   * @recipient: a new snapshot of the row, as committed
   *
   * Emitted after bc_store_update_recipient() committed, so lazy lists
   * can refresh the row they show.
   */
  signals[RECIPIENT_CHANGED] =
    g_signal_new ("recipient-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BC_TYPE_RECIPIENT);

  /**
   * BcStore::recipients-reset:
   * @self: the store
   * @batch_id: the batch whose recipients changed wholesale
   *
   * Emitted when many rows of a batch changed at once: rows appended by a
   * writer (on publish), every pending row cancelled, the batch deleted.
   */
  signals[RECIPIENTS_RESET] =
    g_signal_new ("recipients-reset",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bc_store_init (BcStore *self)
{
  /* Keys are the batches' own id strings, which live as long as they do. */
  self->batches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->visible = g_list_store_new (BC_TYPE_BATCH);
  self->gate = _bc_store_gate_new ();
}

char *
bc_store_build_path (const char *data_dir)
{
  if (data_dir != NULL)
    return g_build_filename (data_dir, "batch-calls.db", NULL);
  return g_build_filename (g_get_user_data_dir (), APP_ID, "batch-calls.db", NULL);
}

BcStore *
bc_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(BcStore) self = NULL;
  g_autofree char *dir = NULL;
  guint version;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Before anything that could write: a newer schema stays untouched. */
  if (!_bc_store_peek_version (path, &version, error))
    return NULL;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (BC_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = _bc_store_connect (path, BC_STORE_CONNECTION_MAIN, error);
  if (self->db == NULL ||
      !_bc_store_migrate (self->db, &self->schema_version, error) ||
      !load_batches (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
bc_store_get_path (BcStore *self)
{
  g_return_val_if_fail (BC_IS_STORE (self), NULL);
  return self->path;
}

guint
bc_store_get_schema_version (BcStore *self)
{
  g_return_val_if_fail (BC_IS_STORE (self), 0);
  return self->schema_version;
}

GListModel *
bc_store_get_batches (BcStore *self)
{
  g_return_val_if_fail (BC_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->visible);
}

BcBatch *
bc_store_lookup_batch (BcStore    *self,
                       const char *batch_id)
{
  g_return_val_if_fail (BC_IS_STORE (self), NULL);
  g_return_val_if_fail (batch_id != NULL, NULL);

  return g_hash_table_lookup (self->batches, batch_id);
}

BcBatch *
bc_store_find_batch_by_name (BcStore    *self,
                             const char *name)
{
  g_return_val_if_fail (BC_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return find_by_name (self, name, NULL, FALSE);
}

gboolean
bc_store_insert_batch (BcStore   *self,
                       BcBatch   *batch,
                       gboolean   hidden,
                       GError   **error)
{
  sqlite3_stmt *st;
  int n_changes;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);
  g_return_val_if_fail (!g_hash_table_contains (self->batches, bc_batch_get_id (batch)), FALSE);

  if (!check_name (self, batch, error) ||
      (st = _bc_store_stmt (self, BC_STORE_STMT_INSERT_BATCH, error)) == NULL)
    return FALSE;

  bind_editable (st, batch);
  _bc_store_bind_text (st, 11, bc_batch_get_id (batch));
  sqlite3_bind_int (st, 12, bc_batch_get_state (batch));
  sqlite3_bind_int64 (st, 13, bc_batch_get_created_at (batch));
  _bc_store_bind_text (st, 14, bc_batch_get_pause_reason (batch));
  sqlite3_bind_int (st, 15, hidden ? 1 : 0);
  if (!step_alone (self, st, batch, _("saving the batch"), &n_changes, error))
    return FALSE;

  g_hash_table_insert (self->batches, (char *) bc_batch_get_id (batch), g_object_ref (batch));
  remember_name (self, batch);
  if (hidden)
    g_hash_table_add (self->hidden, g_strdup (bc_batch_get_id (batch)));
  else
    g_list_store_insert_sorted (self->visible, batch, compare_newest_first, NULL);

  return TRUE;
}

/**
 * bc_store_publish_batch:
 *
 * Makes a hidden batch visible, with the counters its writer committed.
 * On a visible batch it only reloads the counters and tells the lists, which
 * is what a caller does after a writer appended rows to it.
 */
gboolean
bc_store_publish_batch (BcStore  *self,
                        BcBatch  *batch,
                        GError  **error)
{
  const char *id;
  gint64 counters[BC_N_COUNTERS];
  sqlite3_stmt *st;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);

  g_return_val_if_fail (is_stored (self, batch), FALSE);
  id = bc_batch_get_id (batch);

  if (!_bc_store_begin (self, error))
    return FALSE;
  if ((st = _bc_store_stmt (self, BC_STORE_STMT_SET_HIDDEN, error)) == NULL)
    return _bc_store_rollback (self);
  sqlite3_bind_int (st, 1, 0);
  _bc_store_bind_text (st, 2, id);
  if (!_bc_store_step_done (self, st, _("publishing the batch"), error) ||
      !_bc_store_read_counters (self->db, &self->stmts[BC_STORE_STMT_READ_COUNTERS], id, counters, error) ||
      !_bc_store_commit (self, error))
    return _bc_store_rollback (self);

  bc_batch_set_counters (batch, counters);
  if (g_hash_table_remove (self->hidden, id))
    g_list_store_insert_sorted (self->visible, batch, compare_newest_first, NULL);
  g_signal_emit (self, signals[RECIPIENTS_RESET], 0, id);

  return TRUE;
}

gboolean
bc_store_update_batch (BcStore  *self,
                       BcBatch  *batch,
                       GError  **error)
{
  sqlite3_stmt *st;
  int n_changes;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);
  g_return_val_if_fail (is_stored (self, batch), FALSE);

  if (!bc_batch_is_editable (batch))
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_EDITABLE,
                   /* Translators: %s is a batch state, e.g. "Ongoing" */
                   _("Only a draft can be edited; this batch is %s"),
                   bc_batch_state_get_label (bc_batch_get_state (batch)));
      return FALSE;
    }
  if (!check_name (self, batch, error) ||
      (st = _bc_store_stmt (self, BC_STORE_STMT_UPDATE_BATCH, error)) == NULL)
    return FALSE;

  bind_editable (st, batch);
  _bc_store_bind_text (st, 11, bc_batch_get_id (batch));
  if (!step_alone (self, st, batch, _("saving the batch"), &n_changes, error))
    return FALSE;
  if (n_changes == 0)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("The batch “%s” is no longer a stored draft"),
                   bc_batch_get_name (batch));
      return FALSE;
    }
  remember_name (self, batch);
  return TRUE;
}

/**
 * bc_store_set_batch_state:
 *
 * Also saves the batch's pause reason, which the caller sets before pausing.
 */
gboolean
bc_store_set_batch_state (BcStore       *self,
                          BcBatch       *batch,
                          BcBatchState   state,
                          GError       **error)
{
  return _bc_store_set_state (self, batch, state, TRUE, error);
}

/* With @cancel_rows FALSE a move to CANCELLED leaves the PENDING rows to
 * the caller (bc_store_cancel_batch_async() does them on a worker). */
gboolean
_bc_store_set_state (BcStore       *self,
                     BcBatch       *batch,
                     BcBatchState   state,
                     gboolean       cancel_rows,
                     GError       **error)
{
  BcBatchState old;
  gint64 counters[BC_N_COUNTERS];
  const char *id;
  sqlite3_stmt *st;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);
  g_return_val_if_fail (is_stored (self, batch), FALSE);

  old = bc_batch_get_state (batch);
  id = bc_batch_get_id (batch);
  if (!bc_batch_state_check_transition (old, state, error))
    return FALSE;

  if (!_bc_store_begin (self, error) ||
      (st = _bc_store_stmt (self, BC_STORE_STMT_SET_BATCH_STATE, error)) == NULL)
    return _bc_store_rollback (self);
  sqlite3_bind_int (st, 1, state);
  _bc_store_bind_text (st, 2, bc_batch_get_pause_reason (batch));
  _bc_store_bind_text (st, 3, id);
  sqlite3_bind_int (st, 4, old);
  if (!_bc_store_step_done (self, st, _("changing the batch state"), error))
    return _bc_store_rollback (self);
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("The batch “%s” is not stored as %s"),
                   bc_batch_get_name (batch), bc_batch_state_get_label (old));
      return _bc_store_rollback (self);
    }
  if (state == BC_BATCH_STATE_CANCELLED && cancel_rows &&
      !_bc_store_cancel_pending (self, id, error))
    return _bc_store_rollback (self);
  if (!_bc_store_read_counters (self->db, &self->stmts[BC_STORE_STMT_READ_COUNTERS], id, counters, error) ||
      !_bc_store_commit (self, error))
    return _bc_store_rollback (self);

  _bc_batch_set_state (batch, state);
  bc_batch_set_counters (batch, counters);
  if (state == BC_BATCH_STATE_CANCELLED && cancel_rows)
    g_signal_emit (self, signals[RECIPIENTS_RESET], 0, id);

  return TRUE;
}

sqlite3 *
_bc_store_get_db (BcStore *self)
{
  g_return_val_if_fail (BC_IS_STORE (self), NULL);
  return self->db;
}
