/* bc-store-schema.c: connections, the versioned schema and its migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bc-store-private.h"

const char * const _bc_store_counter_columns[BC_N_COUNTERS] = {
  "n_total", "n_sent", "n_picked_up", "n_successful", "n_no_answer", "n_busy",
  "n_voicemail", "n_failed", "n_in_progress", "n_pending", "n_needs_review",
  "n_cancelled",
};

/* Each step is frozen once released: a database written by any earlier
 * build must migrate to the same schema as a new one. Never edit a step,
 * append one. tests/data/store-v1.sql is a database built by step 1. */
static const char migration_v1[] =
  "CREATE TABLE schema_version (version INTEGER NOT NULL);"
  "INSERT INTO schema_version (version) VALUES (0);"
  /* NOCASE makes “Spring” and “spring” clash in the UNIQUE index too, not
   * only in the store's own check (which also folds non-ASCII case). */
  "CREATE TABLE batches ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  from_number TEXT,"
  "  agent_id TEXT,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  planned_at INTEGER NOT NULL DEFAULT 0,"
  "  windows TEXT,"
  "  weekdays INTEGER NOT NULL DEFAULT 127,"
  "  timezone TEXT,"
  "  recipient_local_time INTEGER NOT NULL DEFAULT 0,"
  "  concurrency INTEGER NOT NULL DEFAULT 10,"
  "  retry_policy TEXT,"
  "  pause_reason TEXT,"
  "  n_total INTEGER NOT NULL DEFAULT 0,"
  "  n_sent INTEGER NOT NULL DEFAULT 0,"
  "  n_picked_up INTEGER NOT NULL DEFAULT 0,"
  "  n_successful INTEGER NOT NULL DEFAULT 0,"
  "  n_no_answer INTEGER NOT NULL DEFAULT 0,"
  "  n_busy INTEGER NOT NULL DEFAULT 0,"
  "  n_voicemail INTEGER NOT NULL DEFAULT 0,"
  "  n_failed INTEGER NOT NULL DEFAULT 0,"
  "  n_in_progress INTEGER NOT NULL DEFAULT 0,"
  "  n_pending INTEGER NOT NULL DEFAULT 0,"
  "  n_needs_review INTEGER NOT NULL DEFAULT 0,"
  "  n_cancelled INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE recipients ("
  "  id INTEGER PRIMARY KEY,"
  "  batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  line INTEGER NOT NULL DEFAULT 0,"
  "  phone TEXT NOT NULL,"
  "  ignore_e164 INTEGER NOT NULL DEFAULT 0,"
  "  override_agent_id TEXT,"
  "  override_agent_version INTEGER,"
  "  metadata TEXT,"
  "  custom_sip_headers TEXT,"
  "  variables TEXT,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_call_id TEXT,"
  "  outcome INTEGER NOT NULL DEFAULT 0,"
  "  successful INTEGER NOT NULL DEFAULT 0"
  ");"
  /* The lazy list pages by position through this index, never by OFFSET
   * (which walks every skipped row); it also serves the FK cascade. */
  "CREATE UNIQUE INDEX recipients_position ON recipients (batch_id, position);";

