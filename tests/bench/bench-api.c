/* bench-api.c: calls placed per second by BcApiClient, beside wrk
 *
 * Against a zero-latency sandbox (one per concurrency level, shared by the
 * client and wrk), at concurrency 10, 50 and 200: the client with a new
 * connection per POST (the default) and with connection reuse, and wrk
 * posting the same body the same two ways (keep-alive, and
 * "Connection: close"). Prints a table and the client/wrk ratios.
 *
 *   meson test -C _build --benchmark api     (or run _build/tests/bench/bench-api)
 *   BENCH_SECONDS=5 to run each cell longer (default 3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "bc-api-client.h"
#include "bc-sandbox.h"

#define WRK "/usr/bin/wrk"
#define TO_NUMBER "+14155559999"

typedef struct
{
  BcApiClient   *client;
  BcCallRequest *req;
  gint64         deadline_us;
  guint          in_flight;
  guint          done;
  guint          errors;
  char          *first_error;
} Run;

static void send_one (Run *run);

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = bc_api_client_initiate_call_finish (BC_API_CLIENT (source), result, &error);

  run->in_flight--;
  if (info != NULL)
    run->done++;
  else
    {
      run->errors++;
      if (run->first_error == NULL)
        run->first_error = g_strdup (error->message);
    }
  if (g_get_monotonic_time () < run->deadline_us)
    send_one (run);
}

static void
send_one (Run *run)
{
  run->in_flight++;
  bc_api_client_initiate_call_async (run->client, run->req, NULL, on_done_cb, run);
}

static double
bench_client (const char *url,
              guint       concurrency,
              gboolean    reuse,
              double      seconds,
              guint      *errors)
{
  g_autoptr(GError) error = NULL;
  BcRecipientData r = { .id = 1, .phone = (char *) TO_NUMBER, .override_agent_version = -1 };
  BcCallRequest req = { &r, "bench", 1, "+14155550100", "agent_sales", -1 };
  Run run = { 0 };
  gint64 start;

  run.client = bc_api_client_new (url, BC_API_PROFILE_UPONAI, concurrency, NULL, &error);
  g_assert_no_error (error);
  bc_api_client_set_token (run.client, BC_SANDBOX_DEFAULT_TOKEN);
  bc_api_client_set_workspace_id (run.client, BC_SANDBOX_DEFAULT_WORKSPACE_ID);
  bc_api_client_set_reuse_connections (run.client, reuse);
  run.req = &req;

  start = g_get_monotonic_time ();
  run.deadline_us = start + (gint64) (seconds * G_USEC_PER_SEC);
  for (guint i = 0; i < concurrency; i++)
    send_one (&run);
  while (run.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);

  *errors = run.errors;
  if (run.first_error != NULL)
    g_printerr ("  client c=%u reuse=%d: %u errors, first: %s\n", concurrency, reuse, run.errors, run.first_error);
  g_free (run.first_error);
  g_object_unref (run.client);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return run.done / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static char *
write_script (const char *dir,
              gboolean    keep_alive)
{
  BcRecipientData r = { .id = 1, .phone = (char *) TO_NUMBER, .override_agent_version = -1 };
  BcCallRequest req = { &r, "bench", 1, "+14155550100", "agent_sales", -1 };
  g_autoptr(JsonNode) body = bc_api_build_initiate_body (BC_API_PROFILE_UPONAI, BC_SANDBOX_DEFAULT_WORKSPACE_ID, &req, NULL);
  g_autofree char *text = json_to_string (body, FALSE);
  g_autofree char *path = g_build_filename (dir, keep_alive ? "keepalive.lua" : "close.lua", NULL);
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;

  /* The JSON holds no ' or \: a Lua single-quoted string takes it as is. */
  g_assert_null (strpbrk (text, "'\\"));
  script = g_strdup_printf ("wrk.method = \"POST\"\n"
                            "wrk.body = '%s'\n"
                            "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                            "wrk.headers[\"Authorization\"] = \"Bearer %s\"\n"
                            "%s",
                            text, BC_SANDBOX_DEFAULT_TOKEN,
                            keep_alive ? "" : "wrk.headers[\"Connection\"] = \"close\"\n");
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Requests/s as wrk reports them; 0 when wrk is missing or failed. */
static double
bench_wrk (const char *url,
           const char *script,
           guint       concurrency,
           double      seconds,
           guint      *errors)
{
  g_autofree char *target = g_strconcat (url, "/api/v1/calls/initiate", NULL);
  g_autofree char *conns = g_strdup_printf ("%u", concurrency);
  g_autofree char *duration = g_strdup_printf ("%ds", (int) seconds);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *line;
  const char *non2xx;

  *errors = 0;
  if (!g_file_test (WRK, G_FILE_TEST_IS_EXECUTABLE))
    return 0;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                           WRK, "-t", "2", "-c", conns, "-d", duration, "-s", script, target, NULL);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("  wrk: %s\n", error->message);
      return 0;
    }

  non2xx = strstr (out, "Non-2xx or 3xx responses:");
  if (non2xx != NULL)
    *errors += (guint) g_ascii_strtoull (non2xx + strlen ("Non-2xx or 3xx responses:"), NULL, 10);
  /* With "Connection: close" wrk counts every server close as a read
   * error: only keep-alive socket errors mean something. */
  if (strstr (script, "keepalive") != NULL && strstr (out, "Socket errors:") != NULL)
    g_printerr ("  wrk c=%u: %s", concurrency, strstr (out, "Socket errors:"));
  line = strstr (out, "Requests/sec:");
  return line != NULL ? g_ascii_strtod (line + strlen ("Requests/sec:"), NULL) : 0;
}

