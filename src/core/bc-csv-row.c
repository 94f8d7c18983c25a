/* bc-csv-row.c: validating one data row of a recipients CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-csv-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bc-csv-import-private.h"
#include "bc-json-check.h"
#include "bc-phone.h"

typedef struct
{
  BcCsvRowContext *ctx;
  guint64          line;
  guint            n_errors;
} Row;

static void
row_error (Row        *row,
           guint       column,
           const char *value,
           gsize       len,
           const char *reason)
{
  row->n_errors++;
  _bc_import_report_add_issue (row->ctx->report, BC_IMPORT_SEVERITY_ERROR, row->line,
                               row->ctx->header->columns[column].name, value, len, reason);
}

/* Trims in place: the row buffer is ours, and every field is followed by
 * a NUL, so the trimmed value stays a C string. */
static char *
trim (char  *value,
      gsize *len)
{
  while (*len > 0 && g_ascii_isspace (value[0]))
    value++, (*len)--;
  while (*len > 0 && g_ascii_isspace (value[*len - 1]))
    (*len)--;
  value[*len] = '\0';
  return value;
}

/* What every cell must be, whatever its column: text. */
static gboolean
check_text (Row        *row,
            guint       column,
            const char *value,
            gsize       len)
{
  if (memchr (value, '\0', len) != NULL)
    {
      row_error (row, column, value, len,
                 _("The value contains a NUL byte: the file may be in another encoding "
                   "(UTF-16 without a BOM?) or not a text file"));
      return FALSE;
    }
  if (!g_utf8_validate (value, len, NULL))
    {
      row_error (row, column, value, len,
                 row->ctx->utf16
                   ? _("The value holds text that is not valid UTF-16 (a broken surrogate "
                       "pair or a missing last byte)")
                   : _("The value is not valid UTF-8 text: if the file was saved by Excel, "
                       "import it again choosing the Windows-1252 (or Latin-1) encoding"));
      return FALSE;
    }
  if (len > BC_CSV_MAX_VALUE)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *reason =
        g_strdup_printf (_("The value is too long (%s; at most 64 KB): is a closing quote "
                           "missing?"), size);

      row_error (row, column, value, len, reason);
      return FALSE;
    }
  return TRUE;
}

static const char *
json_kind_describe (BcJsonKind kind)
{
  switch (kind)
    {
    case BC_JSON_ARRAY:
      return _("an array");
    case BC_JSON_STRING:
      return _("a string");
    case BC_JSON_NUMBER:
      return _("a number");
    case BC_JSON_BOOLEAN:
      return _("true or false");
    case BC_JSON_NULL:
      return _("null");
    case BC_JSON_OBJECT:
    case BC_JSON_INVALID:
    case BC_JSON_TOO_DEEP:
    default:
      return "";
    }
}

static gboolean
check_json_object (Row        *row,
                   guint       column,
                   const char *value,
                   gsize       len)
{
  gsize offset = 0;
  BcJsonKind kind = bc_json_check (value, len, &offset);
  g_autofree char *reason = NULL;

  switch (kind)
    {
    case BC_JSON_OBJECT:
      return TRUE;
    case BC_JSON_INVALID:
      reason = g_strdup_printf (_("The value is not valid JSON (error at character %"
                                  G_GSIZE_FORMAT "): write an object such as "
                                  "{\"key\": \"value\"}"),
                                g_utf8_pointer_to_offset (value, value + offset) + 1);
      break;
    case BC_JSON_TOO_DEEP:
      reason = g_strdup_printf (_("The JSON value is nested more than %d levels deep"),
                                BC_JSON_MAX_DEPTH);
      break;
    case BC_JSON_ARRAY:
    case BC_JSON_STRING:
    case BC_JSON_NUMBER:
    case BC_JSON_BOOLEAN:
    case BC_JSON_NULL:
    default:
      reason = g_strdup_printf (_("The value must be a JSON object such as {\"key\": "
                                  "\"value\"}, not %s"), json_kind_describe (kind));
      break;
    }
  row_error (row, column, value, len, reason);
  return FALSE;
}

