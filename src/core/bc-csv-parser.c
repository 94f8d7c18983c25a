/* bc-csv-parser.c: the streaming core of the CSV import
 *
 * Bytes go in as they are read; libcsv splits them into fields; each row
 * is mapped (header) or validated, and valid rows go to a sink (the store,
 * or nothing for a dry run). Nothing is held per row after it is handled.
 *
 * libcsv knows nothing of lines, so they are counted here: every row
 * terminator it reports (CSV_REPALL_NL reports empty lines too; the LF of
 * a CRLF arrives as an empty row of its own and is folded back) plus the
 * line breaks inside quoted fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-csv-parser"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bc-csv-import-private.h"

/* libcsv's internal state for "inside a field" (libcsv.c, 3.0.x). With
 * csv_parser.quoted it tells an unclosed quote at the end of the file. */
#define LIBCSV_FIELD_BEGUN 2

/* How much decoded text is handed to libcsv at once, so that a runaway
 * field is noticed before it has eaten the memory. */
#define PARSE_SLICE (256 * 1024)
/* Enough for any sheet a person made; beyond it a row is an error. */
#define MAX_FIELDS 1024
/* The header line is looked at for the delimiter up to this size. */
#define SNIFF_LIMIT (64 * 1024)

struct _BcCsvParser
{
  BcCsvImportOptions  options;
  BcImportReport     *report;
  BcCsvRowSink        sink;
  gpointer            sink_data;
  GError             *sink_error;

  BcCsvDecoder        decoder;
  struct csv_parser   csv;
  gboolean            csv_started;
  GString            *sniff;

  /* The row being read: fields back to back, each followed by a NUL. */
  GString            *row;
  gsize               starts[MAX_FIELDS];
  gsize               lengths[MAX_FIELDS];
  char               *values[MAX_FIELDS];
  guint               n_fields;
  gboolean            unclosed_quote;

  guint64             line;       /* where the current row starts */
  guint64             breaks;     /* line breaks inside its quoted fields */
  gboolean            last_cr;

  gboolean            have_header;
  BcCsvHeader         header;
  BcCsvRowContext     row_ctx;
  BcPhoneSet         *phones;

  gboolean            stopped;
  gboolean            strict_failed;
  guint64             rows;
};

static void
stop_with_file_error (BcCsvParser *self,
                      const char  *reason)
{
  _bc_import_report_add_file_error (self->report, reason);
  self->stopped = TRUE;
}

static guint64
count_breaks (const char *s,
              gsize       len)
{
  guint64 n = 0;

  if (memchr (s, '\n', len) == NULL && memchr (s, '\r', len) == NULL)
    return 0;
  for (gsize i = 0; i < len; i++)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
      n++;
  return n;
}

static void
on_field_cb (void   *data,
             size_t  len,
             void   *user_data)
{
  BcCsvParser *self = user_data;

  if (self->stopped)
    return;

  self->breaks += count_breaks (data, len);
  if (self->n_fields < MAX_FIELDS)
    {
      self->starts[self->n_fields] = self->row->len;
      self->lengths[self->n_fields] = len;
      g_string_append_len (self->row, data, len);
      g_string_append_c (self->row, '\0');
    }
  self->n_fields++;
}

static gboolean
row_is_empty (BcCsvParser *self)
{
  guint n = MIN (self->n_fields, MAX_FIELDS);

  for (guint i = 0; i < n; i++)
    {
      const char *value = self->row->str + self->starts[i];

      for (gsize k = 0; k < self->lengths[i]; k++)
        if (!g_ascii_isspace (value[k]))
          return FALSE;
    }
  return TRUE;
}

static void
handle_header (BcCsvParser *self,
               guint64      line)
{
  if (self->unclosed_quote)
    {
      stop_with_file_error (self, _("A quoted column name in the header is never closed"));
      return;
    }
  if (self->n_fields > MAX_FIELDS)
    {
      stop_with_file_error (self, _("The header has too many columns"));
      return;
    }
  if (!bc_csv_header_parse (&self->header, (const char **) self->values, self->lengths,
                            self->n_fields, line, self->report))
    {
      _bc_import_report_mark_file_error (self->report);
      self->stopped = TRUE;
      return;
    }

  self->have_header = TRUE;
  _bc_import_report_set_variables (self->report, bc_csv_header_dup_variables (&self->header));
  self->row_ctx.options = &self->options;
  self->row_ctx.header = &self->header;
  self->row_ctx.report = self->report;
  self->row_ctx.phones = self->phones;
  self->row_ctx.variables = g_string_sized_new (256);
  self->row_ctx.utf16 = self->decoder.encoding == BC_CSV_ENCODING_UTF16LE ||
                        self->decoder.encoding == BC_CSV_ENCODING_UTF16BE;
}

