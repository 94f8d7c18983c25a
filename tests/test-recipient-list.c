/* test-recipient-list.c: the lazy list of a batch's recipients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bc-recipient-list.h"
#include "store-test-util.h"

#define N_MILLION 1000000

static char *
phone_for (guint i)
{
  return g_strdup_printf ("+1555%07u", i);
}

static BcBatch *
fill_batch (BcStore    *store,
            const char *name,
            guint       first,
            guint       n,
            BcBatch    *batch)
{
  g_autoptr(BcRecipientWriter) writer = NULL;
  g_autoptr(GError) error = NULL;

  if (batch == NULL)
    {
      batch = bc_batch_new (name);
      bc_store_insert_batch (store, batch, TRUE, &error);
      g_assert_no_error (error);
    }
  else
    g_object_ref (batch);

  writer = bc_store_begin_recipients (store, bc_batch_get_id (batch), &error);
  g_assert_no_error (error);
  for (guint i = first; i < first + n; i++)
    {
      char phone[32];
      BcRecipientData row = { .line = i + 2, .phone = phone, .override_agent_version = -1,
                              .variables = (char *) "{\"first_name\":\"Ada\"}" };

      g_snprintf (phone, sizeof phone, "+1555%07u", i);
      bc_recipient_writer_add (writer, &row, &error);
      g_assert_no_error (error);
    }
  bc_recipient_writer_finish (writer, &error);
  g_assert_no_error (error);
  bc_store_publish_batch (store, batch, &error);
  g_assert_no_error (error);

  return batch;
}

static void
assert_row (GListModel *list,
            guint       position)
{
  g_autoptr(BcRecipient) r = g_list_model_get_item (list, position);
  g_autofree char *phone = phone_for (position);

  g_assert_nonnull (r);
  g_assert_cmpuint (bc_recipient_get_position (r), ==, position);
  g_assert_cmpuint (bc_recipient_get_line (r), ==, position + 2);
  g_assert_cmpstr (bc_recipient_get_phone (r), ==, phone);
}

static gsize
rss_bytes (void)
{
  g_autofree char *text = NULL;
  unsigned long size = 0, resident = 0;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &text, NULL, NULL));
  g_assert_cmpint (sscanf (text, "%lu %lu", &size, &resident), ==, 2);
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

static GQuark counted_quark;
static guint n_finalized;

static void
on_recipient_finalized (gpointer  data,
                        GObject  *where_the_object_was)
{
  n_finalized++;
}

static void
test_list_million (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BcBatch) batch = NULL;
  g_autoptr(BcRecipientList) list = NULL;
  GListModel *model;
  gint64 t0, t_fill, t_walk;
  gsize rss_warm = 0, rss_end;
  guint n_counted = 0, max_live = 0;

  t0 = g_get_monotonic_time ();
  batch = fill_batch (fixture->store, "Million", 0, N_MILLION, NULL);
  t_fill = g_get_monotonic_time () - t0;
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_TOTAL), ==, N_MILLION);

  list = bc_recipient_list_new (fixture->store, bc_batch_get_id (batch));
  model = G_LIST_MODEL (list);
  g_assert_true (g_list_model_get_item_type (model) == BC_TYPE_RECIPIENT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_MILLION);
  g_assert_cmpuint (bc_recipient_list_get_n_cached_pages (list), ==, 0);
  g_assert_null (g_list_model_get_item (model, N_MILLION));

  assert_row (model, 0);
  assert_row (model, 500000);
  assert_row (model, N_MILLION - 1);
  g_assert_cmpuint (bc_recipient_list_get_n_cached_pages (list), ==, 3);

  /* Hold no reference: the list alone decides what stays alive. */
  counted_quark = g_quark_from_static_string ("test-counted");
  n_finalized = 0;
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_MILLION; i++)
    {
      BcRecipient *r = g_list_model_get_item (model, i);

      g_assert_cmpuint (bc_recipient_get_position (r), ==, i);
      if (g_object_get_qdata (G_OBJECT (r), counted_quark) == NULL)
        {
          g_object_set_qdata (G_OBJECT (r), counted_quark, GUINT_TO_POINTER (1));
          g_object_weak_ref (G_OBJECT (r), on_recipient_finalized, NULL);
          n_counted++;
        }
      g_object_unref (r);

      if (i % BC_RECIPIENT_LIST_PAGE_SIZE == 0)
        {
          g_assert_cmpuint (bc_recipient_list_get_n_cached_pages (list), <=,
                            BC_RECIPIENT_LIST_MAX_PAGES);
          max_live = MAX (max_live, n_counted - n_finalized);
        }
      /* By then SQLite's page cache is as full as it gets. */
      if (i == N_MILLION / 5)
        rss_warm = rss_bytes ();
    }
  t_walk = g_get_monotonic_time () - t0;
  rss_end = rss_bytes ();

  g_assert_cmpuint (n_counted, ==, N_MILLION);
  g_assert_cmpuint (max_live, <=, BC_RECIPIENT_LIST_MAX_PAGES * BC_RECIPIENT_LIST_PAGE_SIZE);
  g_assert_cmpuint (n_counted - n_finalized, <=,
                    BC_RECIPIENT_LIST_MAX_PAGES * BC_RECIPIENT_LIST_PAGE_SIZE);
  g_assert_cmpuint (bc_recipient_list_get_n_cached_pages (list), ==, BC_RECIPIENT_LIST_MAX_PAGES);
  /* 800,000 more rows read, and memory stays flat. AddressSanitizer
   * quarantines freed memory, so there only the object count tells. */
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpuint (rss_end, <, rss_warm + 4 * 1024 * 1024);
#endif

  g_test_message ("fill %u recipients: %.2f s; walk them all: %.2f s (%.2f us per row); "
                  "live recipients at most %u; RSS %.1f MB after 20%%, %.1f MB at the end",
                  N_MILLION, t_fill / 1e6, t_walk / 1e6, (double) t_walk / N_MILLION,
                  max_live, rss_warm / 1048576.0, rss_end / 1048576.0);

  g_assert_finalize_object (g_steal_pointer (&list));
  g_assert_cmpuint (n_finalized, ==, N_MILLION);
}