int
main (int   argc,
      char *argv[])
{
  static const guint levels[] = { 10, 50, 200 };
  const char *env = g_getenv ("BENCH_SECONDS");
  double seconds = env != NULL ? MAX (1, g_ascii_strtod (env, NULL)) : 3;
  g_autofree char *dir = g_dir_make_tmp ("bench-api-XXXXXX", NULL);
  g_autofree char *keep_alive = write_script (dir, TRUE);
  g_autofree char *close = write_script (dir, FALSE);

  printf ("# calls initiated per second against a zero-latency sandbox, %.0f s per cell\n", seconds);
  printf ("%-5s | %-13s %-13s | %-13s %-13s | %-9s %-9s\n",
          "conc", "client new", "wrk close", "client reuse", "wrk keepalive", "new/close", "reuse/ka");

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      BcSandboxOptions o;
      g_autoptr(BcSandbox) sandbox = NULL;
      g_autoptr(GError) error = NULL;
      guint e1, e2, e3, e4;
      double client_new, client_reuse, wrk_close, wrk_ka;

      bc_sandbox_options_init (&o);
      o.zero_latency = TRUE;
      o.concurrency_limit = 0;
      sandbox = bc_sandbox_new (&o);
      bc_sandbox_options_clear (&o);
      if (!bc_sandbox_start (sandbox, &error))
        g_error ("%s", error->message);

      client_new = bench_client (bc_sandbox_get_base_url (sandbox), levels[i], FALSE, seconds, &e1);
      wrk_close = bench_wrk (bc_sandbox_get_base_url (sandbox), close, levels[i], seconds, &e2);
      client_reuse = bench_client (bc_sandbox_get_base_url (sandbox), levels[i], TRUE, seconds, &e3);
      wrk_ka = bench_wrk (bc_sandbox_get_base_url (sandbox), keep_alive, levels[i], seconds, &e4);

      printf ("%-5u | %-13.0f %-13.0f | %-13.0f %-13.0f | %-9.2f %-9.2f\n",
              levels[i], client_new, wrk_close, client_reuse, wrk_ka,
              wrk_close > 0 ? client_new / wrk_close : 0, wrk_ka > 0 ? client_reuse / wrk_ka : 0);
      if (e1 + e2 + e3 + e4 > 0)
        printf ("      errors: client new %u, wrk close %u, client reuse %u, wrk keepalive %u\n", e1, e2, e3, e4);
      fflush (stdout);
      bc_sandbox_stop (sandbox);
    }

  g_unlink (keep_alive);
  g_unlink (close);
  g_rmdir (dir);
  return EXIT_SUCCESS;
}
