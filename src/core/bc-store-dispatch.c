/* bc-store-dispatch.c: what the scheduler commits around each attempt
 *
 * A claim takes every free slot's recipient in one transaction, committed
 * with synchronous = FULL (one fsync for all of them) before any request
 * leaves; the answers are recorded with NORMAL (see bc_store_save_attempt
 * for why that loses nothing reconciliation cannot recover). Statements
 * are prepared per use: next to the rest of a call (HTTP, JSON, the
 * commit) a prepare is noise, and BcStore's own statement table stays
 * untouched.
 * Write transactions go through _bc_store_begin(), so they take the
 * store's write gate like every other writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "bc-batch-private.h"
#include "bc-store-private.h"

typedef sqlite3_stmt BcStmt;

static void
stmt_free (BcStmt *st)
{
  sqlite3_finalize (st);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcStmt, stmt_free)

static gboolean
step_done (sqlite3       *db,
           sqlite3_stmt  *st,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (st);

  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, db, rc, what);
  return TRUE;
}

#define bind_text _bc_store_bind_text

/* The main connection commits with synchronous = FULL (bc-store-schema.c);
 * an answer of the API is recorded with NORMAL. SQLite refuses to change
 * it inside a transaction, hence around it. */
static gboolean
set_synchronous (sqlite3   *db,
                 gboolean   full,
                 GError   **error)
{
  return _bc_store_exec (db, full ? "PRAGMA synchronous = FULL"
                                  : "PRAGMA synchronous = NORMAL", error);
}

static gboolean
read_row (sqlite3          *db,
          gint64            recipient_id,
          BcRecipientData  *data,
          GError          **error)
{
  g_autoptr(BcStmt) st = NULL;
  int rc;

  st = _bc_store_prepare (db, "SELECT " BC_STORE_RECIPIENT_COLUMNS
                              " FROM recipients WHERE id = ?1", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, recipient_id);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      _bc_store_read_recipient_row (st, data);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("There is no recipient %" PRId64), recipient_id);
      return FALSE;
    }
  return _bc_store_set_error (error, db, rc, _("reading a recipient"));
}

static gboolean
add_event (sqlite3     *db,
           const char  *batch_id,
           gint64       now_us,
           gboolean     started,
           GError     **error)
{
  g_autoptr(BcStmt) st = NULL;

  st = _bc_store_prepare (db, started
                              ? "INSERT INTO events (batch_id, minute, started) VALUES (?1, ?2, 1) "
                                "ON CONFLICT DO UPDATE SET started = started + 1"
                              : "INSERT INTO events (batch_id, minute, ended) VALUES (?1, ?2, 1) "
                                "ON CONFLICT DO UPDATE SET ended = ended + 1",
                          error);
  if (st == NULL)
    return FALSE;
  bind_text (st, 1, batch_id);
  sqlite3_bind_int64 (st, 2, now_us / (60 * G_USEC_PER_SEC));
  return step_done (db, st, _("recording the call events"), error);
}

/* Moves the counters of @batch_id by @delta, reads them back and, after
 * the caller's commit, shows them on the live batch. */
static gboolean
apply_delta (sqlite3      *db,
             const char   *batch_id,
             const gint64 *delta,
             gint64       *counters,
             GError      **error)
{
  sqlite3_stmt *delta_st = NULL;
  sqlite3_stmt *read_st = NULL;
  gboolean ok;

  ok = _bc_store_apply_counter_delta (db, &delta_st, batch_id, delta, error) &&
       _bc_store_read_counters (db, &read_st, batch_id, counters, error);
  g_clear_pointer (&delta_st, sqlite3_finalize);
  g_clear_pointer (&read_st, sqlite3_finalize);
  return ok;
}

static void
publish (BcStore               *self,
         const BcRecipientData *row,
         const gint64          *counters)
{
  g_autoptr(BcRecipient) snapshot = NULL;
  BcBatch *batch = bc_store_lookup_batch (self, row->batch_id);

  if (batch != NULL)
    bc_batch_set_counters (batch, counters);
  snapshot = bc_recipient_new (row);
  _bc_store_emit_recipient_changed (self, snapshot);
}

void
bc_in_flight_free (BcInFlight *in_flight)
{
  if (in_flight == NULL)
    return;
  bc_recipient_data_clear (&in_flight->data);
  g_free (in_flight);
}

