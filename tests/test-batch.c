/* test-batch.c: the batch and recipient models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bc-batch-private.h"
#include "bc-enums.h"
#include "bc-recipient.h"

static const BcBatchState all_states[] = {
  BC_BATCH_STATE_DRAFT, BC_BATCH_STATE_PLANNED, BC_BATCH_STATE_ONGOING,
  BC_BATCH_STATE_PAUSED, BC_BATCH_STATE_CANCELLED, BC_BATCH_STATE_SENT,
};

/* The legal transitions, written out independently of the code under test. */
static gboolean
expected_legal (BcBatchState from,
                BcBatchState to)
{
  static const struct { BcBatchState from, to; } legal[] = {
    { BC_BATCH_STATE_DRAFT, BC_BATCH_STATE_PLANNED },
    { BC_BATCH_STATE_DRAFT, BC_BATCH_STATE_ONGOING },
    { BC_BATCH_STATE_DRAFT, BC_BATCH_STATE_CANCELLED },
    { BC_BATCH_STATE_PLANNED, BC_BATCH_STATE_ONGOING },
    { BC_BATCH_STATE_PLANNED, BC_BATCH_STATE_CANCELLED },
    { BC_BATCH_STATE_PLANNED, BC_BATCH_STATE_DRAFT },
    { BC_BATCH_STATE_ONGOING, BC_BATCH_STATE_PAUSED },
    { BC_BATCH_STATE_ONGOING, BC_BATCH_STATE_CANCELLED },
    { BC_BATCH_STATE_ONGOING, BC_BATCH_STATE_SENT },
    { BC_BATCH_STATE_PAUSED, BC_BATCH_STATE_ONGOING },
    { BC_BATCH_STATE_PAUSED, BC_BATCH_STATE_CANCELLED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (legal); i++)
    if (legal[i].from == from && legal[i].to == to)
      return TRUE;
  return FALSE;
}

typedef struct
{
  guint        emissions;
  BcBatchState new_state;
  BcBatchState old_state;
} StateLog;

static void
on_state_changed (BcBatch      *batch,
                  BcBatchState  new_state,
                  BcBatchState  old_state,
                  StateLog     *log)
{
  log->emissions++;
  log->new_state = new_state;
  log->old_state = old_state;
}

static void
test_batch_transitions (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_states); i++)
    for (guint j = 0; j < G_N_ELEMENTS (all_states); j++)
      {
        BcBatchState from = all_states[i], to = all_states[j];
        g_autoptr(BcBatch) batch = _bc_batch_new_full (NULL, "b", from, 1);
        g_autoptr(GError) error = NULL;
        StateLog log = { 0 };
        gboolean ok;

        if (from == to)
          continue;

        g_signal_connect (batch, "state-changed", G_CALLBACK (on_state_changed), &log);
        ok = bc_batch_transition (batch, to, &error);

        if (expected_legal (from, to))
          {
            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_cmpint (bc_batch_get_state (batch), ==, to);
            g_assert_cmpuint (log.emissions, ==, 1);
            g_assert_cmpint (log.new_state, ==, to);
            g_assert_cmpint (log.old_state, ==, from);
          }
        else
          {
            g_assert_error (error, BC_BATCH_ERROR, BC_BATCH_ERROR_ILLEGAL_TRANSITION);
            g_assert_false (ok);
            g_assert_cmpint (bc_batch_get_state (batch), ==, from);
            g_assert_cmpuint (log.emissions, ==, 0);
            /* The message names both states, so the user knows what was refused. */
            g_assert_nonnull (strstr (error->message, bc_batch_state_get_label (from)));
            g_assert_nonnull (strstr (error->message, bc_batch_state_get_label (to)));
          }
      }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_batch_properties (void)
{
  g_autoptr(BcBatch) batch = bc_batch_new ("Spring campaign");
  g_autoptr(BcBatch) other = bc_batch_new ("Other");
  guint name_notifies = 0, editable_notifies = 0;
  g_autofree char *name = NULL;

  /* A fresh batch is a Draft with a random UUID and sensible defaults. */
  g_assert_cmpint (bc_batch_get_state (batch), ==, BC_BATCH_STATE_DRAFT);
  g_assert_true (g_uuid_string_is_valid (bc_batch_get_id (batch)));
  g_assert_cmpstr (bc_batch_get_id (batch), !=, bc_batch_get_id (other));
  g_assert_cmpint (bc_batch_get_created_at (batch), >, 1700000000);
  g_assert_cmpuint (bc_batch_get_weekdays (batch), ==, BC_WEEKDAYS_ALL);
  g_assert_cmpuint (bc_batch_get_concurrency (batch), >=, 1);

  g_signal_connect (batch, "notify::name", G_CALLBACK (count_notify), &name_notifies);
  g_signal_connect (batch, "notify::editable", G_CALLBACK (count_notify), &editable_notifies);

  bc_batch_set_name (batch, "Spring campaign");
  g_assert_cmpuint (name_notifies, ==, 0);
  bc_batch_set_name (batch, "Summer campaign");
  g_assert_cmpuint (name_notifies, ==, 1);
  g_object_get (batch, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "Summer campaign");

  g_assert_true (bc_batch_is_editable (batch));
  g_assert_true (bc_batch_transition (batch, BC_BATCH_STATE_PLANNED, NULL));
  g_assert_false (bc_batch_is_editable (batch));
  g_assert_cmpuint (editable_notifies, ==, 1);
  g_assert_true (bc_batch_transition (batch, BC_BATCH_STATE_DRAFT, NULL));
  g_assert_true (bc_batch_is_editable (batch));
  g_assert_cmpuint (editable_notifies, ==, 2);
}

