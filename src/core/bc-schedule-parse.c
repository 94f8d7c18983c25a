/* bc-schedule-parse.c: the text forms of windows and weekdays (store and CLI)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-schedule"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bc-schedule-private.h"

static const char * const day_names[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* "9:00" or "09:00", 00:00 … 24:00. */
static gboolean
parse_clock (const char *text,
             guint      *minutes)
{
  guint hours = 0, n_digits = 0;

  for (; g_ascii_isdigit (*text) && n_digits < 3; text++, n_digits++)
    hours = hours * 10 + (guint) (*text - '0');
  if (n_digits == 0 || n_digits > 2 || *text != ':')
    return FALSE;
  text++;
  if (!g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != '\0')
    return FALSE;
  *minutes = hours * 60 + (guint) ((text[0] - '0') * 10 + (text[1] - '0'));
  return text[0] <= '5' && *minutes <= BC_MINUTES_PER_DAY;
}

static void
format_clock (char  *buf,
              gsize  size,
              guint  minutes)
{
  g_snprintf (buf, size, "%02u:%02u", minutes / 60, minutes % 60);
}

/**
 * bc_time_window_parse:
 * @text: "HH:MM-HH:MM" (an en dash works too), as `--window` takes it
 *
 * Returns: %TRUE with @window filled, or %FALSE with an error quoting @text
 *   and saying how to write it
 */
gboolean
bc_time_window_parse (const char    *text,
                      BcTimeWindow  *window,
                      GError       **error)
{
  /* Quoted back in errors, which must be UTF-8 even when the CSV was not. */
  g_autofree char *copy = g_strstrip (g_utf8_make_valid (text != NULL ? text : "", -1));
  g_autofree char *first = NULL;
  char *dash, *second;
  gsize dash_len = 1;
  guint start, end;

  g_return_val_if_fail (window != NULL, FALSE);

  dash = strchr (copy, '-');
  if (dash == NULL && (dash = strstr (copy, "–")) != NULL)
    dash_len = strlen ("–");
  if (dash == NULL)
    goto malformed;
  first = g_strstrip (g_strndup (copy, dash - copy));
  second = g_strstrip (dash + dash_len);
  if (!parse_clock (first, &start) || !parse_clock (second, &end))
    goto malformed;

  if (start == BC_MINUTES_PER_DAY)
    {
      g_set_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_INVALID_WINDOW,
                   _("“%s” starts at 24:00, the end of the day: write midnight as 00:00"),
                   copy);
      return FALSE;
    }
  if (start == end)
    {
      g_set_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_EMPTY_WINDOW,
                   _("“%s” is empty: its end must be after its start"), copy);
      return FALSE;
    }
  if (end < start)
    {
      char from[8], to[8];

      format_clock (from, sizeof from, start);
      format_clock (to, sizeof to, end);
      if (end == 0)
        g_set_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_CROSSES_MIDNIGHT,
                     /* Translators: the second %s is a time such as 22:00 */
                     _("“%s” ends at midnight: write the end of the day as 24:00, as in %s-24:00"),
                     copy, from);
      else
        g_set_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_CROSSES_MIDNIGHT,
                     /* Translators: the 2nd and 3rd %s are times such as 22:00 and 02:00 */
                     _("“%1$s” crosses midnight: use two windows, %2$s-24:00 and 00:00-%3$s"),
                     copy, from, to);
      return FALSE;
    }

  window->start = (guint16) start;
  window->end = (guint16) end;
  return TRUE;

malformed:
  g_set_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_INVALID_WINDOW,
               _("“%s” is not a time window: write it as HH:MM-HH:MM, for example 09:00-17:00"),
               copy);
  return FALSE;
}

/**
 * bc_time_windows_parse:
 * @text: the store's form, windows separated by commas
 *
 * Returns: (transfer full) (element-type BcTimeWindow): the windows as
 *   written (bc_schedule_new() merges them), or %NULL with @error set
 */
GArray *
bc_time_windows_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (BcTimeWindow));
  g_auto(GStrv) items = g_strsplit (text != NULL ? text : "", ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      BcTimeWindow window;

      /* A stray comma ("09:00-12:00,") is no reason to refuse. */
      if (*g_strstrip (items[i]) == '\0')
        continue;
      if (!bc_time_window_parse (items[i], &window, error))
        return NULL;
      g_array_append_val (windows, window);
    }
  if (windows->len == 0)
    {
      g_set_error_literal (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_NO_WINDOWS,
                           _("No time window given: add one, for example 09:00-17:00"));
      return NULL;
    }
  return g_steal_pointer (&windows);
}