static gboolean
check_running (sqlite3     *db,
               const char  *batch_id,
               GError     **error)
{
  g_autoptr(BcStmt) st = NULL;
  int rc;

  st = _bc_store_prepare (db, "SELECT state FROM batches WHERE id = ?1", error);
  if (st == NULL)
    return FALSE;
  bind_text (st, 1, batch_id);
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _bc_store_set_error (error, db, rc, _("reading the batch state"));
  if (rc == SQLITE_ROW && sqlite3_column_int (st, 0) == BC_BATCH_STATE_ONGOING)
    return TRUE;
  g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_RUNNING,
               _("The batch is not ongoing"));
  return FALSE;
}

/* Moves each row of @rows (read PENDING) to DISPATCHING with a new attempt
 * and its calls row, inside the caller's transaction; adds the counter
 * changes to @delta. */
static gboolean
mark_dispatching (sqlite3  *db,
                  GArray   *rows,
                  gint64    now_us,
                  gint64   *delta,
                  GError  **error)
{
  g_autoptr(BcStmt) update = NULL;
  g_autoptr(BcStmt) insert = NULL;

  update = _bc_store_prepare (db, "UPDATE recipients SET state = ?1, attempts = ?2, "
                                  "dispatched_at = ?3 WHERE id = ?4", error);
  if (update == NULL)
    return FALSE;
  insert = _bc_store_prepare (db, "INSERT INTO calls (recipient_id, attempt, dispatched_at) "
                                  "VALUES (?1, ?2, ?3)", error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      BcRecipientData *row = &g_array_index (rows, BcRecipientData, i);

      _bc_store_add_contrib (delta, row->state, row->outcome, row->successful,
                             row->last_call_id != NULL, -1);
      row->state = BC_RECIPIENT_STATE_DISPATCHING;
      row->attempts++;
      _bc_store_add_contrib (delta, row->state, row->outcome, row->successful,
                             row->last_call_id != NULL, 1);

      sqlite3_bind_int (update, 1, row->state);
      sqlite3_bind_int64 (update, 2, row->attempts);
      sqlite3_bind_int64 (update, 3, now_us);
      sqlite3_bind_int64 (update, 4, row->id);
      sqlite3_bind_int64 (insert, 1, row->id);
      sqlite3_bind_int64 (insert, 2, row->attempts);
      sqlite3_bind_int64 (insert, 3, now_us);
      if (!step_done (db, update, _("claiming a recipient"), error) ||
          !step_done (db, insert, _("recording an attempt"), error))
        return FALSE;
    }
  return TRUE;
}

guint
bc_store_claim_recipients (BcStore     *self,
                           const char  *batch_id,
                           guint       *cursor,
                           gint64       now_us,
                           const char  *open_zones,
                           guint        max,
                           GArray      *out,
                           GError     **error)
{
  sqlite3 *db;
  g_autoptr(BcStmt) find = NULL;
  g_autoptr(GArray) rows = NULL;
  gint64 delta[BC_N_COUNTERS] = { 0 };
  gint64 counters[BC_N_COUNTERS];
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), 0);
  g_return_val_if_fail (batch_id != NULL && cursor != NULL && out != NULL, 0);
  g_return_val_if_fail (g_array_get_element_size (out) == sizeof (BcRecipientData), 0);

  if (max == 0)
    return 0;

  db = _bc_store_get_db (self);
  /* A claim must reach the disk before its POSTs leave, whatever an
   * earlier answer left the connection at (see bc_store_save_attempt). */
  if (!set_synchronous (db, TRUE, error) || !_bc_store_begin (self, error))
    return 0;
  /* Inside the write transaction: a pause committed by another process
   * stops the very next dispatch. */
  if (!check_running (db, batch_id, error))
    return _bc_store_rollback (self);

  /* Whole rows at once: the answer needs them all, and a second lookup per
   * row would double the claim's reads. recipients_position serves both
   * the range from the cursor and the order. */
  find = _bc_store_prepare (db, "SELECT " BC_STORE_RECIPIENT_COLUMNS " FROM recipients "
                                "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " "
                                "AND position >= ?2 AND state = 0 "
                                "AND next_attempt_at <= ?3 AND (?4 IS NULL OR "
                                "coalesce (json_extract (variables, '$.timezone'), '') "
                                "IN (SELECT value FROM json_each (?4))) "
                                "ORDER BY position LIMIT ?5",
                            error);
  if (find == NULL)
    return _bc_store_rollback (self);
  bind_text (find, 1, batch_id);
  sqlite3_bind_int64 (find, 2, *cursor);
  sqlite3_bind_int64 (find, 3, now_us);
  bind_text (find, 4, open_zones);
  sqlite3_bind_int64 (find, 5, max);
  rows = g_array_sized_new (FALSE, TRUE, sizeof (BcRecipientData), MIN (max, 256));
  g_array_set_clear_func (rows, (GDestroyNotify) bc_recipient_data_clear);
  while ((rc = sqlite3_step (find)) == SQLITE_ROW)
    {
      g_array_set_size (rows, rows->len + 1);
      _bc_store_read_recipient_row (find, &g_array_index (rows, BcRecipientData, rows->len - 1));
    }
  /* Done reading before the same rows are written. */
  sqlite3_reset (find);
  if (rc != SQLITE_DONE)
    {
      _bc_store_set_error (error, db, rc, _("finding the next recipient"));
      return _bc_store_rollback (self);
    }
  if (rows->len == 0)
    {
      _bc_store_rollback (self);
      return 0;
    }

  /* One commit, so one fsync, for all of them: each row is DISPATCHING on
   * disk before any of their requests leaves. */
  if (!mark_dispatching (db, rows, now_us, delta, error) ||
      !apply_delta (db, batch_id, delta, counters, error) ||
      !_bc_store_commit (self, error))
    return _bc_store_rollback (self);

  *cursor = g_array_index (rows, BcRecipientData, rows->len - 1).position + 1;
  for (guint i = 0; i < rows->len; i++)
    publish (self, &g_array_index (rows, BcRecipientData, i), counters);
  /* The strings move to @out: nothing is copied. */
  g_array_append_vals (out, rows->data, rows->len);
  g_array_set_clear_func (rows, NULL);
  return rows->len;
}

