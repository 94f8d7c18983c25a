/* fuzz-csv-import.c: arbitrary bytes into the CSV importer
 *
 * The whole file goes through the store-less validation, then again fed in
 * small chunks; both must agree (chunk boundaries inside a BOM, a UTF-16
 * unit, a CRLF or a quoted field change nothing), every imported row must
 * hold what the store expects, and the sanitizers watch the rest.
 *
 * The options come from the last byte, XORed with '\n' so that the
 * corpus (text files ending in a newline) runs with the defaults.
 *
 *   build-aux/fuzz.sh [SECONDS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bc-csv-import-private.h"
#include "bc-json-check.h"
#include "bc-phone.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gboolean
check_row_cb (const BcRecipientData  *row,
              gpointer                user_data,
              GError                **error)
{
  guint64 *n_rows = user_data;

  if (row->phone == NULL || row->variables == NULL || row->line < 2)
    abort ();
  if (!row->ignore_e164 && !bc_phone_is_e164 (row->phone))
    abort ();
  if (!g_utf8_validate (row->variables, -1, NULL) ||
      bc_json_check (row->variables, strlen (row->variables), NULL) != BC_JSON_OBJECT)
    abort ();
  if (row->metadata != NULL &&
      bc_json_check (row->metadata, strlen (row->metadata), NULL) != BC_JSON_OBJECT)
    abort ();
  if (row->custom_sip_headers != NULL && strpbrk (row->custom_sip_headers, "\r\n") != NULL)
    abort ();
  (*n_rows)++;
  return TRUE;
}

static void
options_from (const guint8       *data,
              size_t              size,
              BcCsvImportOptions *options)
{
  static const BcCsvEncoding encodings[8] = {
    BC_CSV_ENCODING_AUTO, BC_CSV_ENCODING_UTF8, BC_CSV_ENCODING_UTF16LE,
    BC_CSV_ENCODING_UTF16BE, BC_CSV_ENCODING_WINDOWS_1252, BC_CSV_ENCODING_LATIN1,
    BC_CSV_ENCODING_AUTO, BC_CSV_ENCODING_AUTO,
  };
  static const char delimiters[4] = { 0, ',', ';', '\t' };
  guint8 bits = size > 0 ? data[size - 1] ^ '\n' : 0;

  bc_csv_import_options_init (options);
  options->skip_invalid = bits & 1;
  options->keep_duplicates = (bits >> 1) & 1;
  options->encoding = encodings[(bits >> 2) & 7];
  options->delimiter = delimiters[(bits >> 5) & 3];
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(BcImportReport) whole = NULL;
  g_autoptr(BcImportReport) chunked = bc_import_report_new ();
  g_autoptr(BcCsvParser) parser = NULL;
  BcCsvImportOptions options;
  guint64 n_rows = 0;
  size_t chunk = size % 13 + 1;

  options_from (data, size, &options);
  whole = bc_csv_validate_bytes (data, size, &options);

  parser = bc_csv_parser_new (&options, chunked, check_row_cb, &n_rows);
  for (size_t offset = 0; offset < size; offset += chunk)
    bc_csv_parser_feed (parser, data + offset, MIN (chunk, size - offset), NULL);
  bc_csv_parser_finish (parser, NULL);

  if (bc_import_report_get_rows_read (whole) != bc_import_report_get_rows_read (chunked) ||
      bc_import_report_get_invalid (whole) != bc_import_report_get_invalid (chunked) ||
      bc_import_report_get_skipped_empty (whole) != bc_import_report_get_skipped_empty (chunked) ||
      bc_import_report_get_n_errors (whole) != bc_import_report_get_n_errors (chunked) ||
      bc_import_report_get_success (whole) != bc_import_report_get_success (chunked))
    abort ();
  /* A refused import hands rows to the sink only up to the first invalid
   * one (strict mode) and reports 0 imported. */
  if (bc_import_report_get_success (chunked) &&
      n_rows != bc_import_report_get_imported (chunked))
    abort ();
  return 0;
}
