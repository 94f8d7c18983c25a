/* test-schedule-year.c: two simulated years of windows, zones and DST changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bc-schedule.h"
#include "bc-zone-tally.h"
#include "test-schedule-common.h"

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)

/* 2026 and 2027: both DST changes in both hemispheres, twice. */
#define YEARS_FROM "2026-01-01T00:00:00Z"
#define YEARS_TO   "2028-01-01T00:00:00Z"

static const struct {
  const char *windows;
  BcWeekdays  days;
} specs[] = {
  { "09:00-12:00,13:00-17:00", BC_WEEKDAYS_WORK },
  { "02:30-04:00", BC_WEEKDAYS_ALL },     /* in the gap and the repeated hour */
  { "00:00-01:00,01:30-02:30,23:00-24:00",
    BC_WEEKDAY_WEDNESDAY | BC_WEEKDAY_SATURDAY | BC_WEEKDAY_SUNDAY },
  { "00:00-24:00", BC_WEEKDAY_MONDAY | BC_WEEKDAY_FRIDAY },
  { "08:00-21:00", BC_WEEKDAYS_ALL },
};

static const char * const zones[] = {
  "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo",
  "Australia/Lord_Howe",    /* DST of 30 minutes */
  "Asia/Kathmandu",         /* UTC+05:45 */
  "America/Santiago",       /* changes at midnight, so some days start at 01:00 */
  "Asia/Beirut",            /* the same, on the northern side */
};

typedef struct
{
  BcSchedule *schedule;
  GTimeZone  *tz;
  gboolean    open_at_start;
  GArray     *changes;      /* gint64, from the next_change() chain */
} Chain;

static guint n_checked_changes;

/* Jumps from change to change over the two years. Each change must flip
 * the brute-force state, and a minute after the previous change and a minute
 * before this one must still be in the previous state. */
static void
chain_build (Chain *chain)
{
  gint64 t = iso (YEARS_FROM), end = iso (YEARS_TO);
  gboolean state = brute_is_open (chain->schedule, chain->tz, t);

  chain->open_at_start = state;
  chain->changes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_assert_cmpint (bc_schedule_is_open (chain->schedule, t, chain->tz), ==, state);
  for (;;)
    {
      gint64 c = bc_schedule_next_change (chain->schedule, t, chain->tz);

      g_assert_cmpint (c, >, t);
      if (c >= end)
        break;
      g_assert_cmpint (brute_is_open (chain->schedule, chain->tz, c), !=, state);
      g_assert_cmpint (brute_is_open (chain->schedule, chain->tz, c - 1), ==, state);
      g_assert_cmpint (bc_schedule_is_open (chain->schedule, c, chain->tz), !=, state);
      if (c - MINUTE > t)
        g_assert_cmpint (brute_is_open (chain->schedule, chain->tz, c - MINUTE), ==, state);
      if (t + MINUTE < c)
        g_assert_cmpint (brute_is_open (chain->schedule, chain->tz, t + MINUTE), ==, state);
      g_array_append_val (chain->changes, c);
      state = !state;
      t = c;
    }
  n_checked_changes += chain->changes->len;
}

/* The first change after @t, by binary search in the chain. */
static gint64
chain_next (Chain  *chain,
            gint64  t,
            guint  *n_before)
{
  guint lo = 0, hi = chain->changes->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (chain->changes, gint64, mid) <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  *n_before = lo;
  return lo < chain->changes->len ? g_array_index (chain->changes, gint64, lo) : G_MAXINT64;
}

