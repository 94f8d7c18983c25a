/* bc-cli-export.c: batch-calls-cli export — one CSV row per recipient with
 * what became of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "bc-cli.h"
#include "bc-csv-writer.h"

/* Rows read from the store at a time: memory stays flat for any batch. */
#define PAGE 2000

static const char * const columns[] = {
  "phone number", "line", "state", "attempts", "call_id", "outcome", "successful",
  "disconnection_reason", "sentiment", "started_at", "ended_at", "duration_ms", "error",
};

static char *
format_ms (gint64 ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (ms <= 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_utc (ms / 1000);
  return dt != NULL ? g_date_time_format_iso8601 (dt) : g_strdup ("");
}

static void
add_row (BcCsvWriter *writer,
         BcRecipient *recipient)
{
  const BcRecipientData *d = bc_recipient_get_data (recipient);
  g_autofree char *line = g_strdup_printf ("%u", d->line);
  g_autofree char *attempts = g_strdup_printf ("%u", d->attempts);
  g_autofree char *started = format_ms (d->started_at_ms);
  g_autofree char *ended = format_ms (d->ended_at_ms);
  g_autofree char *duration = d->duration_ms > 0
                              ? g_strdup_printf ("%" G_GINT64_FORMAT, d->duration_ms) : g_strdup ("");
  gboolean ended_call = d->state == BC_RECIPIENT_STATE_DONE;

  /* The phone is read back by programs: written as it is. Free text a
   * person opens in a spreadsheet is neutralised. */
  bc_csv_writer_add (writer, d->phone, BC_CSV_WRITER_NONE);
  bc_csv_writer_add (writer, line, BC_CSV_WRITER_NONE);
  bc_csv_writer_add (writer, bc_recipient_state_to_string (d->state), BC_CSV_WRITER_NONE);
  bc_csv_writer_add (writer, attempts, BC_CSV_WRITER_NONE);
  bc_csv_writer_add (writer, d->last_call_id, BC_CSV_WRITER_NEUTRALISE_FORMULA);
  bc_csv_writer_add (writer, ended_call ? bc_call_outcome_to_string (d->outcome) : "",
                     BC_CSV_WRITER_NONE);
  bc_csv_writer_add (writer, ended_call ? (d->successful ? "true" : "false") : "",
                     BC_CSV_WRITER_NONE);
  bc_csv_writer_add (writer, d->disconnection_reason, BC_CSV_WRITER_NEUTRALISE_FORMULA);
  bc_csv_writer_add (writer, d->sentiment, BC_CSV_WRITER_NEUTRALISE_FORMULA);
  bc_csv_writer_add (writer, started, BC_CSV_WRITER_NONE);
  bc_csv_writer_add (writer, ended, BC_CSV_WRITER_NONE);
  bc_csv_writer_add (writer, duration, BC_CSV_WRITER_NONE);
  bc_csv_writer_add (writer, d->error_message, BC_CSV_WRITER_NEUTRALISE_FORMULA);
}

int
bc_cli_export (const BcCliGlobals  *globals,
               int                  argc,
               char               **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(BcStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(BcCsvWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  BcBatch *batch;
  guint total, n = 0;

  if (!bc_cli_parse (N_("BATCH FILE.csv"), _("Writes one CSV row per recipient of a batch: "
                                             "state, attempts, call id and outcome."),
                     entries, &argc, &argv))
    return BC_CLI_EXIT_USAGE;
  if (argc != 3)
    {
      bc_cli_error (_("export needs a batch id or name and a file name"));
      return BC_CLI_EXIT_USAGE;
    }
  store = bc_cli_open_store (globals);
  if (store == NULL)
    return BC_CLI_EXIT_IO;
  batch = bc_cli_find_batch (store, argv[1]);
  if (batch == NULL)
    return BC_CLI_EXIT_DATA;

  file = g_file_new_for_commandline_arg (argv[2]);
  /* Replaced atomically: a failed export leaves the old file as it was. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  if (stream == NULL)
    {
      bc_cli_error ("%s", error->message);
      return BC_CLI_EXIT_IO;
    }
  writer = bc_csv_writer_new (G_OUTPUT_STREAM (stream), ',');
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    bc_csv_writer_add (writer, columns[i], BC_CSV_WRITER_NONE);
  if (!bc_csv_writer_end_row (writer, NULL, &error))
    goto failed;

  total = bc_store_count_recipients (store, bc_batch_get_id (batch));
  for (guint position = 0; position < total; position += PAGE)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

      if (!bc_store_read_recipients (store, bc_batch_get_id (batch), position, PAGE, rows, &error))
        goto failed;
      for (guint i = 0; i < rows->len; i++)
        {
          add_row (writer, g_ptr_array_index (rows, i));
          if (!bc_csv_writer_end_row (writer, NULL, &error))
            goto failed;
          n++;
        }
    }
  if (!bc_csv_writer_close (writer, NULL, &error))
    goto failed;

  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Exported %u recipient to %s\n",
                                "Exported %u recipients to %s\n", n),
           n, argv[2]);
  return BC_CLI_EXIT_OK;

failed:
  bc_cli_error ("%s", error->message);
  {
    g_autoptr(GCancellable) abandon = g_cancellable_new ();

    /* Closed cancelled, a replacement is abandoned: the old file stays. */
    g_cancellable_cancel (abandon);
    g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
  }
  return BC_CLI_EXIT_IO;
}