gboolean
bc_store_claim_recipient (BcStore          *self,
                          const char       *batch_id,
                          guint            *cursor,
                          gint64            now_us,
                          const char       *open_zones,
                          BcRecipientData  *out,
                          GError          **error)
{
  g_autoptr(GArray) claimed = g_array_new (FALSE, TRUE, sizeof (BcRecipientData));

  g_return_val_if_fail (out != NULL, FALSE);

  if (bc_store_claim_recipients (self, batch_id, cursor, now_us, open_zones, 1,
                                 claimed, error) == 0)
    return FALSE;
  bc_recipient_data_clear (out);
  *out = g_array_index (claimed, BcRecipientData, 0);
  return TRUE;
}

gboolean
bc_store_save_attempt (BcStore                *self,
                       const BcRecipientData  *data,
                       BcAttemptFate           fate,
                       gint64                  next_attempt_at,
                       gint64                  now_us,
                       GError                **error)
{
  sqlite3 *db;
  g_autoptr(BcStmt) update = NULL;
  gint64 delta[BC_N_COUNTERS] = { 0 };
  gint64 counters[BC_N_COUNTERS];
  BcRecipientData row = { 0 };
  gboolean was_sent, was_live;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  db = _bc_store_get_db (self);
  /* No fsync for an answer: exactly-once rests on the claim, which is
   * durable before the request left. A power cut can lose only the commits
   * since the last synced one (the WAL is a prefix; the next claim syncs
   * everything before it), and what it loses reconciliation recovers: a
   * row back in DISPATCHING is matched by its metadata.bc (adopted or,
   * absent, waits again); one back in IN_PROGRESS is followed again. A
   * crash of the process alone loses nothing (the OS has the pages). */
  if (!set_synchronous (db, FALSE, error))
    return FALSE;
  if (!_bc_store_begin (self, error))
    {
      set_synchronous (db, TRUE, NULL);
      return FALSE;
    }
  if (!read_row (db, data->id, &row, error))
    goto failed;

  was_sent = row.last_call_id != NULL;
  was_live = row.state == BC_RECIPIENT_STATE_IN_PROGRESS;
  _bc_store_add_contrib (delta, row.state, row.outcome, row.successful, was_sent, -1);
#define REPLACE_STRING(field) \
  g_free (row.field); row.field = g_strdup (data->field)
  row.state = data->state;
  row.attempts = data->attempts;
  REPLACE_STRING (last_call_id);
  row.outcome = data->outcome;
  row.successful = !!data->successful;
  row.started_at_ms = data->started_at_ms;
  row.ended_at_ms = data->ended_at_ms;
  row.duration_ms = data->duration_ms;
  REPLACE_STRING (disconnection_reason);
  REPLACE_STRING (sentiment);
  REPLACE_STRING (error_message);
#undef REPLACE_STRING
  _bc_store_add_contrib (delta, row.state, row.outcome, row.successful,
                         row.last_call_id != NULL, 1);

  update = _bc_store_prepare (db,
    "UPDATE recipients SET state = ?1, attempts = ?2, last_call_id = ?3, outcome = ?4, "
    "successful = ?5, started_at_ms = ?6, ended_at_ms = ?7, duration_ms = ?8, "
    "disconnection_reason = ?9, sentiment = ?10, error_message = ?11, "
    "next_attempt_at = ?12 WHERE id = ?13", error);
  if (update == NULL)
    goto failed;
  sqlite3_bind_int (update, 1, row.state);
  sqlite3_bind_int64 (update, 2, row.attempts);
  bind_text (update, 3, row.last_call_id);
  sqlite3_bind_int (update, 4, row.outcome);
  sqlite3_bind_int (update, 5, row.successful);
  sqlite3_bind_int64 (update, 6, row.started_at_ms);
  sqlite3_bind_int64 (update, 7, row.ended_at_ms);
  sqlite3_bind_int64 (update, 8, row.duration_ms);
  bind_text (update, 9, row.disconnection_reason);
  bind_text (update, 10, row.sentiment);
  bind_text (update, 11, row.error_message);
  sqlite3_bind_int64 (update, 12, next_attempt_at);
  sqlite3_bind_int64 (update, 13, row.id);
  if (!step_done (db, update, _("saving a recipient"), error))
    goto failed;

  if (fate != BC_ATTEMPT_KEEP)
    {
      g_autoptr(BcStmt) call = NULL;

      call = _bc_store_prepare (db, "UPDATE calls SET answered = ?1, call_id = ?2 "
                                    "WHERE recipient_id = ?3 AND attempt = ?4", error);
      if (call == NULL)
        goto failed;
      sqlite3_bind_int (call, 1, fate == BC_ATTEMPT_ACCEPTED ? 1 : 2);
      bind_text (call, 2, fate == BC_ATTEMPT_ACCEPTED ? row.last_call_id : NULL);
      sqlite3_bind_int64 (call, 3, row.id);
      sqlite3_bind_int64 (call, 4, row.attempts);
      if (!step_done (db, call, _("recording an attempt"), error))
        goto failed;
    }

  if ((fate == BC_ATTEMPT_ACCEPTED &&
       !add_event (db, row.batch_id, now_us, TRUE, error)) ||
      (was_live && row.state != BC_RECIPIENT_STATE_IN_PROGRESS &&
       !add_event (db, row.batch_id, now_us, FALSE, error)) ||
      !apply_delta (db, row.batch_id, delta, counters, error) ||
      !_bc_store_commit (self, error))
    goto failed;

  publish (self, &row, counters);
  bc_recipient_data_clear (&row);
  /* The attempt is committed, so the answer is TRUE; the next claim sets
   * FULL again itself if this fails. */
  {
    g_autoptr(GError) restore_error = NULL;

    if (!set_synchronous (db, TRUE, &restore_error))
      g_warning ("Could not restore synchronous=FULL: %s", restore_error->message);
  }
  return TRUE;

failed:
  bc_recipient_data_clear (&row);
  _bc_store_rollback (self);
  set_synchronous (db, TRUE, NULL);
  return FALSE;
}