static void
test_year_chains (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  gint64 from = iso (YEARS_FROM), to = iso (YEARS_TO);
  Chain chains[G_N_ELEMENTS (specs) * G_N_ELEMENTS (zones)];
  guint n_chains = 0, n_minutes = 0, n_probes = 0;

  n_checked_changes = 0;
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
      {
        Chain *chain = &chains[n_chains++];

        chain->schedule = bc_schedule_new_parse (specs[i].windows, specs[i].days, zones[z], FALSE, NULL);
        chain->tz = (z % 2 == 0) ? NULL : g_time_zone_new_identifier (zones[z]);
        g_assert_nonnull (chain->schedule);
        chain_build (chain);
      }

  /* Every minute of the two years, in the two zones the issue names: the
   * brute-force state must be the one the chain implies. A flip the chain
   * skipped would show here. */
  for (guint c = 0; c < n_chains; c++)
    {
      const char *id = g_time_zone_get_identifier (bc_schedule_get_timezone (chains[c].schedule));
      guint n_before = 0;

      if (g_strcmp0 (id, "Europe/Berlin") != 0 && g_strcmp0 (id, "America/New_York") != 0)
        continue;
      for (gint64 m = from; m < to; m += MINUTE)
        {
          chain_next (&chains[c], m, &n_before);
          g_assert_cmpint (brute_is_open (chains[c].schedule, chains[c].tz, m), ==,
                           chains[c].open_at_start ^ (n_before % 2));
          n_minutes++;
        }
    }

  /* Random instants, to the microsecond, in random chains. */
  for (guint k = 0; k < 60000; k++)
    {
      Chain *chain = &chains[g_rand_int_range (rand, 0, (gint32) n_chains)];
      gint64 t = from + (gint64) (g_rand_double (rand) * (double) (to - from - 30 * 86400 * (gint64) G_USEC_PER_SEC));
      gboolean open = brute_is_open (chain->schedule, chain->tz, t);
      guint n_before;
      gint64 expected = chain_next (chain, t, &n_before);

      g_assert_cmpint (bc_schedule_is_open (chain->schedule, t, chain->tz), ==, open);
      g_assert_cmpint (bc_schedule_next_change (chain->schedule, t, chain->tz), ==, expected);
      g_assert_cmpint (bc_schedule_next_open (chain->schedule, t, chain->tz), ==, open ? t : expected);
      n_probes++;
    }

  g_test_message ("%u changes checked in %u chains, %u minutes scanned, %u random probes",
                  n_checked_changes, n_chains, n_minutes, n_probes);
  g_assert_cmpuint (n_checked_changes, >, 20000);

  /* A figure for the report, not an assertion: the cost of one call. */
  {
    gint64 started = g_get_monotonic_time ();
    guint n_calls = 0;

    for (guint c = 0; c < n_chains; c++)
      for (gint64 t = from; t < to; n_calls++)
        t = bc_schedule_next_change (chains[c].schedule, t, chains[c].tz);
    g_test_message ("%u next_change calls in %.1f ms: %.2f µs each", n_calls,
                    (g_get_monotonic_time () - started) / 1000.0,
                    (double) (g_get_monotonic_time () - started) / n_calls);
  }

  for (guint c = 0; c < n_chains; c++)
    {
      g_array_unref (chains[c].changes);
      g_clear_pointer (&chains[c].tz, g_time_zone_unref);
      bc_schedule_unref (chains[c].schedule);
    }
}

static void
test_year_recipient_zones_now (void)
{
  g_autoptr(BcSchedule) s =
    bc_schedule_new_parse ("08:00-21:00", BC_WEEKDAYS_ALL, "America/New_York", TRUE, NULL);
  g_autoptr(BcSchedule) batch_zone =
    bc_schedule_new_parse ("08:00-21:00", BC_WEEKDAYS_ALL, "America/New_York", FALSE, NULL);
  g_autoptr(BcZoneTally) tally = bc_zone_tally_new ();
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 now = iso ("2026-06-15T13:00:00Z");
  gint64 n_open = 0;
  GTimeZone *tokyo;

  g_assert_true (bc_zone_tally_add (tally, "America/New_York", 100, NULL));
  g_assert_true (bc_zone_tally_add (tally, "America/Los_Angeles", 50, NULL));
  g_assert_true (bc_zone_tally_add (tally, "Asia/Tokyo", 10, NULL));
  g_assert_true (bc_zone_tally_add (tally, "", 5, NULL));
  g_assert_true (bc_zone_tally_add (tally, "Europe/Berlin", 7, NULL));
  g_assert_true (bc_zone_tally_add (tally, "Europe/Berlin", -7, NULL));
  g_assert_false (bc_zone_tally_add (tally, "Europe/Berln", 1, &error));
  g_assert_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_UNKNOWN_TIMEZONE);
  g_assert_cmpuint (bc_zone_tally_get_n_zones (tally), ==, 4);
  g_assert_cmpint (bc_zone_tally_get_count (tally, "Asia/Tokyo"), ==, 10);
  g_assert_cmpint (bc_zone_tally_get_count (tally, NULL), ==, 5);
  tokyo = bc_zone_tally_lookup (tally, "Asia/Tokyo", NULL);
  g_assert_nonnull (tokyo);
  g_assert_true (tokyo == bc_zone_tally_lookup (tally, "Asia/Tokyo", NULL));
  g_assert_null (bc_zone_tally_lookup (tally, "", NULL));

  /* 09:00 in New York, 06:00 in Los Angeles, 22:00 in Tokyo. The next
   * change is Los Angeles opening at 08:00 PDT; Berlin, open but with
   * nobody left, does not count. */
  g_assert_cmpint (bc_zone_tally_update (tally, s, now, open, &n_open), ==, iso ("2026-06-15T15:00:00Z"));
  g_assert_cmpuint (open->len, ==, 2);
  g_assert_cmpstr (open->pdata[0], ==, "");
  g_assert_cmpstr (open->pdata[1], ==, "America/New_York");
  g_assert_cmpint (n_open, ==, 105);
  g_assert_true (bc_zone_tally_is_open (tally, s, "Europe/Berlin", now));
  g_assert_false (bc_zone_tally_is_open (tally, s, "Asia/Tokyo", now));
  g_assert_false (bc_zone_tally_is_open (tally, s, "Nowhere/Special", now));

  /* Without recipient-local time everyone follows the batch's zone. */
  g_ptr_array_set_size (open, 0);
  g_assert_cmpint (bc_zone_tally_update (tally, batch_zone, now, open, &n_open), ==,
                   iso ("2026-06-16T01:00:00Z"));
  g_assert_cmpuint (open->len, ==, 4);
  g_assert_cmpint (n_open, ==, 165);
}