static void
mark_invalid (BcCsvParser *self)
{
  _bc_import_report_count (self->report, BC_IMPORT_COUNT_INVALID, 1);
  if (!self->options.skip_invalid)
    self->strict_failed = TRUE;
}

static void
handle_data_row (BcCsvParser *self,
                 guint64      line)
{
  BcRecipientData data;
  BcCsvRowResult result;

  self->rows++;
  _bc_import_report_count (self->report, BC_IMPORT_COUNT_ROWS_READ, 1);

  if (self->unclosed_quote)
    {
      guint column = self->n_fields - 1;

      _bc_import_report_add_issue (self->report, BC_IMPORT_SEVERITY_ERROR, line,
                                   column < self->header.n_columns
                                     ? self->header.columns[column].name : NULL,
                                   NULL, 0,
                                   _("A quoted value starting on this line is never closed: "
                                     "the rest of the file was read as part of it"));
      mark_invalid (self);
      return;
    }

  if (self->n_fields != self->header.n_columns)
    {
      g_autofree char *reason =
        g_strdup_printf (_("This row has %u fields but the header has %u columns: check "
                           "the delimiters and quotes on this line"),
                         self->n_fields, self->header.n_columns);

      _bc_import_report_add_issue (self->report, BC_IMPORT_SEVERITY_ERROR, line, NULL,
                                   NULL, 0, reason);
      mark_invalid (self);
      return;
    }

  result = bc_csv_row_validate (&self->row_ctx, self->values, self->lengths, line, &data);
  switch (result)
    {
    case BC_CSV_ROW_VALID:
      if (self->strict_failed)
        break;
      if (self->sink != NULL && !self->sink (&data, self->sink_data, &self->sink_error))
        {
          self->stopped = TRUE;
          break;
        }
      _bc_import_report_count (self->report, BC_IMPORT_COUNT_IMPORTED, 1);
      break;
    case BC_CSV_ROW_INVALID:
      mark_invalid (self);
      break;
    case BC_CSV_ROW_DUPLICATE:
      _bc_import_report_count (self->report, BC_IMPORT_COUNT_SKIPPED_DUPLICATE, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_row_cb (int   c,
           void *user_data)
{
  BcCsvParser *self = user_data;
  guint64 line;
  guint n;

  if (self->stopped)
    return;

  if (c == '\n' && self->last_cr && self->n_fields == 0)
    {
      self->last_cr = FALSE;
      return;
    }
  self->last_cr = c == '\r';

  line = self->line;
  self->line += self->breaks + 1;
  self->breaks = 0;

  /* Pointers only now: the row buffer may have moved while it grew. */
  n = MIN (self->n_fields, MAX_FIELDS);
  for (guint i = 0; i < n; i++)
    self->values[i] = self->row->str + self->starts[i];

  if (self->n_fields == 0 || (!self->unclosed_quote && row_is_empty (self)))
    _bc_import_report_count (self->report, BC_IMPORT_COUNT_SKIPPED_EMPTY, 1);
  else if (!self->have_header)
    handle_header (self, line);
  else
    handle_data_row (self, line);

  g_string_truncate (self->row, 0);
  self->n_fields = 0;
}

static char
sniff_delimiter (const char *text,
                 gsize       len)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  gboolean started = FALSE;
  guint best = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '"')
        quoted = !quoted;
      if (!quoted && (c == '\n' || c == '\r'))
        {
          if (started)
            break;
          continue;
        }
      started = TRUE;
      for (guint k = 0; !quoted && k < G_N_ELEMENTS (candidates); k++)
        if (c == candidates[k])
          counts[k]++;
    }

  for (guint k = 1; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > counts[best])
      best = k;
  return candidates[best];
}

/* Whether @text holds a complete first non-empty line. */
static gboolean
has_header_line (const char *text,
                 gsize       len)
{
  gboolean quoted = FALSE;
  gboolean started = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (!quoted && (text[i] == '\n' || text[i] == '\r'))
        {
          if (started)
            return TRUE;
        }
      else if (!g_ascii_isspace (text[i]))
        started = TRUE;
    }
  return FALSE;
}

static void
start_csv (BcCsvParser *self,
           char         delimiter)
{
  csv_set_delim (&self->csv, (unsigned char) delimiter);
  self->csv_started = TRUE;
  _bc_import_report_set_dialect (self->report, bc_csv_decoder_get_name (&self->decoder),
                                 delimiter);
}

static void
parse (BcCsvParser *self,
       const char  *text,
       gsize        len)
{
  while (len > 0 && !self->stopped)
    {
      gsize slice = MIN (len, PARSE_SLICE);

      if (csv_parse (&self->csv, text, slice, on_field_cb, on_row_cb, self) != slice)
        {
          stop_with_file_error (self, _("Out of memory while reading the file"));
          return;
        }
      text += slice;
      len -= slice;

      if (self->csv.entry_pos > BC_CSV_MAX_BUFFERED || self->row->len > BC_CSV_MAX_BUFFERED)
        {
          g_autofree char *reason =
            g_strdup_printf (_("Line %" G_GUINT64_FORMAT " holds more than 32 MB: a quote "
                               "is probably missing; nothing after it can be read"),
                             self->line);

          stop_with_file_error (self, reason);
        }
    }
}

