/* bc-results-export.c: a batch's recipients and their call results as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-results-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bc-csv-writer.h"
#include "bc-recipient.h"
#include "bc-results-export.h"

/* Every cell: variables and reasons come from outside, and the phone
 * column is the one an attacker controls first. */
#define CELL BC_CSV_WRITER_NEUTRALISE_FORMULA

/* Names as in data/batch-call-template.csv, so the file reads like the
 * sheet it came from. */
static const char * const reserved_names[] = {
  "override agent id",
  "override agent version",
  "metadata",
  "custom_sip_headers",
  "ignore e164 validation",
};

static const char * const result_names[] = {
  "state", "outcome", "successful", "attempts", "call_id", "started_at", "ended_at",
  "duration_s", "disconnection_reason", "sentiment",
};

typedef struct
{
  BcCsvWriter       *writer;
  BcReservedColumns  reserved;
  JsonParser        *parser;
  GPtrArray         *variables;   /* the header's variable names, sheet order */
} Export;

static void
export_clear (Export *export)
{
  g_clear_pointer (&export->writer, bc_csv_writer_free);
  g_clear_object (&export->parser);
  g_clear_pointer (&export->variables, g_ptr_array_unref);
}

/* The variables of one row as a JSON object, or NULL when there are none.
 * The importer writes them, so anything else is a damaged row: its cells
 * stay empty rather than the export failing. */
