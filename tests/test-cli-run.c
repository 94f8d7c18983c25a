/* test-cli-run.c: batch-calls-cli schedule, run, pause, resume, cancel and
 * export, against a sandbox in the test process
 *
 *   test-cli-run PATH-TO-batch-calls-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bc-runner-lock.h"
#include "bc-sandbox.h"
#include "bc-store.h"
#include "test-tmp-dir.h"

static const char *cli_path;

typedef struct
{
  char      *dir;
  BcSandbox *sandbox;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("phone number,name\n");
  g_autofree char *path = NULL;
  BcSandboxOptions options;

  fixture->dir = g_dir_make_tmp ("bc-cli-run-XXXXXX", &error);
  g_assert_no_error (error);
  bc_sandbox_options_init (&options);
  options.time_scale = 500;
  options.concurrency_limit = 0;
  fixture->sandbox = bc_sandbox_new (&options);
  bc_sandbox_options_clear (&options);
  g_assert_true (bc_sandbox_start (fixture->sandbox, &error));

  for (guint i = 0; i < 20; i++)
    g_string_append_printf (csv, "+1415999%04u,P%u\n", i, i);
  path = g_build_filename (fixture->dir, "r.csv", NULL);
  g_assert_true (g_file_set_contents (path, csv->str, -1, &error));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bc_sandbox_stop (fixture->sandbox);
  g_assert_finalize_object (fixture->sandbox);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* The command line of batch-calls-cli on the fixture's store and sandbox. */
static GPtrArray *
cli_argv (Fixture    *fixture,
          const char *first,
          va_list     args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (cli_path));
  g_ptr_array_add (argv, g_strdup_printf ("--data-dir=%s", fixture->dir));
  g_ptr_array_add (argv, g_strdup_printf ("--api-url=%s", bc_sandbox_get_base_url (fixture->sandbox)));
  g_ptr_array_add (argv, g_strdup_printf ("--workspace=%d", BC_SANDBOX_DEFAULT_WORKSPACE_ID));
  g_ptr_array_add (argv, g_strdup_printf ("--account-sid=%s", BC_SANDBOX_DEFAULT_ACCOUNT_SID));
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  g_ptr_array_add (argv, NULL);
  return argv;
}

