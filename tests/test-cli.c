/* test-cli.c: batch-calls-cli end to end (the built binary, a temporary
 * --data-dir, the corpus files)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include "test-tmp-dir.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

static const char *cli_path;

typedef struct
{
  char *dir;
} Fixture;

typedef struct
{
  int    status;
  char  *out;
  char  *err;
  GStrv  err_lines;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_strfreev (run->err_lines);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bc-cli-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* Runs the CLI with --data-dir and @args (NULL-terminated); corpus file
 * names (ending in .csv) are made absolute. */
static void
cli (Fixture    *fixture,
     Run        *run,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *err_trimmed = NULL;
  va_list args;
  int wait_status = 0;

  g_ptr_array_add (argv, g_strdup (cli_path));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (fixture->dir));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    {
      if (g_str_has_suffix (arg, ".csv"))
        g_ptr_array_add (argv, g_test_build_filename (G_TEST_DIST, "data", "csv", arg, NULL));
      else
        g_ptr_array_add (argv, g_strdup (arg));
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  err_trimmed = g_strchomp (g_strdup (run->err));
  run->err_lines = *err_trimmed != '\0' ? g_strsplit (err_trimmed, "\n", -1) : g_new0 (char *, 1);
}

static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  /* The output ends with a newline: the last element is empty. */
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");
  return g_strdup (lines[n - 2]);
}

static char *
import_ok (Fixture    *fixture,
           const char *file,
           const char *name)
{
  g_auto(Run) run = { 0 };

  cli (fixture, &run, "import", file, "--name", name, "--from", "+14155550000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  return last_line (run.out);
}

static JsonObject *
status_json (Fixture    *fixture,
             const char *batch)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  cli (fixture, &run, "status", batch, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
test_import_and_status (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const counters[] = {
    "total", "sent", "picked_up", "successful", "no_answer", "busy", "voicemail",
    "failed", "in_progress", "pending", "needs_review", "cancelled",
  };
  g_autofree char *id = import_ok (fixture, "phone-normalise.csv", "Spring");
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GList) members = NULL;

  g_assert_true (g_uuid_string_is_valid (id));

  status = status_json (fixture, id);
  members = json_object_get_members (status);
  g_assert_cmpuint (g_list_length (members), ==, 3 + G_N_ELEMENTS (counters));
  g_assert_cmpstr (json_object_get_string_member (status, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (status, "name"), ==, "Spring");
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "draft");
  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    {
      JsonNode *node = json_object_get_member (status, counters[i]);

      g_assert_nonnull (node);
      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
    }
  g_assert_cmpint (json_object_get_int_member (status, "total"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (status, "sent"), ==, 0);

  /* By name too. */
  g_clear_pointer (&status, json_object_unref);
  status = status_json (fixture, "Spring");
  g_assert_cmpstr (json_object_get_string_member (status, "id"), ==, id);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *first = import_ok (fixture, "basic.csv", "First");
  g_autofree char *second = import_ok (fixture, "semicolon.csv", "Second");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  cli (fixture, &run, "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "total")
                   + json_object_get_int_member (json_array_get_object_element (array, 1), "total"),
                   ==, 5);
}

static void
assert_no_batches (Fixture *fixture)
{
  g_auto(Run) run = { 0 };

  cli (fixture, &run, "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "[]\n");
}

static void
test_strict_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  cli (fixture, &run, "import", "multiline.csv", "--name", "Bad", "--from", "+14155550000", NULL);
  g_assert_cmpint (run.status, ==, 65);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpuint (g_strv_length (run.err_lines), ==, 1);
  g_assert_true (g_str_has_prefix (run.err_lines[0],
                                   "batch-calls-cli: line 7, column phone number: The number "
                                   "has no country code"));
  assert_no_batches (fixture);
}

static void
test_strict_many (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  cli (fixture, &run, "import", "sip-header-injection.csv", "--name", "Bad", "--from",
       "+14155550000", NULL);
  g_assert_cmpint (run.status, ==, 65);
  /* One line per problem, even for a header name holding CR LF. */
  g_assert_cmpuint (g_strv_length (run.err_lines), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *prefix =
        g_strdup_printf ("batch-calls-cli: line %u, column custom_sip_headers: ", i + 2);

      g_assert_true (g_str_has_prefix (run.err_lines[i], prefix));
    }
  assert_no_batches (fixture);
}

static void
test_file_problem (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  cli (fixture, &run, "import", "no-phone-column.csv", "--name", "Bad", "--from",
       "+14155550000", NULL);
  g_assert_cmpint (run.status, ==, 65);
  g_assert_cmpuint (g_strv_length (run.err_lines), ==, 1);
  g_assert_cmpstr (run.err_lines[0], ==,
                   "batch-calls-cli: No phone number column: the header has “name”, “email”, "
                   "“mobile”; expected a column named “phone number” (or phone_number, "
                   "to_number, phone)");
  g_clear_pointer (&run.err_lines, g_strfreev);
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  cli (fixture, &run, "import", "empty.csv", "--name", "Empty", "--from", "+14155550000", NULL);
  g_assert_cmpint (run.status, ==, 65);
  g_assert_cmpuint (g_strv_length (run.err_lines), ==, 1);
  g_assert_true (g_str_has_prefix (run.err_lines[0], "batch-calls-cli: The file is empty"));
  assert_no_batches (fixture);
}

static void
test_skip_invalid (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) status = NULL;

  cli (fixture, &run, "import", "mixed-skip-invalid.csv", "--name", "Partial", "--from",
       "+14155550000", "--skip-invalid", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (g_strv_length (run.err_lines), ==, 2);
  g_assert_true (g_str_has_prefix (run.err_lines[0], "batch-calls-cli: line 3, column phone number: "));
  g_assert_true (g_str_has_prefix (run.err_lines[1],
                                   "batch-calls-cli: line 4, column override agent version: "));
  id = last_line (run.out);
  g_assert_true (g_uuid_string_is_valid (id));
  status = status_json (fixture, id);
  g_assert_cmpint (json_object_get_int_member (status, "total"), ==, 3);
}

static void
test_options (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Run) keep = { 0 };
  g_auto(Run) encoding = { 0 };
  g_auto(Run) delimiter = { 0 };
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) status = NULL;

  cli (fixture, &keep, "import", "duplicates.csv", "--name", "Keep", "--from", "+14155550000",
       "--keep-duplicates", NULL);
  g_assert_cmpint (keep.status, ==, 0);
  id = last_line (keep.out);
  status = status_json (fixture, id);
  g_assert_cmpint (json_object_get_int_member (status, "total"), ==, 6);

  cli (fixture, &encoding, "import", "cp1252.csv", "--name", "Excel", "--from", "+14155550000",
       "--encoding", "windows-1252", NULL);
  g_assert_cmpint (encoding.status, ==, 0);

  cli (fixture, &delimiter, "import", "tab.csv", "--name", "Forced", "--from", "+14155550000",
       "--delimiter", ";", NULL);
  g_assert_cmpint (delimiter.status, ==, 65);
}

