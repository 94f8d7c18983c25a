/* test-store.c: the SQLite store: batches, recipients, counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "store-test-util.h"

static void
test_store_batches_roundtrip (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcBatch) old = _bc_batch_new_full (NULL, "Old", BC_BATCH_STATE_DRAFT, 1000);
  g_autoptr(BcBatch) batch = _bc_batch_new_full (NULL, "Spring renewals",
                                                 BC_BATCH_STATE_DRAFT, 2000);
  g_autofree char *id = g_strdup (bc_batch_get_id (batch));
  GListModel *list = bc_store_get_batches (fixture->store);
  BcBatch *loaded;

  bc_batch_set_from_number (batch, "+14155550100");
  bc_batch_set_agent_id (batch, "agent_1");
  bc_batch_set_planned_at (batch, 1772323200);
  bc_batch_set_windows (batch, "09:00-12:00,14:00-18:00");
  bc_batch_set_weekdays (batch, BC_WEEKDAYS_WORK);
  bc_batch_set_timezone (batch, "Europe/Paris");
  bc_batch_set_recipient_local_time (batch, TRUE);
  bc_batch_set_concurrency (batch, 7);
  bc_batch_set_retry_policy (batch, "{\"max_attempts\":3}");

  bc_store_insert_batch (fixture->store, old, FALSE, &error);
  g_assert_no_error (error);
  bc_store_insert_batch (fixture->store, batch, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  {
    g_autoptr(BcBatch) first = g_list_model_get_item (list, 0);
    g_assert_true (first == batch);
  }
  g_assert_true (bc_store_lookup_batch (fixture->store, id) == batch);

  reopen (fixture);
  list = bc_store_get_batches (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  loaded = bc_store_lookup_batch (fixture->store, id);
  g_assert_nonnull (loaded);
  g_assert_true (loaded != batch);
  {
    g_autoptr(BcBatch) first = g_list_model_get_item (list, 0);
    g_assert_true (first == loaded);
  }
  g_assert_true (bc_store_find_batch_by_name (fixture->store, "SPRING RENEWALS") == loaded);
  g_assert_cmpstr (bc_batch_get_name (loaded), ==, "Spring renewals");
  g_assert_cmpstr (bc_batch_get_from_number (loaded), ==, "+14155550100");
  g_assert_cmpstr (bc_batch_get_agent_id (loaded), ==, "agent_1");
  g_assert_cmpint (bc_batch_get_planned_at (loaded), ==, 1772323200);
  g_assert_cmpint (bc_batch_get_created_at (loaded), ==, 2000);
  g_assert_cmpstr (bc_batch_get_windows (loaded), ==, "09:00-12:00,14:00-18:00");
  g_assert_cmpint (bc_batch_get_weekdays (loaded), ==, BC_WEEKDAYS_WORK);
  g_assert_cmpstr (bc_batch_get_timezone (loaded), ==, "Europe/Paris");
  g_assert_true (bc_batch_get_recipient_local_time (loaded));
  g_assert_cmpuint (bc_batch_get_concurrency (loaded), ==, 7);
  g_assert_cmpstr (bc_batch_get_retry_policy (loaded), ==, "{\"max_attempts\":3}");
  g_assert_cmpint (bc_batch_get_state (loaded), ==, BC_BATCH_STATE_DRAFT);
}

typedef struct
{
  guint        n_changed;
  BcRecipient *last;
} ChangeLog;

static void
on_recipient_changed (BcStore     *store,
                      BcRecipient *recipient,
                      ChangeLog   *log)
{
  log->n_changed++;
  g_set_object (&log->last, recipient);
}

static void
test_store_recipients_roundtrip (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcBatch) batch = bc_batch_new ("R");
  g_autoptr(BcRecipientWriter) writer = NULL;
  g_autoptr(BcRecipient) r0 = NULL, r1 = NULL, again = NULL;
  g_autofree char *id = g_strdup (bc_batch_get_id (batch));
  BcRecipientData rows[] = {
    { .line = 2, .phone = (char *) "+33612345678", .override_agent_version = -1,
      .variables = (char *) "{\"first_name\":\"Anne\"}" },
    { .line = 5, .phone = (char *) "+4915112345678", .ignore_e164 = TRUE,
      .override_agent_id = (char *) "agent_x", .override_agent_version = 0,
      .metadata = (char *) "{\"crm\":1}", .custom_sip_headers = (char *) "{\"X-A\":\"b\"}",
      .variables = (char *) "{}",
      /* ignored: a writer inserts every row PENDING at the next position */
      .state = BC_RECIPIENT_STATE_DONE, .position = 77 },
  };
  BcRecipientData update = { 0 };
  ChangeLog log = { 0 };

  bc_store_insert_batch (fixture->store, batch, FALSE, &error);
  g_assert_no_error (error);
  writer = bc_store_begin_recipients (fixture->store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      bc_recipient_writer_add (writer, &rows[i], &error);
      g_assert_no_error (error);
    }
  bc_recipient_writer_finish (writer, &error);
  g_assert_no_error (error);
  g_clear_pointer (&writer, bc_recipient_writer_free);
  bc_store_publish_batch (fixture->store, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_TOTAL), ==, 2);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 2);
  g_clear_object (&batch);

  reopen (fixture);
  batch = g_object_ref (bc_store_lookup_batch (fixture->store, id));
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_TOTAL), ==, 2);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, id), ==, 2);
  r0 = recipient_at (fixture->store, id, 0);
  r1 = recipient_at (fixture->store, id, 1);
  g_assert_cmpstr (bc_recipient_get_batch_id (r0), ==, id);
  g_assert_cmpuint (bc_recipient_get_position (r0), ==, 0);
  g_assert_cmpuint (bc_recipient_get_line (r0), ==, 2);
  g_assert_cmpstr (bc_recipient_get_phone (r0), ==, "+33612345678");
  g_assert_false (bc_recipient_get_ignore_e164 (r0));
  g_assert_null (bc_recipient_get_override_agent_id (r0));
  g_assert_cmpint (bc_recipient_get_override_agent_version (r0), ==, -1);
  g_assert_null (bc_recipient_get_metadata (r0));
  g_assert_cmpstr (bc_recipient_get_variables (r0), ==, "{\"first_name\":\"Anne\"}");
  g_assert_cmpuint (bc_recipient_get_position (r1), ==, 1);
  g_assert_cmpuint (bc_recipient_get_line (r1), ==, 5);
  g_assert_true (bc_recipient_get_ignore_e164 (r1));
  g_assert_cmpstr (bc_recipient_get_override_agent_id (r1), ==, "agent_x");
  g_assert_cmpint (bc_recipient_get_override_agent_version (r1), ==, 0);
  g_assert_cmpstr (bc_recipient_get_metadata (r1), ==, "{\"crm\":1}");
  g_assert_cmpstr (bc_recipient_get_custom_sip_headers (r1), ==, "{\"X-A\":\"b\"}");
  g_assert_cmpint (bc_recipient_get_state (r1), ==, BC_RECIPIENT_STATE_PENDING);

  /* The mutable part only: the phone of @update is not written. */
  g_signal_connect (fixture->store, "recipient-changed",
                    G_CALLBACK (on_recipient_changed), &log);
  update.id = bc_recipient_get_id (r1);
  update.phone = (char *) "+10000000000";
  update.state = BC_RECIPIENT_STATE_DONE;
  update.attempts = 2;
  update.last_call_id = (char *) "call_42";
  update.outcome = BC_CALL_OUTCOME_PICKED_UP;
  update.successful = TRUE;
  update.started_at_ms = 1000;
  update.ended_at_ms = 61000;
  update.duration_ms = 60000;
  update.disconnection_reason = (char *) "user_hangup";
  update.sentiment = (char *) "Positive";
  update.error_message = NULL;
  bc_store_update_recipient (fixture->store, &update, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.n_changed, ==, 1);
  g_assert_cmpuint (bc_recipient_get_position (log.last), ==, 1);
  g_assert_cmpstr (bc_recipient_get_phone (log.last), ==, "+4915112345678");
  g_assert_cmpint (bc_recipient_get_state (log.last), ==, BC_RECIPIENT_STATE_DONE);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_SENT), ==, 1);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PICKED_UP), ==, 1);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_SUCCESSFUL), ==, 1);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 1);
  g_clear_object (&log.last);
  g_signal_handlers_disconnect_by_data (fixture->store, &log);

  update.id = 999999;
  g_assert_false (bc_store_update_recipient (fixture->store, &update, &error));
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&batch);

  reopen (fixture);
  again = bc_store_get_recipient (fixture->store, bc_recipient_get_id (r1), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bc_recipient_get_phone (again), ==, "+4915112345678");
  g_assert_cmpint (bc_recipient_get_state (again), ==, BC_RECIPIENT_STATE_DONE);
  g_assert_cmpuint (bc_recipient_get_attempts (again), ==, 2);
  g_assert_cmpstr (bc_recipient_get_last_call_id (again), ==, "call_42");
  g_assert_cmpint (bc_recipient_get_outcome (again), ==, BC_CALL_OUTCOME_PICKED_UP);
  g_assert_true (bc_recipient_get_successful (again));
  g_assert_cmpint (bc_recipient_get_data (again)->started_at_ms, ==, 1000);
  g_assert_cmpint (bc_recipient_get_data (again)->ended_at_ms, ==, 61000);
  g_assert_cmpint (bc_recipient_get_data (again)->duration_ms, ==, 60000);
  g_assert_cmpstr (bc_recipient_get_data (again)->disconnection_reason, ==, "user_hangup");
  g_assert_cmpstr (bc_recipient_get_data (again)->sentiment, ==, "Positive");
  g_assert_null (bc_recipient_get_data (again)->error_message);
  g_assert_cmpint (bc_batch_get_counter (bc_store_lookup_batch (fixture->store, id),
                                         BC_COUNTER_SUCCESSFUL), ==, 1);
  assert_counters_ok (fixture->store, bc_store_lookup_batch (fixture->store, id));
}