static void
test_batch_counters (void)
{
  g_autoptr(BcBatch) batch = bc_batch_new ("c");
  gint64 values[BC_N_COUNTERS] = { 0 };
  guint picked_notifies = 0, pending_notifies = 0;
  gint64 picked;

  g_signal_connect (batch, "notify::picked-up", G_CALLBACK (count_notify), &picked_notifies);
  g_signal_connect (batch, "notify::pending", G_CALLBACK (count_notify), &pending_notifies);

  values[BC_COUNTER_TOTAL] = 10;
  values[BC_COUNTER_PENDING] = 10;
  bc_batch_set_counters (batch, values);
  g_assert_cmpuint (pending_notifies, ==, 1);
  g_assert_cmpuint (picked_notifies, ==, 0);

  values[BC_COUNTER_PENDING] = 9;
  values[BC_COUNTER_PICKED_UP] = 1;
  bc_batch_set_counters (batch, values);
  g_assert_cmpuint (pending_notifies, ==, 2);
  g_assert_cmpuint (picked_notifies, ==, 1);
  g_object_get (batch, "picked-up", &picked, NULL);
  g_assert_cmpint (picked, ==, 1);
  g_assert_cmpint (bc_batch_get_counter (batch, BC_COUNTER_TOTAL), ==, 10);

  g_assert_cmpstr (bc_counter_to_string (BC_COUNTER_PICKED_UP), ==, "picked_up");
  g_assert_cmpstr (bc_counter_to_string (BC_COUNTER_NEEDS_REVIEW), ==, "needs_review");
}

static void
test_batch_state_strings (void)
{
  const char *names[] = { "draft", "planned", "ongoing", "paused", "cancelled", "sent" };

  for (guint i = 0; i < G_N_ELEMENTS (all_states); i++)
    {
      BcBatchState parsed;

      g_assert_cmpstr (bc_batch_state_to_string (all_states[i]), ==, names[i]);
      g_assert_true (bc_batch_state_from_string (names[i], &parsed));
      g_assert_cmpint (parsed, ==, all_states[i]);
    }
  g_assert_false (bc_batch_state_from_string ("bogus", NULL));
}

