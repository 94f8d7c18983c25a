/* bc-runner-lock.c: one process at a time runs a batch
 *
 * A file per batch, locked with flock(). The alternative, a "runner" row
 * in SQLite with a pid and a start time checked through /proc, has to
 * guess whether a pid was reused and needs a write transaction to take
 * over a stale row; an flock() is released by the kernel when its holder
 * dies, even by SIGKILL, so there is no stale lock to judge. The pid and
 * name inside the file only serve the message shown to the loser.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bc-runner-lock.h"

struct _BcRunnerLock
{
  int   fd;
  char *path;
};

static GError *
io_error (int         saved_errno,
          const char *path)
{
  return g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                      _("Could not lock “%s”: %s"), path, g_strerror (saved_errno));
}

BcRunnerLock *
bc_runner_lock_acquire (const char  *store_path,
                        const char  *batch_id,
                        const char  *holder,
                        GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  BcRunnerLock *lock;
  int fd;

  g_return_val_if_fail (store_path != NULL && batch_id != NULL, NULL);

  dir = g_strconcat (store_path, ".locks", NULL);
  name = g_strconcat (batch_id, ".lock", NULL);
  path = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_propagate_error (error, io_error (errno, dir));
      return NULL;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_propagate_error (error, io_error (errno, path));
      return NULL;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;
      char buf[256] = { 0 };
      ssize_t n;
      g_auto(GStrv) fields = NULL;

      if (saved_errno != EWOULDBLOCK)
        {
          close (fd);
          g_propagate_error (error, io_error (saved_errno, path));
          return NULL;
        }
      n = pread (fd, buf, sizeof buf - 1, 0);
      close (fd);
      buf[MAX (n, 0)] = '\0';
      g_strstrip (buf);
      fields = g_strsplit (buf, " ", 2);
      if (fields[0] != NULL && fields[1] != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                     /* Translators: a program name, then a process id */
                     _("This batch is being run by %s (process %s)"),
                     fields[1], fields[0]);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                     _("This batch is being run by another process"));
      return NULL;
    }

  text = g_strdup_printf ("%d %s\n", (int) getpid (), holder != NULL ? holder : g_get_prgname ());
  if (ftruncate (fd, 0) != 0 ||
      pwrite (fd, text, strlen (text), 0) != (ssize_t) strlen (text))
    {
      int saved_errno = errno;

      close (fd);
      g_propagate_error (error, io_error (saved_errno, path));
      return NULL;
    }

  lock = g_new0 (BcRunnerLock, 1);
  lock->fd = fd;
  lock->path = g_steal_pointer (&path);
  return lock;
}

void
bc_runner_lock_release (BcRunnerLock *lock)
{
  if (lock == NULL)
    return;
  /* Emptied, not unlinked: unlinking a locked file lets a third process
   * lock a new file of the same name while a second one waits on the old. */
  if (ftruncate (lock->fd, 0) != 0)
    g_debug ("Could not empty %s: %s", lock->path, g_strerror (errno));
  close (lock->fd);
  g_free (lock->path);
  g_free (lock);
}