/* RFC 9110 token characters: anything else in a header name (a colon, a
 * space, CR or LF) could forge another header. */
static gboolean
is_header_token (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

static void
check_sip_headers (Row        *row,
                   guint       column,
                   const char *value,
                   gsize       len)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!check_json_object (row, column, value, len))
    return;
  /* json-glib would cut a string at an escaped NUL and hide it. */
  if (strstr (value, "\\u0000") != NULL)
    {
      row_error (row, column, value, len,
                 _("A SIP header contains a NUL character (\\u0000)"));
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, value, len, NULL))
    {
      row_error (row, column, value, len, _("The value is not valid JSON"));
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      g_autofree char *reason = NULL;
      /* The key may hold the very CR/LF being refused: never echo it raw. */
      g_autofree char *name = bc_import_shorten_value (key, -1, 40);

      if (g_ascii_strncasecmp (key, "X-", 2) != 0)
        reason = g_strdup_printf (_("The SIP header “%s” is not allowed: custom headers "
                                    "must start with X-"), name);
      else if (!is_header_token (key))
        reason = g_strdup_printf (_("The SIP header name “%s” contains a character that is "
                                    "not allowed in a header name (space, colon, line "
                                    "break…)"), name);
      else if (!JSON_NODE_HOLDS_VALUE (node) ||
               json_node_get_value_type (node) != G_TYPE_STRING)
        reason = g_strdup_printf (_("The SIP header “%s” must have a string value"), name);
      else if (strpbrk (json_node_get_string (node), "\r\n") != NULL)
        reason = g_strdup_printf (_("The value of the SIP header “%s” contains a line break"),
                                  name);
      if (reason != NULL)
        {
          row_error (row, column, value, len, reason);
          return;
        }
    }
}

static gboolean
parse_bool (const char *value,
            gboolean   *result)
{
  if (*value == '\0' || g_ascii_strcasecmp (value, "false") == 0)
    *result = FALSE;
  else if (g_ascii_strcasecmp (value, "true") == 0)
    *result = TRUE;
  else
    return FALSE;
  return TRUE;
}

static void
check_phone (Row             *row,
             guint            column,
             char            *value,
             gsize            len,
             BcRecipientData *data,
             gboolean        *normalised)
{
  BcCsvRowContext *ctx = row->ctx;
  BcPhoneCheck check;

  g_clear_pointer (&ctx->phone, g_free);
  if (data->ignore_e164)
    {
      value = trim (value, &len);
      if (len == 0)
        row_error (row, column, value, len, bc_phone_check_describe (BC_PHONE_EMPTY));
      else
        ctx->phone = g_strndup (value, len);
      return;
    }

  check = bc_phone_normalise (value, &ctx->phone);
  switch (check)
    {
    case BC_PHONE_VALID:
      break;
    case BC_PHONE_NORMALISED:
      *normalised = TRUE;
      break;
    case BC_PHONE_EMPTY:
    case BC_PHONE_NO_COUNTRY_CODE:
    case BC_PHONE_BAD_CHARACTER:
    case BC_PHONE_LEADING_ZERO:
    case BC_PHONE_TOO_SHORT:
    case BC_PHONE_TOO_LONG:
    default:
      row_error (row, column, value, len, bc_phone_check_describe (check));
      break;
    }
}

