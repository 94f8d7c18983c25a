/* bc-csv-header.c: mapping the header row of a recipients CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-csv-header"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bc-csv-import-private.h"
#include "bc-json-check.h"

static const struct {
  const char *key;
  BcCsvField  field;
} known_names[] = {
  { "phone number",           BC_CSV_FIELD_PHONE },
  { "to number",              BC_CSV_FIELD_PHONE },
  { "phone",                  BC_CSV_FIELD_PHONE },
  { "override agent id",      BC_CSV_FIELD_AGENT_ID },
  { "override agent version", BC_CSV_FIELD_AGENT_VERSION },
  { "metadata",               BC_CSV_FIELD_METADATA },
  { "custom sip headers",     BC_CSV_FIELD_SIP_HEADERS },
  { "ignore e164 validation", BC_CSV_FIELD_IGNORE_E164 },
};

char *
bc_csv_header_match_key (const char *name,
                         gsize       len)
{
  GString *key = g_string_sized_new (len);
  gboolean gap = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = name[i];

      if (c == ' ' || c == '_' || c == '\t')
        {
          gap = TRUE;
          continue;
        }
      if (gap && key->len > 0)
        g_string_append_c (key, ' ');
      gap = FALSE;
      g_string_append_c (key, g_ascii_tolower (c));
    }
  return g_string_free (key, FALSE);
}

/* Why @name cannot be a {{name}} placeholder, or NULL when it can. */
static const char *
variable_name_problem (const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '{' || *p == '}')
        return _("it contains a brace, which would end the {{…}} placeholder");
      if ((guchar) *p < 0x20 || *p == 0x7f)
        return _("it contains a line break or another control character");
    }
  if (g_utf8_strlen (name, -1) > 64)
    return _("it is longer than 64 characters");
  return NULL;
}

/* Names go into one-line messages: control characters are escaped. */
static char *
display (const char *name)
{
  return bc_import_shorten_value (name, -1, 40);
}

static char *
quoted_list (const BcCsvHeader *header)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < header->n_columns; i++)
    {
      g_autofree char *name = display (header->columns[i].name);

      if (i > 0)
        /* Translators: between the header names of a list, "“a”, “b”" */
        g_string_append (list, _(", "));
      /* Translators: one header name in a list; use your language's quotes */
      g_string_append_printf (list, _("“%s”"), name);
    }
  if (header->n_columns == 0)
    g_string_append (list, _("none"));
  return g_string_free (list, FALSE);
}