static void
cli (Fixture    *fixture,
     Run        *run,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "UPONAI_API_KEY",
                                         BC_SANDBOX_DEFAULT_TOKEN, TRUE);
  g_autoptr(GError) error = NULL;
  va_list args;
  int wait_status = 0;

  va_start (args, first);
  argv = cli_argv (fixture, first, args);
  va_end (args);

  run_clear (run);
  g_spawn_sync (fixture->dir, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* Starts batch-calls-cli in the background, its stderr piped. */
static GSubprocess *
cli_start (Fixture    *fixture,
           const char *first,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  va_list args;

  va_start (args, first);
  argv = cli_argv (fixture, first, args);
  va_end (args);

  g_subprocess_launcher_setenv (launcher, "UPONAI_API_KEY", BC_SANDBOX_DEFAULT_TOKEN, TRUE);
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static void
import (Fixture    *fixture,
        const char *name)
{
  g_auto(Run) run = { 0 };

  cli (fixture, &run, "import", "r.csv", "--name", name, "--from", "+14155550100", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
test_schedule (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  import (fixture, "Later");
  cli (fixture, &run, "schedule", "Later", "--at", "2099-01-01T09:00:00Z", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Later: Planned for 2099-01-01"));

  /* As people write it: no seconds, no offset — read in the schedule's
   * zone (09:00 in Berlin in winter is 08:00 UTC). */
  import (fixture, "Local");
  cli (fixture, &run, "schedule", "Local", "--timezone", "Europe/Berlin",
       "--at", "2099-01-01T09:00", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Local: Planned for 2099-01-01T08:00:00Z\n");
  import (fixture, "Garbled");
  cli (fixture, &run, "schedule", "Garbled", "--at", "next tuesday", NULL);
  g_assert_cmpint (run.status, ==, 64);
  g_assert_nonnull (strstr (run.err, "“next tuesday” is not an ISO 8601 date and time"));

  import (fixture, "Now");
  cli (fixture, &run, "schedule", "Now", "--retry", "often", NULL);
  g_assert_cmpint (run.status, ==, 64);
  g_assert_nonnull (strstr (run.err, "“often” is not a retry rule"));
  cli (fixture, &run, "schedule", "Now", "--window", "9-17", NULL);
  g_assert_cmpint (run.status, ==, 64);
  cli (fixture, &run, "schedule", "Now", "--window", "08:00-12:00", "--window", "13:00-20:00",
       "--days", "weekdays", "--timezone", "Europe/Paris", "--concurrency", "5",
       "--retry", "no_answer:3:10m", "--retry", "busy:2:300", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Now: Ongoing\n");
  cli (fixture, &run, "schedule", "Now", NULL);
  g_assert_cmpint (run.status, ==, 65);
  g_assert_nonnull (strstr (run.err, "only a Draft can be scheduled"));

  cli (fixture, &run, "status", "Now", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ongoing"));
}

static void
test_run_and_export (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *exported = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) lines = NULL;

  import (fixture, "Run");
  cli (fixture, &run, "schedule", "Run", "--window", "00:00-24:00", "--concurrency", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (fixture, &run, "run", "Run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Run: Sent — 20/20 sent, 0 in progress, 0 pending"));
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+1415999%04u", i);

      g_assert_cmpuint (bc_sandbox_get_created_count (fixture->sandbox, phone), ==, 1);
    }

  /* Nothing left to run. */
  cli (fixture, &run, "run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Nothing to run"));

  cli (fixture, &run, "export", "Run", "out.csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  path = g_build_filename (fixture->dir, "out.csv", NULL);
  g_assert_true (g_file_get_contents (path, &exported, NULL, NULL));
  lines = g_strsplit (exported, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 22);
  /* The sheet's columns, then the results (bc-results-export.h); the
   * phone starts with +, so a spreadsheet gets it neutralised. */
  g_assert_cmpstr (lines[0], ==, "phone number,name,state,outcome,successful,attempts,call_id,"
                                 "started_at,ended_at,duration_s,disconnection_reason,sentiment");
  for (guint i = 1; i <= 20; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      g_autofree char *phone = g_strdup_printf ("\"'+1415999%04u\"", i - 1);

      g_assert_cmpstr (fields[0], ==, phone);
      g_assert_cmpstr (fields[2], ==, "done");
      g_assert_cmpstr (fields[5], ==, "1");
      g_assert_true (g_str_has_prefix (fields[6], "call_"));
    }
  g_assert_cmpstr (lines[21], ==, "");
}

static void
test_pause_resume_cancel (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  import (fixture, "Held");
  cli (fixture, &run, "schedule", "Held", "--window", "00:00-24:00", NULL);
  cli (fixture, &run, "pause", "Held", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Held: Paused\n");
  /* A paused batch rests at once: nobody is called. */
  cli (fixture, &run, "run", "Held", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
  cli (fixture, &run, "resume", "Held", NULL);
  g_assert_cmpstr (run.out, ==, "Held: Ongoing\n");
  cli (fixture, &run, "cancel", "Held", NULL);
  g_assert_cmpstr (run.out, ==, "Held: Cancelled\n");
  cli (fixture, &run, "resume", "Held", NULL);
  g_assert_cmpint (run.status, ==, 65);
  cli (fixture, &run, "status", "Held", NULL);
  g_assert_nonnull (strstr (run.out, "cancelled     20"));
}

/* Outside its window an Ongoing batch's counters stand still: run must say
 * when it resumes. The only allowed day is the day after tomorrow, so the
 * window is closed now whatever the hour; the From Number is the demo
 * account's unbound one, so the batch pauses at start and run returns. */
static void
test_run_outside_window (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  g_auto(Run) run = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *day = days[(g_date_time_get_day_of_week (now) - 1 + 2) % 7];

  cli (fixture, &run, "import", "r.csv", "--name", "Closed", "--from", "+14155550102", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (fixture, &run, "schedule", "Closed", "--window", "00:00-24:00", "--days", day,
       "--timezone", "UTC", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (fixture, &run, "run", "Closed", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Closed: outside its calling window: Resumes"));
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
}

static void
on_exited_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
on_too_late_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A run waiting for its window (nothing due before the day after
 * tomorrow) learns of a pause made by a second process at once, and
 * returns: it watches the store, it does not wait for its timer. */
static void
test_pause_while_waiting (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char * const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  g_auto(Run) run = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *day = days[(g_date_time_get_day_of_week (now) - 1 + 2) % 7];
  g_autoptr(GSubprocess) runner = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE, too_late = FALSE;
  gint64 start;
  guint guard;

  import (fixture, "Waiting");
  cli (fixture, &run, "schedule", "Waiting", "--window", "00:00-24:00", "--days", day,
       "--timezone", "UTC", NULL);
  g_assert_cmpint (run.status, ==, 0);

  runner = cli_start (fixture, "run", "Waiting", NULL);
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (runner));
  /* The runner has taken its batch and waits. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_string_append_printf (text, "%s\n", line);
      if (strstr (line, "Waiting: outside its calling window") != NULL)
        break;
    }

  start = g_get_monotonic_time ();
  cli (fixture, &run, "pause", "Waiting", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_subprocess_wait_async (runner, NULL, on_exited_cb, &exited);
  guard = g_timeout_add_seconds (10, on_too_late_cb, &too_late);
  while (!exited && !too_late)
    g_main_context_iteration (NULL, TRUE);
  if (!exited)
    g_subprocess_force_exit (runner);
  else
    g_source_remove (guard);
  g_assert_true (exited);
  g_test_message ("run returned %" G_GINT64_FORMAT " ms after the pause",
                  (g_get_monotonic_time () - start) / 1000);

  g_assert_true (g_subprocess_get_if_exited (runner));
  g_assert_cmpint (g_subprocess_get_exit_status (runner), ==, 0);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        break;
      g_string_append_printf (text, "%s\n", line);
    }
  g_assert_nonnull (strstr (text->str, "Waiting: paused: Paused from the command line"));
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
}

static void
test_lock_held (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(BcRunnerLock) lock = NULL;
  g_autoptr(BcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *expected = g_strdup_printf ("being run by test-holder (process %d)", (int) getpid ());

  import (fixture, "Busy");
  cli (fixture, &run, "schedule", "Busy", "--window", "00:00-24:00", NULL);
  db = bc_store_build_path (fixture->dir);
  store = bc_store_open (db, &error);
  g_assert_no_error (error);
  lock = bc_runner_lock_acquire (db, bc_batch_get_id (bc_store_find_batch_by_name (store, "Busy")),
                                 "test-holder", &error);
  g_assert_no_error (error);

  cli (fixture, &run, "run", "Busy", NULL);
  g_assert_cmpint (run.status, ==, 75);
  g_assert_nonnull (strstr (run.err, expected));
  g_assert_cmpuint (bc_sandbox_get_created_total (fixture->sandbox), ==, 0);
}

/* schedule --on-platform: refused without the retell profile (nothing
 * changes), else the batch goes to the platform in one request, pause and
 * cancel are refused, and `run` follows it to Sent, each number called
 * once. */
static void
test_on_platform (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  cli (fixture, &run, "import", "r.csv", "--name", "Platform", "--from", "+14155550100",
       "--agent", "agent_sales", NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (fixture, &run, "schedule", "Platform", "--on-platform", NULL);
  g_assert_cmpint (run.status, ==, 64);
  g_assert_nonnull (strstr (run.err, "--profile retell"));
  cli (fixture, &run, "status", "Platform", "--json", NULL);
  g_assert_nonnull (strstr (run.out, "\"state\":\"draft\""));

  cli (fixture, &run, "--profile=retell", "schedule", "Platform", "--on-platform",
       "--window", "00:00-24:00", "--concurrency", "10", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Platform: on the platform as batch_"));

  /* Nothing can stop the platform: pause and cancel say so, and fail. */
  for (guint i = 0; i < 2; i++)
    {
      cli (fixture, &run, (const char *[]) { "pause", "cancel" }[i], "Platform", NULL);
      g_assert_cmpint (run.status, ==, 65);
      g_assert_nonnull (strstr (run.err, "“Platform” runs on the platform: UponAI places its "
                                         "calls even when this app is closed"));
      cli (fixture, &run, "status", "Platform", "--json", NULL);
      g_assert_nonnull (strstr (run.out, "\"state\":\"ongoing\""));
    }

  cli (fixture, &run, "--profile=retell", "run", "Platform", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Platform: Sent — 20/20 sent, 0 in progress, 0 pending"));
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+1415999%04u", i);

      g_assert_cmpuint (bc_sandbox_get_created_count (fixture->sandbox, phone), ==, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_path = argc > 1 ? argv[1] : g_getenv ("BC_CLI");
  if (cli_path == NULL)
    {
      g_printerr ("usage: test-cli-run PATH-TO-batch-calls-cli\n");
      return 1;
    }

#define ADD(path, func) \
  g_test_add ("/BatchCalls/CliRun/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("schedule", test_schedule);
  ADD ("run-and-export", test_run_and_export);
  ADD ("pause-resume-cancel", test_pause_resume_cancel);
  ADD ("lock-held", test_lock_held);
  ADD ("run-outside-window", test_run_outside_window);
  ADD ("pause-while-waiting", test_pause_while_waiting);
  ADD ("on-platform", test_on_platform);
#undef ADD

  return g_test_run ();
}