BcCsvRowResult
bc_csv_row_validate (BcCsvRowContext *ctx,
                     char           **values,
                     gsize           *lengths,
                     guint64          line,
                     BcRecipientData *data)
{
  const BcCsvHeader *header = ctx->header;
  Row row = { ctx, line, 0 };
  gboolean normalised = FALSE;
  gboolean ignore_known = TRUE;
  gint phone_column = header->index[BC_CSV_FIELD_PHONE];
  gint ignore_column = header->index[BC_CSV_FIELD_IGNORE_E164];
  guint64 first_line;

  memset (data, 0, sizeof *data);
  data->line = (guint) MIN (line, G_MAXUINT);
  data->override_agent_version = -1;
  g_string_assign (ctx->variables, "{");

  /* The phone check depends on this row's "ignore e164 validation". */
  if (ignore_column >= 0 && check_text (&row, ignore_column, values[ignore_column],
                                        lengths[ignore_column]))
    {
      char *value = trim (values[ignore_column], &lengths[ignore_column]);

      if (!parse_bool (value, &data->ignore_e164))
        {
          row_error (&row, ignore_column, value, lengths[ignore_column],
                     _("The value must be true, false or empty"));
          ignore_known = FALSE;
        }
    }
  else if (ignore_column >= 0)
    ignore_known = FALSE;

  for (guint i = 0; i < header->n_columns; i++)
    {
      const BcCsvColumn *column = &header->columns[i];
      char *value = values[i];
      gsize len = lengths[i];

      if ((gint) i == ignore_column || !check_text (&row, i, value, len))
        continue;

      switch (column->field)
        {
        case BC_CSV_FIELD_PHONE:
          /* Which rule applies is unknown: one error for the row is enough. */
          if (ignore_known)
            check_phone (&row, i, value, len, data, &normalised);
          break;
        case BC_CSV_FIELD_AGENT_ID:
          value = trim (value, &len);
          data->override_agent_id = len > 0 ? value : NULL;
          break;
        case BC_CSV_FIELD_AGENT_VERSION:
          {
            guint64 version = 0;

            value = trim (value, &len);
            if (len == 0)
              break;
            if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &version, NULL) ||
                !g_ascii_isdigit (value[0]))
              row_error (&row, i, value, len,
                         _("The agent version must be a whole number, 0 or more"));
            else
              data->override_agent_version = (gint) version;
          }
          break;
        case BC_CSV_FIELD_METADATA:
          value = trim (value, &len);
          if (len > 0 && check_json_object (&row, i, value, len))
            data->metadata = value;
          break;
        case BC_CSV_FIELD_SIP_HEADERS:
          value = trim (value, &len);
          if (len > 0)
            {
              guint before = row.n_errors;

              check_sip_headers (&row, i, value, len);
              if (row.n_errors == before)
                data->custom_sip_headers = value;
            }
          break;
        case BC_CSV_FIELD_IGNORE_E164:
        case BC_CSV_N_RESERVED:
        default:
          if (ctx->variables->len > 1)
            g_string_append_c (ctx->variables, ',');
          g_string_append (ctx->variables, column->json_name);
          bc_json_append_string (ctx->variables, value, len);
          break;
        }
    }

  if (row.n_errors > 0)
    return BC_CSV_ROW_INVALID;

  g_string_append_c (ctx->variables, '}');
  data->variables = ctx->variables->str;
  data->phone = ctx->phone;

  first_line = bc_phone_set_add (ctx->phones, ctx->phone, line);
  if (first_line != 0)
    {
      g_autofree char *reason = NULL;

      _bc_import_report_count (ctx->report, BC_IMPORT_COUNT_DUPLICATES, 1);
      if (ctx->options->keep_duplicates)
        reason = g_strdup_printf (_("Same phone number as line %" G_GUINT64_FORMAT
                                    "; kept, as asked"), first_line);
      else
        reason = g_strdup_printf (_("Same phone number as line %" G_GUINT64_FORMAT
                                    "; this row is skipped"), first_line);
      _bc_import_report_add_issue (ctx->report, BC_IMPORT_SEVERITY_DUPLICATE, line,
                                   header->columns[phone_column].name, ctx->phone, strlen (ctx->phone),
                                   reason);
      if (!ctx->options->keep_duplicates)
        return BC_CSV_ROW_DUPLICATE;
    }

  if (normalised)
    {
      g_autofree char *reason = g_strdup_printf (_("Rewritten as %s"), ctx->phone);

      _bc_import_report_count (ctx->report, BC_IMPORT_COUNT_NORMALISED, 1);
      _bc_import_report_add_issue (ctx->report, BC_IMPORT_SEVERITY_NORMALISED, line,
                                   header->columns[phone_column].name,
                                   values[phone_column], lengths[phone_column], reason);
    }

  return BC_CSV_ROW_VALID;
}
