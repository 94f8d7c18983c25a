/* bc-cli-status.c: batch-calls-cli list and status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bc-batch.h"
#include "bc-cli.h"

static JsonNode *
batch_to_json (BcBatch *batch)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, bc_batch_get_id (batch));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, bc_batch_get_name (batch));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, bc_batch_state_to_string (bc_batch_get_state (batch)));
  for (guint i = 0; i < BC_N_COUNTERS; i++)
    {
      json_builder_set_member_name (builder, bc_counter_to_string (i));
      json_builder_add_int_value (builder, bc_batch_get_counter (batch, i));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, FALSE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

int
bc_cli_list (const BcCliGlobals  *globals,
             int                  argc,
             char               **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON array of batches"), NULL },
    { NULL }
  };
  g_autoptr(BcStore) store = NULL;
  GListModel *batches;
  guint n;

  if (!bc_cli_parse (NULL, _("Lists the batches, newest first."), entries, &argc, &argv))
    return BC_CLI_EXIT_USAGE;
  if (argc != 1)
    {
      bc_cli_error (_("list takes no arguments"));
      return BC_CLI_EXIT_USAGE;
    }
  store = bc_cli_open_store (globals);
  if (store == NULL)
    return BC_CLI_EXIT_IO;

  batches = bc_store_get_batches (store);
  n = g_list_model_get_n_items (batches);
  if (json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BcBatch) batch = g_list_model_get_item (batches, i);

          json_array_add_element (array, batch_to_json (batch));
        }
      json_node_set_array (root, array);
      print_json (root);
      return BC_CLI_EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BcBatch) batch = g_list_model_get_item (batches, i);

      printf ("%s  %-9s %8" G_GINT64_FORMAT "  %s\n", bc_batch_get_id (batch),
              bc_batch_state_to_string (bc_batch_get_state (batch)),
              bc_batch_get_counter (batch, BC_COUNTER_TOTAL), bc_batch_get_name (batch));
    }
  return BC_CLI_EXIT_OK;
}

int
bc_cli_status (const BcCliGlobals  *globals,
               int                  argc,
               char               **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object"), NULL },
    { NULL }
  };
  g_autoptr(BcStore) store = NULL;
  BcBatch *batch;

  if (!bc_cli_parse (N_("BATCH"), _("Shows a batch (by id or name): its state and counters."),
                     entries, &argc, &argv))
    return BC_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      bc_cli_error (_("status needs one batch id or name"));
      return BC_CLI_EXIT_USAGE;
    }
  store = bc_cli_open_store (globals);
  if (store == NULL)
    return BC_CLI_EXIT_IO;

  batch = bc_store_lookup_batch (store, argv[1]);
  if (batch == NULL)
    batch = bc_store_find_batch_by_name (store, argv[1]);
  if (batch == NULL)
    {
      bc_cli_error (_("No batch “%s”"), argv[1]);
      return BC_CLI_EXIT_DATA;
    }

  if (json)
    {
      g_autoptr(JsonNode) node = batch_to_json (batch);

      print_json (node);
      return BC_CLI_EXIT_OK;
    }

  printf ("%s\n%s: %s\n", bc_batch_get_name (batch), _("State"),
          bc_batch_state_get_label (bc_batch_get_state (batch)));
  printf ("%s: %s\n", _("Id"), bc_batch_get_id (batch));
  for (guint i = 0; i < BC_N_COUNTERS; i++)
    printf ("  %-13s %" G_GINT64_FORMAT "\n", bc_counter_to_string (i),
            bc_batch_get_counter (batch, i));
  return BC_CLI_EXIT_OK;
}
