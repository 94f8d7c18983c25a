/* bc-store-replace.c: a Draft's recipients replaced by those of another
 * (hidden) batch, in one transaction
 *
 * A new recipients file for a Draft is imported into a hidden batch of
 * its own, exactly as a new batch would be (same streaming, validation
 * and report). Only if that import succeeds are the Draft's rows swapped
 * for the new ones here; until then, and if it fails or is cancelled, the
 * Draft keeps the rows it had.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-batch.h"
#include "bc-store-private.h"
#include "bc-store-replace.h"

static gboolean
check_replace (BcStore  *self,
               BcBatch  *draft,
               BcBatch  *source,
               GError  **error)
{
  if (g_hash_table_lookup (self->batches, bc_batch_get_id (draft)) != draft ||
      !g_hash_table_contains (self->hidden, bc_batch_get_id (source)))
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND,
                   _("The batch to replace the recipients of is not in the store"));
      return FALSE;
    }
  if (bc_batch_get_state (draft) != BC_BATCH_STATE_DRAFT)
    {
      g_set_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_EDITABLE,
                   _("Only a Draft’s recipients can be replaced"));
      return FALSE;
    }
  return TRUE;
}

gboolean
bc_store_replace_recipients (BcStore  *self,
                             BcBatch  *draft,
                             BcBatch  *source,
                             GError  **error)
{
  g_autoptr(BcBatch) keep = NULL;
  g_autoptr(GString) copy = g_string_new ("UPDATE batches SET (");
  g_autofree char *source_id = NULL;
  const char *draft_id;
  gint64 counters[BC_N_COUNTERS];
  sqlite3_stmt *st = NULL;
  int rc;

  g_return_val_if_fail (BC_IS_STORE (self), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (draft), FALSE);
  g_return_val_if_fail (BC_IS_BATCH (source), FALSE);
  g_return_val_if_fail (draft != source, FALSE);

  if (!check_replace (self, draft, source, error))
    return FALSE;
  draft_id = bc_batch_get_id (draft);
  source_id = g_strdup (bc_batch_get_id (source));

  /* The counters come with the rows: the source's are exact, as the
   * writer kept them. */
  for (guint i = 0; i < BC_N_COUNTERS; i++)
    g_string_append_printf (copy, i == 0 ? "%s" : ", %s", _bc_store_counter_columns[i]);
  g_string_append (copy, ") = (SELECT ");
  for (guint i = 0; i < BC_N_COUNTERS; i++)
    g_string_append_printf (copy, i == 0 ? "%s" : ", %s", _bc_store_counter_columns[i]);
  g_string_append (copy, " FROM batches WHERE id = ?2) WHERE id = ?1");

  if (!_bc_store_begin (self, error))
    return FALSE;
  {
    const char *steps[] = {
      "DELETE FROM recipients WHERE batch_key = " BC_STORE_BATCH_KEY ("?1"),
      "UPDATE recipients SET batch_key = " BC_STORE_BATCH_KEY ("?1") " "
      "WHERE batch_key = " BC_STORE_BATCH_KEY ("?2"),
      copy->str,
      "DELETE FROM batches WHERE id = ?2",
    };

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        st = _bc_store_prepare (self->db, steps[i], error);
        if (st == NULL)
          return _bc_store_rollback (self);
        _bc_store_bind_text (st, 1, draft_id);
        if (sqlite3_bind_parameter_count (st) >= 2)
          _bc_store_bind_text (st, 2, source_id);
        rc = sqlite3_step (st);
        sqlite3_finalize (st);
        if (rc != SQLITE_DONE)
          {
            _bc_store_set_error (error, self->db, rc, _("replacing the recipients"));
            return _bc_store_rollback (self);
          }
      }
  }
  if (!_bc_store_read_counters (self->db, &self->stmts[BC_STORE_STMT_READ_COUNTERS],
                                draft_id, counters, error) ||
      !_bc_store_commit (self, error))
    return _bc_store_rollback (self);

  /* The source is gone from the file: from the store's maps too. */
  keep = g_object_ref (source);
  g_hash_table_remove (self->hidden, source_id);
  g_hash_table_remove (self->names, source_id);
  g_hash_table_remove (self->batches, source_id);

  bc_batch_set_counters (draft, counters);
  g_signal_emit_by_name (self, "recipients-reset", draft_id);
  g_signal_emit_by_name (self, "recipients-reset", source_id);
  return TRUE;
}

/**
 * bc_store_replace_recipients_async:
 *
 * The Draft takes the source's rows by taking its batch key, in one
 * transaction of a few row updates on a worker; its old rows are then
 * deleted there with the source, in chunks (bc-store-bulk.c).
 */
void
bc_store_replace_recipients_async (BcStore             *self,
                                   BcBatch             *draft,
                                   BcBatch             *source,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (BC_IS_STORE (self));
  g_return_if_fail (BC_IS_BATCH (draft));
  g_return_if_fail (BC_IS_BATCH (source));
  g_return_if_fail (draft != source);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bc_store_replace_recipients_async);
  /* Once swapped the Draft has its new rows, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  if (!check_replace (self, draft, source, &error))
    g_task_return_error (task, error);
  else
    _bc_store_start_replace (self, task, draft, source);
}

gboolean
bc_store_replace_recipients_finish (BcStore       *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
