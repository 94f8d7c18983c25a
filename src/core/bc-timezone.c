/* bc-timezone.c: IANA time zones by name, the system's zone, the list for pickers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-timezone"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bc-schedule.h"
#include "bc-timezone.h"

#define MAX_ID_LENGTH 64

static const char *
zoneinfo_dir (void)
{
  const char *dir = g_getenv ("TZDIR");

  return dir != NULL && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

/* GLib would also take POSIX rule strings ("CET-1CEST,M3.5.0") and offsets
 * ("+05:00") for identifiers; a batch stores a name a person can read and
 * another machine can resolve, so only IANA-shaped names pass. All of them
 * start with a capital letter, which also keeps out the zoneinfo directory's
 * own files (posixrules, leapseconds, posix/…, right/…). */
static gboolean
is_iana_shaped (const char *id)
{
  gsize len;

  if (id == NULL || !g_ascii_isupper (id[0]))
    return FALSE;
  len = strlen (id);
  if (len > MAX_ID_LENGTH || strstr (id, "..") != NULL || id[len - 1] == '/')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/_+-", *p) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
bc_timezone_is_known (const char *id)
{
  g_autofree char *path = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  if (!is_iana_shaped (id))
    return FALSE;
  if (g_file_test (zoneinfo_dir (), G_FILE_TEST_IS_DIR))
    {
      path = g_build_filename (zoneinfo_dir (), id, NULL);
      return g_file_test (path, G_FILE_TEST_IS_REGULAR);
    }
  /* No database to look in (a stripped container): trust GLib. */
  tz = g_time_zone_new_identifier (id);
  return tz != NULL;
}

static guint
edit_distance (const char *a,
               const char *b)
{
  guint la = strlen (a), lb = strlen (b);
  guint row[MAX_ID_LENGTH + 1];

  if (la > MAX_ID_LENGTH || lb > MAX_ID_LENGTH)
    return G_MAXUINT;
  for (guint j = 0; j <= lb; j++)
    row[j] = j;
  for (guint i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (guint j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
        }
    }
  return row[lb];
}

static const char *
suggest (const char *id)
{
  const char * const *zones = bc_timezones_list ();
  const char *best = NULL;
  guint best_distance = 4;

  for (guint i = 0; zones[i] != NULL; i++)
    {
      guint d = edit_distance (id, zones[i]);

      if (d < best_distance)
        {
          best = zones[i];
          best_distance = d;
        }
    }
  return best;
}

/**
 * bc_timezone_new:
 * @id: (nullable): an IANA name such as "Europe/Berlin"; %NULL or "" is the
 *   system's zone
 *
 * Returns: (transfer full): the zone, or %NULL with
 *   %BC_SCHEDULE_ERROR_UNKNOWN_TIMEZONE naming @id (and a near miss, if any)
 */
GTimeZone *
bc_timezone_new (const char  *id,
                 GError     **error)
{
  GTimeZone *tz = NULL;
  const char *guess;

  if (id == NULL || *id == '\0')
    return g_time_zone_new_local ();
  if (bc_timezone_is_known (id))
    tz = g_time_zone_new_identifier (id);
  if (tz != NULL)
    return tz;

  guess = g_utf8_validate (id, -1, NULL) ? suggest (id) : NULL;
  if (guess != NULL)
    g_set_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_UNKNOWN_TIMEZONE,
                 /* Translators: the first %s is what was typed, the second a known zone */
                 _("Unknown time zone “%s”: did you mean %s?"), id, guess);
  else
    g_set_error (error, BC_SCHEDULE_ERROR, BC_SCHEDULE_ERROR_UNKNOWN_TIMEZONE,
                 _("Unknown time zone “%s”: use an IANA name such as Europe/Berlin or America/New_York"),
                 g_utf8_validate (id, -1, NULL) ? id : "?");
  return NULL;
}

static void
add_tab_file (GHashTable *set,
              const char *name)
{
  g_autofree char *path = g_build_filename (zoneinfo_dir (), name, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      /* country code(s), coordinates, zone name, comment */
      fields = g_strsplit (lines[i], "\t", 4);
      if (g_strv_length (fields) >= 3 && is_iana_shaped (fields[2]))
        g_hash_table_add (set, g_strdup (fields[2]));
    }
}

