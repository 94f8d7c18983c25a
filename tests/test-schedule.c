/* test-schedule.c: time windows, weekdays, zones and DST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bc-batch.h"
#include "bc-schedule.h"
#include "bc-timezone.h"
#include "test-schedule-common.h"

static void
test_schedule_parse_window (void)
{
  static const struct {
    const char *text;
    int         error;          /* -1: parses */
    guint       start, end;
    const char *message;
  } cases[] = {
    { "09:00-17:00",     -1, 540, 1020, NULL },
    { " 9:00 - 17:30 ",  -1, 540, 1050, NULL },
    { "09:00–17:00",     -1, 540, 1020, NULL },
    { "00:00-24:00",     -1, 0, 1440, NULL },
    { "23:59-24:00",     -1, 1439, 1440, NULL },
    { "22:00-02:00", BC_SCHEDULE_ERROR_CROSSES_MIDNIGHT, 0, 0,
      "“22:00-02:00” crosses midnight: use two windows, 22:00-24:00 and 00:00-02:00" },
    { "22:00-00:00", BC_SCHEDULE_ERROR_CROSSES_MIDNIGHT, 0, 0,
      "“22:00-00:00” ends at midnight: write the end of the day as 24:00, as in 22:00-24:00" },
    { "09:00-09:00", BC_SCHEDULE_ERROR_EMPTY_WINDOW, 0, 0,
      "“09:00-09:00” is empty: its end must be after its start" },
    { "24:00-24:00", BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0,
      "“24:00-24:00” starts at 24:00, the end of the day: write midnight as 00:00" },
    { "9-17", BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0,
      "“9-17” is not a time window: write it as HH:MM-HH:MM, for example 09:00-17:00" },
    { "09:60-10:00",   BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0, NULL },
    { "25:00-26:00",   BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0, NULL },
    { "09:00-24:01",   BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0, NULL },
    { "009:00-10:00",  BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0, NULL },
    { "09:5-10:00",    BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0, NULL },
    { "09:00",         BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0, NULL },
    { "09:00-10:00x",  BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0, NULL },
    { "",              BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0, NULL },
    { "09:00-1\xff:00", BC_SCHEDULE_ERROR_INVALID_WINDOW, 0, 0,
      "“09:00-1\xef\xbf\xbd:00” is not a time window: write it as HH:MM-HH:MM, for example 09:00-17:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      BcTimeWindow window = { 0, 0 };
      gboolean ok = bc_time_window_parse (cases[i].text, &window, &error);

      g_test_message ("window “%s”", cases[i].text);
      if (cases[i].error < 0)
        {
          g_autofree char *back = NULL;

          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (window.start, ==, cases[i].start);
          g_assert_cmpuint (window.end, ==, cases[i].end);
          back = bc_time_window_to_string (&window);
          g_assert_true (bc_time_window_parse (back, &window, NULL));
          g_assert_cmpuint (window.start, ==, cases[i].start);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, BC_SCHEDULE_ERROR, cases[i].error);
          if (cases[i].message != NULL)
            g_assert_cmpstr (error->message, ==, cases[i].message);
        }
    }
}

