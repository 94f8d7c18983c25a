/* bc-recipient-list.c: a batch's recipients as a lazy GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-recipient-list"

#include "config.h"

#include "bc-recipient.h"
#include "bc-recipient-filter.h"
#include "bc-recipient-list.h"
#include "bc-store.h"

/* Pages are read by position range through the (batch_id, position)
 * index. With a filter, a worker thread first finds the positions that
 * match (4 bytes each, so a million matches cost 4 MB, not a million
 * objects); list indexes are then ranks in that array, and a page is read
 * by its positions, one indexed look-up each. A row whose state changes
 * so that it no longer matches stays where it is until the filter is run
 * again: rows do not jump away under the pointer. While a new filter is
 * being matched, the list goes on showing the last result, so typing a
 * search does not blank the view at every key. */
typedef struct
{
  guint      index;   /* first position = index × PAGE_SIZE */
  GPtrArray *items;   /* BcRecipient */
} Page;

struct _BcRecipientList
{
  GObject   parent_instance;

  BcStore  *store;
  char     *batch_id;
  guint     n_items;
  GQueue    pages;    /* Page, most recently used first */
  gulong    changed_id;
  gulong    reset_id;

  BcRecipientFilter *filter;       /* what is shown; NULL: every recipient */
  GArray            *matches;      /* its guint positions, ascending; NULL
                                    * when unfiltered or not known yet */
  BcRecipientFilter *pending;      /* being matched, shown once it is */
  GCancellable      *cancellable;  /* the running match, if any */
};

static void bc_recipient_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BcRecipientList, bc_recipient_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bc_recipient_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_BATCH_ID,
  PROP_SEARCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static guint
count_rows (BcRecipientList *self)
{
  if (self->filter != NULL)
    return self->matches != NULL ? self->matches->len : 0;
  return bc_store_count_recipients (self->store, self->batch_id);
}

static gboolean
fetch_rows (BcRecipientList  *self,
            guint             first,
            guint             n,
            GPtrArray        *out,
            GError          **error)
{
  if (self->filter == NULL)
    return bc_store_read_recipients (self->store, self->batch_id, first, n, out, error);
  if (self->matches == NULL || first >= self->matches->len)
    return TRUE;
  return bc_store_read_recipients_at (self->store, self->batch_id,
                                      &g_array_index (self->matches, guint, first),
                                      MIN (n, self->matches->len - first), out, error);
}

/* The list index of the recipient at @position, or G_MAXUINT when the
 * list does not show it. */
