/* test-cli-crash.c: batch-calls-cli run, killed with SIGKILL at random
 * moments and restarted, never calls anybody twice nor loses anybody
 *
 * The sandbox lives in this process, so it outlives every kill and keeps
 * the truth: how many calls were created for each number.
 *
 *   test-cli-crash PATH-TO-batch-calls-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "bc-sandbox.h"
#include "bc-store.h"
#include "test-tmp-dir.h"

#define N_RECIPIENTS 2000
#define N_KILLS      20

static const char *cli_path;

typedef struct
{
  char      *dir;
  BcSandbox *sandbox;
  GPid       pid;
  gboolean   exited;
  int        wait_status;
  guint      kill_id;
} Fixture;

static char *
phone_for (guint i)
{
  return g_strdup_printf ("+1415888%04u", i);
}

static void
set_up (Fixture  *fixture,
        gboolean  faults)
{
  g_autoptr(GError) error = NULL;
  BcSandboxOptions options;

  fixture->dir = g_dir_make_tmp ("bc-cli-crash-XXXXXX", &error);
  g_assert_no_error (error);

  bc_sandbox_options_init (&options);
  options.seed = faults ? 11 : 7;
  options.concurrency_limit = 0;
  /* 90 s conversations last about half a second. */
  options.time_scale = 200;
  /* Some calls are answered slowly: a kill often lands while they wait. */
  options.fault_slow_rate = 0.03;
  options.slow_ms = 1500;
  if (faults)
    {
      options.fault_429_rate = 0.03;
      options.fault_500_rate = 0.03;
      options.fault_503_rate = 0.02;
      options.fault_close_rate = 0.05;
      options.retry_after_s = 1;
    }
  fixture->sandbox = bc_sandbox_new (&options);
  bc_sandbox_options_clear (&options);
  g_assert_true (bc_sandbox_start (fixture->sandbox, &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture *fixture)
{
  bc_sandbox_stop (fixture->sandbox);
  g_assert_finalize_object (fixture->sandbox);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static GPtrArray *
cli_argv (Fixture    *fixture,
          const char *first,
          ...)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  g_ptr_array_add (argv, g_strdup (cli_path));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (fixture->dir));
  g_ptr_array_add (argv, g_strdup ("--api-url"));
  g_ptr_array_add (argv, g_strdup (bc_sandbox_get_base_url (fixture->sandbox)));
  g_ptr_array_add (argv, g_strdup ("--workspace"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", BC_SANDBOX_DEFAULT_WORKSPACE_ID));
  g_ptr_array_add (argv, g_strdup ("--account-sid"));
  g_ptr_array_add (argv, g_strdup (BC_SANDBOX_DEFAULT_ACCOUNT_SID));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static char **
cli_envp (void)
{
  char **envp = g_get_environ ();

  return g_environ_setenv (envp, "UPONAI_API_KEY", BC_SANDBOX_DEFAULT_TOKEN, TRUE);
}

static void
cli_sync (Fixture    *fixture,
          GPtrArray  *argv)
{
  g_auto(GStrv) envp = cli_envp ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &wait_status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("%s failed: %s", (char *) argv->pdata[3], err);
}

static void
on_child_cb (GPid     pid,
             int      wait_status,
             gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->exited = TRUE;
  fixture->wait_status = wait_status;
  g_spawn_close_pid (pid);
  g_clear_handle_id (&fixture->kill_id, g_source_remove);
}

static gboolean
on_kill_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->kill_id = 0;
  kill (fixture->pid, SIGKILL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_guard_cb (gpointer user_data)
{
  g_error ("batch-calls-cli run did not finish in time");
  return G_SOURCE_REMOVE;
}

/* Runs `run` once; kills it after @kill_after_ms (0: lets it finish).
 * Returns TRUE when it exited by itself. */
static gboolean
run_once (Fixture *fixture,
          guint    kill_after_ms)
{
  g_autoptr(GPtrArray) argv = cli_argv (fixture, "run", NULL);
  g_auto(GStrv) envp = cli_envp ();
  g_autoptr(GError) error = NULL;
  guint guard;

  g_spawn_async (NULL, (char **) argv->pdata, envp,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                 (kill_after_ms > 0 ? G_SPAWN_STDERR_TO_DEV_NULL : 0),
                 NULL, NULL, &fixture->pid, &error);
  g_assert_no_error (error);
  fixture->exited = FALSE;
  g_child_watch_add (fixture->pid, on_child_cb, fixture);
  if (kill_after_ms > 0)
    fixture->kill_id = g_timeout_add (kill_after_ms, on_kill_cb, fixture);
  guard = g_timeout_add_seconds (400, on_guard_cb, NULL);
  while (!fixture->exited)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  if (WIFSIGNALED (fixture->wait_status))
    {
      g_assert_cmpint (WTERMSIG (fixture->wait_status), ==, SIGKILL);
      return FALSE;
    }
  g_assert_true (WIFEXITED (fixture->wait_status));
  g_assert_cmpint (WEXITSTATUS (fixture->wait_status), ==, 0);
  return TRUE;
}

static void
crash_test (gboolean faults)
{
  Fixture fixture = { 0 };
  g_autoptr(GString) csv = g_string_new ("phone number,first name\n");
  g_autofree char *csv_path = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GPtrArray) import = NULL;
  g_autoptr(GPtrArray) schedule = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint kills = 0, review = 0, called = 0;
  BcBatch *batch;

  set_up (&fixture, faults);
  for (guint i = 0; i < N_RECIPIENTS; i++)
    {
      g_autofree char *phone = phone_for (i);

      g_string_append_printf (csv, "%s,P%u\n", phone, i);
    }
  csv_path = g_build_filename (fixture.dir, "recipients.csv", NULL);
  g_assert_true (g_file_set_contents (csv_path, csv->str, -1, &error));
  g_assert_no_error (error);

  import = cli_argv (&fixture, "import", csv_path, "--name", "Crash", "--from", "+14155550100", NULL);
  cli_sync (&fixture, import);
  schedule = cli_argv (&fixture, "schedule", "Crash", "--window", "00:00-24:00",
                       "--concurrency", "50", NULL);
  cli_sync (&fixture, schedule);

  /* Killed at random moments; a run that finishes first ends the series. */
  for (kills = 0; kills < N_KILLS; kills++)
    if (run_once (&fixture, (guint) g_test_rand_int_range (150, 1500)))
      break;
  g_test_message ("%u runs killed with SIGKILL", kills);
  if (kills == N_KILLS)
    run_once (&fixture, 0);

  db_path = bc_store_build_path (fixture.dir);
  store = bc_store_open (db_path, &error);
  g_assert_no_error (error);
  batch = bc_store_find_batch_by_name (store, "Crash");
  g_assert_nonnull (batch);
  g_assert_true (bc_store_read_recipients (store, bc_batch_get_id (batch), 0, N_RECIPIENTS,
                                           rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, N_RECIPIENTS);

  for (guint i = 0; i < rows->len; i++)
    {
      BcRecipient *r = g_ptr_array_index (rows, i);
      guint n = bc_sandbox_get_created_count (fixture.sandbox, bc_recipient_get_phone (r));

      /* Zero duplicates. */
      g_assert_cmpuint (n, <=, 1);
      if (bc_recipient_get_state (r) == BC_RECIPIENT_STATE_NEEDS_REVIEW)
        review++;
      else
        {
          /* Zero lost: everyone else has their one call, and it ended. */
          g_assert_cmpuint (n, ==, 1);
          g_assert_cmpint (bc_recipient_get_state (r), ==, BC_RECIPIENT_STATE_DONE);
        }
      called += n;
    }
  g_test_message ("%u recipients called once, %u for review, sandbox total %u", called, review,
                  bc_sandbox_get_created_total (fixture.sandbox));
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture.sandbox), ==, called);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_SENT), ==, called);
  g_assert_cmpint (bc_batch_get_state (batch), ==,
                   review > 0 ? BC_BATCH_STATE_PAUSED : BC_BATCH_STATE_SENT);
  g_assert_true (bc_store_check_counters (store, bc_batch_get_id (batch), &error));
  g_assert_no_error (error);

  g_clear_object (&store);
  tear_down (&fixture);
}

static void
test_crash (void)
{
  crash_test (FALSE);
}

static void
test_crash_faults (void)
{
  crash_test (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_path = argc > 1 ? argv[1] : g_getenv ("BC_CLI");
  if (cli_path == NULL)
    {
      g_printerr ("usage: test-cli-crash PATH-TO-batch-calls-cli\n");
      return 1;
    }

  g_test_add_func ("/BatchCalls/CliCrash/kill", test_crash);
  g_test_add_func ("/BatchCalls/CliCrash/kill-with-faults", test_crash_faults);
  return g_test_run ();
}
