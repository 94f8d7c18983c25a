/* bc-cli-run.c: batch-calls-cli run, pause, resume and cancel
 *
 * `run` drives batches in the foreground with the same BcScheduler the
 * app uses, until each one rests (Sent, Paused or Cancelled, with no call
 * in flight). It is resumable: every step is committed before it is
 * acted on, so after a kill -9 the next `run` reconciles and finishes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "bc-api-client.h"
#include "bc-cli.h"
#include "bc-sandbox.h"
#include "bc-schedule.h"
#include "bc-scheduler.h"
#include "bc-secret.h"
#include "bc-store-handoff.h"

#define DEFAULT_API_URL "https://api.upon-ai.com"

typedef struct
{
  GMainLoop  *loop;
  GPtrArray  *batches;     /* BcBatch being run */
  GHashTable *settled;     /* BcBatch → itself */
  gint64      last_print;
  char       *token;
  gboolean    token_done;
  GError     *token_error;
  int         status;
} Run;

static void
print_progress (BcBatch *batch)
{
  fprintf (stderr, _("%s: %s — %" PRId64 "/%" PRId64 " sent, %" PRId64 " in progress, "
                     "%" PRId64 " pending, %" PRId64 " picked up, %" PRId64 " need review\n"),
           bc_batch_get_name (batch), bc_batch_state_get_label (bc_batch_get_state (batch)),
           bc_batch_get_counter (batch, BC_COUNTER_SENT), bc_batch_get_counter (batch, BC_COUNTER_TOTAL),
           bc_batch_get_counter (batch, BC_COUNTER_IN_PROGRESS),
           bc_batch_get_counter (batch, BC_COUNTER_PENDING),
           bc_batch_get_counter (batch, BC_COUNTER_PICKED_UP),
           bc_batch_get_counter (batch, BC_COUNTER_NEEDS_REVIEW));

  /* An Ongoing batch outside its window places nothing and its counters
   * stand still: say when it resumes, or the run looks hung. With
   * recipient-local time each zone opens at its own hour, so the batch's
   * zone says nothing certain. */
  if (bc_batch_get_state (batch) == BC_BATCH_STATE_ONGOING &&
      !bc_batch_get_recipient_local_time (batch) &&
      bc_batch_get_counter (batch, BC_COUNTER_PENDING) > 0)
    {
      g_autoptr(BcSchedule) schedule = bc_schedule_new_for_batch (batch, NULL);
      gint64 now = g_get_real_time ();

      if (schedule != NULL && !bc_schedule_is_open (schedule, now, NULL))
        {
          g_autofree char *when = bc_schedule_describe_next_open (schedule, now);

          fprintf (stderr, _("%s: outside its calling window: %s\n"),
                   bc_batch_get_name (batch), when);
        }
    }
}

/* At most one line a second per run, however fast the counters move. */
static void
on_batch_notify_cb (BcBatch    *batch,
                    GParamSpec *pspec,
                    Run        *run)
{
  gint64 now = g_get_monotonic_time ();

  if (now - run->last_print < G_USEC_PER_SEC)
    return;
  run->last_print = now;
  print_progress (batch);
}

static void
on_state_changed_cb (BcBatch      *batch,
                     BcBatchState  new_state,
                     BcBatchState  old_state,
                     Run          *run)
{
  print_progress (batch);
  if (new_state == BC_BATCH_STATE_PAUSED && bc_batch_get_pause_reason (batch) != NULL)
    fprintf (stderr, _("%s: paused: %s\n"), bc_batch_get_name (batch), bc_batch_get_pause_reason (batch));
}

static void
on_settled_cb (BcScheduler *scheduler,
               BcBatch     *batch,
               Run         *run)
{
  g_hash_table_add (run->settled, batch);
  if (g_hash_table_size (run->settled) == run->batches->len)
    g_main_loop_quit (run->loop);
}

