/* bc-csv-writer.c: a small RFC 4180 writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-csv-writer"

#include "config.h"

#include <string.h>

#include "bc-csv-writer.h"

#define FLUSH_SIZE (64 * 1024)

struct _BcCsvWriter
{
  GOutputStream *stream;
  GString       *buffer;
  gsize          row_start;
  guint          n_fields;    /* in the current row */
  char           delimiter;
  gboolean       closed;
};

static gboolean
needs_neutralising (const char *value)
{
  return value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
         value[0] == '\t' || value[0] == '\r';
}

static gboolean
needs_quotes (const char *value,
              char        delimiter)
{
  gsize len = strlen (value);

  if (len == 0)
    return FALSE;
  if (value[0] == ' ' || value[len - 1] == ' ')
    return TRUE;
  for (const char *p = value; *p != '\0'; p++)
    if (*p == delimiter || *p == '"' || *p == '\r' || *p == '\n')
      return TRUE;
  return FALSE;
}

/* Appends without the leading delimiter: shared by the row buffer and the
 * one-off helper. */
static void
append_value (GString          *out,
              const char       *value,
              char              delimiter,
              BcCsvWriterFlags  flags)
{
  gboolean neutralise;

  if (value == NULL)
    return;

  neutralise = (flags & BC_CSV_WRITER_NEUTRALISE_FORMULA) && needs_neutralising (value);
  if (!neutralise && !needs_quotes (value, delimiter))
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  if (neutralise)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
bc_csv_format_field (GString          *out,
                     const char       *value,
                     char              delimiter,
                     BcCsvWriterFlags  flags)
{
  g_return_if_fail (out != NULL);

  append_value (out, value, delimiter, flags);
}

BcCsvWriter *
bc_csv_writer_new (GOutputStream *stream,
                   char           delimiter)
{
  BcCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);
  g_return_val_if_fail (delimiter != '"' && delimiter != '\r' && delimiter != '\n', NULL);

  self = g_new0 (BcCsvWriter, 1);
  self->stream = g_object_ref (stream);
  self->buffer = g_string_sized_new (FLUSH_SIZE + 1024);
  self->delimiter = delimiter;
  return self;
}

void
bc_csv_writer_add (BcCsvWriter      *self,
                   const char       *value,
                   BcCsvWriterFlags  flags)
{
  g_return_if_fail (self != NULL);

  if (self->n_fields++ > 0)
    g_string_append_c (self->buffer, self->delimiter);
  append_value (self->buffer, value, self->delimiter, flags);
}

static gboolean
flush (BcCsvWriter   *self,
       GCancellable  *cancellable,
       GError       **error)
{
  gboolean ok = TRUE;

  if (self->buffer->len > 0)
    ok = g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len,
                                    NULL, cancellable, error);
  g_string_truncate (self->buffer, 0);
  self->row_start = 0;
  return ok;
}

gboolean
bc_csv_writer_end_row (BcCsvWriter   *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* A row of one empty field would read back as an empty line. */
  if (self->buffer->len == self->row_start)
    g_string_append (self->buffer, "\"\"");
  g_string_append (self->buffer, "\r\n");
  self->row_start = self->buffer->len;
  self->n_fields = 0;
  if (self->buffer->len >= FLUSH_SIZE)
    return flush (self, cancellable, error);
  return TRUE;
}

gboolean
bc_csv_writer_close (BcCsvWriter   *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->closed)
    return TRUE;
  self->closed = TRUE;
  if (!flush (self, cancellable, error))
    return FALSE;
  return g_output_stream_close (self->stream, cancellable, error);
}

void
bc_csv_writer_free (BcCsvWriter *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->stream);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}
