/* bench-store.c: what the store costs at a million recipients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "bc-recipient-list.h"
#include "bc-store.h"
#include "bc-store-replace.h"

#define N_ROWS    1000000
#define N_UPDATES 2000
#define N_PAGES   200

static double
seconds_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1e6;
}

static void
fill_rows (BcStore *store,
           BcBatch *batch)
{
  g_autoptr(GError) error = NULL;
  BcRecipientWriter *writer;

  writer = bc_store_begin_recipients (store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_ROWS; i++)
    {
      char phone[32];
      BcRecipientData row = { .line = i + 2, .phone = phone, .override_agent_version = -1,
                              .variables = (char *) "{\"first_name\":\"Ada\",\"plan\":\"gold\"}" };

      g_snprintf (phone, sizeof phone, "+1555%07u", i);
      if (!bc_recipient_writer_add (writer, &row, &error))
        g_error ("%s", error->message);
    }
  bc_recipient_writer_finish (writer, &error);
  g_assert_no_error (error);
  bc_recipient_writer_free (writer);
}

static void
fill (BcStore *store,
      BcBatch *batch)
{
  g_autoptr(GError) error = NULL;

  fill_rows (store, batch);
  bc_store_publish_batch (store, batch, &error);
  g_assert_no_error (error);
}

typedef struct
{
  gint64        last;
  gint64        max_gap;
  GAsyncResult *result;
} Waiting;

static gboolean
on_tick_cb (gpointer user_data)
{
  Waiting *w = user_data;
  gint64 now = g_get_monotonic_time ();

  w->max_gap = MAX (w->max_gap, now - w->last);
  w->last = now;
  return G_SOURCE_CONTINUE;
}

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ((Waiting *) user_data)->result = g_object_ref (result);
}

typedef void (*AsyncOp) (BcStore *, BcBatch *, GCancellable *, GAsyncReadyCallback, gpointer);
typedef gboolean (*FinishOp) (BcStore *, GAsyncResult *, GError **);

/* Runs @op with a 10 ms timeout on the loop, and says how long it took
 * and the longest the loop went without turning. */
static void
time_async (const char *what,
            BcStore    *store,
            BcBatch    *batch,
            AsyncOp     op,
            FinishOp    finish)
{
  g_autoptr(GError) error = NULL;
  Waiting w = { g_get_monotonic_time (), 0, NULL };
  gint64 t0 = w.last;
  guint tick = g_timeout_add (10, on_tick_cb, &w);

  op (store, batch, NULL, on_done_cb, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!finish (store, w.result, &error))
    g_error ("%s", error->message);
  g_print ("%s: %.2f s on the worker, longest main loop gap %.1f ms\n",
           what, seconds_since (t0), w.max_gap / 1000.0);
  g_source_remove (tick);
  g_object_unref (w.result);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-bench-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "batch-calls.db", NULL);
  g_autoptr(BcStore) store = NULL;
  g_autoptr(BcBatch) batch = bc_batch_new ("Bench");
  g_autoptr(BcBatch) sync_batch = NULL;
  g_autoptr(BcRecipientList) list = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };
  GRand *rand = g_rand_new_with_seed (42);
  gint64 t0;
  guint n;

  g_assert_no_error (error);
  store = bc_store_open (path, &error);
  g_assert_no_error (error);
  bc_store_insert_batch (store, batch, TRUE, &error);
  g_assert_no_error (error);

  t0 = g_get_monotonic_time ();
  fill (store, batch);
  g_print ("fill: %u rows in %.2f s (writer, chunks of 10,000, synchronous=NORMAL)\n",
           N_ROWS, seconds_since (t0));

  t0 = g_get_monotonic_time ();
  n = bc_store_count_recipients (store, bc_batch_get_id (batch));
  g_print ("count_recipients: %u in %.1f ms\n", n, seconds_since (t0) * 1000);

  list = bc_recipient_list_new (store, bc_batch_get_id (batch));
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_PAGES; i++)
    {
      g_autoptr(BcRecipient) r =
        g_list_model_get_item (G_LIST_MODEL (list), g_rand_int_range (rand, 0, N_ROWS));
      g_assert_nonnull (r);
    }
  g_print ("lazy list, random positions: %.2f ms per item (a page of %u read each time)\n",
           seconds_since (t0) * 1000 / N_PAGES, BC_RECIPIENT_LIST_PAGE_SIZE);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_UPDATES; i++)
    {
      g_autoptr(BcRecipient) r = g_list_model_get_item (G_LIST_MODEL (list), i);
      BcRecipientData d = { .id = bc_recipient_get_id (r),
                            .state = BC_RECIPIENT_STATE_DISPATCHING, .attempts = 1 };

      if (!bc_store_update_recipient (store, &d, &error))
        g_error ("%s", error->message);
    }
  g_print ("update_recipient: %.0f per second (each one transaction, synchronous=FULL)\n",
           N_UPDATES / seconds_since (t0));

  t0 = g_get_monotonic_time ();
  bc_store_check_counters (store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  g_print ("check_counters over %u rows: %.0f ms\n", N_ROWS, seconds_since (t0) * 1000);

  /* The UI's way: rows on a worker, the loop free. */
  time_async ("cancel async (998,000 pending rows)", store, batch,
              bc_store_cancel_batch_async, bc_store_cancel_batch_finish);
  time_async ("delete async (1,000,000 rows)", store, batch,
              bc_store_delete_batch_async, bc_store_delete_batch_finish);

  /* The CLI's way, one transaction on the calling thread: the figure the
   * UI no longer pays on its loop. */
  sync_batch = bc_batch_new ("Bench sync");
  bc_store_insert_batch (store, sync_batch, TRUE, &error);
  g_assert_no_error (error);
  fill (store, sync_batch);

  /* A Draft's 1M rows replaced by an import's 1M (hidden until then). */
  {
    g_autoptr(BcBatch) import = bc_batch_new ("Bench import");
    Waiting w = { g_get_monotonic_time (), 0, NULL };
    guint tick;

    bc_store_insert_batch (store, import, TRUE, &error);
    g_assert_no_error (error);
    fill_rows (store, import);
    w.last = t0 = g_get_monotonic_time ();
    tick = g_timeout_add (10, on_tick_cb, &w);
    bc_store_replace_recipients_async (store, sync_batch, import, NULL, on_done_cb, &w);
    while (w.result == NULL)
      g_main_context_iteration (NULL, TRUE);
    if (!bc_store_replace_recipients_finish (store, w.result, &error))
      g_error ("%s", error->message);
    g_print ("replace async (1,000,000 rows by 1,000,000): %.2f s on the worker, "
             "longest main loop gap %.1f ms\n", seconds_since (t0), w.max_gap / 1000.0);
    g_source_remove (tick);
    g_object_unref (w.result);
  }

  t0 = g_get_monotonic_time ();
  bc_store_set_batch_state (store, sync_batch, BC_BATCH_STATE_CANCELLED, &error);
  g_assert_no_error (error);
  g_print ("cancel sync (%u pending rows): %.2f s, all on the calling thread\n",
           N_ROWS, seconds_since (t0));

  t0 = g_get_monotonic_time ();
  bc_store_delete_batch (store, sync_batch, &error);
  g_assert_no_error (error);
  g_print ("delete sync (%u rows, cascade): %.2f s, all on the calling thread\n",
           N_ROWS, seconds_since (t0));

  g_clear_object (&list);
  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
  g_rand_free (rand);
  return 0;
}
