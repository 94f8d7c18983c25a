/* bc-cli.c: batch-calls-cli, a second front end over core for scripts
 *
 *   batch-calls-cli [--data-dir DIR] COMMAND [OPTIONS…]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bc-cli.h"

/* Other issues add their commands to this table. */
static const struct {
  const char   *name;
  BcCliCommand  run;
  const char   *summary;
} commands[] = {
  { "import", bc_cli_import, N_("Import a recipients CSV into a new Draft batch") },
  { "list",   bc_cli_list,   N_("List the batches") },
  { "status", bc_cli_status, N_("Show the state and counters of a batch") },
  { "schedule", bc_cli_schedule, N_("Set the windows, concurrency and retries of a Draft and submit it") },
  { "run",    bc_cli_run,    N_("Place the calls of batches until they are Sent, Paused or Cancelled") },
  { "pause",  bc_cli_pause,  N_("Pause a batch: calls in flight end, nothing new is placed") },
  { "resume", bc_cli_resume, N_("Resume a paused batch") },
  { "cancel", bc_cli_cancel, N_("Cancel a batch: its pending recipients are not called") },
  { "export", bc_cli_export, N_("Write the recipients of a batch and their call results to a CSV file") },
};

void
bc_cli_error (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", g_get_prgname (), message);
}

gboolean
bc_cli_parse (const char          *usage,
              const char          *summary,
              const GOptionEntry  *entries,
              int                 *argc,
              char              ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);
  g_autoptr(GError) error = NULL;

  /* The usage line ("BATCH FILE.csv") is marked with N_() by the
   * callers and translated here, with the summary. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      bc_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

BcStore *
bc_cli_open_store (const BcCliGlobals *globals)
{
  g_autofree char *path = bc_store_build_path (globals->data_dir);
  g_autoptr(GError) error = NULL;
  BcStore *store = bc_store_open (path, &error);

  if (store == NULL)
    bc_cli_error (_("Cannot open the database %s: %s"), path, error->message);
  return store;
}

static void
print_usage (FILE *out)
{
  fprintf (out, _("Usage: %s [--data-dir DIR] [--api-url URL] [--workspace ID] [--account-sid SID]\n"
                  "       [--profile uponai|retell] [--sandbox] COMMAND [OPTIONS…]\n\nCommands:\n"),
           g_get_prgname ());
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, _("\nRun “%s COMMAND --help” for the options of a command.\n"),
           g_get_prgname ());
}

int
main (int   argc,
      char *argv[])
{
  BcCliGlobals globals = { NULL, .workspace_id = -1 };
  int first = 1;
  int status = BC_CLI_EXIT_USAGE;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("batch-calls-cli");

  /* Global options come before the command; the command parses the rest
   * with its own GOptionContext. */
  while (first < argc && argv[first][0] == '-')
    {
      const char *arg = argv[first];

      if (strcmp (arg, "--data-dir") == 0 && first + 1 < argc)
        {
          g_free (globals.data_dir);
          globals.data_dir = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (arg, "--data-dir="))
        {
          g_free (globals.data_dir);
          globals.data_dir = g_strdup (arg + strlen ("--data-dir="));
          first++;
        }
      else if (bc_cli_parse_global_option (&globals, argc, argv, &first))
        ;
      else if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
        {
          print_usage (stdout);
          g_free (globals.data_dir);
          return BC_CLI_EXIT_OK;
        }
      else
        {
          bc_cli_error (_("Unknown option %s"), arg);
          print_usage (stderr);
          g_free (globals.data_dir);
          return BC_CLI_EXIT_USAGE;
        }
    }

  if (first >= argc)
    {
      print_usage (stderr);
      g_free (globals.data_dir);
      return BC_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[first], commands[i].name) == 0)
      {
        status = commands[i].run (&globals, argc - first, argv + first);
        g_free (globals.data_dir);
        return status;
      }

  bc_cli_error (_("Unknown command “%s”"), argv[first]);
  print_usage (stderr);
  g_free (globals.data_dir);
  return BC_CLI_EXIT_USAGE;
}
