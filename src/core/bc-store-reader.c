/* bc-store-reader.c: reading every recipient of a batch from a worker
 * thread, on a connection of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-store-private.h"

struct _BcRecipientReader
{
  char         *path;
  char         *batch_id;
  sqlite3      *db;          /* opened on first use, in the reading thread */
  sqlite3_stmt *rows;
  gboolean      in_transaction;
  gboolean      done;
};

BcRecipientReader *
bc_store_open_reader (BcStore     *self,
                      const char  *batch_id,
                      GError     **error)
{
  BcRecipientReader *reader;

  g_return_val_if_fail (BC_IS_STORE (self), NULL);
  g_return_val_if_fail (batch_id != NULL, NULL);

  if (bc_store_lookup_batch (self, batch_id) == NULL)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("There is no batch “%s”"), batch_id);
      return NULL;
    }

  reader = g_new0 (BcRecipientReader, 1);
  reader->path = g_strdup (self->path);
  reader->batch_id = g_strdup (batch_id);
  return reader;
}

/* Connects and opens the read transaction that every later query of this
 * reader sees, so the reserved columns and the rows agree. */
static gboolean
ensure_open (BcRecipientReader  *reader,
             GError            **error)
{
  if (reader->in_transaction)
    return TRUE;

  if (reader->db == NULL)
    {
      reader->db = _bc_store_connect (reader->path, BC_STORE_CONNECTION_BULK, error);
      if (reader->db == NULL)
        return FALSE;
      if (!_bc_store_exec (reader->db, "PRAGMA query_only = ON", error))
        return FALSE;
    }
  if (!_bc_store_exec (reader->db, "BEGIN", error))
    return FALSE;
  reader->in_transaction = TRUE;
  return TRUE;
}

gboolean
bc_recipient_reader_get_reserved (BcRecipientReader  *reader,
                                  BcReservedColumns  *columns,
                                  GError            **error)
{
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (columns != NULL, FALSE);

  *columns = BC_RESERVED_COLUMN_NONE;
  if (!ensure_open (reader, error))
    return FALSE;

  /* count() skips NULLs: a column counts when one row has a value. */
  st = _bc_store_prepare (reader->db,
                          "SELECT count(override_agent_id), count(override_agent_version), "
                          "count(metadata), count(custom_sip_headers), "
                          "coalesce(max(ignore_e164), 0) "
                          "FROM recipients WHERE batch_key = " BC_STORE_BATCH_KEY ("?1"),
                          error);
  if (st == NULL)
    return FALSE;
  _bc_store_bind_text (st, 1, reader->batch_id);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    for (int i = 0; i < 5; i++)
      if (sqlite3_column_int64 (st, i) > 0)
        *columns |= 1 << i;
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW)
    return _bc_store_set_error (error, reader->db, rc, _("reading the recipients"));
  return TRUE;
}

gboolean
bc_recipient_reader_next (BcRecipientReader  *reader,
                          BcRecipientData    *out,
                          GError            **error)
{
  int rc;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  bc_recipient_data_clear (out);
  if (reader->done || !ensure_open (reader, error))
    return FALSE;

  /* One statement stepped to the end: SQLite streams the rows in position
   * order from the index, so memory stays flat for a million rows. */
  if (reader->rows == NULL)
    {
      reader->rows = _bc_store_prepare (reader->db,
                                        "SELECT " BC_STORE_RECIPIENT_COLUMNS " FROM recipients "
                                        "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " "
                                        "ORDER BY position",
                                        error);
      if (reader->rows == NULL)
        return FALSE;
      _bc_store_bind_text (reader->rows, 1, reader->batch_id);
    }

  rc = sqlite3_step (reader->rows);
  if (rc == SQLITE_ROW)
    {
      _bc_store_read_recipient_row (reader->rows, out);
      return TRUE;
    }
  reader->done = TRUE;
  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, reader->db, rc, _("reading the recipients"));
  return FALSE;
}

void
bc_recipient_reader_free (BcRecipientReader *reader)
{
  if (reader == NULL)
    return;

  g_clear_pointer (&reader->rows, sqlite3_finalize);
  if (reader->in_transaction)
    sqlite3_exec (reader->db, "COMMIT", NULL, NULL, NULL);
  g_clear_pointer (&reader->db, sqlite3_close);
  g_free (reader->path);
  g_free (reader->batch_id);
  g_free (reader);
}