static gboolean
on_signal_cb (gpointer user_data)
{
  Run *run = user_data;

  fprintf (stderr, _("Interrupted: calls in flight are followed on the next run\n"));
  run->status = 130;
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_token_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->token = bc_secret_lookup_finish (result, &run->token_error);
  run->token_done = TRUE;
}

static BcApiClient *
make_client (const BcCliGlobals  *globals,
             Run                 *run,
             guint                max_conns,
             BcSandbox          **sandbox)
{
  g_autoptr(BcApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  BcApiProfile profile = BC_API_PROFILE_UPONAI;
  const char *url = globals->api_url != NULL ? globals->api_url : DEFAULT_API_URL;
  const char *account_sid = globals->account_sid;
  gint64 workspace_id = globals->workspace_id;

  if (globals->profile != NULL && !bc_api_profile_from_string (globals->profile, &profile))
    {
      bc_cli_error (_("Unknown profile “%s”: use uponai or retell"), globals->profile);
      run->status = BC_CLI_EXIT_USAGE;
      return NULL;
    }
  if (globals->sandbox)
    {
      *sandbox = bc_sandbox_new (NULL);
      if (!bc_sandbox_start (*sandbox, &error))
        {
          bc_cli_error (_("Cannot start the sandbox: %s"), error->message);
          run->status = BC_CLI_EXIT_IO;
          return NULL;
        }
      url = bc_sandbox_get_base_url (*sandbox);
      run->token = g_strdup (BC_SANDBOX_DEFAULT_TOKEN);
      if (workspace_id < 0)
        workspace_id = BC_SANDBOX_DEFAULT_WORKSPACE_ID;
      if (account_sid == NULL)
        account_sid = BC_SANDBOX_DEFAULT_ACCOUNT_SID;
    }
  else
    {
      bc_secret_lookup_async (url, NULL, on_token_cb, run);
      while (!run->token_done)
        g_main_context_iteration (NULL, TRUE);
      if (run->token == NULL)
        {
          bc_cli_error (_("No API token: set %s, or store one in the app (%s)"), BC_SECRET_ENV_VAR,
                        run->token_error != NULL ? run->token_error->message : _("none stored"));
          run->status = BC_CLI_EXIT_USAGE;
          return NULL;
        }
    }

  client = bc_api_client_new (url, profile, max_conns, NULL, &error);
  if (client == NULL)
    {
      bc_cli_error ("%s", error->message);
      run->status = BC_CLI_EXIT_USAGE;
      return NULL;
    }
  bc_api_client_set_token (client, run->token);
  if (workspace_id >= 0)
    bc_api_client_set_workspace_id (client, workspace_id);
  if (account_sid != NULL)
    bc_api_client_set_account_sid (client, account_sid);
  return g_steal_pointer (&client);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->batches, g_ptr_array_unref);
  g_clear_pointer (&run->settled, g_hash_table_unref);
  g_clear_pointer (&run->token, g_free);
  g_clear_error (&run->token_error);
}