static void
test_store_transitions (Fixture       *fixture,
                        gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_states); i++)
    for (guint j = 0; j < G_N_ELEMENTS (all_states); j++)
      {
        BcBatchState from = all_states[i], to = all_states[j];
        g_autofree char *name = g_strdup_printf ("t-%u-%u", i, j);
        g_autoptr(BcBatch) batch = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *before = NULL, *after = NULL, *stored = NULL, *sql = NULL;
        gboolean ok;

        if (from == to)
          continue;

        batch = add_batch (fixture->store, name, 3);
        walk_to (fixture->store, batch, from);
        before = dump_db (fixture->path);

        ok = bc_store_set_batch_state (fixture->store, batch, to, &error);
        after = dump_db (fixture->path);
        sql = g_strdup_printf ("SELECT state FROM batches WHERE id = '%s'",
                               bc_batch_get_id (batch));
        stored = raw_query (fixture->path, sql);

        if (bc_batch_state_can_transition (from, to))
          {
            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_cmpint (bc_batch_get_state (batch), ==, to);
            g_assert_cmpint (atoi (stored), ==, to);
          }
        else
          {
            g_assert_error (error, BC_BATCH_ERROR, BC_BATCH_ERROR_ILLEGAL_TRANSITION);
            g_assert_false (ok);
            g_assert_cmpint (bc_batch_get_state (batch), ==, from);
            g_assert_cmpstr (before, ==, after);
          }

        /* Cancelling cancels the pending recipients, counters included. */
        if (bc_batch_get_state (batch) == BC_BATCH_STATE_CANCELLED)
          {
            g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 0);
            g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_CANCELLED), ==, 3);
          }
        else
          g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 3);
        assert_counters_ok (fixture->store, batch);
      }
}

