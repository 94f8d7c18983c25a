/* bc-cli-import.c: batch-calls-cli import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bc-batch.h"
#include "bc-cli.h"
#include "bc-csv-import.h"
#include "bc-phone.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static gboolean
parse_delimiter (const char *text,
                 char       *delimiter)
{
  if (g_ascii_strcasecmp (text, "tab") == 0 || strcmp (text, "\\t") == 0 ||
      strcmp (text, "\t") == 0)
    *delimiter = '\t';
  else if (strcmp (text, ",") == 0 || strcmp (text, ";") == 0 || strcmp (text, "|") == 0)
    *delimiter = text[0];
  else
    return FALSE;
  return TRUE;
}

/* One line per problem on stderr, and nothing else there: scripts read
 * it. Duplicates and normalised numbers are not problems; they are
 * counted in the summary on stdout. */
static void
print_problems (BcImportReport *report)
{
  GListModel *issues = bc_import_report_get_issues (report);
  guint n = g_list_model_get_n_items (issues);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BcImportIssue) issue = g_list_model_get_item (issues, i);
      g_autofree char *text = NULL;

      if (bc_import_issue_get_severity (issue) != BC_IMPORT_SEVERITY_ERROR)
        continue;
      text = bc_import_issue_to_string (issue);
      bc_cli_error ("%s", text);
    }
  if (bc_import_report_get_n_omitted (report) > 0)
    bc_cli_error (_("… and %" G_GUINT64_FORMAT " more problems"),
                  bc_import_report_get_n_omitted (report));
}

int
bc_cli_import (const BcCliGlobals  *globals,
               int                  argc,
               char               **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *from = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *delimiter = NULL;
  gboolean skip_invalid = FALSE;
  gboolean keep_duplicates = FALSE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the new batch"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("From Number (E.164), checked when the batch is submitted"), N_("NUMBER") },
    { "agent", 0, 0, G_OPTION_ARG_STRING, &agent, N_("Agent id"), N_("ID") },
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid, N_("Import the valid rows and list the invalid ones (default: any invalid row and nothing is imported)"), NULL },
    { "keep-duplicates", 0, 0, G_OPTION_ARG_NONE, &keep_duplicates, N_("Keep rows whose phone number appeared on an earlier line"), NULL },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("UTF-8, UTF-16LE, UTF-16BE, Windows-1252 or ISO-8859-1 (default: from the BOM, else UTF-8)"), N_("NAME") },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter, N_("“,” “;” or “tab” (default: guessed from the header)"), N_("C") },
    { NULL }
  };
  g_autoptr(BcStore) store = NULL;
  g_autoptr(BcBatch) batch = NULL;
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  BcCsvImportOptions options;
  Wait wait = { NULL, NULL };

  if (!bc_cli_parse (N_("FILE.csv --name NAME --from NUMBER"),
                     _("Imports a recipients CSV into a new Draft batch and prints its id."),
                     entries, &argc, &argv))
    return BC_CLI_EXIT_USAGE;

  bc_csv_import_options_init (&options);
  options.skip_invalid = skip_invalid;
  options.keep_duplicates = keep_duplicates;
  if (argc != 2)
    {
      bc_cli_error (_("import needs exactly one CSV file"));
      return BC_CLI_EXIT_USAGE;
    }
  if (name == NULL || *g_strstrip (name) == '\0')
    {
      bc_cli_error (_("import needs --name"));
      return BC_CLI_EXIT_USAGE;
    }
  if (from == NULL)
    {
      bc_cli_error (_("import needs --from"));
      return BC_CLI_EXIT_USAGE;
    }
  if (!bc_phone_is_e164 (from))
    {
      bc_cli_error (_("--from “%s” is not an E.164 number (+ and the country code)"), from);
      return BC_CLI_EXIT_USAGE;
    }
  if (encoding != NULL && !bc_csv_encoding_from_string (encoding, &options.encoding))
    {
      bc_cli_error (_("Unknown encoding “%s”: use UTF-8, UTF-16LE, UTF-16BE, Windows-1252 "
                      "or ISO-8859-1"), encoding);
      return BC_CLI_EXIT_USAGE;
    }
  if (delimiter != NULL && !parse_delimiter (delimiter, &options.delimiter))
    {
      bc_cli_error (_("Unknown delimiter “%s”: use “,” “;” or “tab”"), delimiter);
      return BC_CLI_EXIT_USAGE;
    }

  store = bc_cli_open_store (globals);
  if (store == NULL)
    return BC_CLI_EXIT_IO;

  batch = bc_batch_new (name);
  bc_batch_set_from_number (batch, from);
  if (agent != NULL)
    bc_batch_set_agent_id (batch, agent);

  file = g_file_new_for_commandline_arg (argv[1]);
  wait.loop = g_main_loop_new (NULL, FALSE);
  bc_csv_import_async (store, batch, file, &options, NULL, NULL, NULL, NULL,
                       on_import_done_cb, &wait);
  g_main_loop_run (wait.loop);
  report = bc_csv_import_finish (wait.result, NULL, &error);
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);

  if (report == NULL)
    {
      if (g_error_matches (error, BC_STORE_ERROR, BC_STORE_ERROR_NAME_TAKEN))
        {
          bc_cli_error ("%s", error->message);
          return BC_CLI_EXIT_DATA;
        }
      if (error->domain == G_IO_ERROR)
        bc_cli_error (_("Cannot read %s: %s"), argv[1], error->message);
      else
        bc_cli_error ("%s", error->message);
      return BC_CLI_EXIT_IO;
    }

  print_problems (report);
  if (!bc_import_report_get_success (report))
    {
      /* A valid file whose rows were all skipped (duplicates of nothing
       * is impossible, so: every row invalid with --skip-invalid) has no
       * problem line of its own: say it once. */
      if (bc_import_report_get_n_errors (report) == 0)
        bc_cli_error (_("No row could be imported"));
      return BC_CLI_EXIT_DATA;
    }

  printf (_("Imported %" G_GUINT64_FORMAT " recipients from %" G_GUINT64_FORMAT " rows "
            "(%" G_GUINT64_FORMAT " invalid, %" G_GUINT64_FORMAT " duplicates skipped, "
            "%" G_GUINT64_FORMAT " empty lines, %" G_GUINT64_FORMAT " numbers normalised)\n"),
          bc_import_report_get_imported (report), bc_import_report_get_rows_read (report),
          bc_import_report_get_invalid (report),
          bc_import_report_get_skipped_duplicate (report),
          bc_import_report_get_skipped_empty (report),
          bc_import_report_get_normalised (report));
  /* The last line is the id alone, for $(batch-calls-cli import … | tail -n1). */
  printf ("%s\n", bc_batch_get_id (batch));
  return BC_CLI_EXIT_OK;
}
