/* main.c: uponai-sandbox, the sandbox as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

#include "bc-sandbox.h"

static gboolean
on_signal_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  BcSandboxOptions o;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  int port = 0, concurrency;
  gint64 seed, workspace_id;
  g_autofree char *token = NULL;
  g_autofree char *sid = NULL;
  g_autofree char *summary = NULL;
  int retry_after, slow_ms;

  bc_sandbox_options_init (&o);
  seed = (gint64) o.seed;
  workspace_id = o.workspace_id;
  concurrency = (int) o.concurrency_limit;
  retry_after = (int) o.retry_after_s;
  slow_ms = (int) o.slow_ms;

  {
    GOptionEntry entries[] = {
      { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (default 0: any free port)", "N" },
      { "token", 0, 0, G_OPTION_ARG_STRING, &token, "API token to accept (default " BC_SANDBOX_DEFAULT_TOKEN ")", "T" },
      { "workspace-id", 0, 0, G_OPTION_ARG_INT64, &workspace_id, "Workspace id (default 4242)", "N" },
      { "account-sid", 0, 0, G_OPTION_ARG_STRING, &sid, "Account SID (default " BC_SANDBOX_DEFAULT_ACCOUNT_SID ")", "S" },
      { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the simulation and the faults (default 1)", "N" },
      { "pickup-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o.pickup_rate, "Fraction of calls answered (default 0.7)", "F" },
      { "success-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o.success_rate, "Fraction of conversations successful (default 0.5)", "F" },
      { "voicemail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o.voicemail_rate, "Fraction of answers by voicemail (default 0.2)", "F" },
      { "mean-duration", 0, 0, G_OPTION_ARG_DOUBLE, &o.mean_duration_s, "Mean conversation length in seconds (default 90)", "S" },
      { "time-scale", 0, 0, G_OPTION_ARG_DOUBLE, &o.time_scale, "Simulated seconds per real second (default 1)", "F" },
      { "zero-latency", 0, 0, G_OPTION_ARG_NONE, &o.zero_latency, "Calls end at once; no concurrency limit (benchmarks)", NULL },
      { "concurrency-limit", 0, 0, G_OPTION_ARG_INT, &concurrency, "Workspace concurrency limit, 0 = none (default 20)", "N" },
      { "payment-required", 0, 0, G_OPTION_ARG_NONE, &o.payment_required, "Refuse every call with 402 no_valid_payment", NULL },
      { "fault-429", 0, 0, G_OPTION_ARG_DOUBLE, &o.fault_429_rate, "Fraction of answers that are 429 with Retry-After", "F" },
      { "fault-500", 0, 0, G_OPTION_ARG_DOUBLE, &o.fault_500_rate, "Fraction of answers that are 500", "F" },
      { "fault-503", 0, 0, G_OPTION_ARG_DOUBLE, &o.fault_503_rate, "Fraction of answers that are 503 (an HTML page)", "F" },
      { "fault-slow", 0, 0, G_OPTION_ARG_DOUBLE, &o.fault_slow_rate, "Fraction of answers delayed by --slow-ms", "F" },
      { "fault-close", 0, 0, G_OPTION_ARG_DOUBLE, &o.fault_close_rate, "Fraction of created calls whose connection is closed before the answer", "F" },
      { "retry-after", 0, 0, G_OPTION_ARG_INT, &retry_after, "Retry-After of a 429, in seconds (default 1)", "S" },
      { "slow-ms", 0, 0, G_OPTION_ARG_INT, &slow_ms, "Delay of a slow answer in ms (default 60000)", "MS" },
      { NULL }
    };

    context = g_option_context_new ("— a local stand-in for the UponAI API");
    summary = g_strdup_printf ("Serves both API profiles on http://127.0.0.1:PORT and prints that URL first.\n"
                               "Demo account: token “%s”, workspace %d, account SID “%s”.\n"
                               "Runs until SIGINT or SIGTERM.",
                               BC_SANDBOX_DEFAULT_TOKEN, BC_SANDBOX_DEFAULT_WORKSPACE_ID,
                               BC_SANDBOX_DEFAULT_ACCOUNT_SID);
    g_option_context_set_summary (context, summary);
    g_option_context_add_main_entries (context, entries, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error))
      {
        g_printerr ("%s\n", error->message);
        return 2;
      }
  }

  if (port < 0 || port > 65535 || concurrency < 0 || retry_after < 0 || slow_ms < 0 || !(o.time_scale > 0))
    {
      g_printerr ("uponai-sandbox: an option is out of range\n");
      return 2;
    }
  o.port = (guint16) port;
  o.seed = (guint64) seed;
  o.workspace_id = workspace_id;
  o.concurrency_limit = (guint) concurrency;
  o.retry_after_s = (guint) retry_after;
  o.slow_ms = (guint) slow_ms;
  if (token != NULL)
    {
      g_free (o.token);
      o.token = g_steal_pointer (&token);
    }
  if (sid != NULL)
    {
      g_free (o.account_sid);
      o.account_sid = g_steal_pointer (&sid);
    }

  /* Before the URL is printed: whoever reads it may signal us at once. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);

  sandbox = bc_sandbox_new (&o);
  bc_sandbox_options_clear (&o);
  if (!bc_sandbox_start (sandbox, &error))
    {
      g_printerr ("uponai-sandbox: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", bc_sandbox_get_base_url (sandbox));
  fflush (stdout);

  g_main_loop_run (loop);

  bc_sandbox_stop (sandbox);
  return EXIT_SUCCESS;
}