static void
test_store_cancel_keeps_outcomes (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "C", 4);
  g_autoptr(BcRecipient) r0 = recipient_at (fixture->store, bc_batch_get_id (batch), 0);
  g_autoptr(BcRecipient) r1 = recipient_at (fixture->store, bc_batch_get_id (batch), 1);
  g_autoptr(BcRecipient) after = NULL;
  g_autoptr(GError) error = NULL;
  /* A retry waiting: back to PENDING with the first attempt's outcome. */
  BcRecipientData retry = { .id = bc_recipient_get_id (r0), .state = BC_RECIPIENT_STATE_PENDING,
                            .attempts = 1, .last_call_id = (char *) "c1",
                            .outcome = BC_CALL_OUTCOME_NO_ANSWER };
  BcRecipientData live = { .id = bc_recipient_get_id (r1),
                           .state = BC_RECIPIENT_STATE_IN_PROGRESS,
                           .attempts = 1, .last_call_id = (char *) "c2" };

  walk_to (fixture->store, batch, BC_BATCH_STATE_ONGOING);
  bc_store_update_recipient (fixture->store, &retry, &error);
  g_assert_no_error (error);
  bc_store_update_recipient (fixture->store, &live, &error);
  g_assert_no_error (error);

  bc_store_set_batch_state (fixture->store, batch, BC_BATCH_STATE_CANCELLED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_CANCELLED), ==, 3);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_IN_PROGRESS), ==, 1);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_NO_ANSWER), ==, 1);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_SENT), ==, 2);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_PENDING), ==, 0);
  after = recipient_at (fixture->store, bc_batch_get_id (batch), 0);
  g_assert_cmpint (bc_recipient_get_state (after), ==, BC_RECIPIENT_STATE_CANCELLED);
  g_assert_cmpint (bc_recipient_get_outcome (after), ==, BC_CALL_OUTCOME_NO_ANSWER);
  assert_counters_ok (fixture->store, batch);
}

