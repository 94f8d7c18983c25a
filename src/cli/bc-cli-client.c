/* bc-cli-client.c: the account options of batch-calls-cli, and batches by
 * id or name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bc-cli.h"

typedef struct
{
  const char  *name;
  const char **string;
  gint64      *number;
  gboolean    *flag;
} GlobalOption;

gboolean
bc_cli_parse_global_option (BcCliGlobals  *globals,
                            int            argc,
                            char         **argv,
                            int           *index)
{
  const GlobalOption options[] = {
    { "--api-url", &globals->api_url, NULL, NULL },
    { "--account-sid", &globals->account_sid, NULL, NULL },
    { "--profile", &globals->profile, NULL, NULL },
    { "--workspace", NULL, &globals->workspace_id, NULL },
    { "--sandbox", NULL, NULL, &globals->sandbox },
  };
  const char *arg = argv[*index];

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      const GlobalOption *o = &options[i];
      gsize len = strlen (o->name);
      const char *value = NULL;
      int used = 1;

      if (strncmp (arg, o->name, len) != 0 || (arg[len] != '\0' && arg[len] != '='))
        continue;
      if (o->flag != NULL)
        {
          if (arg[len] != '\0')
            return FALSE;
          *o->flag = TRUE;
          *index += 1;
          return TRUE;
        }
      if (arg[len] == '=')
        value = arg + len + 1;
      else if (*index + 1 < argc)
        {
          value = argv[*index + 1];
          used = 2;
        }
      else
        return FALSE;

      if (o->string != NULL)
        *o->string = value;
      else if (!g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, o->number, NULL))
        return FALSE;
      *index += used;
      return TRUE;
    }
  return FALSE;
}

BcBatch *
bc_cli_find_batch (BcStore    *store,
                   const char *id_or_name)
{
  BcBatch *batch = bc_store_lookup_batch (store, id_or_name);

  if (batch == NULL)
    batch = bc_store_find_batch_by_name (store, id_or_name);
  if (batch == NULL)
    bc_cli_error (_("No batch “%s”"), id_or_name);
  return batch;
}