typedef struct
{
  guint n_emissions;
  guint position;
  guint removed;
  guint added;
} ItemsLog;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ItemsLog   *log)
{
  log->n_emissions++;
  log->position = position;
  log->removed = removed;
  log->added = added;
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           GPtrArray  *names)
{
  g_ptr_array_add (names, (gpointer) g_param_spec_get_name (pspec));
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

static void
test_list_changes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BcBatch) batch = fill_batch (fixture->store, "Small", 0, 1000, NULL);
  g_autoptr(BcBatch) other = fill_batch (fixture->store, "Other", 0, 10, NULL);
  g_autoptr(BcRecipientList) list = bc_recipient_list_new (fixture->store,
                                                           bc_batch_get_id (batch));
  g_autoptr(BcRecipient) shown = g_list_model_get_item (G_LIST_MODEL (list), 600);
  g_autoptr(BcRecipient) other_row = NULL;
  g_autoptr(BcRecipient) far = NULL;
  g_autoptr(GPtrArray) notified = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  ItemsLog log = { 0 };
  BcRecipientData d = { 0 };

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &log);
  g_signal_connect (shown, "notify", G_CALLBACK (on_notify), notified);

  /* A cached row: the very object on screen changes, and the list says so. */
  d.id = bc_recipient_get_id (shown);
  d.state = BC_RECIPIENT_STATE_DONE;
  d.attempts = 1;
  d.last_call_id = (char *) "call_600";
  d.outcome = BC_CALL_OUTCOME_PICKED_UP;
  d.successful = TRUE;
  bc_store_update_recipient (fixture->store, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.n_emissions, ==, 1);
  g_assert_cmpuint (log.position, ==, 600);
  g_assert_cmpuint (log.removed, ==, 1);
  g_assert_cmpuint (log.added, ==, 1);
  g_assert_cmpint (bc_recipient_get_state (shown), ==, BC_RECIPIENT_STATE_DONE);
  g_assert_cmpstr (bc_recipient_get_last_call_id (shown), ==, "call_600");
  g_assert_true (has_name (notified, "state"));
  g_assert_true (has_name (notified, "outcome"));
  g_assert_true (has_name (notified, "last-call-id"));
  g_assert_false (has_name (notified, "phone"));
  {
    g_autoptr(BcRecipient) again = g_list_model_get_item (G_LIST_MODEL (list), 600);
    g_assert_true (again == shown);
  }

  /* A row not cached: still announced, read fresh when asked for. */
  d.id = bc_recipient_get_id (shown) + 300;
  d.last_call_id = (char *) "call_900";
  bc_store_update_recipient (fixture->store, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.n_emissions, ==, 2);
  g_assert_cmpuint (log.position, ==, 900);
  far = g_list_model_get_item (G_LIST_MODEL (list), 900);
  g_assert_cmpstr (bc_recipient_get_last_call_id (far), ==, "call_900");

  /* Another batch's row is none of this list's business. */
  other_row = g_list_model_get_item (G_LIST_MODEL (list), 0);
  {
    g_autoptr(BcRecipientList) other_list = bc_recipient_list_new (fixture->store,
                                                                   bc_batch_get_id (other));
    g_autoptr(BcRecipient) o = g_list_model_get_item (G_LIST_MODEL (other_list), 3);

    d.id = bc_recipient_get_id (o);
    d.last_call_id = (char *) "call_other";
    bc_store_update_recipient (fixture->store, &d, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (log.n_emissions, ==, 2);
  }

  /* Rows appended and published: the whole range changes. */
  g_clear_object (&batch);
  batch = fill_batch (fixture->store, NULL, 1000, 24,
                      bc_store_lookup_batch (fixture->store, bc_recipient_list_get_batch_id (list)));
  g_assert_cmpuint (log.n_emissions, ==, 3);
  g_assert_cmpuint (log.position, ==, 0);
  g_assert_cmpuint (log.removed, ==, 1000);
  g_assert_cmpuint (log.added, ==, 1024);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1024);
  g_assert_cmpuint (bc_recipient_list_get_n_cached_pages (list), ==, 0);
  assert_row (G_LIST_MODEL (list), 1023);

  /* Cancelling changes every pending row at once. */
  bc_store_set_batch_state (fixture->store, batch, BC_BATCH_STATE_CANCELLED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.n_emissions, ==, 4);
  g_assert_cmpuint (log.position, ==, 0);
  g_assert_cmpuint (log.removed, ==, 1024);
  g_assert_cmpuint (log.added, ==, 1024);
  {
    g_autoptr(BcRecipient) r = g_list_model_get_item (G_LIST_MODEL (list), 5);
    g_assert_cmpint (bc_recipient_get_state (r), ==, BC_RECIPIENT_STATE_CANCELLED);
  }

  /* Deleted: the list empties. */
  bc_store_delete_batch (fixture->store, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.n_emissions, ==, 5);
  g_assert_cmpuint (log.removed, ==, 1024);
  g_assert_cmpuint (log.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));

  g_signal_handlers_disconnect_by_data (shown, notified);
  g_clear_object (&other_row);
  g_assert_finalize_object (g_steal_pointer (&list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/BatchCalls/RecipientList/million", Fixture, NULL,
              fixture_set_up, test_list_million, fixture_tear_down);
  g_test_add ("/BatchCalls/RecipientList/changes", Fixture, NULL,
              fixture_set_up, test_list_changes, fixture_tear_down);

  return g_test_run ();
}