gboolean
bc_csv_header_parse (BcCsvHeader    *header,
                     const char    **values,
                     const gsize    *lengths,
                     guint           n_values,
                     guint64         line,
                     BcImportReport *report)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok = TRUE;

  memset (header, 0, sizeof *header);
  for (guint i = 0; i < BC_CSV_N_RESERVED; i++)
    header->index[i] = -1;
  header->columns = g_new0 (BcCsvColumn, n_values);
  header->n_columns = n_values;

  for (guint i = 0; i < n_values; i++)
    {
      BcCsvColumn *column = &header->columns[i];
      const char *value = values[i];
      gsize len = lengths[i];
      g_autofree char *key = NULL;
      gpointer previous;

      while (len > 0 && g_ascii_isspace (value[0]))
        value++, len--;
      while (len > 0 && g_ascii_isspace (value[len - 1]))
        len--;

      column->field = BC_CSV_FIELD_VARIABLE;
      if (memchr (value, '\0', len) != NULL || !g_utf8_validate (value, len, NULL))
        {
          g_autofree char *reason =
            g_strdup_printf (_("The name of column %u is not valid text: if the file comes from "
                               "Excel, choose the Windows-1252 encoding"), i + 1);

          column->name = bc_import_shorten_value (value, len, 64);
          _bc_import_report_add_issue (report, BC_IMPORT_SEVERITY_ERROR, line, NULL,
                                       value, len, reason);
          ok = FALSE;
          continue;
        }
      column->name = g_strndup (value, len);

      if (len == 0)
        {
          g_autofree char *reason =
            g_strdup_printf (_("Column %u has no name in the header: name it or delete the column"),
                             i + 1);

          _bc_import_report_add_issue (report, BC_IMPORT_SEVERITY_ERROR, line, NULL,
                                       NULL, 0, reason);
          ok = FALSE;
          continue;
        }

      key = bc_csv_header_match_key (value, len);
      for (guint k = 0; k < G_N_ELEMENTS (known_names); k++)
        if (strcmp (key, known_names[k].key) == 0)
          column->field = known_names[k].field;

      if (g_hash_table_lookup_extended (seen, key, NULL, &previous))
        {
          guint first = GPOINTER_TO_UINT (previous);
          const BcCsvColumn *other = &header->columns[first];
          g_autofree char *name = display (column->name);
          g_autofree char *other_name = display (other->name);
          g_autofree char *reason = NULL;

          if (strcmp (other->name, column->name) == 0)
            reason = g_strdup_printf (_("The header “%s” appears twice (columns %u and %u)"),
                                      name, first + 1, i + 1);
          else
            reason = g_strdup_printf (_("“%s” (column %u) and “%s” (column %u) are the same "
                                        "column name: keep one"),
                                      other_name, first + 1, name, i + 1);
          _bc_import_report_add_issue (report, BC_IMPORT_SEVERITY_ERROR, line, column->name,
                                       NULL, 0, reason);
          ok = FALSE;
          continue;
        }
      g_hash_table_insert (seen, g_strdup (key), GUINT_TO_POINTER (i));

      if (column->field != BC_CSV_FIELD_VARIABLE)
        {
          gint other = header->index[column->field];

          if (other >= 0)
            {
              g_autofree char *name = display (column->name);
              g_autofree char *other_name = display (header->columns[other].name);
              g_autofree char *reason =
                g_strdup_printf (_("“%s” (column %d) and “%s” (column %u) both name the "
                                   "phone number column: keep one"),
                                 other_name, other + 1, name, i + 1);

              _bc_import_report_add_issue (report, BC_IMPORT_SEVERITY_ERROR, line,
                                           column->name, NULL, 0, reason);
              ok = FALSE;
              continue;
            }
          header->index[column->field] = i;
        }
      else
        {
          const char *problem = variable_name_problem (column->name);
          GString *json;

          if (problem != NULL)
            {
              g_autofree char *name = display (column->name);
              g_autofree char *reason =
                g_strdup_printf (_("“%s” cannot be used as a dynamic variable {{name}}: %s"),
                                 name, problem);

              _bc_import_report_add_issue (report, BC_IMPORT_SEVERITY_ERROR, line,
                                           column->name, NULL, 0, reason);
              ok = FALSE;
              continue;
            }
          json = g_string_new (NULL);
          bc_json_append_string (json, column->name, len);
          g_string_append_c (json, ':');
          column->json_name = g_string_free (json, FALSE);
        }
    }

  if (header->index[BC_CSV_FIELD_PHONE] < 0)
    {
      g_autofree char *found = quoted_list (header);
      g_autofree char *reason =
        g_strdup_printf (_("No phone number column: the header has %s; expected a column "
                           "named “phone number” (or phone_number, to_number, phone)"),
                         found);

      _bc_import_report_add_file_error (report, reason);
      ok = FALSE;
    }

  return ok;
}

void
bc_csv_header_clear (BcCsvHeader *header)
{
  for (guint i = 0; i < header->n_columns; i++)
    {
      g_free (header->columns[i].name);
      g_free (header->columns[i].json_name);
    }
  g_clear_pointer (&header->columns, g_free);
  header->n_columns = 0;
}

GStrv
bc_csv_header_dup_variables (const BcCsvHeader *header)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < header->n_columns; i++)
    if (header->columns[i].field == BC_CSV_FIELD_VARIABLE && header->columns[i].name != NULL)
      g_strv_builder_add (builder, header->columns[i].name);
  return g_strv_builder_end (builder);
}