/* tzdata.zi: "Z <name> …" for zones, "L <target> <link>" for links. */
static void
scan_tzdata_zi (GHashTable *zones,
                GHashTable *links)
{
  g_autofree char *path = g_build_filename (zoneinfo_dir (), "tzdata.zi", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (lines[i][0] != 'Z' && lines[i][0] != 'L')
        continue;
      fields = g_strsplit (lines[i], " ", 4);
      if (g_strv_length (fields) < 3)
        continue;
      if (zones != NULL && fields[0][0] == 'Z' && is_iana_shaped (fields[1]))
        g_hash_table_add (zones, g_strdup (fields[1]));
      else if (links != NULL && fields[0][0] == 'L')
        g_hash_table_insert (links, g_strdup (fields[2]), g_strdup (fields[1]));
    }
}

static GPtrArray *
build_list (void)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *sorted;
  GHashTableIter iter;
  gpointer key;

  /* zone.tab names one zone per country (Europe/Amsterdam, which newer
   * tzdata merely links to Europe/Brussels); zone1970.tab has the rest of
   * the canonical ones. Together they are what a person looks for. */
  add_tab_file (set, "zone1970.tab");
  add_tab_file (set, "zone.tab");
  if (g_hash_table_size (set) == 0)
    scan_tzdata_zi (set, NULL);
  g_hash_table_add (set, g_strdup ("UTC"));

  sorted = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_ptr_array_add (sorted, key);
      g_hash_table_iter_steal (&iter);
    }
  return sorted;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * bc_timezones_list:
 *
 * The zones a picker offers: every country's zones from the system's tz
 * database, plus UTC, sorted. Read once per process (a few kilobytes).
 *
 * Returns: (transfer none): a %NULL-terminated array, never %NULL
 */
const char * const *
bc_timezones_list (void)
{
  static gsize once = 0;
  static char **list = NULL;

  if (g_once_init_enter (&once))
    {
      GPtrArray *sorted = build_list ();

      g_ptr_array_sort (sorted, compare_strings);
      g_ptr_array_add (sorted, NULL);
      list = (char **) g_ptr_array_free (sorted, FALSE);
      g_once_init_leave (&once, 1);
    }
  return (const char * const *) list;
}

static gboolean
is_utc_alias (const char *id)
{
  static const char * const aliases[] = {
    "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal",
    "Etc/Zulu", "Zulu", "Etc/GMT", "GMT", "Etc/GMT0", "GMT0", "Etc/GMT+0",
    "Etc/GMT-0", "Etc/Greenwich", "Greenwich",
  };

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_strcmp0 (id, aliases[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_listed (const char *id)
{
  return g_strv_contains (bc_timezones_list (), id);
}

/* A known id the picker does not list (Asia/Calcutta, US/Eastern): follow
 * the database's links to a listed name, so the picker can preselect it. */
static char *
listed_name_for (const char *id)
{
  g_autoptr(GHashTable) links = NULL;
  const char *target = id;

  if (is_utc_alias (id))
    return g_strdup ("UTC");
  if (is_listed (id))
    return g_strdup (id);
  links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scan_tzdata_zi (NULL, links);
  for (guint hops = 0; hops < 4 && target != NULL; hops++)
    {
      target = g_hash_table_lookup (links, target);
      if (target != NULL && is_listed (target))
        return g_strdup (target);
    }
  return g_strdup (id);
}

/**
 * bc_timezone_get_system_id:
 *
 * The IANA name of the system's zone, as the picker lists it ("UTC" for any
 * of its aliases). GLib names it from $TZ or the /etc/localtime link; when
 * that is a copied file, Debian's /etc/timezone still has the name.
 *
 * Returns: (transfer full): never %NULL; "UTC" when nothing says otherwise
 */
char *
bc_timezone_get_system_id (void)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  const char *id = g_time_zone_get_identifier (local);
  g_autofree char *etc = NULL;

  if (id != NULL && *id == ':')
    id++;
  if (bc_timezone_is_known (id))
    return listed_name_for (id);
  if (g_file_get_contents ("/etc/timezone", &etc, NULL, NULL))
    {
      g_strstrip (etc);
      if (bc_timezone_is_known (etc))
        return listed_name_for (etc);
    }
  return g_strdup ("UTC");
}