static void
test_schedule_merge (void)
{
  static const struct {
    const char *windows;
    const char *merged;         /* NULL: an error */
    int         error;
  } cases[] = {
    { "09:00-17:00",                                   "09:00-17:00", 0 },
    { "13:00-17:00,09:00-12:00",                       "09:00-12:00,13:00-17:00", 0 },
    { "09:00-12:00,12:00-13:00",                       "09:00-13:00", 0 },
    { "09:00-12:00,10:00-11:00,11:30-14:00,16:00-18:00", "09:00-14:00,16:00-18:00", 0 },
    { "22:00-24:00,00:00-02:00",                       "00:00-02:00,22:00-24:00", 0 },
    { "00:00-12:00,12:00-24:00",                       "00:00-24:00", 0 },
    { " 09:00-12:00 , ",                               "09:00-12:00", 0 },
    { "",                         NULL, BC_SCHEDULE_ERROR_NO_WINDOWS },
    { " , ",                      NULL, BC_SCHEDULE_ERROR_NO_WINDOWS },
    { "09:00-12:00,22:00-02:00",  NULL, BC_SCHEDULE_ERROR_CROSSES_MIDNIGHT },
  };
  const BcTimeWindow bad[] = { { 600, 540 } };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(BcSchedule) schedule =
        bc_schedule_new_parse (cases[i].windows, BC_WEEKDAYS_ALL, "UTC", FALSE, &local_error);

      g_test_message ("windows “%s”", cases[i].windows);
      if (cases[i].merged != NULL)
        {
          g_autofree char *merged = NULL;
          g_autoptr(BcSchedule) again = NULL;

          g_assert_no_error (local_error);
          merged = bc_schedule_format_windows (schedule);
          g_assert_cmpstr (merged, ==, cases[i].merged);
          again = bc_schedule_new_parse (merged, BC_WEEKDAYS_ALL, "UTC", FALSE, NULL);
          g_assert_true (bc_schedule_equal (schedule, again));
        }
      else
        {
          g_assert_null (schedule);
          g_assert_error (local_error, BC_SCHEDULE_ERROR, cases[i].error);
        }
    }

  g_assert_null (bc_schedule_new (bad, 1, BC_WEEKDAYS_ALL, NULL, FALSE, &error));
  g_assert_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_INVALID_WINDOW);
  g_assert_cmpstr (error->message, ==,
                   "“10:00-09:00” is not a time window: its start must be before its end, within one day");
}