static void
test_store_unique_names (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BcBatch) spring = bc_batch_new ("Spring");
  g_autoptr(BcBatch) lower = bc_batch_new ("spring");
  g_autoptr(BcBatch) ete = bc_batch_new ("Été");
  g_autoptr(BcBatch) ete_upper = bc_batch_new ("ÉTÉ");
  g_autoptr(BcBatch) unnamed = bc_batch_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;

  bc_store_insert_batch (fixture->store, spring, FALSE, &error);
  g_assert_no_error (error);
  bc_store_insert_batch (fixture->store, ete, TRUE, &error);
  g_assert_no_error (error);
  before = dump_db (fixture->path);

  g_assert_false (bc_store_insert_batch (fixture->store, lower, FALSE, &error));
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NAME_TAKEN);
  g_assert_nonnull (strstr (error->message, "“spring” is taken by the batch “Spring”"));
  g_assert_nonnull (strstr (error->message, "upper and lower case"));
  g_clear_error (&error);

  /* Non-ASCII case too, and a hidden batch holds its name. */
  g_assert_false (bc_store_insert_batch (fixture->store, ete_upper, FALSE, &error));
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NAME_TAKEN);
  g_clear_error (&error);

  g_assert_false (bc_store_insert_batch (fixture->store, unnamed, FALSE, &error));
  g_assert_error (error, BC_BATCH_ERROR, BC_BATCH_ERROR_INVALID);
  g_clear_error (&error);

  after = dump_db (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_null (bc_store_lookup_batch (fixture->store, bc_batch_get_id (lower)));
  g_assert_cmpuint (g_list_model_get_n_items (bc_store_get_batches (fixture->store)), ==, 1);

  /* Renaming into a taken name is refused as well; to one's own, not. */
  bc_batch_set_name (ete, "SPRING");
  g_assert_false (bc_store_update_batch (fixture->store, ete, &error));
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NAME_TAKEN);
  g_clear_error (&error);
  bc_batch_set_name (spring, "SPRING");
  bc_store_update_batch (fixture->store, spring, &error);
  g_assert_no_error (error);

  /* The index backs the check up against another process. */
  {
    sqlite3 *db = raw_open (fixture->path);
    int rc = sqlite3_exec (db, "INSERT INTO batches (id, name, created_at) "
                               "VALUES ('x', 'spring', 1)", NULL, NULL, NULL);

    g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);
    sqlite3_close (db);
  }
}