static void
test_exit_codes (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct {
    int         status;
    const char *args[8];
  } cases[] = {
    { 64, { "import", "basic.csv", "--from", "+14155550000" } },
    { 64, { "import", "basic.csv", "--name", "x" } },
    { 64, { "import", "basic.csv", "--name", "x", "--from", "4155550000" } },
    { 64, { "import", "--name", "x", "--from", "+14155550000" } },
    { 64, { "import", "basic.csv", "--name", "x", "--from", "+14155550000", "--encoding", "ebcdic" } },
    { 64, { "import", "basic.csv", "--name", "x", "--from", "+14155550000", "--delimiter", "x" } },
    { 64, { "frobnicate" } },
    { 64, { "import", "basic.csv", "--bogus" } },
    { 74, { "import", "no-such-file.csv", "--name", "x", "--from", "+14155550000" } },
    { 65, { "status", "no-such-batch" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      const char * const *a = cases[i].args;

      cli (fixture, &run, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL);
      g_test_message ("case %u: %s", i, run.err);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_true (g_str_has_prefix (run.err, "batch-calls-cli: "));
    }
}

static void
test_name_taken (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *id = import_ok (fixture, "basic.csv", "Twice");
  g_auto(Run) run = { 0 };

  cli (fixture, &run, "import", "basic.csv", "--name", "Twice", "--from", "+14155550000", NULL);
  g_assert_cmpint (run.status, ==, 65);
  g_assert_cmpuint (g_strv_length (run.err_lines), ==, 1);
}

/* export: the imported columns then the results, formulas neutralised;
 * an unknown batch and a file that cannot be written fail with their
 * exit codes. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *id = import_ok (fixture, "basic.csv", "Spring");
  g_autofree char *path = g_build_filename (fixture->dir, "results.out", NULL);  /* cli () maps *.csv to test data */
  g_autofree char *bad = g_build_filename (fixture->dir, "missing", "results.out", NULL);
  g_autofree char *text = NULL;

  {
    g_auto(Run) run = { 0 };

    cli (fixture, &run, "export", "Spring", path, NULL);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Exported 3 recipients\n");
    g_assert_cmpstr (run.err, ==, "");
  }
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==,
                   "phone number,first_name,company,state,outcome,successful,attempts,"
                   "call_id,started_at,ended_at,duration_s,disconnection_reason,sentiment\r\n"
                   "\"'+14155550100\",Ada,Acme,pending,,,0,,,,,,\r\n"
                   "\"'+14155550101\",Grace,Navy,pending,,,0,,,,,,\r\n"
                   "\"'+442079460958\",Alan,Bletchley,pending,,,0,,,,,,\r\n");

  {
    g_auto(Run) run = { 0 };

    cli (fixture, &run, "export", "Autumn", path, NULL);
    g_assert_cmpint (run.status, ==, 65);
    g_assert_nonnull (strstr (run.err, "No batch “Autumn”"));
  }
  {
    g_auto(Run) run = { 0 };

    cli (fixture, &run, "export", id, bad, NULL);
    g_assert_cmpint (run.status, ==, 74);
    g_assert_nonnull (strstr (run.err, "Cannot export “Spring”"));
  }
  {
    g_auto(Run) run = { 0 };

    cli (fixture, &run, "export", id, NULL);
    g_assert_cmpint (run.status, ==, 64);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* meson passes the built binary; run by hand, give it as argument. */
  cli_path = argc > 1 ? argv[1] : g_getenv ("BC_CLI");
  if (cli_path == NULL)
    {
      g_printerr ("usage: test-cli PATH-TO-batch-calls-cli\n");
      return 1;
    }

#define ADD(path, func) \
  g_test_add ("/BatchCalls/Cli/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("import-and-status", test_import_and_status);
  ADD ("list", test_list);
  ADD ("strict-invalid", test_strict_invalid);
  ADD ("strict-many", test_strict_many);
  ADD ("file-problem", test_file_problem);
  ADD ("skip-invalid", test_skip_invalid);
  ADD ("options", test_options);
  ADD ("exit-codes", test_exit_codes);
  ADD ("name-taken", test_name_taken);
  ADD ("export", test_export);
#undef ADD

  return g_test_run ();
}