static void
test_schedule_weekdays (void)
{
  static const struct {
    const char *text;
    int         days;           /* -1: an error */
  } cases[] = {
    { "mon,tue",          BC_WEEKDAY_MONDAY | BC_WEEKDAY_TUESDAY },
    { "mon-fri",          BC_WEEKDAYS_WORK },
    { "weekdays",         BC_WEEKDAYS_WORK },
    { "all",              BC_WEEKDAYS_ALL },
    { "weekends",         BC_WEEKDAY_SATURDAY | BC_WEEKDAY_SUNDAY },
    { "sat - sun",        BC_WEEKDAY_SATURDAY | BC_WEEKDAY_SUNDAY },
    { "fri-mon",          BC_WEEKDAY_FRIDAY | BC_WEEKDAY_SATURDAY | BC_WEEKDAY_SUNDAY | BC_WEEKDAY_MONDAY },
    { "MON-Wed,Fri",      0x17 },
    { "monday,thursday",  BC_WEEKDAY_MONDAY | BC_WEEKDAY_THURSDAY },
    { "tues,thurs",       BC_WEEKDAY_TUESDAY | BC_WEEKDAY_THURSDAY },
    { "sun,",             BC_WEEKDAY_SUNDAY },
    { "",                 -1 },
    { "funday",           -1 },
    { "mo",               -1 },
    { "mon-xyz",          -1 },
  };
  g_autoptr(GError) error = NULL;
  BcWeekdays days;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      days = BC_WEEKDAY_NONE;
      ok = bc_weekdays_parse (cases[i].text, &days, &local_error);
      g_test_message ("days “%s”", cases[i].text);
      if (cases[i].days >= 0)
        {
          g_assert_no_error (local_error);
          g_assert_true (ok);
          g_assert_cmphex (days, ==, cases[i].days);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (local_error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_INVALID_WEEKDAYS);
        }
    }

  g_assert_false (bc_weekdays_parse ("mon,funday", &days, &error));
  g_assert_cmpstr (error->message, ==,
                   "“funday” is not a day of the week: use mon, tue, wed, thu, fri, sat or sun, "
                   "a range such as mon-fri, or weekdays, weekends or all");

  /* The CLI form reads back as the same set, for every set. */
  for (guint set = 1; set < 128; set++)
    {
      g_autofree char *text = bc_weekdays_to_string (set);

      g_assert_true (bc_weekdays_parse (text, &days, NULL));
      g_assert_cmphex (days, ==, set);
    }
  {
    static const struct { BcWeekdays days; const char *text; } forms[] = {
      { BC_WEEKDAYS_WORK, "mon-fri" }, { 0x15, "mon,wed,fri" }, { 0x60, "sat,sun" },
      { BC_WEEKDAYS_ALL, "all" }, { 0x67, "mon-wed,sat,sun" }, { 0, "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
      {
        g_autofree char *text = bc_weekdays_to_string (forms[i].days);

        g_assert_cmpstr (text, ==, forms[i].text);
      }
  }
}

static void
test_schedule_timezones (void)
{
  static const char * const unknown[] = {
    "Not/AZone", "+05:00", "CET-1CEST,M3.5.0,M10.5.0/3", "../../etc/passwd",
    "posixrules", "europe/berlin_", "Europe/", "ABC5",
  };
  static const char * const known[] = {
    "UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Asia/Calcutta", "US/Eastern",
  };
  const char * const *zones = bc_timezones_list ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(BcSchedule) schedule = NULL;
  g_autofree char *system = NULL;
  guint n;

  tz = bc_timezone_new ("Europe/Berln", &error);
  g_assert_null (tz);
  g_assert_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_UNKNOWN_TIMEZONE);
  g_assert_cmpstr (error->message, ==, "Unknown time zone “Europe/Berln”: did you mean Europe/Berlin?");
  g_clear_error (&error);

  schedule = bc_schedule_new_parse ("09:00-17:00", BC_WEEKDAYS_ALL, "Mars/Olympus_Mons", FALSE, &error);
  g_assert_null (schedule);
  g_assert_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_UNKNOWN_TIMEZONE);
  g_assert_cmpstr (error->message, ==, "Unknown time zone “Mars/Olympus_Mons”: use an IANA name "
                   "such as Europe/Berlin or America/New_York");
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_test_message ("zone “%s”", unknown[i]);
      g_assert_false (bc_timezone_is_known (unknown[i]));
      g_assert_null (bc_timezone_new (unknown[i], &error));
      g_assert_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_UNKNOWN_TIMEZONE);
      g_assert_nonnull (strstr (error->message, unknown[i]));
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autoptr(GTimeZone) one = bc_timezone_new (known[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (one);
    }

  n = g_strv_length ((char **) zones);
  g_test_message ("%u zones listed", n);
  g_assert_cmpuint (n, >, 300);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (zones[i - 1], zones[i]), <, 0);
  for (guint i = 0; i < n; i++)
    g_assert_true (bc_timezone_is_known (zones[i]));
  g_assert_true (g_strv_contains (zones, "Europe/Berlin"));
  g_assert_true (g_strv_contains (zones, "Europe/Amsterdam"));
  g_assert_true (g_strv_contains (zones, "America/New_York"));
  g_assert_true (g_strv_contains (zones, "Asia/Tokyo"));
  g_assert_true (g_strv_contains (zones, "UTC"));
  g_assert_false (g_strv_contains (zones, "posixrules"));

  g_setenv ("TZ", "America/New_York", TRUE);
  system = bc_timezone_get_system_id ();
  g_assert_cmpstr (system, ==, "America/New_York");
  g_clear_pointer (&system, g_free);
  g_setenv ("TZ", "Etc/UTC", TRUE);
  system = bc_timezone_get_system_id ();
  g_assert_cmpstr (system, ==, "UTC");
  g_clear_pointer (&system, g_free);
  g_setenv ("TZ", "Asia/Calcutta", TRUE);
  system = bc_timezone_get_system_id ();
  g_assert_cmpstr (system, ==, "Asia/Kolkata");
  g_clear_pointer (&system, g_free);
  g_setenv ("TZ", "UTC", TRUE);
  system = bc_timezone_get_system_id ();
  g_assert_true (g_strv_contains (zones, system));
}

/* Without zone.tab and zone1970.tab the list comes from tzdata.zi's zones;
 * the list is made once per process, hence the subprocess. */
