/* bc-window-private.h: what the main window's source files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bc-batch-page.h"
#include "bc-store.h"
#include "bc-window.h"

G_BEGIN_DECLS

struct _BcWindow
{
  AdwApplicationWindow  parent_instance;

  BcStore              *store;
  GSettings            *settings;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkListBox           *batch_list;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *state_filter;
  BcBatchPage          *batch_page;

  GCancellable         *cancellable;
  /* The sidebar's batches: the store's, less those deleted with an Undo
   * still offered (they go from the store when the toast does). */
  GtkFilterListModel   *visible_batches;
  GHashTable           *deleting;
  /* The person answered the close question: close for real. */
  gboolean              close_confirmed;
  /* The question was asked for app.quit (Ctrl+Q): an answer other than
   * Stay Open ends the application, not just this window. */
  gboolean              quit_requested;
};

/* bc-window-delete.c: deletes wait for their Undo toast to go; this
 * deletes the ones still waiting (the window is closing). */
void _bc_window_flush_deletes (BcWindow *self);

G_END_DECLS
