/* bc-format.c: how batch values read on screen, as template closures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-format"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-batch.h"
#include "bc-format.h"

char *
bc_format_state_label (gpointer     template_object,
                       BcBatchState state)
{
  return g_strdup (bc_batch_state_get_label (state));
}

/* "badge badge-ongoing": the colours live in style.css, keyed by the
 * state's stable nick, so a theme or dark mode can restyle them. */
GStrv
bc_format_state_css_classes (gpointer     template_object,
                             BcBatchState state)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *state_class = NULL;

  state_class = g_strconcat ("badge-", bc_batch_state_to_string (state), NULL);
  g_strv_builder_add (builder, "badge");
  g_strv_builder_add (builder, state_class);

  return g_strv_builder_end (builder);
}

char *
bc_format_count (gpointer template_object,
                 gint64   count)
{
  /* The ' flag groups digits as the locale does ("1,234", "1 234"). */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

char *
bc_format_recipients (gpointer template_object,
                      gint64   count)
{
  g_autofree char *number = bc_format_count (template_object, count);

  /* ngettext takes an unsigned long; past that every language is plural. */
  return g_strdup_printf (ngettext ("%s recipient", "%s recipients",
                                    (gulong) CLAMP (count, 0, G_MAXLONG)),
                          number);
}

gboolean
bc_format_state_is_ongoing (gpointer     template_object,
                            BcBatchState state)
{
  return state == BC_BATCH_STATE_ONGOING;
}

double
bc_format_fraction (gpointer template_object,
                    gint64   part,
                    gint64   whole)
{
  return whole > 0 ? CLAMP ((double) part / whole, 0.0, 1.0) : 0.0;
}

void
bc_format_bind_template_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, bc_format_state_label);
  gtk_widget_class_bind_template_callback (widget_class, bc_format_state_css_classes);
  gtk_widget_class_bind_template_callback (widget_class, bc_format_count);
  gtk_widget_class_bind_template_callback (widget_class, bc_format_recipients);
  gtk_widget_class_bind_template_callback (widget_class, bc_format_state_is_ongoing);
  gtk_widget_class_bind_template_callback (widget_class, bc_format_fraction);
}
