/* bc-cli-export.c: batch-calls-cli export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "bc-batch.h"
#include "bc-cli.h"
#include "bc-results-export.h"

int
bc_cli_export (const BcCliGlobals  *globals,
               int                  argc,
               char               **argv)
{
  const GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr(BcStore) store = NULL;
  g_autoptr(BcRecipientReader) reader = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n_rows = 0;
  BcBatch *batch;

  if (!bc_cli_parse (N_("BATCH FILE.csv"),
                     _("Writes the recipients of a batch (by id or name) and their call "
                       "results to a CSV file. Cells a spreadsheet would run as formulas "
                       "(starting with =, +, -, @, tab or CR) start with an apostrophe."),
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

  /* The CLI has no window to keep responsive: the export runs here. */
  reader = bc_store_open_reader (store, bc_batch_get_id (batch), &error);
  file = g_file_new_for_commandline_arg (argv[2]);
  if (reader == NULL ||
      !bc_results_export_to_file (reader, file, NULL, &n_rows, &error))
    {
      bc_cli_error (_("Cannot export “%s”: %s"), bc_batch_get_name (batch), error->message);
      return BC_CLI_EXIT_IO;
    }

  printf (g_dngettext (GETTEXT_PACKAGE, "Exported %" PRIu64 " recipient\n",
                       "Exported %" PRIu64 " recipients\n", n_rows), n_rows);
  return BC_CLI_EXIT_OK;
}