int
bc_cli_hand_off (const BcCliGlobals *globals,
                 BcStore            *store,
                 BcBatch            *batch)
{
  Run run = { 0 };
  g_autoptr(BcSandbox) sandbox = NULL;
  g_autoptr(BcApiClient) client = NULL;
  g_autoptr(BcScheduler) scheduler = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_call_id = NULL;
  BcHandoffState state = BC_HANDOFF_PREPARING;

  client = make_client (globals, &run, 4, &sandbox);
  if (client == NULL)
    goto out;
  scheduler = bc_scheduler_new (store, client, NULL);
  bc_scheduler_set_holder_name (scheduler, "batch-calls-cli");
  if (!bc_scheduler_hand_off_batch (scheduler, batch, &error))
    {
      bc_cli_error ("%s", error->message);
      run.status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY) ? BC_CLI_EXIT_BUSY
                   : g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ? BC_CLI_EXIT_DATA
                   : BC_CLI_EXIT_IO;
      goto out;
    }
  /* Until the platform answered (or the answer is known to be lost): the
   * calls are then the platform's business, and `run` follows them. */
  while (bc_batch_get_state (batch) == BC_BATCH_STATE_ONGOING &&
         (state == BC_HANDOFF_PREPARING || !bc_scheduler_is_idle (scheduler)))
    {
      g_main_context_iteration (NULL, TRUE);
      g_clear_pointer (&batch_call_id, g_free);
      if (!bc_store_get_handoff (store, bc_batch_get_id (batch), &state, &batch_call_id, NULL, &error))
        {
          bc_cli_error ("%s", error->message);
          run.status = BC_CLI_EXIT_IO;
          goto out;
        }
    }

  if (state == BC_HANDOFF_SUBMITTED)
    printf (_("%s: on the platform as %s; “run” follows its calls\n"),
            bc_batch_get_name (batch), batch_call_id != NULL ? batch_call_id : "—");
  else if (state == BC_HANDOFF_SUBMITTING)
    printf (_("%s: sent to the platform, but its answer was lost; “run” looks for its calls "
              "(it is never sent twice)\n"), bc_batch_get_name (batch));
  else
    {
      bc_cli_error ("%s", bc_batch_get_pause_reason (batch) != NULL ? bc_batch_get_pause_reason (batch)
                    : _("The platform did not take the batch"));
      run.status = BC_CLI_EXIT_DATA;
    }

out:
  if (scheduler != NULL)
    bc_scheduler_stop (scheduler);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (sandbox != NULL)
    bc_sandbox_stop (sandbox);
  run_clear (&run);
  return run.status;
}