static const char migration_v2[] =
  /* A batch being imported: out of every list until published, deleted at
   * open if the import crashed. */
  "ALTER TABLE batches ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE recipients ADD COLUMN started_at_ms INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE recipients ADD COLUMN ended_at_ms INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE recipients ADD COLUMN duration_ms INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE recipients ADD COLUMN disconnection_reason TEXT;"
  "ALTER TABLE recipients ADD COLUMN sentiment TEXT;"
  "ALTER TABLE recipients ADD COLUMN error_message TEXT;"
  /* Retries: when a PENDING recipient with attempts > 0 is due (µs, 0 = now). */
  "ALTER TABLE recipients ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE recipients ADD COLUMN dispatched_at INTEGER NOT NULL DEFAULT 0;"
  /* Rows past PENDING: the in-flight ones to reconcile after a crash, the
   * ones to review. Partial, because a bulk import (all PENDING) would pay
   * for it on every row: fill 1M rows took 2.5 s without it, 6 s with a
   * full index. A query must repeat "state != 0" for SQLite to use it.
   * PENDING rows are found through recipients_position, from a cursor. */
  "CREATE INDEX recipients_state ON recipients (batch_id, state) WHERE state != 0;"
  /* One row per attempt, written with the DISPATCHING commit, so that after
   * a crash reconciliation knows which attempts may have reached the API.
   * answered: 0 = no answer from the API yet, 1 = accepted, 2 = refused. */
  "CREATE TABLE calls ("
  "  id INTEGER PRIMARY KEY,"
  "  recipient_id INTEGER NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,"
  "  attempt INTEGER NOT NULL,"
  "  call_id TEXT,"
  "  dispatched_at INTEGER NOT NULL,"
  "  answered INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (recipient_id, attempt)"
  ");"
  "CREATE INDEX calls_call_id ON calls (call_id);"
  /* The per-minute time series behind the charts (minute = Unix time / 60). */
  "CREATE TABLE events ("
  "  batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,"
  "  minute INTEGER NOT NULL,"
  "  started INTEGER NOT NULL DEFAULT 0,"
  "  ended INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (batch_id, minute)"
  ") WITHOUT ROWID;";

