/* test-clock.c: BcManualClock and BcRealClock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bc-manual-clock.h"
#include "bc-real-clock.h"

typedef struct
{
  BcClock *clock;
  GString *log;
  guint    extra_id;
  int      repeats;
} Fixture;

static gboolean
record_cb (gpointer data)
{
  Fixture *f = g_object_get_data (G_OBJECT (data), "fixture");
  const char *name = g_object_get_data (G_OBJECT (data), "name");

  g_string_append_printf (f->log, "%s@%" G_GINT64_FORMAT " ", name, bc_clock_now_ms (f->clock));
  return G_SOURCE_REMOVE;
}

static GObject *
tag (Fixture    *f,
     const char *name)
{
  GObject *o = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (o, "fixture", f);
  g_object_set_data_full (o, "name", g_strdup (name), g_free);
  return o;
}

static gboolean
add_more_cb (gpointer data)
{
  Fixture *f = data;

  g_string_append_printf (f->log, "more@%" G_GINT64_FORMAT " ", bc_clock_now_ms (f->clock));
  /* Due within the same advance: must fire in it, in order. */
  bc_clock_add_timeout (f->clock, 5, record_cb, tag (f, "nested"), g_object_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
repeat_cb (gpointer data)
{
  Fixture *f = data;

  f->repeats++;
  return f->repeats < 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
test_manual_order (void)
{
  Fixture f = { 0 };
  BcManualClock *manual;
  guint removed;

  f.clock = bc_manual_clock_new (1000 * 1000);
  manual = BC_MANUAL_CLOCK (f.clock);
  f.log = g_string_new (NULL);

  g_assert_cmpint (bc_clock_now_ms (f.clock), ==, 1000);
  bc_clock_add_timeout (f.clock, 30, record_cb, tag (&f, "c"), g_object_unref);
  bc_clock_add_timeout (f.clock, 10, record_cb, tag (&f, "a"), g_object_unref);
  bc_clock_add_timeout (f.clock, 10, record_cb, tag (&f, "a2"), g_object_unref);
  bc_clock_add_timeout (f.clock, 20, add_more_cb, &f, NULL);
  removed = bc_clock_add_timeout (f.clock, 15, record_cb, tag (&f, "removed"), g_object_unref);
  g_assert_cmpuint (bc_manual_clock_get_n_pending (manual), ==, 5);
  g_assert_cmpint (bc_manual_clock_get_next_delay_ms (manual), ==, 10);

  bc_clock_remove (f.clock, removed);
  bc_clock_remove (f.clock, 9999);  /* unknown ids are ignored */
  g_assert_cmpuint (bc_manual_clock_get_n_pending (manual), ==, 4);

  bc_manual_clock_advance (manual, 9);
  g_assert_cmpstr (f.log->str, ==, "");
  bc_manual_clock_advance (manual, 100);
  g_assert_cmpstr (f.log->str, ==, "a@1010 a2@1010 more@1020 nested@1025 c@1030 ");
  g_assert_cmpint (bc_clock_now_ms (f.clock), ==, 1109);
  g_assert_cmpuint (bc_manual_clock_get_n_pending (manual), ==, 0);
  g_assert_cmpint (bc_manual_clock_get_next_delay_ms (manual), ==, -1);

  /* G_SOURCE_CONTINUE re-arms with the same delay. */
  bc_clock_add_timeout (f.clock, 7, repeat_cb, &f, NULL);
  g_assert_true (bc_manual_clock_advance_to_next (manual));
  g_assert_true (bc_manual_clock_advance_to_next (manual));
  g_assert_cmpint (bc_clock_now_ms (f.clock), ==, 1123);
  bc_manual_clock_advance (manual, 7);
  g_assert_cmpint (f.repeats, ==, 3);
  g_assert_false (bc_manual_clock_advance_to_next (manual));

  g_string_free (f.log, TRUE);
  g_assert_finalize_object (f.clock);
}

static void
test_manual_destroy_pending (void)
{
  BcClock *clock = bc_manual_clock_new (0);
  Fixture f = { clock, g_string_new (NULL) };
  GObject *o = tag (&f, "never");

  g_object_add_weak_pointer (o, (gpointer *) &o);
  bc_clock_add_timeout (clock, 10, record_cb, o, g_object_unref);
  /* Finalizing the clock runs the destroy notify of what is pending. */
  g_assert_finalize_object (clock);
  g_assert_null (o);
  g_assert_cmpstr (f.log->str, ==, "");
  g_string_free (f.log, TRUE);
}

static gboolean
quit_cb (gpointer data)
{
  (*(int *) data)++;
  return G_SOURCE_REMOVE;
}

static void
test_real (void)
{
  BcClock *clock = bc_real_clock_new ();
  int fired = 0, never = 0;
  gint64 before = g_get_real_time ();
  guint id;

  g_assert_cmpint (ABS (bc_clock_now_us (clock) - before), <, G_USEC_PER_SEC);

  id = bc_clock_add_timeout (clock, 1, quit_cb, &never, NULL);
  bc_clock_remove (clock, id);
  bc_clock_add_timeout (clock, 2, quit_cb, &fired, NULL);
  while (fired == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fired, ==, 1);
  g_assert_cmpint (never, ==, 0);

  g_assert_finalize_object (clock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/Clock/manual-order", test_manual_order);
  g_test_add_func ("/BatchCalls/Clock/manual-destroy-pending", test_manual_destroy_pending);
  g_test_add_func ("/BatchCalls/Clock/real", test_real);

  return g_test_run ();
}