static JsonObject *
parse_variables (Export     *export,
                 const char *text)
{
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (export->parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (export->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

/* The header follows the first row: rows of one batch come from one sheet,
 * so they all have the same variables. */
static void
add_header (Export                *export,
            const BcRecipientData *first)
{
  JsonObject *object = first != NULL ? parse_variables (export, first->variables) : NULL;

  export->variables = g_ptr_array_new_with_free_func (g_free);
  if (object != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        g_ptr_array_add (export->variables, g_strdup (l->data));
    }

  bc_csv_writer_add (export->writer, "phone number", CELL);
  for (guint i = 0; i < G_N_ELEMENTS (reserved_names); i++)
    if (export->reserved & (1 << i))
      bc_csv_writer_add (export->writer, reserved_names[i], CELL);
  for (guint i = 0; i < export->variables->len; i++)
    bc_csv_writer_add (export->writer, export->variables->pdata[i], CELL);
  for (guint i = 0; i < G_N_ELEMENTS (result_names); i++)
    bc_csv_writer_add (export->writer, result_names[i], CELL);
}

/* ISO 8601 in UTC with milliseconds; empty when unknown. */
static char *
format_instant (gint64 ms)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *seconds = NULL;

  if (ms <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (ms / 1000);
  if (dt == NULL)
    return NULL;
  seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) (ms % 1000));
}

static void
add_row (Export                *export,
         const BcRecipientData *row)
{
  BcCsvWriter *w = export->writer;
  JsonObject *object;
  g_autofree char *version = NULL;
  g_autofree char *attempts = g_strdup_printf ("%u", row->attempts);
  g_autofree char *started = format_instant (row->started_at_ms);
  g_autofree char *ended = format_instant (row->ended_at_ms);
  g_autofree char *duration = NULL;
  gboolean final = bc_recipient_state_is_final (row->state);

  if (row->override_agent_version >= 0)
    version = g_strdup_printf ("%d", row->override_agent_version);
  if (row->duration_ms > 0)
    duration = g_strdup_printf ("%" G_GINT64_FORMAT ".%03d",
                                row->duration_ms / 1000, (int) (row->duration_ms % 1000));

  bc_csv_writer_add (w, row->phone, CELL);
  if (export->reserved & BC_RESERVED_COLUMN_AGENT_ID)
    bc_csv_writer_add (w, row->override_agent_id, CELL);
  if (export->reserved & BC_RESERVED_COLUMN_AGENT_VERSION)
    bc_csv_writer_add (w, version, CELL);
  if (export->reserved & BC_RESERVED_COLUMN_METADATA)
    bc_csv_writer_add (w, row->metadata, CELL);
  if (export->reserved & BC_RESERVED_COLUMN_SIP_HEADERS)
    bc_csv_writer_add (w, row->custom_sip_headers, CELL);
  if (export->reserved & BC_RESERVED_COLUMN_IGNORE_E164)
    bc_csv_writer_add (w, row->ignore_e164 ? "true" : "false", CELL);

  object = export->variables->len > 0 ? parse_variables (export, row->variables) : NULL;
  for (guint i = 0; i < export->variables->len; i++)
    {
      const char *name = export->variables->pdata[i];
      JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

      bc_csv_writer_add (w, node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                            json_node_get_value_type (node) == G_TYPE_STRING
                              ? json_node_get_string (node) : NULL,
                         CELL);
    }

  bc_csv_writer_add (w, bc_recipient_state_to_string (row->state), CELL);
  bc_csv_writer_add (w, row->outcome != BC_CALL_OUTCOME_NONE
                          ? bc_call_outcome_to_string (row->outcome) : NULL, CELL);
  /* Unknown until the recipient is final: an empty cell, not "false". */
  bc_csv_writer_add (w, final ? (row->successful ? "true" : "false") : NULL, CELL);
  bc_csv_writer_add (w, attempts, CELL);
  bc_csv_writer_add (w, row->last_call_id, CELL);
  bc_csv_writer_add (w, started, CELL);
  bc_csv_writer_add (w, ended, CELL);
  bc_csv_writer_add (w, duration, CELL);
  bc_csv_writer_add (w, row->disconnection_reason, CELL);
  bc_csv_writer_add (w, row->sentiment, CELL);
}

static gboolean
write_rows (Export             *export,
            BcRecipientReader  *reader,
            GCancellable       *cancellable,
            guint64            *n_rows,
            GError            **error)
{
  BcRecipientData row = { 0 };
  gboolean have_row;
  gboolean ok = TRUE;

  if (!bc_recipient_reader_get_reserved (reader, &export->reserved, error))
    return FALSE;

  have_row = bc_recipient_reader_next (reader, &row, error);
  if (!have_row && error != NULL && *error != NULL)
    return FALSE;

  add_header (export, have_row ? &row : NULL);
  if (!bc_csv_writer_end_row (export->writer, cancellable, error))
    ok = FALSE;

  while (ok && have_row)
    {
      add_row (export, &row);
      (*n_rows)++;
      if (!bc_csv_writer_end_row (export->writer, cancellable, error) ||
          ((*n_rows % 4096) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error)))
        ok = FALSE;
      else
        {
          g_autoptr(GError) local_error = NULL;

          have_row = bc_recipient_reader_next (reader, &row, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
        }
    }
  bc_recipient_data_clear (&row);
  if (!ok)
    return FALSE;

  return g_cancellable_set_error_if_cancelled (cancellable, error) == FALSE &&
         bc_csv_writer_close (export->writer, cancellable, error);
}

gboolean
bc_results_export_to_file (BcRecipientReader  *reader,
                           GFile              *file,
                           GCancellable       *cancellable,
                           guint64            *n_rows,
                           GError            **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  Export export = { 0 };
  guint64 rows = 0;
  gboolean existed;
  gboolean ok;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  existed = g_file_query_exists (file, NULL);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  export.writer = bc_csv_writer_new (G_OUTPUT_STREAM (stream), ',');
  export.parser = json_parser_new_immutable ();
  ok = write_rows (&export, reader, cancellable, &rows, error);
  export_clear (&export);

  if (!ok)
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closing through a cancelled cancellable keeps GIO from moving its
       * temporary file over an existing one; a file that did not exist
       * was written in place and goes. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      if (!existed)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  if (n_rows != NULL)
    *n_rows = rows;
  return TRUE;
}

typedef struct
{
  BcRecipientReader *reader;
  GFile             *file;
  guint64            n_rows;
} ExportTask;

static void
export_task_free (ExportTask *data)
{
  g_clear_pointer (&data->reader, bc_recipient_reader_free);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTask *data = task_data;
  GError *error = NULL;

  if (bc_results_export_to_file (data->reader, data->file, cancellable, &data->n_rows, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
bc_results_export_async (BcStore             *store,
                         const char          *batch_id,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ExportTask *data;

  g_return_if_fail (BC_IS_STORE (store));
  g_return_if_fail (batch_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bc_results_export_async);
  g_task_set_name (task, "bc-results-export");

  data = g_new0 (ExportTask, 1);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) export_task_free);

  data->reader = bc_store_open_reader (store, batch_id, &error);
  if (data->reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, export_thread);
}

gboolean
bc_results_export_finish (GAsyncResult  *result,
                          guint64       *n_rows,
                          GError       **error)
{
  ExportTask *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bc_results_export_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  if (n_rows != NULL)
    *n_rows = data->n_rows;
  return TRUE;
}