static void
test_recipient_contrib (void)
{
  gint64 c[BC_N_COUNTERS];

  bc_recipient_counter_contrib (BC_RECIPIENT_STATE_PENDING, BC_CALL_OUTCOME_NONE, FALSE, FALSE, c);
  g_assert_cmpint (c[BC_COUNTER_TOTAL], ==, 1);
  g_assert_cmpint (c[BC_COUNTER_PENDING], ==, 1);
  g_assert_cmpint (c[BC_COUNTER_SENT], ==, 0);

  bc_recipient_counter_contrib (BC_RECIPIENT_STATE_DONE, BC_CALL_OUTCOME_PICKED_UP, TRUE, TRUE, c);
  g_assert_cmpint (c[BC_COUNTER_PENDING], ==, 0);
  g_assert_cmpint (c[BC_COUNTER_SENT], ==, 1);
  g_assert_cmpint (c[BC_COUNTER_PICKED_UP], ==, 1);
  g_assert_cmpint (c[BC_COUNTER_SUCCESSFUL], ==, 1);
  g_assert_cmpint (c[BC_COUNTER_FAILED], ==, 0);

  /* Successful only counts when the call was picked up. */
  bc_recipient_counter_contrib (BC_RECIPIENT_STATE_DONE, BC_CALL_OUTCOME_VOICEMAIL, TRUE, TRUE, c);
  g_assert_cmpint (c[BC_COUNTER_SUCCESSFUL], ==, 0);
  g_assert_cmpint (c[BC_COUNTER_VOICEMAIL], ==, 1);

  /* A failed recipient with an error outcome counts once. */
  bc_recipient_counter_contrib (BC_RECIPIENT_STATE_FAILED, BC_CALL_OUTCOME_ERROR, FALSE, FALSE, c);
  g_assert_cmpint (c[BC_COUNTER_FAILED], ==, 1);

  bc_recipient_counter_contrib (BC_RECIPIENT_STATE_DISPATCHING, BC_CALL_OUTCOME_NONE, FALSE, FALSE, c);
  g_assert_cmpint (c[BC_COUNTER_IN_PROGRESS], ==, 1);
  bc_recipient_counter_contrib (BC_RECIPIENT_STATE_NEEDS_REVIEW, BC_CALL_OUTCOME_NONE, FALSE, FALSE, c);
  g_assert_cmpint (c[BC_COUNTER_NEEDS_REVIEW], ==, 1);
  g_assert_cmpint (c[BC_COUNTER_IN_PROGRESS], ==, 0);
}

static void
test_recipient_update_notifies (void)
{
  BcRecipientData data = { 0 };
  g_autoptr(BcRecipient) recipient = NULL;
  BcRecipientData next = { 0 };
  guint state_notifies = 0, phone_notifies = 0;

  data.id = 7;
  data.phone = g_strdup ("+14155550100");
  data.override_agent_version = -1;
  recipient = bc_recipient_new_take (&data);
  g_assert_null (data.phone);
  g_assert_cmpstr (bc_recipient_get_phone (recipient), ==, "+14155550100");

  g_signal_connect (recipient, "notify::state", G_CALLBACK (count_notify), &state_notifies);
  g_signal_connect (recipient, "notify::phone", G_CALLBACK (count_notify), &phone_notifies);

  next = *bc_recipient_get_data (recipient);
  next.state = BC_RECIPIENT_STATE_IN_PROGRESS;
  next.last_call_id = (char *) "call_1";
  bc_recipient_update (recipient, &next);
  g_assert_cmpuint (state_notifies, ==, 1);
  g_assert_cmpuint (phone_notifies, ==, 0);
  g_assert_cmpstr (bc_recipient_get_last_call_id (recipient), ==, "call_1");
  g_assert_cmpint (bc_recipient_get_state (recipient), ==, BC_RECIPIENT_STATE_IN_PROGRESS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/Batch/transitions", test_batch_transitions);
  g_test_add_func ("/BatchCalls/Batch/properties", test_batch_properties);
  g_test_add_func ("/BatchCalls/Batch/counters", test_batch_counters);
  g_test_add_func ("/BatchCalls/Batch/state-strings", test_batch_state_strings);
  g_test_add_func ("/BatchCalls/Recipient/counter-contrib", test_recipient_contrib);
  g_test_add_func ("/BatchCalls/Recipient/update-notifies", test_recipient_update_notifies);

  return g_test_run ();
}
