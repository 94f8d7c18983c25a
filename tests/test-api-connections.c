/* test-api-connections.c: placing calls leaves no connection behind
 *
 * Each "place a call" POST goes out on a connection of its own (see
 * src/core/README.md, "Connection reuse"). Left open after the answer,
 * such connections pile up: libsoup 3.2's server never notices a client
 * that closes an idle connection, so the sandbox kept one descriptor per
 * call placed, and a long batch stalled at the process's descriptor limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "api-fixture.h"

#define N_CALLS 40

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_posts_close (void)
{
  Fixture f = { 0 };
  BcSandboxOptions options;
  guint before, after = 0;
  gboolean timed_out = FALSE;
  guint timeout_id, tick_id;

  /* Two connections at most: libsoup evicts idle ones as new POSTs need
   * room, the case that leaked at the server. */
  bc_sandbox_options_init (&options);
  options.concurrency_limit = 0;
  options.zero_latency = TRUE;
  fixture_start (&f, &options, BC_API_PROFILE_UPONAI, 2);
  bc_sandbox_options_clear (&options);
  before = count_open_fds ();

  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BcCallInfo) info = NULL;
      g_autofree char *to = g_strdup_printf ("+1415555%04u", i);

      info = initiate (&f, to, i + 1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (info);
    }
  g_assert_cmpuint (bc_sandbox_get_created_total (f.sandbox), ==, N_CALLS);

  /* Closing happens on both threads after the answers: wait (real time,
   * bounded) for the descriptors to come back. */
  timeout_id = g_timeout_add_seconds (10, on_timeout_cb, &timed_out);
  /* Wakes the loop to look again while the sandbox's thread closes. */
  tick_id = g_timeout_add (10, on_tick_cb, NULL);
  while (!timed_out)
    {
      after = count_open_fds ();
      if (after <= before + 4)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  if (!timed_out)
    g_source_remove (timeout_id);
  g_source_remove (tick_id);

  /* A few for the one or two connections libsoup may still be closing;
   * a leak would be one or two per call. */
  g_assert_cmpuint (after, <=, before + 4);
  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/ApiConnections/posts-close", test_posts_close);

  return g_test_run ();
}