static const char migration_v3[] =
  /* Recipients name their batch by an integer key instead of its 36-byte
   * UUID: the UUID was in every row and in every entry of both recipient
   * indexes, and comparing it on each index probe was a third of the bulk
   * writer's time. A column's type cannot be changed in place, so the two
   * tables are rebuilt (SQLite's recipe: new table, copy, drop, rename;
   * foreign keys are off meanwhile, see _bc_store_migrate). AUTOINCREMENT:
   * a key is never reused, so a row written for a deleted batch can never
   * land in a newer one. batches.id stays unique: events still use it. */
  "CREATE TABLE batches_v3 ("
  "  key INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  from_number TEXT,"
  "  agent_id TEXT,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  planned_at INTEGER NOT NULL DEFAULT 0,"
  "  windows TEXT,"
  "  weekdays INTEGER NOT NULL DEFAULT 127,"
  "  timezone TEXT,"
  "  recipient_local_time INTEGER NOT NULL DEFAULT 0,"
  "  concurrency INTEGER NOT NULL DEFAULT 10,"
  "  retry_policy TEXT,"
  "  pause_reason TEXT,"
  "  n_total INTEGER NOT NULL DEFAULT 0,"
  "  n_sent INTEGER NOT NULL DEFAULT 0,"
  "  n_picked_up INTEGER NOT NULL DEFAULT 0,"
  "  n_successful INTEGER NOT NULL DEFAULT 0,"
  "  n_no_answer INTEGER NOT NULL DEFAULT 0,"
  "  n_busy INTEGER NOT NULL DEFAULT 0,"
  "  n_voicemail INTEGER NOT NULL DEFAULT 0,"
  "  n_failed INTEGER NOT NULL DEFAULT 0,"
  "  n_in_progress INTEGER NOT NULL DEFAULT 0,"
  "  n_pending INTEGER NOT NULL DEFAULT 0,"
  "  n_needs_review INTEGER NOT NULL DEFAULT 0,"
  "  n_cancelled INTEGER NOT NULL DEFAULT 0,"
  "  hidden INTEGER NOT NULL DEFAULT 0"
  ");"
  "INSERT INTO batches_v3 (id, name, from_number, agent_id, state, created_at, "
  "planned_at, windows, weekdays, timezone, recipient_local_time, concurrency, "
  "retry_policy, pause_reason, n_total, n_sent, n_picked_up, n_successful, n_no_answer, "
  "n_busy, n_voicemail, n_failed, n_in_progress, n_pending, n_needs_review, "
  "n_cancelled, hidden) SELECT id, name, from_number, agent_id, state, created_at, "
  "planned_at, windows, weekdays, timezone, recipient_local_time, concurrency, "
  "retry_policy, pause_reason, n_total, n_sent, n_picked_up, n_successful, n_no_answer, "
  "n_busy, n_voicemail, n_failed, n_in_progress, n_pending, n_needs_review, "
  "n_cancelled, hidden FROM batches ORDER BY created_at, id;"
  "CREATE TABLE recipients_v3 ("
  "  id INTEGER PRIMARY KEY,"
  "  batch_key INTEGER NOT NULL REFERENCES batches (key) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  line INTEGER NOT NULL DEFAULT 0,"
  "  phone TEXT NOT NULL,"
  "  ignore_e164 INTEGER NOT NULL DEFAULT 0,"
  "  override_agent_id TEXT,"
  "  override_agent_version INTEGER,"
  "  metadata TEXT,"
  "  custom_sip_headers TEXT,"
  "  variables TEXT,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_call_id TEXT,"
  "  outcome INTEGER NOT NULL DEFAULT 0,"
  "  successful INTEGER NOT NULL DEFAULT 0,"
  "  started_at_ms INTEGER NOT NULL DEFAULT 0,"
  "  ended_at_ms INTEGER NOT NULL DEFAULT 0,"
  "  duration_ms INTEGER NOT NULL DEFAULT 0,"
  "  disconnection_reason TEXT,"
  "  sentiment TEXT,"
  "  error_message TEXT,"
  "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
  "  dispatched_at INTEGER NOT NULL DEFAULT 0"
  ");"
  /* Rows of no batch (a v2 writer had foreign keys off) are left behind. */
  "INSERT INTO recipients_v3 (id, batch_key, position, line, phone, ignore_e164, "
  "override_agent_id, override_agent_version, metadata, custom_sip_headers, variables, "
  "state, attempts, last_call_id, outcome, successful, started_at_ms, ended_at_ms, "
  "duration_ms, disconnection_reason, sentiment, error_message, next_attempt_at, "
  "dispatched_at) SELECT r.id, b.key, r.position, r.line, r.phone, r.ignore_e164, "
  "r.override_agent_id, r.override_agent_version, r.metadata, r.custom_sip_headers, "
  "r.variables, r.state, r.attempts, r.last_call_id, r.outcome, r.successful, "
  "r.started_at_ms, r.ended_at_ms, r.duration_ms, r.disconnection_reason, r.sentiment, "
  "r.error_message, r.next_attempt_at, r.dispatched_at FROM recipients r JOIN "
  "batches_v3 b ON b.id = r.batch_id ORDER BY r.id;"
  "DROP TABLE recipients;"
  "DROP TABLE batches;"
  "ALTER TABLE batches_v3 RENAME TO batches;"
  "ALTER TABLE recipients_v3 RENAME TO recipients;"
  "CREATE UNIQUE INDEX recipients_position ON recipients (batch_key, position);"
  "CREATE INDEX recipients_state ON recipients (batch_key, state) WHERE state != 0;"
  /* Batches handed off to the platform (bc-store-handoff.c), keyed like
   * the recipients. Builds of this same development cycle created the
   * table on first use, keyed on batches.id; its rows are carried over
   * (the first statement only gives the copy something to read when the
   * file has no such table). */
  "CREATE TABLE IF NOT EXISTS platform_handoffs ("
  "  batch_id TEXT PRIMARY KEY NOT NULL,"
  "  state INTEGER NOT NULL,"
  "  batch_call_id TEXT,"
  "  since INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE platform_handoffs_v3 ("
  "  batch_key INTEGER PRIMARY KEY NOT NULL REFERENCES batches (key) ON DELETE CASCADE,"
  "  state INTEGER NOT NULL,"
  "  batch_call_id TEXT,"
  "  since INTEGER NOT NULL DEFAULT 0"
  ");"
  "INSERT INTO platform_handoffs_v3 (batch_key, state, batch_call_id, since) "
  "SELECT b.key, h.state, h.batch_call_id, h.since FROM platform_handoffs h "
  "JOIN batches b ON b.id = h.batch_id;"
  "DROP TABLE platform_handoffs;"
  "ALTER TABLE platform_handoffs_v3 RENAME TO platform_handoffs;";