static void
test_store_draft_only_edits (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Edit me", 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *sql = NULL, *stored = NULL;

  bc_batch_set_concurrency (batch, 3);
  bc_batch_set_timezone (batch, "America/New_York");
  bc_store_update_batch (fixture->store, batch, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT concurrency, timezone FROM batches WHERE id = '%s'",
                         bc_batch_get_id (batch));
  stored = raw_query (fixture->path, sql);
  g_assert_cmpstr (stored, ==, "3|America/New_York");

  for (guint i = 1; i < G_N_ELEMENTS (all_states); i++)
    {
      g_autofree char *name = g_strdup_printf ("e-%u", i);
      g_autoptr(BcBatch) other = add_batch (fixture->store, name, 0);

      walk_to (fixture->store, other, all_states[i]);
      before = (g_free (before), dump_db (fixture->path));
      bc_batch_set_concurrency (other, 9);
      g_assert_false (bc_store_update_batch (fixture->store, other, &error));
      g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_EDITABLE);
      g_clear_error (&error);
      after = (g_free (after), dump_db (fixture->path));
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_store_delete_rules (Fixture       *fixture,
                         gconstpointer  data)
{
  GListModel *list = bc_store_get_batches (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (all_states); i++)
    {
      BcBatchState state = all_states[i];
      g_autofree char *name = g_strdup_printf ("d-%u", i);
      g_autoptr(BcBatch) batch = add_batch (fixture->store, name, 5);
      g_autofree char *id = g_strdup (bc_batch_get_id (batch));
      g_autoptr(GError) error = NULL;
      guint n_before;
      gboolean allowed = state == BC_BATCH_STATE_DRAFT ||
                         state == BC_BATCH_STATE_CANCELLED ||
                         state == BC_BATCH_STATE_SENT;

      walk_to (fixture->store, batch, state);
      n_before = g_list_model_get_n_items (list);

      if (allowed)
        {
          g_autofree char *left = NULL;

          bc_store_delete_batch (fixture->store, batch, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (g_list_model_get_n_items (list), ==, n_before - 1);
          g_assert_null (bc_store_lookup_batch (fixture->store, id));
          g_assert_cmpuint (bc_store_count_recipients (fixture->store, id), ==, 0);
          left = raw_query (fixture->path, "SELECT count(*) FROM recipients r "
                                           "LEFT JOIN batches b ON b.key = r.batch_key "
                                           "WHERE b.key IS NULL");
          g_assert_cmpstr (left, ==, "0");
        }
      else
        {
          g_assert_false (bc_store_delete_batch (fixture->store, batch, &error));
          g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_NOT_EDITABLE);
          g_assert_cmpuint (g_list_model_get_n_items (list), ==, n_before);
          g_assert_cmpuint (bc_store_count_recipients (fixture->store, id), ==, 5);
        }
    }
}

static void
test_store_hidden_lifecycle (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BcBatch) shown = bc_batch_new ("Imported");
  g_autoptr(BcBatch) crashed = bc_batch_new ("Crashed import");
  g_autoptr(GError) error = NULL;
  g_autofree char *shown_id = g_strdup (bc_batch_get_id (shown));
  g_autofree char *crashed_id = g_strdup (bc_batch_get_id (crashed));
  g_autofree char *rows = NULL;
  GListModel *list = bc_store_get_batches (fixture->store);
  BcBatch *pair[] = { shown, crashed };

  for (guint i = 0; i < G_N_ELEMENTS (pair); i++)
    {
      g_autoptr(BcRecipientWriter) writer = NULL;

      bc_store_insert_batch (fixture->store, pair[i], TRUE, &error);
      g_assert_no_error (error);
      writer = bc_store_begin_recipients (fixture->store, bc_batch_get_id (pair[i]), &error);
      g_assert_no_error (error);
      for (guint j = 0; j < 12; j++)
        {
          BcRecipientData row = { .line = j + 2, .phone = (char *) "+33612345678",
                                  .override_agent_version = -1 };

          bc_recipient_writer_add (writer, &row, &error);
          g_assert_no_error (error);
        }
      bc_recipient_writer_finish (writer, &error);
      g_assert_no_error (error);
    }

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_assert_true (bc_store_lookup_batch (fixture->store, shown_id) == shown);
  g_assert_null (bc_store_find_batch_by_name (fixture->store, "Imported"));
  /* The writer committed counters the live object does not know yet. */
  g_assert_cmpint (bc_batch_get_counter (shown, BC_COUNTER_TOTAL), ==, 0);

  bc_store_publish_batch (fixture->store, shown, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_cmpint (bc_batch_get_counter (shown, BC_COUNTER_TOTAL), ==, 12);
  g_assert_cmpint (bc_batch_get_counter (shown, BC_COUNTER_PENDING), ==, 12);
  g_assert_true (bc_store_find_batch_by_name (fixture->store, "imported") == shown);

  /* The app dies before publishing the second: it is gone at next open. */
  reopen (fixture);
  list = bc_store_get_batches (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_nonnull (bc_store_lookup_batch (fixture->store, shown_id));
  g_assert_null (bc_store_lookup_batch (fixture->store, crashed_id));
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, crashed_id), ==, 0);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, shown_id), ==, 12);
  rows = raw_query (fixture->path, "SELECT count(*) FROM recipients");
  g_assert_cmpstr (rows, ==, "12");
}