int
bc_cli_run (const BcCliGlobals  *globals,
            int                  argc,
            char               **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(BcStore) store = NULL;
  g_autoptr(BcApiClient) client = NULL;
  g_autoptr(BcScheduler) scheduler = NULL;
  g_autoptr(BcSandbox) sandbox = NULL;
  Run run = { 0 };
  guint max_conns = 0;
  guint sigint, sigterm;

  if (!bc_cli_parse (N_("[BATCH…]"), _("Places the calls of the batches (default: every Planned or "
                                       "Ongoing one) until each is Sent, Paused or Cancelled."),
                     entries, &argc, &argv))
    return BC_CLI_EXIT_USAGE;
  store = bc_cli_open_store (globals);
  if (store == NULL)
    return BC_CLI_EXIT_IO;

  run.batches = g_ptr_array_new_with_free_func (g_object_unref);
  run.settled = g_hash_table_new (NULL, NULL);
  if (argc > 1)
    for (int i = 1; i < argc; i++)
      {
        BcBatch *batch = bc_cli_find_batch (store, argv[i]);

        if (batch == NULL)
          {
            run_clear (&run);
            return BC_CLI_EXIT_DATA;
          }
        g_ptr_array_add (run.batches, g_object_ref (batch));
      }
  else
    {
      GListModel *all = bc_store_get_batches (store);

      for (guint i = 0; i < g_list_model_get_n_items (all); i++)
        {
          g_autoptr(BcBatch) batch = g_list_model_get_item (all, i);
          BcBatchState state = bc_batch_get_state (batch);

          if (state == BC_BATCH_STATE_PLANNED || state == BC_BATCH_STATE_ONGOING)
            g_ptr_array_add (run.batches, g_object_ref (batch));
        }
    }
  if (run.batches->len == 0)
    {
      fprintf (stderr, _("Nothing to run: no batch is Planned or Ongoing\n"));
      run_clear (&run);
      return BC_CLI_EXIT_OK;
    }

  for (guint i = 0; i < run.batches->len; i++)
    max_conns += bc_batch_get_concurrency (g_ptr_array_index (run.batches, i));
  client = make_client (globals, &run, CLAMP (max_conns, 2, 1000), &sandbox);
  if (client == NULL)
    {
      int status = run.status;

      run_clear (&run);
      return status;
    }

  run.loop = g_main_loop_new (NULL, FALSE);
  scheduler = bc_scheduler_new (store, client, NULL);
  bc_scheduler_set_holder_name (scheduler, "batch-calls-cli");
  g_signal_connect (scheduler, "batch-settled", G_CALLBACK (on_settled_cb), &run);
  for (guint i = 0; i < run.batches->len; i++)
    {
      BcBatch *batch = g_ptr_array_index (run.batches, i);
      g_autoptr(GError) error = NULL;

      g_signal_connect (batch, "notify", G_CALLBACK (on_batch_notify_cb), &run);
      g_signal_connect (batch, "state-changed", G_CALLBACK (on_state_changed_cb), &run);
      if (!bc_scheduler_add_batch (scheduler, batch, &error))
        {
          bc_cli_error (_("%s: %s"), bc_batch_get_name (batch), error->message);
          run.status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY)
                       ? BC_CLI_EXIT_BUSY : BC_CLI_EXIT_IO;
          break;
        }
      print_progress (batch);
    }

  if (run.status == 0)
    {
      sigint = g_unix_signal_add (SIGINT, on_signal_cb, &run);
      sigterm = g_unix_signal_add (SIGTERM, on_signal_cb, &run);
      g_main_loop_run (run.loop);
      g_source_remove (sigint);
      g_source_remove (sigterm);
    }

  for (guint i = 0; i < run.batches->len; i++)
    {
      BcBatch *batch = g_ptr_array_index (run.batches, i);

      g_signal_handlers_disconnect_by_data (batch, &run);
      if (run.status == 0)
        print_progress (batch);
    }
  bc_scheduler_stop (scheduler);
  /* Cancelled requests answer once more before the client goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (sandbox != NULL)
    bc_sandbox_stop (sandbox);
  {
    int status = run.status;

    run_clear (&run);
    return status;
  }
}

static int
change_state (const BcCliGlobals  *globals,
              int                  argc,
              char               **argv,
              BcBatchState         state,
              const char          *summary)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(BcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BcBatch *batch;

  if (!bc_cli_parse (N_("BATCH"), summary, entries, &argc, &argv))
    return BC_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      bc_cli_error (_("%s needs one batch id or name"), argv[0]);
      return BC_CLI_EXIT_USAGE;
    }
  store = bc_cli_open_store (globals);
  if (store == NULL)
    return BC_CLI_EXIT_IO;
  batch = bc_cli_find_batch (store, argv[1]);
  if (batch == NULL)
    return BC_CLI_EXIT_DATA;

  /* Saying "Paused" while the platform goes on calling would lie. */
  if (state != BC_BATCH_STATE_ONGOING && !bc_store_check_stoppable (store, batch, &error))
    {
      bc_cli_error ("%s", error->message);
      return BC_CLI_EXIT_DATA;
    }
  /* A `run` of this batch in another process sees the change at its next
   * dispatch: the claim checks the stored state in its transaction. */
  bc_batch_set_pause_reason (batch, state == BC_BATCH_STATE_PAUSED
                                    ? _("Paused from the command line") : NULL);
  if (!bc_store_set_batch_state (store, batch, state, &error))
    {
      bc_cli_error ("%s", error->message);
      return BC_CLI_EXIT_DATA;
    }
  printf ("%s: %s\n", bc_batch_get_name (batch), bc_batch_state_get_label (state));
  return BC_CLI_EXIT_OK;
}

int
bc_cli_pause (const BcCliGlobals  *globals,
              int                  argc,
              char               **argv)
{
  return change_state (globals, argc, argv, BC_BATCH_STATE_PAUSED,
                       _("Pauses a batch: calls in flight end, nothing new is placed."));
}

int
bc_cli_resume (const BcCliGlobals  *globals,
               int                  argc,
               char               **argv)
{
  return change_state (globals, argc, argv, BC_BATCH_STATE_ONGOING,
                       _("Resumes a paused batch (run it with “run”)."));
}

int
bc_cli_cancel (const BcCliGlobals  *globals,
               int                  argc,
               char               **argv)
{
  return change_state (globals, argc, argv, BC_BATCH_STATE_CANCELLED,
                       _("Cancels a batch: its pending recipients are not called."));
}
