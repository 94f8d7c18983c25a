/* bc-store-filter.c: finding the recipients of a batch that match a
 * filter, and reading them back by position
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-recipient-filter.h"
#include "bc-recipient.h"
#include "bc-store-private.h"

/* How many SQLite virtual-machine steps pass between two looks at the
 * cancellable: about a millisecond of scanning. */
#define CANCEL_CHECK_STEPS 10000

BcRecipientFilter *
bc_recipient_filter_new (guint       states,
                         int         outcome,
                         const char *search)
{
  BcRecipientFilter *filter = g_new0 (BcRecipientFilter, 1);

  filter->states = states;
  filter->outcome = outcome;
  filter->search = search != NULL && search[0] != '\0' ? g_strdup (search) : NULL;
  return filter;
}

BcRecipientFilter *
bc_recipient_filter_copy (const BcRecipientFilter *filter)
{
  g_return_val_if_fail (filter != NULL, NULL);
  return bc_recipient_filter_new (filter->states, filter->outcome, filter->search);
}

void
bc_recipient_filter_free (BcRecipientFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->search);
  g_free (filter);
}

gboolean
bc_recipient_filter_is_empty (const BcRecipientFilter *filter)
{
  return filter == NULL ||
         (filter->states == 0 && filter->outcome < 0 &&
          (filter->search == NULL || filter->search[0] == '\0'));
}

gboolean
bc_recipient_filter_equal (const BcRecipientFilter *a,
                           const BcRecipientFilter *b)
{
  if (bc_recipient_filter_is_empty (a) || bc_recipient_filter_is_empty (b))
    return bc_recipient_filter_is_empty (a) == bc_recipient_filter_is_empty (b);
  return a->states == b->states && a->outcome == b->outcome &&
         g_strcmp0 (a->search, b->search) == 0;
}

/* "%text%" for LIKE, with LIKE's own wildcards in @text taken literally
 * (ESCAPE '\'). */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* The digits of a search that looks like (part of) a phone number, with
 * its leading '+': people type "+49 151 2345" for "+491512345…". NULL
 * when the search has anything a number cannot have. */
static char *
phone_digits (const char *search)
{
  GString *digits = g_string_new (NULL);
  gboolean any = FALSE;

  for (const char *p = search; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          any = TRUE;
        }
      else if (*p == '+' && digits->len == 0)
        g_string_append_c (digits, '+');
      else if (strchr (" -().", *p) == NULL)
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }
  if (!any)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

static int
progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

/* Only the file's path goes to the worker thread: the store object
 * belongs to its own thread, and a task that held it could keep it alive
 * after its owner let go. */
static GArray *
match_in_file (const char               *path,
               const char               *batch_id,
               const BcRecipientFilter  *filter,
               GCancellable             *cancellable,
               GError                  **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT position FROM recipients "
                                         "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1"));
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *digits = NULL;
  g_autofree char *text_pattern = NULL;
  g_autofree char *phone_pattern = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  int rc;

  if (filter != NULL && filter->states != 0)
    {
      g_string_append (sql, " AND state IN (-1");
      for (guint s = 0; s < 32; s++)
        if (filter->states & (1u << s))
          g_string_append_printf (sql, ",%u", s);
      g_string_append_c (sql, ')');
    }
  if (filter != NULL && filter->outcome >= 0)
    g_string_append (sql, " AND outcome = ?2");
  if (filter != NULL && filter->search != NULL && filter->search[0] != '\0')
    {
      text_pattern = like_pattern (filter->search);
      digits = phone_digits (filter->search);
      phone_pattern = like_pattern (digits != NULL ? digits : filter->search);
      /* The LIKE over the whole JSON text is a cheap first pass; only the
       * rows it lets through pay for json_each, which makes sure the text
       * is in a value rather than in a variable's name. */
      g_string_append (sql,
                       " AND (phone LIKE ?3 ESCAPE '\\'"
                       " OR (variables LIKE ?4 ESCAPE '\\' AND EXISTS ("
                       "SELECT 1 FROM json_each (recipients.variables) AS v"
                       " WHERE CAST (v.value AS TEXT) LIKE ?4 ESCAPE '\\')))");
    }
  g_string_append (sql, " ORDER BY position");

  /* A connection of the calling thread's own: the main one belongs to the
   * main thread, and WAL lets this one read while it writes. */
  db = _bc_store_connect (path, BC_STORE_CONNECTION_BULK, error);
  if (db == NULL)
    return NULL;
  if (!_bc_store_exec (db, "PRAGMA query_only = ON", error) ||
      (st = _bc_store_prepare (db, sql->str, error)) == NULL)
    {
      sqlite3_close (db);
      return NULL;
    }
  if (cancellable != NULL)
    sqlite3_progress_handler (db, CANCEL_CHECK_STEPS, progress_cb, cancellable);

  _bc_store_bind_text (st, 1, batch_id);
  if (filter != NULL && filter->outcome >= 0)
    sqlite3_bind_int (st, 2, filter->outcome);
  if (text_pattern != NULL)
    {
      _bc_store_bind_text (st, 3, phone_pattern);
      _bc_store_bind_text (st, 4, text_pattern);
    }

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      guint position = (guint) sqlite3_column_int64 (st, 0);

      g_array_append_val (positions, position);
    }
  sqlite3_finalize (st);

  if (rc == SQLITE_INTERRUPT || g_cancellable_is_cancelled (cancellable))
    {
      sqlite3_close (db);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The search was cancelled"));
      return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      _bc_store_set_error (error, db, rc, _("searching the recipients"));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_close (db);
  return g_steal_pointer (&positions);
}

