/* bc-create-dialog-numbers.c: the From Number row of the create dialog
 *
 * Numbers and agents are fetched together; only numbers bound to an agent
 * are offered, labelled with the agent's name, and the others are named
 * in a note that says why they are missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-create-dialog"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bc-agent.h"
#include "bc-batch.h"
#include "bc-create-dialog-private.h"
#include "bc-from-number.h"

static const char *
agent_name (BcCreateDialog *self,
            const char     *agent_id)
{
  for (guint i = 0; self->agents != NULL && i < self->agents->len; i++)
    {
      BcAgent *agent = g_ptr_array_index (self->agents, i);

      if (g_strcmp0 (agent->agent_id, agent_id) == 0 && agent->name != NULL)
        return agent->name;
    }
  return agent_id;
}

/* "+14155550100 — Sales follow-up": the agent is what the callee talks to,
 * so it is what the operator picks by. */
static char *
describe_number (BcCreateDialog     *self,
                 const BcFromNumber *number)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < number->agents->len; i++)
    {
      const BcOutboundAgent *agent = &g_array_index (number->agents, BcOutboundAgent, i);
      const char *name = agent_name (self, agent->agent_id);

      if (strstr (names->str, name) != NULL)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);
    }
  return g_strdup_printf ("%s — %s", number->number, names->str);
}

static void
on_number_selected_cb (AdwComboRow    *row,
                       GParamSpec     *pspec,
                       BcCreateDialog *self)
{
  self->number_changed = TRUE;
}

static void
populate_numbers (BcCreateDialog *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GString) unbound = g_string_new (NULL);
  guint n_unbound = 0;

  g_clear_pointer (&self->offered, g_ptr_array_unref);
  self->offered = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->all_numbers->len; i++)
    {
      BcFromNumber *number = g_ptr_array_index (self->all_numbers, i);

      if (bc_from_number_is_bound (number))
        {
          g_autofree char *label = describe_number (self, number);

          gtk_string_list_append (model, label);
          g_ptr_array_add (self->offered, g_strdup (number->number));
        }
      else
        {
          if (n_unbound > 0)
            g_string_append (unbound, ", ");
          g_string_append (unbound, number->number);
          n_unbound++;
        }
    }

  adw_combo_row_set_model (self->number_row, G_LIST_MODEL (model));
  /* An edited Draft shows its own number; a change of it is the
   * person's from here on. */
  if (self->draft != NULL)
    {
      guint index;

      if (g_ptr_array_find_with_equal_func (self->offered, bc_batch_get_from_number (self->draft),
                                            g_str_equal, &index))
        adw_combo_row_set_selected (self->number_row, index);
      g_signal_connect_object (self->number_row, "notify::selected",
                               G_CALLBACK (on_number_selected_cb), self, 0);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->number_row), self->offered->len > 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->number_row),
                               self->offered->len > 0 ? NULL
                               : _("The account has no number bound to an agent"));

  /* A number without an agent cannot place a call: say so rather than
   * leave the operator wondering where it went. */
  gtk_widget_set_visible (GTK_WIDGET (self->numbers_note_label), n_unbound > 0);
  if (n_unbound > 0)
    {
      g_autofree char *note =
        g_strdup_printf (ngettext ("%s is not offered: it is not bound to an agent, so it cannot place calls. Bind it to an outbound agent in the UponAI dashboard to use it.",
                                   "%s are not offered: they are not bound to an agent, so they cannot place calls. Bind them to an outbound agent in the UponAI dashboard to use them.",
                                   n_unbound),
                         unbound->str);
      gtk_label_set_label (self->numbers_note_label, note);
    }
}

static void
numbers_failed (BcCreateDialog *self,
                const GError   *error)
{
  g_autofree char *subtitle = g_strdup_printf (_("Could not load the numbers: %s"), error->message);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->number_row), subtitle);
}

/* The requests hold the dialog weakly: a dialog closed while they run
 * goes at once, while its parent still exists, instead of when the
 * answer comes (maybe after the parent, which its dispose then touches). */
static gpointer
weak_dialog_new (BcCreateDialog *self)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  return weak;
}

static BcCreateDialog *
weak_dialog_steal (gpointer user_data)
{
  GWeakRef *weak = user_data;
  BcCreateDialog *self = g_weak_ref_get (weak);

  g_weak_ref_clear (weak);
  g_free (weak);
  return self;
}

static void
on_numbers_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(BcCreateDialog) self = weak_dialog_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) numbers = bc_api_client_list_numbers_finish (BC_API_CLIENT (source),
                                                                    result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_loading--;
  if (numbers == NULL)
    {
      numbers_failed (self, error);
      return;
    }
  self->all_numbers = g_steal_pointer (&numbers);
  if (self->n_loading == 0)
    populate_numbers (self);
}

static void
on_agents_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BcCreateDialog) self = weak_dialog_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agents = bc_api_client_list_agents_finish (BC_API_CLIENT (source),
                                                                  result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_loading--;
  /* Without names the numbers still work: the agent ids stand in. */
  self->agents = g_steal_pointer (&agents);
  if (self->n_loading == 0 && self->all_numbers != NULL)
    populate_numbers (self);
}

void
_bc_create_dialog_load_numbers (BcCreateDialog *self)
{
  if (self->client == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->number_row),
                                   _("No account is set up: choose the number later, before submitting"));
      return;
    }
  self->n_loading = 2;
  bc_api_client_list_numbers_async (self->client, self->cancellable,
                                    on_numbers_loaded_cb, weak_dialog_new (self));
  bc_api_client_list_agents_async (self->client, self->cancellable,
                                   on_agents_loaded_cb, weak_dialog_new (self));
}