static void
test_store_writer_abort (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Abort", 5);
  const char *id = bc_batch_get_id (batch);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_db (fixture->path);
  g_autofree char *after = NULL;
  BcRecipientWriter *writer;
  guint n = 25000;  /* two committed chunks and an open one */

  writer = bc_store_begin_recipients (fixture->store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      BcRecipientData row = { .line = i, .phone = (char *) "+33612345678",
                              .override_agent_version = -1 };

      bc_recipient_writer_add (writer, &row, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, id), ==, 5 + 20000);
  bc_recipient_writer_free (writer);

  g_assert_cmpuint (bc_store_count_recipients (fixture->store, id), ==, 5);
  after = dump_db (fixture->path);
  g_assert_cmpstr (before, ==, after);
  assert_counters_ok (fixture->store, batch);

  /* Appending after abort continues at the old end. */
  writer = bc_store_begin_recipients (fixture->store, id, &error);
  g_assert_no_error (error);
  {
    BcRecipientData row = { .line = 99, .phone = (char *) "+33699999999",
                            .override_agent_version = -1 };
    g_autoptr(BcRecipient) last = NULL;

    bc_recipient_writer_add (writer, &row, &error);
    g_assert_no_error (error);
    bc_recipient_writer_finish (writer, &error);
    g_assert_no_error (error);
    bc_recipient_writer_free (writer);
    bc_store_publish_batch (fixture->store, batch, &error);
    g_assert_no_error (error);
    last = recipient_at (fixture->store, id, 5);
    g_assert_cmpuint (bc_recipient_get_line (last), ==, 99);
    g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_TOTAL), ==, 6);
  }
}

typedef struct
{
  BcRecipientWriter *writer;
  guint              n_rows;
  gint               done;
} WriterJob;

static gpointer
writer_thread (gpointer data)
{
  WriterJob *job = data;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < job->n_rows; i++)
    {
      BcRecipientData row = { .line = i + 2, .phone = (char *) "+15550000000",
                              .override_agent_version = -1 };

      bc_recipient_writer_add (job->writer, &row, &error);
      g_assert_no_error (error);
    }
  bc_recipient_writer_finish (job->writer, &error);
  g_assert_no_error (error);
  g_atomic_int_set (&job->done, 1);
  return NULL;
}

/* An import on a worker thread and the store's own commits share the
 * database: neither fails, neither sees the other's half-done work. */
static void
test_store_writer_concurrent (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(BcBatch) busy = add_batch (fixture->store, "Running", 50);
  g_autoptr(BcBatch) import = bc_batch_new ("Importing");
  g_autoptr(GError) error = NULL;
  WriterJob job = { .n_rows = 3 * 10000 + 17 };
  GThread *thread;
  guint n_updates = 0;

  bc_store_insert_batch (fixture->store, import, TRUE, &error);
  g_assert_no_error (error);
  job.writer = bc_store_begin_recipients (fixture->store, bc_batch_get_id (import), &error);
  g_assert_no_error (error);

  thread = g_thread_new ("writer", writer_thread, &job);
  /* As fast as it can: without the gate's turns, SQLite's busy handler let
   * one side starve until "database is locked". */
  while (!g_atomic_int_get (&job.done))
    {
      g_autoptr(BcRecipient) r = recipient_at (fixture->store, bc_batch_get_id (busy),
                                               n_updates % 50);
      BcRecipientData d = { .id = bc_recipient_get_id (r),
                            .state = n_updates % 7, .attempts = n_updates,
                            .outcome = n_updates % 5 };

      bc_store_update_recipient (fixture->store, &d, &error);
      g_assert_no_error (error);
      n_updates++;
    }
  g_thread_join (thread);
  bc_recipient_writer_free (job.writer);
  g_test_message ("%u updates committed while the writer ran", n_updates);
  g_assert_cmpuint (n_updates, >, 0);

  bc_store_publish_batch (fixture->store, import, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bc_batch_get_counter (import, BC_COUNTER_TOTAL), ==, job.n_rows);
  g_assert_cmpuint (bc_store_count_recipients (fixture->store, bc_batch_get_id (import)), ==,
                    job.n_rows);
  assert_counters_ok (fixture->store, import);
  assert_counters_ok (fixture->store, busy);
}