GPtrArray *
bc_store_list_in_flight (BcStore     *self,
                         const char  *batch_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(BcStmt) st = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), NULL);
  g_return_val_if_fail (batch_id != NULL, NULL);

  db = _bc_store_get_db (self);
  /* "state != 0" lets SQLite use the partial index recipients_state. */
  st = _bc_store_prepare (db, "SELECT " BC_STORE_RECIPIENT_COLUMNS ", dispatched_at "
                              "FROM recipients WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " "
                              "AND state != 0 "
                              "AND state IN (1, 2) ORDER BY position", error);
  if (st == NULL)
    return NULL;
  bind_text (st, 1, batch_id);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_in_flight_free);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      BcInFlight *in_flight = g_new0 (BcInFlight, 1);

      _bc_store_read_recipient_row (st, &in_flight->data);
      in_flight->dispatched_at = sqlite3_column_int64 (st, sqlite3_column_count (st) - 1);
      g_ptr_array_add (out, in_flight);
    }
  if (rc != SQLITE_DONE)
    {
      _bc_store_set_error (error, db, rc, _("reading the calls in flight"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gint64
query_int64 (BcStore     *self,
             const char  *sql,
             const char  *text,
             gint64       number,
             gint64       fallback,
             const char  *what,
             GError     **error)
{
  g_autoptr(BcStmt) st = NULL;
  sqlite3 *db = _bc_store_get_db (self);
  int rc;

  st = _bc_store_prepare (db, sql, error);
  if (st == NULL)
    return fallback;
  if (text != NULL)
    bind_text (st, 1, text);
  sqlite3_bind_int64 (st, text != NULL ? 2 : 1, number);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW && sqlite3_column_type (st, 0) != SQLITE_NULL)
    return sqlite3_column_int64 (st, 0);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _bc_store_set_error (error, db, rc, what);
  return fallback;
}

guint
bc_store_count_accepted (BcStore     *self,
                         gint64       recipient_id,
                         GError     **error)
{
  g_return_val_if_fail (BC_IS_STORE (self), 0);

  return (guint) query_int64 (self, "SELECT count(*) FROM calls "
                                    "WHERE recipient_id = ?1 AND answered = 1",
                              NULL, recipient_id, 0, _("counting the attempts"), error);
}

gint64
bc_store_next_retry_at (BcStore     *self,
                        const char  *batch_id,
                        gint64       now_us,
                        GError     **error)
{
  g_return_val_if_fail (BC_IS_STORE (self), G_MAXINT64);

  /* Retries are rare next to fresh rows; a scan of the batch is fine here
   * because the scheduler asks only when its cursor found nothing due. */
  return query_int64 (self, "SELECT min(next_attempt_at) FROM recipients "
                            "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " AND state = 0 "
                            "AND next_attempt_at > ?2",
                      batch_id, now_us, G_MAXINT64, _("finding the next retry"), error);
}

gboolean
bc_store_refresh_batch (BcStore  *self,
                        BcBatch  *batch,
                        GError  **error)
{
  g_autoptr(BcStmt) st = NULL;
  sqlite3_stmt *read_st = NULL;
  gint64 counters[BC_N_COUNTERS];
  BcBatchState state;
  g_autofree char *reason = NULL;
  sqlite3 *db;
  int rc;
  gboolean ok;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (batch), FALSE);

  db = _bc_store_get_db (self);
  st = _bc_store_prepare (db, "SELECT state, pause_reason FROM batches WHERE id = ?1", error);
  if (st == NULL)
    return FALSE;
  bind_text (st, 1, bc_batch_get_id (batch));
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                     _("The batch “%s” is gone"), bc_batch_get_name (batch));
      else
        _bc_store_set_error (error, db, rc, _("reading the batch state"));
      return FALSE;
    }
  state = sqlite3_column_int (st, 0);
  reason = g_strdup ((const char *) sqlite3_column_text (st, 1));

  ok = _bc_store_read_counters (db, &read_st, bc_batch_get_id (batch), counters, error);
  g_clear_pointer (&read_st, sqlite3_finalize);
  if (!ok)
    return FALSE;

  bc_batch_set_counters (batch, counters);
  bc_batch_set_pause_reason (batch, reason);
  /* Emits ::state-changed when it differs. */
  _bc_batch_set_state (batch, state);
  return TRUE;
}

