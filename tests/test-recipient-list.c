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
      char variables[64];
      BcRecipientData row = { .line = i + 2, .phone = phone, .override_agent_version = -1,
                              .variables = variables };

      g_snprintf (phone, sizeof phone, "+1555%07u", i);
      g_snprintf (variables, sizeof variables, "{\"first_name\":\"Ada\",\"code\":\"K%u\"}", i);
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

/* Sets @filter and waits for the worker thread's answer. */
static void
filter_and_wait (BcRecipientList         *list,
                 const BcRecipientFilter *filter)
{
  bc_recipient_list_set_filter (list, filter);
  while (bc_recipient_list_get_searching (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
search_and_wait (BcRecipientList *list,
                 guint            states,
                 int              outcome,
                 const char      *search)
{
  g_autoptr(BcRecipientFilter) filter = bc_recipient_filter_new (states, outcome, search);

  filter_and_wait (list, filter);
}

static guint
position_at (GListModel *list,
             guint       index)
{
  g_autoptr(BcRecipient) r = g_list_model_get_item (list, index);

  g_assert_nonnull (r);
  return bc_recipient_get_position (r);
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

  /* Filtered, the list stays as lazy: only positions are held. A number
   * search, a variable search that finds few rows (every row's JSON is
   * looked at), and one that finds every row (json_each on each). */
  {
    GListModel *m = G_LIST_MODEL (list);
    gint64 t_phone, t_var, t_all;

    t0 = g_get_monotonic_time ();
    search_and_wait (list, 0, -1, "+1 555 000");
    t_phone = g_get_monotonic_time () - t0;
    g_assert_cmpuint (g_list_model_get_n_items (m), ==, 10000);
    g_assert_cmpuint (bc_recipient_list_get_n_cached_pages (list), ==, 0);
    g_assert_cmpuint (position_at (m, 9999), ==, 9999);

    t0 = g_get_monotonic_time ();
    search_and_wait (list, 0, -1, "K99999");
    t_var = g_get_monotonic_time () - t0;
    g_assert_cmpuint (g_list_model_get_n_items (m), ==, 11);
    g_assert_cmpuint (position_at (m, 0), ==, 99999);
    g_assert_cmpuint (position_at (m, 10), ==, 999999);

    t0 = g_get_monotonic_time ();
    search_and_wait (list, 0, -1, "ada");
    t_all = g_get_monotonic_time () - t0;
    g_assert_cmpuint (g_list_model_get_n_items (m), ==, N_MILLION);
    for (guint i = 0; i < N_MILLION; i += 97)
      {
        g_assert_cmpuint (position_at (m, i), ==, i);
        g_assert_cmpuint (bc_recipient_list_get_n_cached_pages (list), <=,
                          BC_RECIPIENT_LIST_MAX_PAGES);
      }
    /* The unfiltered pages went with the first filter. */
    g_assert_cmpuint (n_finalized, ==, N_MILLION);

    search_and_wait (list, BC_RECIPIENT_FILTER_STATE (BC_RECIPIENT_STATE_DONE), -1, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (m), ==, 0);

    g_test_message ("1M rows: number search %.2f s (10,000 matches), variable search %.2f s "
                    "(11 matches), variable search matching all %.2f s",
                    t_phone / 1e6, t_var / 1e6, t_all / 1e6);
  }

  g_assert_finalize_object (g_steal_pointer (&list));
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

static void
test_list_filter (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BcBatch) batch = fill_batch (fixture->store, "Filtered", 0, 1000, NULL);
  g_autoptr(BcRecipientList) list = bc_recipient_list_new (fixture->store,
                                                           bc_batch_get_id (batch));
  GListModel *m = G_LIST_MODEL (list);
  const guint done = BC_RECIPIENT_FILTER_STATE (BC_RECIPIENT_STATE_DONE);
  g_autoptr(GError) error = NULL;
  ItemsLog log = { 0 };

  /* Every tenth row is done: picked up on multiples of 20, else no answer. */
  for (guint i = 0; i < 1000; i += 10)
    {
      g_autoptr(BcRecipient) r = recipient_at (fixture->store, bc_batch_get_id (batch), i);
      BcRecipientData d = { .id = bc_recipient_get_id (r), .state = BC_RECIPIENT_STATE_DONE,
                            .attempts = 1,
                            .outcome = i % 20 == 0 ? BC_CALL_OUTCOME_PICKED_UP
                                                   : BC_CALL_OUTCOME_NO_ANSWER };

      bc_store_update_recipient (fixture->store, &d, &error);
      g_assert_no_error (error);
    }

  search_and_wait (list, done, -1, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 100);
  g_assert_cmpuint (position_at (m, 0), ==, 0);
  g_assert_cmpuint (position_at (m, 99), ==, 990);
  g_assert_null (g_list_model_get_item (m, 100));

  search_and_wait (list, done, BC_CALL_OUTCOME_NO_ANSWER, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 50);
  g_assert_cmpuint (position_at (m, 7), ==, 150);

  /* Pending: 900 rows over four pages, ranks mapped back to positions. */
  search_and_wait (list, BC_RECIPIENT_FILTER_STATE (BC_RECIPIENT_STATE_PENDING), -1, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 900);
  for (guint r = 0; r < 900; r++)
    g_assert_cmpuint (position_at (m, r), ==, r + r / 9 + 1);
  g_assert_cmpuint (bc_recipient_list_get_n_cached_pages (list), ==, 4);

  /* A variable's value, whatever its case; never a variable's name. */
  search_and_wait (list, 0, -1, "K42");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 11);
  g_assert_cmpuint (position_at (m, 0), ==, 42);
  g_assert_cmpuint (position_at (m, 1), ==, 420);
  g_assert_cmpuint (position_at (m, 10), ==, 429);
  search_and_wait (list, 0, -1, "k42");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 11);
  search_and_wait (list, 0, -1, "code");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 0);
  search_and_wait (list, 0, -1, "%");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 0);
  search_and_wait (list, 0, -1, "_");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 0);

  /* A number however it is spaced, and a part of one. */
  search_and_wait (list, 0, -1, "+1 (555) 000-0999");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 1);
  g_assert_cmpuint (position_at (m, 0), ==, 999);
  search_and_wait (list, 0, -1, "000 099");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 11);
  g_assert_cmpuint (position_at (m, 0), ==, 99);
  g_assert_cmpuint (position_at (m, 1), ==, 990);

  /* Parts together. */
  search_and_wait (list, done, -1, "K42");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 1);
  g_assert_cmpuint (position_at (m, 0), ==, 420);

  /* A change of a shown row is announced at its rank, not its position. */
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &log);
  {
    g_autoptr(BcRecipient) r = g_list_model_get_item (m, 0);
    BcRecipientData d = { .id = bc_recipient_get_id (r), .state = BC_RECIPIENT_STATE_DONE,
                          .attempts = 2, .outcome = BC_CALL_OUTCOME_PICKED_UP };

    bc_store_update_recipient (fixture->store, &d, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (log.n_emissions, ==, 1);
    g_assert_cmpuint (log.position, ==, 0);
    g_assert_cmpuint (bc_recipient_get_attempts (r), ==, 2);
  }

  /* A newer filter wins over one still running. */
  {
    g_autoptr(BcRecipientFilter) first = bc_recipient_filter_new (0, -1, "K1");
    g_autoptr(BcRecipientFilter) second = bc_recipient_filter_new (0, -1, "K7");

    bc_recipient_list_set_filter (list, first);
    g_assert_true (bc_recipient_list_get_searching (list));
    /* Meanwhile the last result stays on screen. */
    g_assert_cmpuint (g_list_model_get_n_items (m), ==, 1);
    g_assert_cmpuint (position_at (m, 0), ==, 420);
    filter_and_wait (list, second);
    g_assert_cmpuint (g_list_model_get_n_items (m), ==, 111);
    g_assert_cmpuint (position_at (m, 0), ==, 7);
  }

  /* Rows added while filtered: the filter runs again over them. */
  g_clear_object (&batch);
  batch = fill_batch (fixture->store, NULL, 1000, 24,
                      bc_store_lookup_batch (fixture->store, bc_recipient_list_get_batch_id (list)));
  search_and_wait (list, 0, -1, "K102");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 5);
  g_assert_cmpuint (position_at (m, 4), ==, 1023);
  g_clear_object (&batch);
  batch = fill_batch (fixture->store, NULL, 1024, 1,
                      bc_store_lookup_batch (fixture->store, bc_recipient_list_get_batch_id (list)));
  g_assert_true (bc_recipient_list_get_searching (list));
  while (bc_recipient_list_get_searching (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 6);
  g_assert_cmpuint (position_at (m, 5), ==, 1024);

  /* No filter: every row, at once. */
  bc_recipient_list_set_filter (list, NULL);
  g_assert_false (bc_recipient_list_get_searching (list));
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 1025);
  assert_row (m, 1024);

  g_signal_handlers_disconnect_by_data (list, &log);
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
  g_test_add ("/BatchCalls/RecipientList/filter", Fixture, NULL,
              fixture_set_up, test_list_filter, fixture_tear_down);

  return g_test_run ();
}