static void
feed_decoded (BcCsvParser *self,
              const char  *text,
              gsize        len,
              gboolean     eof)
{
  if (!self->csv_started)
    {
      g_string_append_len (self->sniff, text, len);
      if (!eof && self->sniff->len < SNIFF_LIMIT &&
          !has_header_line (self->sniff->str, self->sniff->len))
        return;
      start_csv (self, sniff_delimiter (self->sniff->str, self->sniff->len));
      parse (self, self->sniff->str, self->sniff->len);
      g_string_free (self->sniff, TRUE);
      self->sniff = NULL;
      return;
    }
  parse (self, text, len);
}

BcCsvParser *
bc_csv_parser_new (const BcCsvImportOptions *options,
                   BcImportReport           *report,
                   BcCsvRowSink              sink,
                   gpointer                  sink_data)
{
  BcCsvParser *self = g_new0 (BcCsvParser, 1);

  self->options = *options;
  self->report = g_object_ref (report);
  self->sink = sink;
  self->sink_data = sink_data;
  bc_csv_decoder_init (&self->decoder, options->encoding);
  csv_init (&self->csv, CSV_REPALL_NL);
  /* Grow the field buffer in large steps, not libcsv's 128 bytes. */
  csv_set_blk_size (&self->csv, 64 * 1024);
  self->sniff = g_string_new (NULL);
  self->row = g_string_sized_new (4096);
  self->line = 1;
  self->phones = bc_phone_set_new ();
  if (options->delimiter != 0)
    start_csv (self, options->delimiter);
  _bc_import_report_set_result (report, !options->skip_invalid, FALSE);
  return self;
}

gboolean
bc_csv_parser_feed (BcCsvParser  *self,
                    const void   *data,
                    gsize         len,
                    GError      **error)
{
  const char *text;
  gsize text_len = 0;

  if (!self->stopped)
    {
      text = bc_csv_decoder_feed (&self->decoder, data, len, FALSE, &text_len);
      feed_decoded (self, text, text_len, FALSE);
    }
  if (self->sink_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->sink_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
bc_csv_parser_finish (BcCsvParser  *self,
                      GError      **error)
{
  guint64 imported;
  guint64 invalid;
  gboolean success;

  if (!self->stopped)
    {
      gsize text_len = 0;
      const char *text = bc_csv_decoder_feed (&self->decoder, NULL, 0, TRUE, &text_len);

      feed_decoded (self, text, text_len, TRUE);
    }
  if (!self->stopped)
    {
      self->unclosed_quote = self->csv.pstate == LIBCSV_FIELD_BEGUN && self->csv.quoted;
      csv_fini (&self->csv, on_field_cb, on_row_cb, self);
    }

  if (self->sink_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->sink_error));
      return FALSE;
    }

  if (!self->stopped && !self->have_header)
    stop_with_file_error (self, _("The file is empty: it needs a header row with a "
                                  "“phone number” column, then one row per recipient"));
  else if (!self->stopped && self->rows == 0)
    stop_with_file_error (self, _("The file has a header but no recipient rows"));

  imported = _bc_import_report_get_count (self->report, BC_IMPORT_COUNT_IMPORTED);
  invalid = _bc_import_report_get_count (self->report, BC_IMPORT_COUNT_INVALID);
  success = !bc_import_report_get_file_error (self->report) &&
            (self->options.skip_invalid || invalid == 0) && imported > 0;
  if (!success)
    _bc_import_report_set_count (self->report, BC_IMPORT_COUNT_IMPORTED, 0);
  _bc_import_report_set_result (self->report, !self->options.skip_invalid, success);
  return TRUE;
}

gboolean
bc_csv_parser_is_stopped (BcCsvParser *self)
{
  return self->stopped;
}

guint64
bc_csv_parser_get_rows (BcCsvParser *self)
{
  return self->rows;
}

void
bc_csv_parser_free (BcCsvParser *self)
{
  if (self == NULL)
    return;
  csv_free (&self->csv);
  bc_csv_decoder_clear (&self->decoder);
  bc_csv_header_clear (&self->header);
  if (self->sniff != NULL)
    g_string_free (self->sniff, TRUE);
  g_string_free (self->row, TRUE);
  if (self->row_ctx.variables != NULL)
    g_string_free (self->row_ctx.variables, TRUE);
  g_free (self->row_ctx.phone);
  bc_phone_set_free (self->phones);
  g_clear_error (&self->sink_error);
  g_object_unref (self->report);
  g_free (self);
}