GArray *
bc_store_read_events (BcStore     *self,
                      const char  *batch_id,
                      gint64       from_minute,
                      GError     **error)
{
  g_autoptr(BcStmt) st = NULL;
  g_autoptr(GArray) out = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), NULL);

  db = _bc_store_get_db (self);
  st = _bc_store_prepare (db, "SELECT minute, started, ended FROM events "
                              "WHERE batch_id = ?1 AND minute >= ?2 ORDER BY minute", error);
  if (st == NULL)
    return NULL;
  bind_text (st, 1, batch_id);
  sqlite3_bind_int64 (st, 2, from_minute);
  out = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    for (int i = 0; i < 3; i++)
      {
        gint64 v = sqlite3_column_int64 (st, i);
        g_array_append_val (out, v);
      }
  if (rc != SQLITE_DONE)
    {
      _bc_store_set_error (error, db, rc, _("reading the call events"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
bc_store_count_pending_zones (BcStore      *self,
                              const char   *batch_id,
                              void        (*func) (const char *zone,
                                                   gint64      count,
                                                   gpointer    user_data),
                              gpointer      user_data,
                              GError      **error)
{
  g_autoptr(BcStmt) st = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);

  db = _bc_store_get_db (self);
  st = _bc_store_prepare (db, "SELECT coalesce (json_extract (variables, '$.timezone'), ''), "
                              "count(*) FROM recipients "
                              "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " AND state = 0 "
                              "GROUP BY 1", error);
  if (st == NULL)
    return FALSE;
  bind_text (st, 1, batch_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (st, 0), sqlite3_column_int64 (st, 1), user_data);
  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, db, rc, _("counting the recipients by zone"));
  return TRUE;
}