static const char * const migrations[] = {
  migration_v1,
  migration_v2,
  migration_v3,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == BC_STORE_SCHEMA_VERSION);

gboolean
_bc_store_set_error (GError     **error,
                     sqlite3     *db,
                     int          rc,
                     const char  *what)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_DATABASE,
               /* Translators: %s are what was being done, then SQLite's message */
               _("Database error while %s: %s"), what, detail);
  return FALSE;
}

gboolean
_bc_store_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc == SQLITE_OK)
    return TRUE;

  g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_DATABASE,
               _("Database error: %s"),
               message != NULL ? message : sqlite3_errstr (rc));
  sqlite3_free (message);
  return FALSE;
}

sqlite3_stmt *
_bc_store_prepare (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _bc_store_set_error (error, db, rc, _("preparing a query"));
      return NULL;
    }
  return stmt;
}

sqlite3_stmt *
_bc_store_cached (sqlite3       *db,
                  sqlite3_stmt **slot,
                  const char    *sql,
                  GError       **error)
{
  if (*slot == NULL)
    {
      *slot = _bc_store_prepare (db, sql, error);
      return *slot;
    }

  sqlite3_reset (*slot);
  sqlite3_clear_bindings (*slot);
  return *slot;
}

sqlite3 *
_bc_store_connect (const char         *path,
                   BcStoreConnection   kind,
                   GError            **error)
{
  sqlite3 *db = NULL;
  g_autofree char *pragmas = NULL;
  int rc;

  /* Each connection is used by one thread at a time (the store's on the
   * main thread, a writer's on its worker), so SQLite's mutexes are waste. */
  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _bc_store_set_error (error, db, rc, _("opening the database"));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, BC_STORE_BUSY_TIMEOUT_MS);

  /* synchronous: the main connection commits DISPATCHING before the HTTP
   * request that places a call; with FULL the commit is on disk when
   * COMMIT returns, so a power cut cannot roll it back and have the call
   * placed twice. The bulk writer only loads a hidden import, which is
   * deleted at the next open if it never got published, and publishing
   * commits on the main connection (FULL syncs the whole WAL, the writer's
   * frames included): NORMAL spares it one fsync per chunk and loses
   * nothing that matters. */
  /* foreign_keys: the bulk writer only inserts rows of the one batch it
   * was opened for, which exists (hidden) for its whole life, so checking
   * each of a million rows against it costs ~25% of an import and proves
   * nothing; the main connection keeps enforcing (and cascading). The
   * cache: 8 MB keeps the position index hot without pushing an import
   * past its memory budget. */
  pragmas = g_strdup_printf ("PRAGMA journal_mode = WAL;"
                             "PRAGMA foreign_keys = %s;"
                             "PRAGMA synchronous = %s;"
                             "PRAGMA cache_size = %d;"
                             "PRAGMA wal_autocheckpoint = %d;",
                             kind == BC_STORE_CONNECTION_MAIN ? "ON" : "OFF",
                             kind == BC_STORE_CONNECTION_MAIN ? "FULL" : "NORMAL",
                             kind == BC_STORE_CONNECTION_MAIN ? -8192 : -8192,
                             kind == BC_STORE_CONNECTION_MAIN ? 1000 : 0);
  if (!_bc_store_exec (db, pragmas, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static gboolean
read_version (sqlite3  *db,
              guint    *version,
              GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean has_table;
  int rc;

  stmt = _bc_store_prepare (db, "SELECT count(*) FROM sqlite_master "
                                "WHERE type = 'table' AND name = 'schema_version'",
                            error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  has_table = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return _bc_store_set_error (error, db, rc, _("reading the schema version"));

  *version = 0;
  if (!has_table)
    return TRUE;

  stmt = _bc_store_prepare (db, "SELECT max(version) FROM schema_version", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return _bc_store_set_error (error, db, rc, _("reading the schema version"));

  return TRUE;
}

static gboolean
refuse_too_new (guint     version,
                GError  **error)
{
  if (version <= BC_STORE_SCHEMA_VERSION)
    return TRUE;

  g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_TOO_NEW,
               _("The database was written by a newer version of Batch Calls "
                 "(schema %u; this version knows up to %u). It was left "
                 "untouched: update the application to open it."),
               version, (guint) BC_STORE_SCHEMA_VERSION);
  return FALSE;
}

gboolean
_bc_store_peek_version (const char  *path,
                        guint       *version,
                        GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *uri = NULL;
  GStatBuf st;
  sqlite3 *db = NULL;
  gboolean ok;
  int rc;

  *version = 0;
  if (g_stat (path, &st) != 0 || st.st_size == 0)
    return TRUE;

  /* A read-only connection to a WAL database still creates -wal and -shm
   * when they are missing. Without a -wal file the main file is the whole
   * database, and "immutable" reads it with no side file and no lock; with
   * one, a plain read-only open creates nothing new and sees its frames. */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    }
  else
    {
      g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

      uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
      rc = sqlite3_open_v2 (uri, &db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                            NULL);
    }
  if (rc != SQLITE_OK)
    {
      _bc_store_set_error (error, db, rc, _("opening the database"));
      sqlite3_close (db);
      return FALSE;
    }

  ok = read_version (db, version, error);
  sqlite3_close (db);
  return ok && refuse_too_new (*version, error);
}

/* FALSE with an error when a row points at no parent: a step that
 * rebuilt a table must leave every reference whole. */
static gboolean
check_foreign_keys (sqlite3  *db,
                    GError  **error)
{
  sqlite3_stmt *stmt = _bc_store_prepare (db, "PRAGMA foreign_key_check", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_DATABASE,
                 _("Database error: a row of “%s” refers to nothing in “%s”"),
                 (const char *) sqlite3_column_text (stmt, 0),
                 (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return FALSE;
  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, db, rc, _("checking the database"));
  return TRUE;
}

static gboolean
migrate_steps (sqlite3  *db,
               guint    *version,
               GError  **error)
{
  for (;;)
    {
      g_autofree char *bump = NULL;
      guint current;

      /* IMMEDIATE takes the write lock before reading the version, so two
       * processes opening an old file at once cannot both run a step. */
      if (!_bc_store_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!read_version (db, &current, error) || !refuse_too_new (current, error))
        goto rollback;

      *version = current;
      if (current == BC_STORE_SCHEMA_VERSION)
        {
          _bc_store_exec (db, "ROLLBACK", NULL);
          return TRUE;
        }

      g_debug ("Migrating the database from schema %u to %u", current, current + 1);
      bump = g_strdup_printf ("UPDATE schema_version SET version = %u", current + 1);
      if (!_bc_store_exec (db, migrations[current], error) ||
          !_bc_store_exec (db, bump, error) ||
          !check_foreign_keys (db, error) ||
          !_bc_store_exec (db, "COMMIT", error))
        goto rollback;
      continue;

    rollback:
      _bc_store_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
}

gboolean
_bc_store_migrate (sqlite3  *db,
                   guint    *version,
                   GError  **error)
{
  gboolean ok;

  /* A step that rebuilds a parent table drops the old one: with foreign
   * keys on, that would cascade into its children. SQLite ignores this
   * pragma inside a transaction, hence around the steps; each step checks
   * the references itself before it commits. */
  if (!_bc_store_exec (db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  ok = migrate_steps (db, version, error);
  /* Migrations run on the main connection only, which enforces them. */
  if (!_bc_store_exec (db, "PRAGMA foreign_keys = ON", ok ? error : NULL))
    ok = FALSE;
  return ok;
}

void
_bc_store_read_recipient_row (sqlite3_stmt    *stmt,
                              BcRecipientData *data)
{
  int col = 0;

#define TEXT() g_strdup ((const char *) sqlite3_column_text (stmt, col++))
#define INT64() sqlite3_column_int64 (stmt, col++)
  data->id = INT64 ();
  data->batch_id = TEXT ();
  data->position = (guint) INT64 ();
  data->line = (guint) INT64 ();
  data->phone = TEXT ();
  data->ignore_e164 = INT64 () != 0;
  data->override_agent_id = TEXT ();
  /* NULL is "no override"; 0 is a real version. */
  data->override_agent_version =
    sqlite3_column_type (stmt, col) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, col);
  col++;
  data->metadata = TEXT ();
  data->custom_sip_headers = TEXT ();
  data->variables = TEXT ();
  data->state = (BcRecipientState) INT64 ();
  data->attempts = (guint) INT64 ();
  data->last_call_id = TEXT ();
  data->outcome = (BcCallOutcome) INT64 ();
  data->successful = INT64 () != 0;
  data->started_at_ms = INT64 ();
  data->ended_at_ms = INT64 ();
  data->duration_ms = INT64 ();
  data->disconnection_reason = TEXT ();
  data->sentiment = TEXT ();
  data->error_message = TEXT ();
#undef TEXT
#undef INT64
}

void
_bc_store_add_contrib (gint64           *counters,
                       BcRecipientState  state,
                       BcCallOutcome     outcome,
                       gboolean          successful,
                       gboolean          sent,
                       gint64            factor)
{
  gint64 contrib[BC_N_COUNTERS];

  bc_recipient_counter_contrib (state, outcome, successful, sent, contrib);
  for (guint i = 0; i < BC_N_COUNTERS; i++)
    counters[i] += factor * contrib[i];
}

static const char *
counter_delta_sql (void)
{
  static char *sql;

  if (g_once_init_enter (&sql))
    {
      GString *str = g_string_new ("UPDATE batches SET ");

      for (guint i = 0; i < BC_N_COUNTERS; i++)
        g_string_append_printf (str, "%s%s = %s + ?%u", i > 0 ? ", " : "",
                                _bc_store_counter_columns[i],
                                _bc_store_counter_columns[i], i + 1);
      g_string_append_printf (str, " WHERE id = ?%u", BC_N_COUNTERS + 1);
      g_once_init_leave (&sql, g_string_free (str, FALSE));
    }
  return sql;
}

static const char *
read_counters_sql (void)
{
  static char *sql;

  if (g_once_init_enter (&sql))
    {
      GString *str = g_string_new ("SELECT ");

      for (guint i = 0; i < BC_N_COUNTERS; i++)
        g_string_append_printf (str, "%s%s", i > 0 ? ", " : "", _bc_store_counter_columns[i]);
      g_string_append (str, " FROM batches WHERE id = ?1");
      g_once_init_leave (&sql, g_string_free (str, FALSE));
    }
  return sql;
}

gboolean
_bc_store_apply_counter_delta (sqlite3       *db,
                               sqlite3_stmt **slot,
                               const char    *batch_id,
                               const gint64  *delta,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean any = FALSE;
  int rc;

  for (guint i = 0; i < BC_N_COUNTERS; i++)
    any |= delta[i] != 0;
  if (!any)
    return TRUE;

  stmt = _bc_store_cached (db, slot, counter_delta_sql (), error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < BC_N_COUNTERS; i++)
    sqlite3_bind_int64 (stmt, i + 1, delta[i]);
  sqlite3_bind_text (stmt, BC_N_COUNTERS + 1, batch_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, db, rc, _("updating the batch counters"));
  return TRUE;
}

gboolean
_bc_store_read_counters (sqlite3       *db,
                         sqlite3_stmt **slot,
                         const char    *batch_id,
                         gint64        *counters,
                         GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _bc_store_cached (db, slot, read_counters_sql (), error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    for (guint i = 0; i < BC_N_COUNTERS; i++)
      counters[i] = sqlite3_column_int64 (stmt, i);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("The batch no longer exists"));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _bc_store_set_error (error, db, rc, _("reading the batch counters"));
  return TRUE;
}