GArray *
bc_store_match_recipients (BcStore                  *self,
                           const char               *batch_id,
                           const BcRecipientFilter  *filter,
                           GCancellable             *cancellable,
                           GError                  **error)
{
  g_return_val_if_fail (BC_IS_STORE (self), NULL);
  g_return_val_if_fail (batch_id != NULL, NULL);

  return match_in_file (self->path, batch_id, filter, cancellable, error);
}

typedef struct
{
  char              *path;
  char              *batch_id;
  BcRecipientFilter *filter;
} MatchData;

static void
match_data_free (MatchData *data)
{
  g_free (data->path);
  g_free (data->batch_id);
  bc_recipient_filter_free (data->filter);
  g_free (data);
}

static void
match_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MatchData *data = task_data;
  GError *error = NULL;
  GArray *positions;

  positions = match_in_file (data->path, data->batch_id, data->filter, cancellable, &error);
  if (positions == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, positions, (GDestroyNotify) g_array_unref);
}

void
bc_store_match_recipients_async (BcStore                  *self,
                                 const char               *batch_id,
                                 const BcRecipientFilter  *filter,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  MatchData *data;

  g_return_if_fail (BC_IS_STORE (self));
  g_return_if_fail (batch_id != NULL);

  data = g_new0 (MatchData, 1);
  data->path = g_strdup (self->path);
  data->batch_id = g_strdup (batch_id);
  data->filter = filter != NULL ? bc_recipient_filter_copy (filter) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bc_store_match_recipients_async);
  g_task_set_task_data (task, data, (GDestroyNotify) match_data_free);
  g_task_run_in_thread (task, match_thread);
}

GArray *
bc_store_match_recipients_finish (BcStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (BC_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
bc_store_read_recipients_at (BcStore      *self,
                             const char   *batch_id,
                             const guint  *positions,
                             guint         n_positions,
                             GPtrArray    *out,
                             GError      **error)
{
  g_autoptr(GString) list = g_string_new ("[");
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (n_positions == 0)
    return TRUE;

  /* The positions go in as one JSON array rather than n parameters, so
   * one statement text serves every page size. */
  for (guint i = 0; i < n_positions; i++)
    g_string_append_printf (list, i == 0 ? "%u" : ",%u", positions[i]);
  g_string_append_c (list, ']');

  st = _bc_store_prepare (self->db,
                          "SELECT " BC_STORE_RECIPIENT_COLUMNS " FROM recipients "
                          "WHERE batch_key = " BC_STORE_BATCH_KEY ("?1") " "
                          "AND position IN (SELECT value FROM json_each (?2)) "
                          "ORDER BY position",
                          error);
  if (st == NULL)
    return FALSE;
  _bc_store_bind_text (st, 1, batch_id);
  _bc_store_bind_text (st, 2, list->str);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      BcRecipientData data = { 0 };

      _bc_store_read_recipient_row (st, &data);
      g_ptr_array_add (out, bc_recipient_new_take (&data));
    }
  sqlite3_finalize (st);

  if (rc != SQLITE_DONE)
    return _bc_store_set_error (error, self->db, rc, _("reading the recipients"));
  return TRUE;
}