static gboolean
contains (GPtrArray  *ids,
          const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (ids->pdata[i], id) == 0)
      return TRUE;
  return FALSE;
}

/* A dispatcher that only wakes when the tally says so, over two years: at
 * every wake-up it calls exactly the zones the tally names, each of which
 * must be inside the window in its own zone, and no zone may change state
 * between two wake-ups while at least one changes at each. */
static void
test_year_recipient_zones (void)
{
  static const char * const recipient_zones[] = {
    "America/New_York", "America/Los_Angeles", "Asia/Tokyo",
  };
  const BcWeekdays day_sets[] = { BC_WEEKDAYS_ALL, BC_WEEKDAYS_WORK };
  guint n_wakeups = 0, n_calls = 0;

  for (guint d = 0; d < G_N_ELEMENTS (day_sets); d++)
    {
      g_autoptr(BcSchedule) s =
        bc_schedule_new_parse ("08:00-21:00", day_sets[d], "America/New_York", TRUE, NULL);
      g_autoptr(BcZoneTally) tally = bc_zone_tally_new ();
      gint64 t = iso (YEARS_FROM), end = iso (YEARS_TO);

      for (guint z = 0; z < G_N_ELEMENTS (recipient_zones); z++)
        g_assert_true (bc_zone_tally_add (tally, recipient_zones[z], 1000, NULL));

      while (t < end)
        {
          g_autoptr(GPtrArray) open = g_ptr_array_new ();
          gint64 next = bc_zone_tally_update (tally, s, t, open, NULL);
          gboolean any_flip = FALSE;

          g_assert_cmpint (next, >, t);
          g_assert_cmpint (next, <, t + 8 * 86400 * (gint64) G_USEC_PER_SEC);
          for (guint z = 0; z < G_N_ELEMENTS (recipient_zones); z++)
            {
              GTimeZone *tz = bc_zone_tally_lookup (tally, recipient_zones[z], NULL);
              gboolean listed = contains (open, recipient_zones[z]);

              g_assert_cmpint (listed, ==, brute_is_open (s, tz, t));
              g_assert_cmpint (listed, ==, bc_zone_tally_is_open (tally, s, recipient_zones[z], t));
              n_calls += listed;
              g_assert_cmpint (brute_is_open (s, tz, t + (next - t) / 2), ==, listed);
              g_assert_cmpint (brute_is_open (s, tz, next - 1), ==, listed);
              any_flip |= brute_is_open (s, tz, next) != listed;
            }
          g_assert_true (any_flip);
          n_wakeups++;
          t = next;
        }
    }
  g_test_message ("%u wake-ups, %u zone openings checked", n_wakeups, n_calls);
  g_assert_cmpuint (n_wakeups, >, 4000);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/Schedule/year-chains", test_year_chains);
  g_test_add_func ("/BatchCalls/Schedule/recipient-zones-now", test_year_recipient_zones_now);
  g_test_add_func ("/BatchCalls/Schedule/recipient-zones-year", test_year_recipient_zones);

  return g_test_run ();
}