static char *
live_counters (BcBatch *batch)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < BC_N_COUNTERS; c++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, c > 0 ? "|" : "",
                            bc_batch_get_counter (batch, c));
  return g_string_free (out, FALSE);
}

static void
test_store_counters (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BcBatch) batch = add_batch (fixture->store, "Counters", 40);
  g_autofree char *id = g_strdup (bc_batch_get_id (batch));
  g_autofree char *counters_sql = NULL, *sql = NULL, *live = NULL;
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  counters_sql = g_strdup_printf ("SELECT n_total, n_sent, n_picked_up, n_successful, "
                                  "n_no_answer, n_busy, n_voicemail, n_failed, "
                                  "n_in_progress, n_pending, n_needs_review, n_cancelled "
                                  "FROM batches WHERE id = '%s'", id);
  walk_to (fixture->store, batch, BC_BATCH_STATE_ONGOING);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(BcRecipient) r = recipient_at (fixture->store, id,
                                               g_rand_int_range (rand, 0, 40));
      g_autofree char *call_id = g_strdup_printf ("call_%u", i);
      g_autofree char *stored = NULL;
      BcRecipientData d = {
        .id = bc_recipient_get_id (r),
        .state = g_rand_int_range (rand, 0, 7),
        .attempts = bc_recipient_get_attempts (r) + 1,
        .last_call_id = g_rand_boolean (rand) ? call_id : NULL,
        .outcome = g_rand_int_range (rand, 0, 7),
        .successful = g_rand_boolean (rand),
      };

      bc_store_update_recipient (fixture->store, &d, &error);
      g_assert_no_error (error);
      if (i % 30 == 0)
        assert_counters_ok (fixture->store, batch);
      /* The live object holds what is stored. */
      stored = raw_query (fixture->path, counters_sql);
      g_free (live);
      live = live_counters (batch);
      g_assert_cmpstr (live, ==, stored);
    }
  assert_counters_ok (fixture->store, batch);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_TOTAL), ==, 40);

  g_clear_object (&batch);
  reopen (fixture);
  batch = g_object_ref (bc_store_lookup_batch (fixture->store, id));
  {
    g_autofree char *reloaded = live_counters (batch);
    g_assert_cmpstr (reloaded, ==, live);
  }

  /* A counter knocked off by hand is named with both values. */
  sql = g_strdup_printf ("UPDATE batches SET n_picked_up = n_picked_up + 7 WHERE id = '%s'", id);
  raw_exec (fixture->path, sql);
  g_assert_false (bc_store_check_counters (fixture->store, id, &error));
  g_assert_error (error, BC_STORE_ERROR, BC_STORE_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "“picked_up”"));
  g_test_message ("%s", error->message);
  g_rand_free (rand);
}

/* ---- The crash test ---- */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/BatchCalls/Store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("batches-roundtrip", test_store_batches_roundtrip);
  ADD ("recipients-roundtrip", test_store_recipients_roundtrip);
  ADD ("transitions", test_store_transitions);
  ADD ("cancel-keeps-outcomes", test_store_cancel_keeps_outcomes);
  ADD ("unique-names", test_store_unique_names);
  ADD ("draft-only-edits", test_store_draft_only_edits);
  ADD ("delete-rules", test_store_delete_rules);
  ADD ("hidden-lifecycle", test_store_hidden_lifecycle);
  ADD ("writer-abort", test_store_writer_abort);
  ADD ("writer-concurrent", test_store_writer_concurrent);
  ADD ("counters", test_store_counters);
#undef ADD

  return g_test_run ();
}
