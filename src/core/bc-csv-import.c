/* bc-csv-import.c: import options and the store-less validation
 *
 * The store-backed import (a GTask) is in bc-csv-import-task.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-csv-import"

#include "config.h"

#include <string.h>

#include "bc-csv-import-private.h"

#define READ_CHUNK (256 * 1024)

static const struct {
  const char    *name;
  BcCsvEncoding  encoding;
} encoding_names[] = {
  { "auto",         BC_CSV_ENCODING_AUTO },
  { "UTF-8",        BC_CSV_ENCODING_UTF8 },
  { "UTF-16LE",     BC_CSV_ENCODING_UTF16LE },
  { "UTF-16BE",     BC_CSV_ENCODING_UTF16BE },
  { "Windows-1252", BC_CSV_ENCODING_WINDOWS_1252 },
  { "ISO-8859-1",   BC_CSV_ENCODING_LATIN1 },
  /* aliases people type */
  { "utf8",         BC_CSV_ENCODING_UTF8 },
  { "cp1252",       BC_CSV_ENCODING_WINDOWS_1252 },
  { "latin1",       BC_CSV_ENCODING_LATIN1 },
  { "latin-1",      BC_CSV_ENCODING_LATIN1 },
};

G_DEFINE_QUARK (bc-csv-import-error-quark, bc_csv_import_error)

void
bc_csv_import_options_init (BcCsvImportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->encoding = BC_CSV_ENCODING_AUTO;
}

gboolean
bc_csv_encoding_from_string (const char    *name,
                             BcCsvEncoding *encoding)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (encoding_names); i++)
    if (g_ascii_strcasecmp (name, encoding_names[i].name) == 0)
      {
        if (encoding != NULL)
          *encoding = encoding_names[i].encoding;
        return TRUE;
      }
  return FALSE;
}

const char *
bc_csv_encoding_to_string (BcCsvEncoding encoding)
{
  for (guint i = 0; i < G_N_ELEMENTS (encoding_names); i++)
    if (encoding_names[i].encoding == encoding)
      return encoding_names[i].name;
  return "auto";
}

char *
bc_csv_import_dup_template_path (void)
{
  return g_build_filename (PKGDATADIR, "batch-call-template.csv", NULL);
}

BcImportReport *
bc_csv_validate_bytes (const void               *data,
                       gsize                     len,
                       const BcCsvImportOptions *options)
{
  g_autoptr(BcImportReport) report = bc_import_report_new ();
  g_autoptr(BcCsvParser) parser = NULL;
  BcCsvImportOptions defaults;
  const guchar *p = data;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (options == NULL)
    {
      bc_csv_import_options_init (&defaults);
      options = &defaults;
    }

  parser = bc_csv_parser_new (options, report, NULL, NULL);
  /* In chunks, as from a file, so chunk boundaries are exercised too. */
  while (len > 0 && !bc_csv_parser_is_stopped (parser))
    {
      gsize chunk = MIN (len, READ_CHUNK);

      bc_csv_parser_feed (parser, p, chunk, NULL);
      p += chunk;
      len -= chunk;
    }
  bc_csv_parser_finish (parser, NULL);
  return g_steal_pointer (&report);
}

BcImportReport *
bc_csv_validate_stream (GInputStream             *stream,
                        const BcCsvImportOptions *options,
                        GCancellable             *cancellable,
                        GError                  **error)
{
  g_autoptr(BcImportReport) report = bc_import_report_new ();
  g_autoptr(BcCsvParser) parser = NULL;
  g_autofree guchar *buffer = g_malloc (READ_CHUNK);
  BcCsvImportOptions defaults;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (options == NULL)
    {
      bc_csv_import_options_init (&defaults);
      options = &defaults;
    }

  parser = bc_csv_parser_new (options, report, NULL, NULL);
  while (!bc_csv_parser_is_stopped (parser))
    {
      gssize n = g_input_stream_read (stream, buffer, READ_CHUNK, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      bc_csv_parser_feed (parser, buffer, n, NULL);
    }
  bc_csv_parser_finish (parser, NULL);
  return g_steal_pointer (&report);
}
