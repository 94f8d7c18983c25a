/* bc-zone-tally.c: recipient-local time over many recipients, zone by zone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-zone-tally"

#include "config.h"

#include "bc-timezone.h"
#include "bc-zone-tally.h"

/*
 * With recipient-local time a batch of a million recipients has a few dozen
 * distinct zones at most. The scheduler keeps one tally per batch: how many
 * pending recipients each zone has (from the store, kept up to date as they
 * finish). It asks the tally which zones are open now — to pick recipients
 * WHERE timezone IN (those) — and when the next zone opens or closes, for its
 * one timer. Each zone's answer is cached until that zone's own next change,
 * so a tick costs a hash-table walk, not a schedule computation per zone.
 *
 * The zone id "" (or NULL) stands for recipients without a zone of their
 * own: they follow the schedule's zone. When the schedule does not have
 * recipient-local time on, every zone follows the schedule's zone, so the
 * scheduler can use a tally either way.
 *
 * Not locked: it belongs to the scheduler, on the main thread.
 */

typedef struct
{
  char      *id;
  GTimeZone *tz;           /* NULL for "": the schedule's zone */
  gint64     count;
  gboolean   cached;
  gboolean   open;
  gint64     valid_from;   /* the cached state holds in [from, until) */
  gint64     valid_until;
} ZoneEntry;

struct _BcZoneTally
{
  GHashTable *zones;       /* id → ZoneEntry */
  BcSchedule *schedule;    /* the one the cached states belong to */
};

static void
zone_entry_free (gpointer data)
{
  ZoneEntry *entry = data;

  g_clear_pointer (&entry->tz, g_time_zone_unref);
  g_free (entry->id);
  g_free (entry);
}

static ZoneEntry *
ensure_entry (BcZoneTally  *self,
              const char   *zone_id,
              GError      **error)
{
  ZoneEntry *entry;

  if (zone_id == NULL)
    zone_id = "";
  entry = g_hash_table_lookup (self->zones, zone_id);
  if (entry == NULL)
    {
      g_autoptr(GTimeZone) tz = NULL;

      if (*zone_id != '\0' && !(tz = bc_timezone_new (zone_id, error)))
        return NULL;
      entry = g_new0 (ZoneEntry, 1);
      entry->id = g_strdup (zone_id);
      entry->tz = g_steal_pointer (&tz);
      g_hash_table_insert (self->zones, entry->id, entry);
    }
  return entry;
}

static gboolean
entry_is_open (BcZoneTally *self,
               ZoneEntry   *entry,
               BcSchedule  *schedule,
               gint64       now,
               gint64      *valid_until)
{
  if (self->schedule != schedule)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->zones);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        ((ZoneEntry *) value)->cached = FALSE;
      g_clear_pointer (&self->schedule, bc_schedule_unref);
      self->schedule = bc_schedule_ref (schedule);
    }

  if (!entry->cached || now < entry->valid_from || now >= entry->valid_until)
    {
      GTimeZone *tz = bc_schedule_get_recipient_local (schedule) ? entry->tz : NULL;

      entry->open = bc_schedule_is_open (schedule, now, tz);
      entry->valid_until = bc_schedule_next_change (schedule, now, tz);
      entry->valid_from = now;
      entry->cached = TRUE;
    }
  if (valid_until != NULL)
    *valid_until = entry->valid_until;
  return entry->open;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

BcZoneTally *
bc_zone_tally_new (void)
{
  BcZoneTally *self = g_new0 (BcZoneTally, 1);

  self->zones = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, zone_entry_free);
  return self;
}

void
bc_zone_tally_free (BcZoneTally *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->zones, g_hash_table_unref);
  g_clear_pointer (&self->schedule, bc_schedule_unref);
  g_free (self);
}

/**
 * bc_zone_tally_add:
 * @zone_id: (nullable): an IANA name, or %NULL/"" for "the schedule's zone"
 * @count: how many recipients to add; negative to take away as they finish
 *
 * Returns: %FALSE with %BC_SCHEDULE_ERROR_UNKNOWN_TIMEZONE when @zone_id is
 *   not a zone (nothing is counted then)
 */
