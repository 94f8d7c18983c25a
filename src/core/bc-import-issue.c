/* bc-import-issue.c: one problem (or notice) found while importing a CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-import-issue"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bc-import-issue.h"

/* Long enough to recognise the value in a sheet, short enough for a list
 * row and a terminal line. */
#define SHORT_VALUE_CHARS 60

struct _BcImportIssue
{
  GObject           parent_instance;

  BcImportSeverity  severity;
  guint64           line;
  char             *column;
  char             *value;
  char             *reason;
};

G_DEFINE_FINAL_TYPE (BcImportIssue, bc_import_issue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEVERITY,
  PROP_LINE,
  PROP_COLUMN,
  PROP_VALUE,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bc_import_issue_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BcImportIssue *self = BC_IMPORT_ISSUE (object);

  switch (prop_id)
    {
    case PROP_SEVERITY:
      g_value_set_uint (value, self->severity);
      break;
    case PROP_LINE:
      g_value_set_uint64 (value, self->line);
      break;
    case PROP_COLUMN:
      g_value_set_string (value, self->column);
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_import_issue_finalize (GObject *object)
{
  BcImportIssue *self = BC_IMPORT_ISSUE (object);

  g_clear_pointer (&self->column, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (bc_import_issue_parent_class)->finalize (object);
}

static void
bc_import_issue_class_init (BcImportIssueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = bc_import_issue_get_property;
  object_class->finalize = bc_import_issue_finalize;

  /* An issue never changes, so the properties are read-only: they exist
   * for list-item bindings in the UI. */
  properties[PROP_SEVERITY] =
    g_param_spec_uint ("severity", NULL, NULL, 0, BC_IMPORT_SEVERITY_DUPLICATE, 0, ro);
  properties[PROP_LINE] = g_param_spec_uint64 ("line", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_COLUMN] = g_param_spec_string ("column", NULL, NULL, NULL, ro);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, ro);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bc_import_issue_init (BcImportIssue *self)
{
}

BcImportIssue *
bc_import_issue_new (BcImportSeverity  severity,
                     guint64           line,
                     const char       *column,
                     const char       *value,
                     gsize             value_len,
                     const char       *reason)
{
  BcImportIssue *self = g_object_new (BC_TYPE_IMPORT_ISSUE, NULL);

  self->severity = severity;
  self->line = line;
  /* A column name may hold the line break that made it invalid. */
  self->column = column != NULL ? bc_import_shorten_value (column, -1, SHORT_VALUE_CHARS) : NULL;
  if (value != NULL)
    self->value = bc_import_shorten_value (value, value_len, SHORT_VALUE_CHARS);
  self->reason = g_strdup (reason);

  return self;
}

BcImportSeverity
bc_import_issue_get_severity (BcImportIssue *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_ISSUE (self), BC_IMPORT_SEVERITY_ERROR);
  return self->severity;
}

guint64
bc_import_issue_get_line (BcImportIssue *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_ISSUE (self), 0);
  return self->line;
}

const char *
bc_import_issue_get_column (BcImportIssue *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_ISSUE (self), NULL);
  return self->column;
}

const char *
bc_import_issue_get_value (BcImportIssue *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_ISSUE (self), NULL);
  return self->value;
}

const char *
bc_import_issue_get_reason (BcImportIssue *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_ISSUE (self), NULL);
  return self->reason;
}

char *
bc_import_issue_to_string (BcImportIssue *self)
{
  g_return_val_if_fail (BC_IS_IMPORT_ISSUE (self), NULL);

  if (self->line > 0 && self->column != NULL)
    return g_strdup_printf (_("line %" G_GUINT64_FORMAT ", column %s: %s"),
                            self->line, self->column, self->reason);
  if (self->line > 0)
    return g_strdup_printf (_("line %" G_GUINT64_FORMAT ": %s"), self->line, self->reason);
  return g_strdup (self->reason);
}

const char *
bc_import_severity_to_string (BcImportSeverity severity)
{
  switch (severity)
    {
    case BC_IMPORT_SEVERITY_ERROR:
      return "error";
    case BC_IMPORT_SEVERITY_NORMALISED:
      return "normalised";
    case BC_IMPORT_SEVERITY_DUPLICATE:
      return "duplicate";
    default:
      return "unknown";
    }
}

char *
bc_import_shorten_value (const char *value,
                         gssize      len,
                         guint       max_chars)
{
  GString *out;
  const char *p;
  const char *end;
  guint n_chars = 0;

  if (value == NULL)
    return NULL;
  if (len < 0)
    len = strlen (value);

  out = g_string_sized_new (MIN ((gsize) len, max_chars * 2) + 8);
  p = value;
  end = value + len;
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (n_chars >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
        }
      else if (c == '\n')
        {
          g_string_append (out, "\\n");
          p++;
        }
      else if (c == '\r')
        {
          g_string_append (out, "\\r");
          p++;
        }
      else if (c < 0x20 || c == 0x7f)
        {
          g_string_append_printf (out, "\\x%02X", (guint) c);
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (out, p, next - p);
          p = next;
        }
      n_chars++;
    }

  return g_string_free (out, FALSE);
}
