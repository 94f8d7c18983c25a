/* bc-create-dialog-edit.c: the create dialog over an existing Draft
 *
 * A Draft stays fully editable until it is submitted: the same form
 * changes its name and From Number, and a file dropped or chosen there
 * goes through the same import, progress and report, but with core's
 * bc_csv_import_replace_async(), which swaps the Draft's recipients only
 * when the new file imported (a refused or cancelled file leaves the old
 * ones).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-create-dialog"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "bc-batch.h"
#include "bc-create-dialog-private.h"
#include "bc-store.h"

void
_bc_create_dialog_setup_edit (BcCreateDialog *self)
{
  g_autofree char *drop_text = NULL;
  gint64 total = bc_batch_get_counter (self->draft, BC_COUNTER_TOTAL);

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Draft"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), bc_batch_get_name (self->draft));
  drop_text = g_strdup_printf (ngettext ("Drop a CSV file here to replace its %" PRId64 " recipient",
                                         "Drop a CSV file here to replace its %" PRId64 " recipients",
                                         (gulong) MIN (total, G_MAXLONG)),
                               total);
  gtk_label_set_label (self->file_label, drop_text);
}

gboolean
_bc_create_dialog_save_draft (BcCreateDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *old_number = NULL;
  g_autoptr(GError) error = NULL;
  guint selected;

  g_return_val_if_fail (self->draft != NULL, FALSE);

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  old_name = g_strdup (bc_batch_get_name (self->draft));
  old_number = g_strdup (bc_batch_get_from_number (self->draft));

  bc_batch_set_name (self->draft, name);
  /* Only a number the person picked: the row's first entry is not a
   * choice when the Draft's own number is not offered (any more). */
  selected = adw_combo_row_get_selected (self->number_row);
  if (self->number_changed && self->offered != NULL && selected < self->offered->len)
    bc_batch_set_from_number (self->draft, g_ptr_array_index (self->offered, selected));

  if (!bc_store_update_batch (self->store, self->draft, &error))
    {
      bc_batch_set_name (self->draft, old_name);
      bc_batch_set_from_number (self->draft, old_number);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new_format (_("Could not save the Draft: %s"),
                                                         error->message));
      return FALSE;
    }
  return TRUE;
}