static void
test_schedule_timezones_fallback (void)
{
  if (g_test_subprocess ())
    {
      const char * const *zones = bc_timezones_list ();

      g_assert_cmpuint (g_strv_length ((char **) zones), ==, 3);
      g_assert_cmpstr (zones[0], ==, "America/New_York");
      g_assert_cmpstr (zones[1], ==, "Europe/Berlin");
      g_assert_cmpstr (zones[2], ==, "UTC");
      return;
    }

  {
    g_autofree char *dir = g_dir_make_tmp ("bc-tzdir-XXXXXX", NULL);
    g_autofree char *zi = g_build_filename (dir, "tzdata.zi", NULL);
    const char *text = "# version test\nZ Europe/Berlin 0:53:28 - LMT 1893 Ap\n"
                       "Z America/New_York -4:56:2 - LMT 1883 N 18 17u\n"
                       "L Europe/Berlin Arctic/Longyearbyen\nR d 1916 o - Jun 14 23s 1 S\n";

    g_assert_nonnull (dir);
    g_assert_true (g_file_set_contents (zi, text, -1, NULL));
    g_setenv ("TZDIR", dir, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_unsetenv ("TZDIR");
    g_assert_cmpint (g_remove (zi), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
    g_test_trap_assert_passed ();
  }
}

static void
test_schedule_for_batch (void)
{
  BcBatch *batch = bc_batch_new ("Spring campaign");
  g_autoptr(BcSchedule) defaults = bc_schedule_new_for_batch (batch, NULL);
  g_autoptr(BcSchedule) edited = NULL;
  g_autoptr(BcSchedule) expected =
    bc_schedule_new_parse ("09:00-12:00,13:00-17:00", BC_WEEKDAYS_WORK, "Europe/Berlin", TRUE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *windows = NULL;
  guint n;

  g_assert_nonnull (defaults);
  g_assert_cmpuint (bc_schedule_get_windows (defaults, &n)[0].start, ==, 540);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmphex (bc_schedule_get_weekdays (defaults), ==, BC_WEEKDAYS_ALL);
  g_assert_null (bc_schedule_get_timezone_id (defaults));
  g_assert_nonnull (bc_schedule_get_timezone (defaults));
  g_assert_false (bc_schedule_get_recipient_local (defaults));

  bc_batch_set_windows (batch, "13:00-17:00, 09:00-12:00");
  bc_batch_set_weekdays (batch, BC_WEEKDAYS_WORK);
  bc_batch_set_timezone (batch, "Europe/Berlin");
  bc_batch_set_recipient_local_time (batch, TRUE);
  edited = bc_schedule_new_for_batch (batch, NULL);
  g_assert_true (bc_schedule_equal (edited, expected));
  g_assert_false (bc_schedule_equal (edited, defaults));
  g_assert_cmpstr (bc_schedule_get_timezone_id (edited), ==, "Europe/Berlin");
  windows = bc_schedule_format_windows (edited);
  g_assert_cmpstr (windows, ==, "09:00-12:00,13:00-17:00");

  bc_batch_set_windows (batch, "21:00-03:00");
  g_assert_null (bc_schedule_new_for_batch (batch, &error));
  g_assert_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_CROSSES_MIDNIGHT);
  g_assert_finalize_object (batch);
}

/* Fri 2026-03-06 … Mon 2026-03-09, Europe/Berlin, Mon–Fri with a lunch break. */
static void
test_schedule_days (void)
{
  g_autoptr(BcSchedule) s =
    bc_schedule_new_parse ("09:00-12:00,13:00-17:00", BC_WEEKDAYS_WORK, "Europe/Berlin", FALSE, NULL);
  gint64 fri_1600 = at ("Europe/Berlin", 2026, 3, 6, 16, 0);
  gint64 fri_1700 = at ("Europe/Berlin", 2026, 3, 6, 17, 0);
  gint64 mon_0900 = at ("Europe/Berlin", 2026, 3, 9, 9, 0);
  g_autoptr(BcSchedule) none =
    bc_schedule_new_parse ("09:00-17:00", BC_WEEKDAY_NONE, "Europe/Berlin", FALSE, NULL);
  g_autoptr(BcSchedule) always =
    bc_schedule_new_parse ("00:00-24:00", BC_WEEKDAYS_ALL, "Europe/Berlin", FALSE, NULL);

  g_assert_true (bc_schedule_is_open (s, fri_1600, NULL));
  g_assert_true (bc_schedule_is_open (s, fri_1700 - 1, NULL));
  g_assert_false (bc_schedule_is_open (s, fri_1700, NULL));
  g_assert_cmpint (bc_schedule_next_change (s, fri_1600, NULL), ==, fri_1700);
  g_assert_cmpint (bc_schedule_next_change (s, fri_1700 - 1, NULL), ==, fri_1700);
  g_assert_cmpint (bc_schedule_next_change (s, fri_1700, NULL), ==, mon_0900);
  g_assert_cmpint (bc_schedule_next_open (s, at ("Europe/Berlin", 2026, 3, 7, 11, 0), NULL), ==, mon_0900);
  g_assert_cmpint (bc_schedule_next_open (s, mon_0900, NULL), ==, mon_0900);
  g_assert_cmpint (bc_schedule_next_change (s, mon_0900, NULL), ==, at ("Europe/Berlin", 2026, 3, 9, 12, 0));
  g_assert_cmpint (bc_schedule_next_open (s, at ("Europe/Berlin", 2026, 3, 9, 12, 0), NULL), ==,
                   at ("Europe/Berlin", 2026, 3, 9, 13, 0));
  /* The same instants asked about another zone: Friday 16:00 in Berlin is
   * 10:00 in New York. */
  {
    g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");

    g_assert_true (bc_schedule_is_open (s, fri_1600, ny));
    g_assert_cmpint (bc_schedule_next_change (s, fri_1600, ny), ==, at ("America/New_York", 2026, 3, 6, 12, 0));
  }

  g_assert_false (bc_schedule_is_open (none, fri_1600, NULL));
  g_assert_cmpint (bc_schedule_next_open (none, fri_1600, NULL), ==, BC_SCHEDULE_NEVER);
  g_assert_cmpint (bc_schedule_next_change (none, fri_1600, NULL), ==, BC_SCHEDULE_NEVER);
  g_assert_true (bc_schedule_is_open (always, fri_1600, NULL));
  g_assert_cmpint (bc_schedule_next_open (always, fri_1600, NULL), ==, fri_1600);
  g_assert_cmpint (bc_schedule_next_change (always, fri_1600, NULL), ==, BC_SCHEDULE_NEVER);
}

typedef struct
{
  const char *zone;
  const char *windows;
  const char *from;           /* a closed instant to start from */
  const char *changes[4];     /* the next four changes, in UTC */
} DstCase;

static void
test_schedule_dst (void)
{
  /* Expected instants written in UTC, worked out by hand from the rules:
   * Berlin moves 02:00 CET → 03:00 CEST (01:00 UTC) on 2026-03-29 and
   * 03:00 CEST → 02:00 CET (01:00 UTC) on 2026-10-25; New York 02:00 EST →
   * 03:00 EDT (07:00 UTC) on 2026-03-08 and 02:00 EDT → 01:00 EST (06:00 UTC)
   * on 2026-11-01. */
  static const DstCase cases[] = {
    /* 09:00–17:00 is 8 hours of wall clock on the 23- and 25-hour days. */
    { "Europe/Berlin", "09:00-17:00", "2026-03-29T00:00:00Z",
      { "2026-03-29T07:00:00Z", "2026-03-29T15:00:00Z", "2026-03-30T07:00:00Z", "2026-03-30T15:00:00Z" } },
    { "Europe/Berlin", "09:00-17:00", "2026-10-25T00:00:00Z",
      { "2026-10-25T08:00:00Z", "2026-10-25T16:00:00Z", "2026-10-26T08:00:00Z", "2026-10-26T16:00:00Z" } },
    { "America/New_York", "09:00-17:00", "2026-03-08T00:00:00Z",
      { "2026-03-08T13:00:00Z", "2026-03-08T21:00:00Z", "2026-03-09T13:00:00Z", "2026-03-09T21:00:00Z" } },
    { "America/New_York", "09:00-17:00", "2026-11-01T00:00:00Z",
      { "2026-11-01T14:00:00Z", "2026-11-01T22:00:00Z", "2026-11-02T14:00:00Z", "2026-11-02T22:00:00Z" } },
    /* A window starting in the gap opens at 03:00 local, when the gap ends. */
    { "Europe/Berlin", "02:30-04:00", "2026-03-29T00:00:00Z",
      { "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z", "2026-03-30T00:30:00Z", "2026-03-30T02:00:00Z" } },
    { "America/New_York", "02:30-04:00", "2026-03-08T00:00:00Z",
      { "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z", "2026-03-09T06:30:00Z", "2026-03-09T08:00:00Z" } },
    /* A window inside the gap does not happen that day. */
    { "Europe/Berlin", "02:15-02:45", "2026-03-29T00:00:00Z",
      { "2026-03-30T00:15:00Z", "2026-03-30T00:45:00Z", "2026-03-31T00:15:00Z", "2026-03-31T00:45:00Z" } },
    /* The repeated hour is open both times. */
    { "Europe/Berlin", "02:30-03:00", "2026-10-25T00:00:00Z",
      { "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z" } },
    { "America/New_York", "01:30-02:00", "2026-11-01T00:00:00Z",
      { "2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z", "2026-11-01T07:00:00Z" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BcSchedule) s =
        bc_schedule_new_parse (cases[i].windows, BC_WEEKDAYS_ALL, cases[i].zone, FALSE, NULL);
      gint64 t = iso (cases[i].from);

      g_test_message ("%s %s from %s", cases[i].zone, cases[i].windows, cases[i].from);
      g_assert_false (bc_schedule_is_open (s, t, NULL));
      for (guint k = 0; k < 4; k++)
        {
          t = bc_schedule_next_change (s, t, NULL);
          g_assert_cmpint (t, ==, iso (cases[i].changes[k]));
          g_assert_cmpint (bc_schedule_is_open (s, t, NULL), ==, k % 2 == 0);
          g_assert_cmpint (brute_is_open (s, NULL, t), ==, k % 2 == 0);
          g_assert_cmpint (brute_is_open (s, NULL, t - 1), ==, k % 2 == 1);
        }
    }
}

static void
test_schedule_describe (void)
{
  static const struct {
    const char *windows;
    BcWeekdays  days;
    const char *zone;
    gboolean    recipient_local;
    const char *sentence;
  } cases[] = {
    { "13:00-17:00,09:00-12:00", BC_WEEKDAYS_WORK, "Europe/Berlin", FALSE,
      "Calls Mon–Fri, 09:00–12:00 and 13:00–17:00, Europe/Berlin" },
    { "09:00-17:00", 0x15, "America/New_York", FALSE,
      "Calls Mon, Wed, Fri, 09:00–17:00, America/New_York" },
    { "09:00-17:00", BC_WEEKDAYS_ALL, "Asia/Tokyo", FALSE,
      "Calls every day, 09:00–17:00, Asia/Tokyo" },
    { "10:00-14:00", 0x60, "UTC", FALSE, "Calls on weekends, 10:00–14:00, UTC" },
    { "09:00-17:00", 0x71, "UTC", FALSE, "Calls Fri–Mon, 09:00–17:00, UTC" },
    { "09:00-17:00", 0x63, "UTC", FALSE, "Calls Sat–Tue, 09:00–17:00, UTC" },
    { "09:00-17:00", 0x41, "UTC", FALSE, "Calls Sun, Mon, 09:00–17:00, UTC" },
    { "09:00-17:00", 0x1b, "UTC", FALSE, "Calls Mon, Tue, Thu, Fri, 09:00–17:00, UTC" },
    { "18:00-20:00,08:00-09:00,12:00-13:00", 0x04, "UTC", FALSE,
      "Calls Wed, 08:00–09:00, 12:00–13:00 and 18:00–20:00, UTC" },
    { "00:00-24:00", BC_WEEKDAYS_ALL, "UTC", FALSE, "Calls every day, all day, UTC" },
    { "08:00-21:00", BC_WEEKDAYS_WORK, "America/New_York", TRUE,
      "Calls Mon–Fri, 08:00–21:00, in each recipient’s time zone (America/New_York when none is given)" },
    { "09:00-17:00", BC_WEEKDAY_NONE, "UTC", FALSE, "No calls: no day of the week is chosen" },
    { "09:00-17:00", BC_WEEKDAYS_WORK, NULL, FALSE, "Calls Mon–Fri, 09:00–17:00, UTC" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BcSchedule) s = bc_schedule_new_parse (cases[i].windows, cases[i].days, cases[i].zone,
                                                       cases[i].recipient_local, NULL);
      g_autofree char *sentence = bc_schedule_describe (s);

      g_assert_cmpstr (sentence, ==, cases[i].sentence);
    }
}

static void
test_schedule_describe_next_open (void)
{
  g_autoptr(BcSchedule) berlin =
    bc_schedule_new_parse ("09:00-17:00", BC_WEEKDAYS_WORK, "Europe/Berlin", FALSE, NULL);
  g_autoptr(BcSchedule) work =
    bc_schedule_new_parse ("09:00-17:00", BC_WEEKDAYS_WORK, "UTC", FALSE, NULL);
  g_autoptr(BcSchedule) fridays =
    bc_schedule_new_parse ("09:00-17:00", BC_WEEKDAY_FRIDAY, NULL, FALSE, NULL);
  g_autoptr(BcSchedule) always =
    bc_schedule_new_parse ("00:00-24:00", BC_WEEKDAYS_ALL, "UTC", FALSE, NULL);
  g_autoptr(BcSchedule) never =
    bc_schedule_new_parse ("09:00-17:00", BC_WEEKDAY_NONE, "UTC", FALSE, NULL);
  const struct {
    BcSchedule **schedule;
    const char  *now;
    const char  *text;
  } cases[] = {
    /* Friday 2026-03-06 */
    { &berlin,  "2026-03-06T17:00:00Z", "Resumes Monday at 09:00 (Europe/Berlin)" },
    { &work,    "2026-03-06T18:00:00Z", "Resumes Monday at 09:00" },
    { &work,    "2026-03-08T12:00:00Z", "Resumes tomorrow at 09:00" },
    { &work,    "2026-03-09T08:30:00Z", "Resumes in 30 minutes (today at 09:00)" },
    { &work,    "2026-03-09T08:59:30Z", "Resumes in 1 minute (today at 09:00)" },
    { &work,    "2026-03-09T06:00:00Z", "Resumes today at 09:00" },
    { &work,    "2026-03-09T10:00:00Z", "Open until today at 17:00" },
    { &fridays, "2026-03-06T18:00:00Z", "Resumes 13 March at 09:00" },
    { &always,  "2026-03-06T18:00:00Z", "Open around the clock" },
    { &never,   "2026-03-06T18:00:00Z", "Will not resume: no day of the week is chosen" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bc_schedule_describe_next_open (*cases[i].schedule, iso (cases[i].now));

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The system's zone shows in descriptions: make it the same everywhere. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/Schedule/parse-window", test_schedule_parse_window);
  g_test_add_func ("/BatchCalls/Schedule/merge", test_schedule_merge);
  g_test_add_func ("/BatchCalls/Schedule/weekdays", test_schedule_weekdays);
  g_test_add_func ("/BatchCalls/Schedule/timezones", test_schedule_timezones);
  g_test_add_func ("/BatchCalls/Schedule/timezones-fallback", test_schedule_timezones_fallback);
  g_test_add_func ("/BatchCalls/Schedule/for-batch", test_schedule_for_batch);
  g_test_add_func ("/BatchCalls/Schedule/days", test_schedule_days);
  g_test_add_func ("/BatchCalls/Schedule/dst", test_schedule_dst);
  g_test_add_func ("/BatchCalls/Schedule/describe", test_schedule_describe);
  g_test_add_func ("/BatchCalls/Schedule/describe-next-open", test_schedule_describe_next_open);

  return g_test_run ();
}
