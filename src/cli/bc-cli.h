/* bc-cli.h: what the subcommands of batch-calls-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bc-store.h"

G_BEGIN_DECLS

/* sysexits.h values: scripts tell a bad sheet from a full disk. */
#define BC_CLI_EXIT_OK       0
#define BC_CLI_EXIT_USAGE    64
#define BC_CLI_EXIT_DATA     65
#define BC_CLI_EXIT_IO       74

typedef struct
{
  char *data_dir;   /* --data-dir, or NULL for the user data dir */
  /* The account (bc-cli-client.c); strings point into argv. */
  const char *api_url;      /* --api-url */
  gint64      workspace_id; /* --workspace, -1: none */
  const char *account_sid;  /* --account-sid */
  const char *profile;      /* --profile uponai|retell */
  gboolean    sandbox;      /* --sandbox: an embedded sandbox */
} BcCliGlobals;

/* EX_TEMPFAIL: another process runs the batch; try again later. */
#define BC_CLI_EXIT_BUSY     75

typedef int (*BcCliCommand) (const BcCliGlobals *globals,
                             int                 argc,
                             char              **argv);

/* Messages to stderr, prefixed with the program name. */
void      bc_cli_error        (const char *format,
                               ...) G_GNUC_PRINTF (1, 2);
/* Parses @argc/@argv (argv[0] is the subcommand) with @entries; on a bad
 * option prints the error and the help, and returns FALSE. */
gboolean  bc_cli_parse        (const char          *usage,
                               const char          *summary,
                               const GOptionEntry  *entries,
                               int                 *argc,
                               char              ***argv);
/* Opens the store; prints why not and returns NULL. */
BcStore  *bc_cli_open_store   (const BcCliGlobals  *globals);

/* The account options, before the command; TRUE when argv[*@index] was
 * one (then *@index moved past it). */
gboolean  bc_cli_parse_global_option (BcCliGlobals  *globals,
                                      int            argc,
                                      char         **argv,
                                      int           *index);
/* A batch by id, else by name; prints why not and returns NULL. */
BcBatch  *bc_cli_find_batch   (BcStore             *store,
                               const char          *id_or_name);

int       bc_cli_schedule     (const BcCliGlobals  *globals,
                               int                  argc,
                               char               **argv);
/* schedule --on-platform (bc-cli-run.c): submits @batch to the platform
 * and returns the exit status once the platform has it. */
int       bc_cli_hand_off     (const BcCliGlobals  *globals,
                               BcStore             *store,
                               BcBatch             *batch);
int       bc_cli_run          (const BcCliGlobals  *globals,
                               int                  argc,
                               char               **argv);
int       bc_cli_pause        (const BcCliGlobals  *globals,
                               int                  argc,
                               char               **argv);
int       bc_cli_resume       (const BcCliGlobals  *globals,
                               int                  argc,
                               char               **argv);
int       bc_cli_cancel       (const BcCliGlobals  *globals,
                               int                  argc,
                               char               **argv);
int       bc_cli_export       (const BcCliGlobals  *globals,
                               int                  argc,
                               char               **argv);
int       bc_cli_import       (const BcCliGlobals  *globals,
                               int                  argc,
                               char               **argv);
int       bc_cli_list         (const BcCliGlobals  *globals,
                               int                  argc,
                               char               **argv);
int       bc_cli_status       (const BcCliGlobals  *globals,
                               int                  argc,
                               char               **argv);

G_END_DECLS