static guint
index_of_position (BcRecipientList *self,
                   guint            position)
{
  guint lo = 0, hi;

  if (self->filter == NULL)
    return position < self->n_items ? position : G_MAXUINT;
  if (self->matches == NULL)
    return G_MAXUINT;

  hi = self->matches->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint at = g_array_index (self->matches, guint, mid);

      if (at == position)
        return mid;
      if (at < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return G_MAXUINT;
}

static GList *
find_page (BcRecipientList *self,
           guint            index)
{
  for (GList *l = self->pages.head; l != NULL; l = l->next)
    if (((Page *) l->data)->index == index)
      return l;
  return NULL;
}

static Page *
get_page (BcRecipientList *self,
          guint            index)
{
  g_autoptr(GError) error = NULL;
  GList *link = find_page (self, index);
  Page *page;

  if (link != NULL)
    {
      g_queue_unlink (&self->pages, link);
      g_queue_push_head_link (&self->pages, link);
      return link->data;
    }

  page = g_new0 (Page, 1);
  page->index = index;
  page->items = g_ptr_array_new_full (BC_RECIPIENT_LIST_PAGE_SIZE, g_object_unref);
  if (!fetch_rows (self, index * BC_RECIPIENT_LIST_PAGE_SIZE,
                   BC_RECIPIENT_LIST_PAGE_SIZE, page->items, &error))
    {
      g_warning ("Could not read recipients of batch %s: %s",
                 self->batch_id, error->message);
      page_free (page);
      return NULL;
    }

  g_queue_push_head (&self->pages, page);
  while (self->pages.length > BC_RECIPIENT_LIST_MAX_PAGES)
    page_free (g_queue_pop_tail (&self->pages));

  return page;
}

static void
drop_pages (BcRecipientList *self)
{
  g_queue_clear_full (&self->pages, page_free);
}

static void
replace_items (BcRecipientList *self)
{
  guint old_n = self->n_items;

  drop_pages (self);
  self->n_items = count_rows (self);
  if (old_n > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

static void
set_searching (BcRecipientList *self,
               GCancellable    *cancellable)
{
  gboolean was = self->cancellable != NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);
  if (was != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

static void
on_match_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(BcRecipientList) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  GArray *matches;

  g_weak_ref_clear (weak);
  g_free (weak);

  /* The list is gone, or a newer filter (or none) replaced this one
   * while it ran. The task frees a result nobody takes. */
  if (self == NULL || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  matches = bc_store_match_recipients_finish (self->store, result, &error);
  if (matches == NULL)
    g_warning ("Could not search the recipients of batch %s: %s",
               self->batch_id, error->message);

  g_clear_pointer (&self->filter, bc_recipient_filter_free);
  self->filter = g_steal_pointer (&self->pending);
  g_clear_pointer (&self->matches, g_array_unref);
  self->matches = matches;
  replace_items (self);
  set_searching (self, NULL);
}

static void
start_match (BcRecipientList *self)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  /* Weak: a list dropped mid-search goes at once (its dispose cancels). */
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  set_searching (self, cancellable);
  bc_store_match_recipients_async (self->store, self->batch_id, self->pending, cancellable,
                                   on_match_done_cb, weak);
}

static void
on_store_recipient_changed_cb (BcStore         *store,
                               BcRecipient     *recipient,
                               BcRecipientList *self)
{
  guint position;
  GList *link;

  if (g_strcmp0 (bc_recipient_get_batch_id (recipient), self->batch_id) != 0)
    return;
  position = index_of_position (self, bc_recipient_get_position (recipient));
  if (position >= self->n_items)
    return;

  /* A row on screen holds this very object: update it in place, so its
   * bindings refresh even if the view ignores items-changed. */
  link = find_page (self, position / BC_RECIPIENT_LIST_PAGE_SIZE);
  if (link != NULL)
    {
      Page *page = link->data;
      guint offset = position % BC_RECIPIENT_LIST_PAGE_SIZE;

      if (offset < page->items->len)
        bc_recipient_update (g_ptr_array_index (page->items, offset),
                             bc_recipient_get_data (recipient));
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

static void
on_store_recipients_reset_cb (BcStore         *store,
                              const char      *batch_id,
                              BcRecipientList *self)
{
  guint old_n;

  if (g_strcmp0 (batch_id, self->batch_id) != 0)
    return;

  /* The matches may name rows that are gone: show nothing until the
   * filter has run again over the new rows. */
  g_clear_pointer (&self->matches, g_array_unref);
  drop_pages (self);
  old_n = self->n_items;
  self->n_items = count_rows (self);
  if (old_n > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  if (self->filter != NULL && self->pending == NULL)
    self->pending = bc_recipient_filter_copy (self->filter);
  if (self->pending != NULL)
    start_match (self);
}

static GType
bc_recipient_list_get_item_type (GListModel *model)
{
  return BC_TYPE_RECIPIENT;
}

static guint
bc_recipient_list_get_n_items (GListModel *model)
{
  return BC_RECIPIENT_LIST (model)->n_items;
}

static gpointer
bc_recipient_list_get_item (GListModel *model,
                            guint       position)
{
  BcRecipientList *self = BC_RECIPIENT_LIST (model);
  Page *page;
  guint offset;

  if (position >= self->n_items)
    return NULL;

  page = get_page (self, position / BC_RECIPIENT_LIST_PAGE_SIZE);
  offset = position % BC_RECIPIENT_LIST_PAGE_SIZE;
  if (page == NULL || offset >= page->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (page->items, offset));
}

static void
bc_recipient_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bc_recipient_list_get_item_type;
  iface->get_n_items = bc_recipient_list_get_n_items;
  iface->get_item = bc_recipient_list_get_item;
}

static void
bc_recipient_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BcRecipientList *self = BC_RECIPIENT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BATCH_ID:
      g_value_set_string (value, self->batch_id);
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_recipient_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BcRecipientList *self = BC_RECIPIENT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_BATCH_ID:
      self->batch_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_recipient_list_constructed (GObject *object)
{
  BcRecipientList *self = BC_RECIPIENT_LIST (object);

  G_OBJECT_CLASS (bc_recipient_list_parent_class)->constructed (object);

  g_return_if_fail (BC_IS_STORE (self->store));
  g_return_if_fail (self->batch_id != NULL);

  self->n_items = count_rows (self);
  self->changed_id = g_signal_connect (self->store, "recipient-changed",
                                       G_CALLBACK (on_store_recipient_changed_cb), self);
  self->reset_id = g_signal_connect (self->store, "recipients-reset",
                                     G_CALLBACK (on_store_recipients_reset_cb), self);
}

static void
bc_recipient_list_dispose (GObject *object)
{
  BcRecipientList *self = BC_RECIPIENT_LIST (object);

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->store);
      g_clear_signal_handler (&self->reset_id, self->store);
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_pages (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bc_recipient_list_parent_class)->dispose (object);
}

static void
bc_recipient_list_finalize (GObject *object)
{
  BcRecipientList *self = BC_RECIPIENT_LIST (object);

  g_clear_pointer (&self->batch_id, g_free);
  g_clear_pointer (&self->filter, bc_recipient_filter_free);
  g_clear_pointer (&self->pending, bc_recipient_filter_free);
  g_clear_pointer (&self->matches, g_array_unref);

  G_OBJECT_CLASS (bc_recipient_list_parent_class)->finalize (object);
}

static void
bc_recipient_list_class_init (BcRecipientListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bc_recipient_list_get_property;
  object_class->set_property = bc_recipient_list_set_property;
  object_class->constructed = bc_recipient_list_constructed;
  object_class->dispose = bc_recipient_list_dispose;
  object_class->finalize = bc_recipient_list_finalize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATCH_ID] =
    g_param_spec_string ("batch-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* TRUE while a filter runs; the list is empty until it is done. */
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bc_recipient_list_init (BcRecipientList *self)
{
  g_queue_init (&self->pages);
}

BcRecipientList *
bc_recipient_list_new (BcStore    *store,
                       const char *batch_id)
{
  g_return_val_if_fail (BC_IS_STORE (store), NULL);
  g_return_val_if_fail (batch_id != NULL, NULL);

  return g_object_new (BC_TYPE_RECIPIENT_LIST, "store", store, "batch-id", batch_id, NULL);
}

BcStore *
bc_recipient_list_get_store (BcRecipientList *self)
{
  g_return_val_if_fail (BC_IS_RECIPIENT_LIST (self), NULL);
  return self->store;
}

const char *
bc_recipient_list_get_batch_id (BcRecipientList *self)
{
  g_return_val_if_fail (BC_IS_RECIPIENT_LIST (self), NULL);
  return self->batch_id;
}

guint
bc_recipient_list_get_n_cached_pages (BcRecipientList *self)
{
  g_return_val_if_fail (BC_IS_RECIPIENT_LIST (self), 0);
  return self->pages.length;
}

gboolean
bc_recipient_list_get_searching (BcRecipientList *self)
{
  g_return_val_if_fail (BC_IS_RECIPIENT_LIST (self), FALSE);
  return self->cancellable != NULL;
}

const BcRecipientFilter *
bc_recipient_list_get_filter (BcRecipientList *self)
{
  g_return_val_if_fail (BC_IS_RECIPIENT_LIST (self), NULL);
  return self->pending != NULL ? self->pending : self->filter;
}

void
bc_recipient_list_set_filter (BcRecipientList         *self,
                              const BcRecipientFilter *filter)
{
  g_return_if_fail (BC_IS_RECIPIENT_LIST (self));

  if (bc_recipient_filter_equal (bc_recipient_list_get_filter (self), filter))
    return;

  g_clear_pointer (&self->pending, bc_recipient_filter_free);
  if (bc_recipient_filter_is_empty (filter))
    {
      /* Every row again: counted through the index at once. */
      set_searching (self, NULL);
      g_clear_pointer (&self->filter, bc_recipient_filter_free);
      g_clear_pointer (&self->matches, g_array_unref);
      replace_items (self);
      return;
    }

  /* The rows shown stay until the new matches are known. */
  self->pending = bc_recipient_filter_copy (filter);
  start_match (self);
}
