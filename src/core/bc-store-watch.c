/* bc-store-watch.c: notices what other processes commit to a store
 *
 * The scheduler arms one timer for its next due moment, so a batch that
 * waits for its window would learn of a pause or cancel made by another
 * process (a second batch-calls-cli, the app) only when the window opens.
 * Polling the database would break "no periodic busy polling"; the file
 * system tells us instead: a commit in WAL mode writes the -wal file, a
 * checkpoint the main file (inotify sees writes from any process).
 *
 * Our own commits write the same files. They are told apart cheaply by
 * SQLite's `PRAGMA data_version`, which changes only when another
 * connection committed; bursts of events (a busy batch of ours commits
 * many times a second) are merged by a short one-shot delay, so they cost
 * one pragma per delay at most and no refresh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-store"

#include "config.h"

#include <gio/gio.h>

#include "bc-store-private.h"
#include "bc-store-watch.h"

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _BcStoreWatch
{
  GObject       parent_instance;

  BcStore      *store;
  GFileMonitor *monitors[2];    /* the main file, its -wal */
  gint64        data_version;
  guint         delay_id;
};

G_DEFINE_FINAL_TYPE (BcStoreWatch, bc_store_watch, G_TYPE_OBJECT)

static gboolean
read_data_version (BcStoreWatch *self,
                   gint64       *version)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _bc_store_get_db (self->store);
  sqlite3_stmt *st = _bc_store_prepare (db, "PRAGMA data_version", &error);
  gboolean ok = FALSE;

  if (st == NULL)
    {
      g_debug ("Could not read the data version: %s", error->message);
      return FALSE;
    }
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      *version = sqlite3_column_int64 (st, 0);
      ok = TRUE;
    }
  sqlite3_finalize (st);
  return ok;
}

static gboolean
on_delay_cb (gpointer user_data)
{
  BcStoreWatch *self = user_data;
  gint64 version;

  self->delay_id = 0;
  if (!read_data_version (self, &version) || version == self->data_version)
    return G_SOURCE_REMOVE;
  self->data_version = version;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
on_file_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    BcStoreWatch      *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;
  /* A real-time delay, not a BcClock timeout: it merges events of the
   * operating system, which come in real time whatever clock drives the
   * scheduler; it exists only after a change, never while all is quiet. */
  if (self->delay_id == 0)
    self->delay_id = g_timeout_add (BC_STORE_WATCH_DELAY_MS, on_delay_cb, self);
}

static void
bc_store_watch_dispose (GObject *object)
{
  BcStoreWatch *self = BC_STORE_WATCH (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->monitors); i++)
    {
      if (self->monitors[i] == NULL)
        continue;
      g_signal_handlers_disconnect_by_data (self->monitors[i], self);
      g_file_monitor_cancel (self->monitors[i]);
      g_clear_object (&self->monitors[i]);
    }
  g_clear_handle_id (&self->delay_id, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bc_store_watch_parent_class)->dispose (object);
}

static void
bc_store_watch_class_init (BcStoreWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bc_store_watch_dispose;

  /**
   * BcStoreWatch::changed:
   * @self: the watch
   *
   * Another connection committed to the store: what this process holds
   * of it (a batch's state, its counters) may be out of date.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bc_store_watch_init (BcStoreWatch *self)
{
}

BcStoreWatch *
bc_store_watch_new (BcStore  *store,
                    GError  **error)
{
  g_autoptr(BcStoreWatch) self = NULL;
  g_autofree char *wal_path = NULL;
  const char *paths[2];

  g_return_val_if_fail (BC_IS_STORE (store), NULL);

  self = g_object_new (BC_TYPE_STORE_WATCH, NULL);
  self->store = g_object_ref (store);
  wal_path = g_strconcat (bc_store_get_path (store), "-wal", NULL);
  paths[0] = bc_store_get_path (store);
  paths[1] = wal_path;
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      self->monitors[i] = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, error);
      if (self->monitors[i] == NULL)
        return NULL;
      g_signal_connect (self->monitors[i], "changed", G_CALLBACK (on_file_changed_cb), self);
    }
  /* The baseline: what this connection has seen so far. */
  if (!read_data_version (self, &self->data_version))
    self->data_version = -1;
  return g_steal_pointer (&self);
}