gboolean
bc_zone_tally_add (BcZoneTally  *self,
                   const char   *zone_id,
                   gint64        count,
                   GError      **error)
{
  ZoneEntry *entry;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!(entry = ensure_entry (self, zone_id, error)))
    return FALSE;
  g_return_val_if_fail (entry->count + count >= 0, FALSE);
  entry->count += count;
  return TRUE;
}

gint64
bc_zone_tally_get_count (BcZoneTally *self,
                         const char  *zone_id)
{
  ZoneEntry *entry;

  g_return_val_if_fail (self != NULL, 0);

  entry = g_hash_table_lookup (self->zones, zone_id != NULL ? zone_id : "");
  return entry != NULL ? entry->count : 0;
}

/* Zones with recipients left (a count above zero). */
guint
bc_zone_tally_get_n_zones (BcZoneTally *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  g_hash_table_iter_init (&iter, self->zones);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((ZoneEntry *) value)->count > 0)
      n++;
  return n;
}

/**
 * bc_zone_tally_lookup:
 *
 * The zone for an id, made once per tally.
 *
 * Returns: (transfer none) (nullable): the zone; %NULL without an error for
 *   ""/%NULL (the schedule's zone: pass %NULL as tz_override), %NULL with
 *   @error set when the id is not a zone
 */
GTimeZone *
bc_zone_tally_lookup (BcZoneTally  *self,
                      const char   *zone_id,
                      GError      **error)
{
  ZoneEntry *entry;

  g_return_val_if_fail (self != NULL, NULL);

  entry = ensure_entry (self, zone_id, error);
  return entry != NULL ? entry->tz : NULL;
}

/**
 * bc_zone_tally_is_open:
 *
 * Whether a recipient in @zone_id may be called at @now. An unknown zone is
 * never open: nobody is called at a time that cannot be checked.
 */
gboolean
bc_zone_tally_is_open (BcZoneTally *self,
                       BcSchedule  *schedule,
                       const char  *zone_id,
                       gint64       now)
{
  ZoneEntry *entry;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!(entry = ensure_entry (self, zone_id, NULL)))
    return FALSE;
  return entry_is_open (self, entry, schedule, now, NULL);
}

/**
 * bc_zone_tally_update:
 * @open_zones: (nullable) (element-type utf8): filled with the ids (owned by
 *   the tally) of the zones with recipients left that are open at @now,
 *   sorted; "" stands for recipients without a zone
 * @n_open: (out) (optional): how many recipients those zones hold
 *
 * Returns: the earliest instant after @now at which one of the zones with
 *   recipients left opens or closes: what the scheduler arms its timer for;
 *   %BC_SCHEDULE_NEVER when none will
 */
gint64
bc_zone_tally_update (BcZoneTally *self,
                      BcSchedule  *schedule,
                      gint64       now,
                      GPtrArray   *open_zones,
                      gint64      *n_open)
{
  GHashTableIter iter;
  gpointer value;
  gint64 next = BC_SCHEDULE_NEVER;
  gint64 open_count = 0;

  g_return_val_if_fail (self != NULL, BC_SCHEDULE_NEVER);
  g_return_val_if_fail (schedule != NULL, BC_SCHEDULE_NEVER);

  g_hash_table_iter_init (&iter, self->zones);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ZoneEntry *entry = value;
      gint64 until;

      if (entry->count <= 0)
        continue;
      if (entry_is_open (self, entry, schedule, now, &until))
        {
          if (open_zones != NULL)
            g_ptr_array_add (open_zones, entry->id);
          open_count += entry->count;
        }
      next = MIN (next, until);
    }
  if (open_zones != NULL)
    g_ptr_array_sort (open_zones, compare_ids);
  if (n_open != NULL)
    *n_open = open_count;
  return next;
}