/* "09:00-17:00"; the end of the day is "24:00". */
char *
bc_time_window_to_string (const BcTimeWindow *window)
{
  char from[8], to[8];

  g_return_val_if_fail (window != NULL, NULL);

  format_clock (from, sizeof from, window->start);
  format_clock (to, sizeof to, window->end);
  return g_strconcat (from, "-", to, NULL);
}

/* "mon", "tues", "thursday": three letters or more of the English name. */
static int
parse_day (const char *text)
{
  gsize len = strlen (text);

  if (len < 3)
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (day_names); i++)
    if (strncmp (day_names[i], text, len) == 0)
      return (int) i;
  return -1;
}

static gboolean
parse_day_item (const char *item,
                BcWeekdays *days)
{
  const char *dash;
  int from, to;

  if (strcmp (item, "all") == 0 || strcmp (item, "daily") == 0 ||
      strcmp (item, "every day") == 0 || strcmp (item, "everyday") == 0)
    {
      *days |= BC_WEEKDAYS_ALL;
      return TRUE;
    }
  if (strcmp (item, "weekdays") == 0 || strcmp (item, "workdays") == 0)
    {
      *days |= BC_WEEKDAYS_WORK;
      return TRUE;
    }
  if (strcmp (item, "weekends") == 0 || strcmp (item, "weekend") == 0)
    {
      *days |= BC_WEEKDAY_SATURDAY | BC_WEEKDAY_SUNDAY;
      return TRUE;
    }

  dash = strchr (item, '-');
  if (dash == NULL)
    {
      if ((from = parse_day (item)) < 0)
        return FALSE;
      *days |= 1u << from;
      return TRUE;
    }

  {
    g_autofree char *first = g_strstrip (g_strndup (item, dash - item));
    g_autofree char *second = g_strstrip (g_strdup (dash + 1));

    if ((from = parse_day (first)) < 0 || (to = parse_day (second)) < 0)
      return FALSE;
  }
  /* "fri-mon" wraps over the weekend. */
  for (int d = from;; d = (d + 1) % 7)
    {
      *days |= 1u << d;
      if (d == to)
        break;
    }
  return TRUE;
}

/**
 * bc_weekdays_parse:
 * @text: as `--days` takes it: "mon,tue", "mon-fri", "fri-mon",
 *   "weekdays", "weekends", "all", or a mix ("mon-wed,fri"); any case
 *
 * Returns: %TRUE with @weekdays set, or %FALSE with an error naming the
 *   part that is not a day
 */
gboolean
bc_weekdays_parse (const char  *text,
                   BcWeekdays  *weekdays,
                   GError     **error)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *lower = g_ascii_strdown (valid, -1);
  g_auto(GStrv) items = g_strsplit (lower, ",", -1);
  BcWeekdays days = BC_WEEKDAY_NONE;
  guint n_items = 0;

  g_return_val_if_fail (weekdays != NULL, FALSE);

  for (guint i = 0; items[i] != NULL; i++)
    {
      if (*g_strstrip (items[i]) == '\0')
        continue;
      n_items++;
      if (!parse_day_item (items[i], &days))
        {
          g_set_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_INVALID_WEEKDAYS,
                       _("“%s” is not a day of the week: use mon, tue, wed, thu, fri, sat or sun, "
                         "a range such as mon-fri, or weekdays, weekends or all"),
                       items[i]);
          return FALSE;
        }
    }
  if (n_items == 0)
    {
      g_set_error_literal (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_INVALID_WEEKDAYS,
                           _("No days given: use for example mon-fri, mon,wed,fri, weekdays or all"));
      return FALSE;
    }
  *weekdays = days;
  return TRUE;
}

/**
 * bc_weekdays_to_string:
 *
 * The CLI's form, which bc_weekdays_parse() reads back: "all", "mon-fri",
 * "mon,wed,fri", "mon-wed,sat"; "" for no day.
 */
char *
bc_weekdays_to_string (BcWeekdays weekdays)
{
  GString *out = g_string_new (NULL);
  guint d = 0;

  weekdays &= BC_WEEKDAYS_ALL;
  if (weekdays == BC_WEEKDAYS_ALL)
    return g_string_free (g_string_assign (out, "all"), FALSE);

  while (d < 7)
    {
      guint end = d;

      if (!(weekdays & (1u << d)))
        {
          d++;
          continue;
        }
      while (end + 1 < 7 && (weekdays & (1u << (end + 1))))
        end++;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append_len (out, day_names[d], 3);
      if (end >= d + 2)
        g_string_append_printf (out, "-%.3s", day_names[end]);
      else if (end == d + 1)
        g_string_append_printf (out, ",%.3s", day_names[end]);
      d = end + 1;
    }
  return g_string_free (out, FALSE);
}
