/* test-store-crash.c: a process killed at a random instant while it
 * writes leaves a consistent database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>

#include "store-test-util.h"

static BcBatch *
random_batch (BcStore *store,
              GRand   *rand)
{
  GListModel *list = bc_store_get_batches (store);
  guint n = g_list_model_get_n_items (list);
  BcBatch *batch;

  if (n == 0)
    return NULL;
  batch = g_list_model_get_item (list, g_rand_int_range (rand, 0, n));
  g_object_unref (batch);  /* the store keeps it alive */
  return batch;
}

static void
child_import (BcStore *store,
              GRand   *rand,
              guint    serial)
{
  g_autofree char *name = g_strdup_printf ("import-%u-%u", serial, g_rand_int (rand));
  g_autoptr(BcBatch) batch = bc_batch_new (name);
  g_autoptr(BcRecipientWriter) writer = NULL;
  gboolean hidden = g_rand_boolean (rand);
  /* Now and then more than a writer chunk. */
  guint n = g_rand_int_range (rand, 0, 5) == 0 ? 12000 : g_rand_int_range (rand, 1, 600);

  if (!bc_store_insert_batch (store, batch, hidden, NULL))
    return;
  writer = bc_store_begin_recipients (store, bc_batch_get_id (batch), NULL);
  if (writer == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      BcRecipientData row = { .line = i + 2, .phone = (char *) "+33612345678",
                              .override_agent_version = -1 };

      bc_recipient_writer_add (writer, &row, NULL);
    }
  if (g_rand_int_range (rand, 0, 4) > 0 &&
      bc_recipient_writer_finish (writer, NULL))
    bc_store_publish_batch (store, batch, NULL);
}

static int
crash_child (const char *path,
             guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcStore) store = bc_store_open (path, &error);
  GRand *rand = g_rand_new_with_seed (seed);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  g_print ("ready\n");
  fflush (stdout);

  /* Until killed; the deadline only guards against an orphan. */
  for (guint serial = 0; g_get_monotonic_time () < deadline; serial++)
    {
      guint dice = g_rand_int_range (rand, 0, 100);
      BcBatch *batch = random_batch (store, rand);
      guint n;

      if (batch == NULL || dice < 2)
        {
          child_import (store, rand, serial);
          continue;
        }
      if (dice < 3)
        {
          /* Refused unless Draft, Cancelled or Sent; then it cascades. */
          bc_store_delete_batch (store, batch, NULL);
          continue;
        }
      if (dice < 9)
        {
          bc_store_set_batch_state (store, batch, g_rand_int_range (rand, 0, 6), NULL);
          continue;
        }

      n = bc_store_count_recipients (store, bc_batch_get_id (batch));
      if (n > 0)
        {
          g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
          g_autofree char *call_id = g_strdup_printf ("call-%u-%u", seed, serial);
          BcRecipient *r;
          BcRecipientData d = { 0 };

          bc_store_read_recipients (store, bc_batch_get_id (batch),
                                    g_rand_int_range (rand, 0, n), 1, rows, NULL);
          if (rows->len == 0)
            continue;
          r = g_ptr_array_index (rows, 0);
          d.id = bc_recipient_get_id (r);
          d.state = g_rand_int_range (rand, 0, 7);
          d.attempts = bc_recipient_get_attempts (r) + 1;
          d.last_call_id = g_rand_int_range (rand, 0, 3) > 0 ? call_id : NULL;
          d.outcome = g_rand_int_range (rand, 0, 7);
          d.successful = g_rand_boolean (rand);
          bc_store_update_recipient (store, &d, NULL);
        }
    }

  g_rand_free (rand);
  return 0;
}

static void
test_store_crash (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  guint n_changed = 0;

  g_assert_nonnull (self_exe);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("crash-%u", i);
      g_autoptr(BcBatch) batch = add_batch (fixture->store, name, 300);

      walk_to (fixture->store, batch, BC_BATCH_STATE_ONGOING);
    }
  g_clear_object (&fixture->store);

  for (guint run = 0; run < 12; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autofree char *seed = g_strdup_printf ("%u", g_test_rand_int ());
      g_autofree char *line = NULL;
      g_autofree char *integrity = NULL, *hidden = NULL;
      g_autofree char *before = dump_db (fixture->path), *after = NULL;
      guint delay_ms = g_test_rand_int_range (5, 60);
      GListModel *list;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                self_exe, "--crash-child", fixture->path, seed, NULL);
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
      line = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (line, ==, "ready");

      /* A real race with another process: the only sleep in the tests. */
      g_usleep (delay_ms * 1000);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));
      g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

      fixture->store = bc_store_open (fixture->path, &error);
      g_assert_no_error (error);
      list = bc_store_get_batches (fixture->store);
      for (guint b = 0; b < g_list_model_get_n_items (list); b++)
        {
          g_autoptr(BcBatch) batch = g_list_model_get_item (list, b);

          assert_counters_ok (fixture->store, batch);
        }
      g_clear_object (&fixture->store);

      integrity = raw_query (fixture->path, "PRAGMA integrity_check");
      g_assert_cmpstr (integrity, ==, "ok");
      hidden = raw_query (fixture->path, "SELECT count(*) FROM batches WHERE hidden != 0");
      g_assert_cmpstr (hidden, ==, "0");
      after = dump_db (fixture->path);
      if (g_strcmp0 (before, after) != 0)
        n_changed++;
      g_test_message ("run %u: seed %s, killed after %u ms", run, seed, delay_ms);
    }
  /* The children did write before they were killed. */
  g_test_message ("%u runs of 12 changed the database", n_changed);
  g_assert_cmpuint (n_changed, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The child is this same program, told so before GTest sees argv. */
  if (argc == 4 && g_str_equal (argv[1], "--crash-child"))
    return crash_child (argv[2], (guint32) g_ascii_strtoull (argv[3], NULL, 10));

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/BatchCalls/Store/crash", Fixture, NULL,
              fixture_set_up, test_store_crash, fixture_tear_down);

  return g_test_run ();
}
