/* test-csv-import.c: the hostile CSV corpus, through the store-less
 * validation (the same parser the import uses)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bc-csv-import-private.h"

enum {
  SKIP    = 1 << 0,
  KEEP    = 1 << 1,
  CP1252  = 1 << 2,
  LATIN1  = 1 << 3,
  COMMA   = 1 << 4,
  SEMI    = 1 << 5,
};

typedef struct
{
  const char *file;
  guint       flags;
  guint64     read, imported, empty, duplicate_skipped, invalid, normalised;
  gboolean    success;
  gboolean    file_error;
  /* Every issue in order: E(rror)/N(ormalised)/D(uplicate), line, ':',
   * column ("" for none). */
  const char *issues;
  const char *reason_part;  /* a sentence one of the issues must contain */
} Case;

static const Case cases[] = {
  { "basic.csv", 0,                     3, 3, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "bom-utf8.csv", 0,                  2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "utf16le-bom.csv", 0,               2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "utf16be-bom.csv", 0,               2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "utf16le-nobom.csv", 0,             1, 1, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "utf16le-lone-surrogate.csv", 0,    2, 0, 0, 0, 1, 0, FALSE, FALSE, "E3:name", "not valid UTF-16" },
  { "utf16le-lone-surrogate.csv", SKIP, 2, 1, 0, 0, 1, 0, TRUE, FALSE, "E3:name", NULL },
  { "invalid-utf8.csv", 0,              3, 0, 0, 0, 1, 0, FALSE, FALSE, "E3:name", "Windows-1252" },
  { "invalid-utf8.csv", SKIP,           3, 2, 0, 0, 1, 0, TRUE, FALSE, "E3:name", NULL },
  { "cp1252.csv", 0,                    2, 0, 0, 0, 2, 0, FALSE, FALSE,
    "E2:name E2:note E3:name E3:note", "choosing the Windows-1252" },
  { "cp1252.csv", CP1252,               2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "latin1.csv", 0,                    2, 0, 0, 0, 2, 0, FALSE, FALSE, "E2:nom E3:nom", NULL },
  { "latin1.csv", LATIN1,               2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "semicolon.csv", 0,                 2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "tab.csv", 0,                       2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "tab.csv", SEMI,                    0, 0, 0, 0, 0, 0, FALSE, TRUE,
    "E1:phone number\\x09name\\x09note E0:", "No phone number column" },
  { "delimiter-mismatch.csv", 0,        1, 1, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "delimiter-mismatch.csv", COMMA,    0, 0, 0, 0, 0, 0, FALSE, TRUE, "E0:",
    "the header has “phone number;name;city”" },
  { "crlf.csv", 0,                      4, 0, 0, 0, 1, 0, FALSE, FALSE, "E4:phone number", NULL },
  { "cr-only.csv", 0,                   3, 0, 0, 0, 1, 0, FALSE, FALSE, "E3:phone number", NULL },
  { "multiline.csv", 0,                 4, 0, 0, 0, 1, 0, FALSE, FALSE, "E7:phone number", NULL },
  { "multiline.csv", SKIP,              4, 3, 0, 0, 1, 0, TRUE, FALSE, "E7:phone number", NULL },
  { "quotes-embedded.csv", 0,           2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "quote-in-unquoted.csv", 0,         2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "unbalanced-quote.csv", 0,          2, 0, 0, 0, 1, 0, FALSE, FALSE, "E3:name", "never closed" },
  { "unbalanced-quote.csv", SKIP,       2, 1, 0, 0, 1, 0, TRUE, FALSE, "E3:name", NULL },
  { "unclosed-quote-header.csv", 0,     0, 0, 0, 0, 0, 0, FALSE, TRUE, "E0:", "never closed" },
  { "ragged.csv", 0,                    4, 0, 0, 0, 2, 0, FALSE, FALSE, "E3: E4:",
    "This row has 2 fields but the header has 3 columns" },
  { "ragged.csv", SKIP,                 4, 2, 0, 0, 2, 0, TRUE, FALSE, "E3: E4:", NULL },
  { "empty.csv", 0,                     0, 0, 0, 0, 0, 0, FALSE, TRUE, "E0:", "The file is empty" },
  { "only-blank-lines.csv", 0,          0, 0, 4, 0, 0, 0, FALSE, TRUE, "E0:", "The file is empty" },
  { "header-only.csv", 0,               0, 0, 0, 0, 0, 0, FALSE, TRUE, "E0:", "no recipient rows" },
  { "no-phone-column.csv", 0,           0, 0, 0, 0, 0, 0, FALSE, TRUE, "E0:",
    "the header has “name”, “email”, “mobile”; expected a column named “phone number”" },
  { "duplicate-headers.csv", 0,         0, 0, 0, 0, 0, 0, FALSE, TRUE, "E1:Name",
    "“name” (column 2) and “Name” (column 3) are the same column name" },
  { "phone-alias-conflict.csv", 0,      0, 0, 0, 0, 0, 0, FALSE, TRUE, "E1:to_number",
    "both name the phone number column" },
  { "empty-header.csv", 0,              0, 0, 0, 0, 0, 0, FALSE, TRUE, "E1:", "Column 2 has no name" },
  { "bad-variable-name.csv", 0,         0, 0, 0, 0, 0, 0, FALSE, TRUE, "E1:{{first}}",
    "cannot be used as a dynamic variable {{name}}: it contains a brace" },
  { "header-case-spaces.csv", 0,        1, 1, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "reserved-columns.csv", 0,          3, 3, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "agent-version-bad.csv", 0,         6, 0, 0, 0, 4, 0, FALSE, FALSE,
    "E2:override agent version E3:override agent version E4:override agent version "
    "E5:override agent version", "whole number, 0 or more" },
  { "metadata-nonobject.csv", 0,        6, 0, 0, 0, 5, 0, FALSE, FALSE,
    "E2:metadata E3:metadata E4:metadata E5:metadata E7:metadata", "not an array" },
  { "metadata-deep.csv", 0,             1, 0, 0, 0, 1, 0, FALSE, FALSE, "E2:metadata", "nested" },
  { "sip-bad-keys.csv", 0,              5, 0, 0, 0, 4, 0, FALSE, FALSE,
    "E2:custom_sip_headers E3:custom_sip_headers E5:custom_sip_headers E6:custom_sip_headers",
    "must start with X-" },
  { "sip-header-injection.csv", 0,      5, 0, 0, 0, 4, 0, FALSE, FALSE,
    "E2:custom_sip_headers E3:custom_sip_headers E4:custom_sip_headers E5:custom_sip_headers",
    "The SIP header name “X-B\\r\\nVia” contains a character" },
  { "ignore-e164.csv", 0,               5, 0, 0, 0, 3, 0, FALSE, FALSE,
    "E4:phone number E5:ignore e164 validation E6:phone number", "true, false or empty" },
  { "ignore-e164.csv", SKIP,            5, 2, 0, 0, 3, 0, TRUE, FALSE,
    "E4:phone number E5:ignore e164 validation E6:phone number", NULL },
  { "phone-normalise.csv", 0,           6, 6, 0, 0, 0, 5, TRUE, FALSE,
    "N2:phone number N3:phone number N4:phone number N5:phone number N6:phone number",
    "Rewritten as +442079460958" },
  { "phone-no-country-code.csv", 0,     3, 0, 0, 0, 2, 0, FALSE, FALSE,
    "E2:phone number E3:phone number", "has no country code: write it as + and the country code" },
  { "phone-errors.csv", 0,              7, 0, 0, 0, 6, 0, FALSE, FALSE,
    "E2:phone number E3:phone number E4:phone number E5:phone number E6:phone number "
    "E7:phone number", "too long" },
  { "duplicates.csv", 0,                6, 3, 0, 3, 0, 0, TRUE, FALSE,
    "D4:phone number D6:phone number D7:phone number", "Same phone number as line 2" },
  { "duplicates.csv", KEEP,             6, 6, 0, 0, 0, 1, TRUE, FALSE,
    "D4:phone number N4:phone number D6:phone number D7:phone number", "kept" },
  { "empty-lines.csv", 0,               2, 2, 5, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "leading-blank-lines.csv", 0,       2, 0, 2, 0, 1, 0, FALSE, FALSE, "E5:phone number", NULL },
  { "nul-bytes.csv", 0,                 3, 0, 0, 0, 1, 0, FALSE, FALSE, "E3:name", "NUL byte" },
  { "trailing-no-newline.csv", 0,       2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "utf8-multibyte.csv", 0,            2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "whitespace-padding.csv", 0,        2, 2, 0, 0, 0, 1, TRUE, FALSE, "N3:phone number", NULL },
  { "formula-values.csv", 0,            2, 2, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
  { "mixed-skip-invalid.csv", 0,        6, 0, 1, 1, 2, 0, FALSE, FALSE,
    "E3:phone number E4:override agent version D6:phone number", NULL },
  { "mixed-skip-invalid.csv", SKIP,     6, 3, 1, 1, 2, 0, TRUE, FALSE,
    "E3:phone number E4:override agent version D6:phone number", NULL },
  { "windows-excel-export.csv", 0,      1, 1, 1, 0, 0, 1, TRUE, FALSE, "N2:Phone Number", NULL },
  { "many-columns.csv", 0,              1, 1, 0, 0, 0, 0, TRUE, FALSE, "", NULL },
};

static void
options_from_flags (BcCsvImportOptions *options,
                    guint               flags)
{
  bc_csv_import_options_init (options);
  options->skip_invalid = (flags & SKIP) != 0;
  options->keep_duplicates = (flags & KEEP) != 0;
  if (flags & CP1252)
    options->encoding = BC_CSV_ENCODING_WINDOWS_1252;
  if (flags & LATIN1)
    options->encoding = BC_CSV_ENCODING_LATIN1;
  if (flags & COMMA)
    options->delimiter = ',';
  if (flags & SEMI)
    options->delimiter = ';';
}

static char *
corpus_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

static GBytes *
load (const char *name)
{
  g_autofree char *path = corpus_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static char *
issue_signature (BcImportReport *report,
                 gboolean        with_reason_check,
                 const char     *reason_part,
                 gboolean       *reason_found)
{
  GListModel *issues = bc_import_report_get_issues (report);
  GString *sig = g_string_new (NULL);
  static const char letters[] = { 'E', 'N', 'D' };

  *reason_found = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(BcImportIssue) issue = g_list_model_get_item (issues, i);
      const char *column = bc_import_issue_get_column (issue);

      if (sig->len > 0)
        g_string_append_c (sig, ' ');
      g_string_append_printf (sig, "%c%" G_GUINT64_FORMAT ":%s",
                              letters[bc_import_issue_get_severity (issue)],
                              bc_import_issue_get_line (issue), column ? column : "");
      if (with_reason_check && strstr (bc_import_issue_get_reason (issue), reason_part) != NULL)
        *reason_found = TRUE;
      /* A reason is one line: the CLI prints one problem per line. */
      g_assert_null (strpbrk (bc_import_issue_get_reason (issue), "\r\n"));
    }
  return g_string_free (sig, FALSE);
}

static void
check_case (const Case     *c,
            BcImportReport *report)
{
  g_autofree char *signature = NULL;
  gboolean found = FALSE;

  g_test_message ("%s (flags %u)", c->file, c->flags);
  g_assert_cmpuint (bc_import_report_get_rows_read (report), ==, c->read);
  g_assert_cmpuint (bc_import_report_get_imported (report), ==, c->imported);
  g_assert_cmpuint (bc_import_report_get_skipped_empty (report), ==, c->empty);
  g_assert_cmpuint (bc_import_report_get_skipped_duplicate (report), ==, c->duplicate_skipped);
  g_assert_cmpuint (bc_import_report_get_invalid (report), ==, c->invalid);
  g_assert_cmpuint (bc_import_report_get_normalised (report), ==, c->normalised);
  g_assert_cmpint (bc_import_report_get_success (report), ==, c->success);
  g_assert_cmpint (bc_import_report_get_file_error (report), ==, c->file_error);

  signature = issue_signature (report, c->reason_part != NULL, c->reason_part, &found);
  g_assert_cmpstr (signature, ==, c->issues);
  if (c->reason_part != NULL && !found)
    g_error ("%s: no issue says “%s”", c->file, c->reason_part);
}

static void
test_corpus (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GBytes) bytes = load (c->file);
  g_autoptr(BcImportReport) report = NULL;
  BcCsvImportOptions options;
  gsize len;
  const guchar *p = g_bytes_get_data (bytes, &len);

  options_from_flags (&options, c->flags);
  report = bc_csv_validate_bytes (p, len, &options);
  check_case (c, report);
  g_assert_finalize_object (g_steal_pointer (&report));
}

/* The same file fed one byte at a time: BOMs, CRLF pairs, UTF-16 units
 * and quotes split across reads must not change anything. */
static void
test_corpus_bytewise (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GBytes) bytes = load (c->file);
  g_autoptr(BcImportReport) report = bc_import_report_new ();
  g_autoptr(BcCsvParser) parser = NULL;
  BcCsvImportOptions options;
  gsize len;
  const guchar *p = g_bytes_get_data (bytes, &len);

  options_from_flags (&options, c->flags);
  parser = bc_csv_parser_new (&options, report, NULL, NULL);
  for (gsize i = 0; i < len; i++)
    g_assert_true (bc_csv_parser_feed (parser, p + i, 1, NULL));
  g_assert_true (bc_csv_parser_finish (parser, NULL));
  check_case (c, report);
}


static gboolean
collect_row_cb (const BcRecipientData  *row,
                gpointer                user_data,
                GError                **error)
{
  GPtrArray *rows = user_data;
  BcRecipientData *copy = g_new0 (BcRecipientData, 1);

  copy->line = row->line;
  copy->phone = g_strdup (row->phone);
  copy->ignore_e164 = row->ignore_e164;
  copy->override_agent_id = g_strdup (row->override_agent_id);
  copy->override_agent_version = row->override_agent_version;
  copy->metadata = g_strdup (row->metadata);
  copy->custom_sip_headers = g_strdup (row->custom_sip_headers);
  copy->variables = g_strdup (row->variables);
  g_ptr_array_add (rows, copy);
  return TRUE;
}

static void
row_free (gpointer data)
{
  bc_recipient_data_clear (data);
  g_free (data);
}

static GPtrArray *
import_rows (const char    *file,
             BcCsvEncoding  encoding)
{
  g_autoptr(GBytes) bytes = load (file);
  g_autoptr(BcImportReport) report = bc_import_report_new ();
  g_autoptr(BcCsvParser) parser = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);
  BcCsvImportOptions options;
  gsize len;
  const guchar *p = g_bytes_get_data (bytes, &len);

  bc_csv_import_options_init (&options);
  options.encoding = encoding;
  parser = bc_csv_parser_new (&options, report, collect_row_cb, rows);
  g_assert_true (bc_csv_parser_feed (parser, p, len, NULL));
  g_assert_true (bc_csv_parser_finish (parser, NULL));
  g_assert_true (bc_import_report_get_success (report));
  return rows;
}

#define ROW(rows, i) ((BcRecipientData *) g_ptr_array_index ((rows), (i)))

static void
test_values_decoded (void)
{
  g_autoptr(GPtrArray) rows = NULL;

  rows = import_rows ("utf16le-bom.csv", BC_CSV_ENCODING_AUTO);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (ROW (rows, 0)->variables, ==, "{\"name\":\"Zoë\",\"city\":\"São Paulo\"}");
  g_assert_cmpstr (ROW (rows, 1)->variables, ==, "{\"name\":\"李雷\",\"city\":\"北京\"}");
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = import_rows ("utf16be-bom.csv", BC_CSV_ENCODING_AUTO);
  g_assert_cmpstr (ROW (rows, 1)->variables, ==, "{\"name\":\"\U0001F600 smile\"}");
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = import_rows ("cp1252.csv", BC_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpstr (ROW (rows, 0)->variables, ==, "{\"name\":\"Zoë\",\"note\":\"price € 5\"}");
  g_assert_cmpstr (ROW (rows, 1)->variables, ==, "{\"name\":\"Renée\",\"note\":\"“quoted”\"}");
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = import_rows ("latin1.csv", BC_CSV_ENCODING_LATIN1);
  g_assert_cmpstr (ROW (rows, 0)->variables, ==, "{\"nom\":\"François\"}");
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = import_rows ("bom-utf8.csv", BC_CSV_ENCODING_AUTO);
  g_assert_cmpstr (ROW (rows, 1)->variables, ==, "{\"first_name\":\"Łukasz\"}");
}

static void
test_values_quoted (void)
{
  g_autoptr(GPtrArray) rows = import_rows ("quotes-embedded.csv", BC_CSV_ENCODING_AUTO);

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (ROW (rows, 0)->phone, ==, "+14155550100");
  g_assert_cmpstr (ROW (rows, 0)->variables, ==,
                   "{\"name\":\"Smith, John\",\"note\":\"He said \\\"hi\\\"\"}");
  g_assert_cmpstr (ROW (rows, 1)->variables, ==, "{\"name\":\"O'Brien\",\"note\":\"a;b\\tc\"}");
}

static void
test_values_multiline (void)
{
  g_autoptr(GBytes) bytes = load ("multiline.csv");
  g_autoptr(BcImportReport) report = bc_import_report_new ();
  g_autoptr(BcCsvParser) parser = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  BcCsvImportOptions options;
  gsize len;
  const guchar *p = g_bytes_get_data (bytes, &len);

  bc_csv_import_options_init (&options);
  options.skip_invalid = TRUE;
  parser = bc_csv_parser_new (&options, report, collect_row_cb, rows);
  g_assert_true (bc_csv_parser_feed (parser, p, len, NULL));
  g_assert_true (bc_csv_parser_finish (parser, NULL));

  /* Rows start on lines 2, 5 and 8 (line 7 is the invalid one). */
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpuint (ROW (rows, 0)->line, ==, 2);
  g_assert_cmpuint (ROW (rows, 1)->line, ==, 5);
  g_assert_cmpuint (ROW (rows, 2)->line, ==, 8);
  g_assert_cmpstr (ROW (rows, 0)->variables, ==,
                   "{\"note\":\"line one\\nline two\\nline three\",\"name\":\"Ada\"}");
  g_assert_cmpstr (ROW (rows, 1)->variables, ==,
                   "{\"note\":\"crlf one\\r\\ncrlf two\",\"name\":\"Grace\"}");
}

static void
test_values_reserved (void)
{
  g_autoptr(GPtrArray) rows = import_rows ("reserved-columns.csv", BC_CSV_ENCODING_AUTO);

  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (ROW (rows, 0)->override_agent_id, ==, "agent_abc");
  g_assert_cmpint (ROW (rows, 0)->override_agent_version, ==, 3);
  g_assert_cmpstr (ROW (rows, 0)->metadata, ==, "{\"crm_id\": 42, \"tags\": [\"vip\"]}");
  g_assert_cmpstr (ROW (rows, 0)->custom_sip_headers, ==,
                   "{\"X-Campaign\": \"spring\", \"x-lead\": \"7\"}");
  g_assert_false (ROW (rows, 0)->ignore_e164);
  g_assert_cmpstr (ROW (rows, 0)->variables, ==, "{\"name\":\"Ada\"}");

  g_assert_null (ROW (rows, 1)->override_agent_id);
  g_assert_cmpint (ROW (rows, 1)->override_agent_version, ==, -1);
  g_assert_null (ROW (rows, 1)->metadata);
  g_assert_null (ROW (rows, 1)->custom_sip_headers);

  /* "ignore e164 validation" TRUE: the extension is kept as written. */
  g_assert_cmpstr (ROW (rows, 2)->phone, ==, "1001");
  g_assert_true (ROW (rows, 2)->ignore_e164);
  g_assert_cmpint (ROW (rows, 2)->override_agent_version, ==, 0);
}

static void
test_header_mapping (void)
{
  g_autoptr(GPtrArray) rows = import_rows ("header-case-spaces.csv", BC_CSV_ENCODING_AUTO);
  g_autoptr(GBytes) bytes = load ("header-case-spaces.csv");
  g_autoptr(BcImportReport) report = NULL;
  const char * const *variables;
  gsize len;
  const guchar *p = g_bytes_get_data (bytes, &len);

  g_assert_cmpstr (ROW (rows, 0)->override_agent_id, ==, "agent_1");
  g_assert_cmpstr (ROW (rows, 0)->variables, ==, "{\"First Name\":\"Ada\"}");

  report = bc_csv_validate_bytes (p, len, NULL);
  variables = bc_import_report_get_variables (report);
  g_assert_cmpuint (g_strv_length ((char **) variables), ==, 1);
  g_assert_cmpstr (variables[0], ==, "First Name");

  for (guint i = 0; i < 4; i++)
    {
      static const char *names[] = { "Phone_Number", " phone  number ", "TO_NUMBER", "Phone" };
      g_autofree char *key = bc_csv_header_match_key (names[i], strlen (names[i]));

      g_assert_true (g_str_equal (key, "phone number") || g_str_equal (key, "to number") ||
                     g_str_equal (key, "phone"));
    }
}

/* 10 MB in one quoted field (gzip in the corpus): one row error, the
 * rows around it still read, memory bounded by the field. */
static void
test_big_field (void)
{
  g_autofree char *path = corpus_path ("big-field.csv.gz");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) raw = NULL;
  g_autoptr(GConverter) gunzip = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(BcImportIssue) issue = NULL;
  g_autoptr(GError) error = NULL;
  BcCsvImportOptions options;

  raw = g_file_read (file, NULL, &error);
  g_assert_no_error (error);
  gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  stream = g_converter_input_stream_new (G_INPUT_STREAM (raw), gunzip);

  bc_csv_import_options_init (&options);
  options.skip_invalid = TRUE;
  report = bc_csv_validate_stream (stream, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bc_import_report_get_rows_read (report), ==, 3);
  g_assert_cmpuint (bc_import_report_get_imported (report), ==, 2);
  g_assert_cmpuint (bc_import_report_get_invalid (report), ==, 1);
  issue = g_list_model_get_item (bc_import_report_get_issues (report), 0);
  g_assert_cmpuint (bc_import_issue_get_line (issue), ==, 3);
  g_assert_cmpstr (bc_import_issue_get_column (issue), ==, "note");
  g_assert_nonnull (strstr (bc_import_issue_get_reason (issue), "too long (10.5"));
  g_assert_nonnull (strstr (bc_import_issue_get_reason (issue), "at most 64 KB"));
  /* The value is shown shortened. */
  g_assert_cmpuint (g_utf8_strlen (bc_import_issue_get_value (issue), -1), ==, 61);
}

/* A quote left open on a big file stops at 32 MB instead of eating the
 * memory. */
static void
test_runaway_quote (void)
{
  g_autoptr(BcImportReport) report = bc_import_report_new ();
  g_autoptr(BcCsvParser) parser = NULL;
  g_autofree char *block = g_malloc (1024 * 1024);
  BcCsvImportOptions options;
  const char *head = "phone number,name\n+14155550100,\"open\n";
  guint fed = 0;

  memset (block, 'x', 1024 * 1024);
  bc_csv_import_options_init (&options);
  parser = bc_csv_parser_new (&options, report, NULL, NULL);
  g_assert_true (bc_csv_parser_feed (parser, head, strlen (head), NULL));
  while (!bc_csv_parser_is_stopped (parser) && fed < 100)
    {
      g_assert_true (bc_csv_parser_feed (parser, block, 1024 * 1024, NULL));
      fed++;
    }
  /* 32 MiB of x plus "open\n" is just past the limit. */
  g_assert_cmpuint (fed, ==, 32);
  g_assert_true (bc_csv_parser_finish (parser, NULL));
  g_assert_true (bc_import_report_get_file_error (report));
  g_assert_false (bc_import_report_get_success (report));
}

/* Exact, across growth, for E.164 numbers (their own key) and for the
 * free-form numbers of "ignore e164 validation" rows (hashed). */
static void
test_phone_set (void)
{
  g_autoptr(BcPhoneSet) set = bc_phone_set_new ();
  char phone[32];

  for (guint i = 0; i < 200000; i++)
    {
      g_snprintf (phone, sizeof phone, "+%u", 100 + i * 7);
      g_assert_cmpuint (bc_phone_set_add (set, phone, i + 2), ==, 0);
      g_snprintf (phone, sizeof phone, "ext %u", i);
      g_assert_cmpuint (bc_phone_set_add (set, phone, i + 2), ==, 0);
    }
  g_assert_cmpuint (bc_phone_set_size (set), ==, 400000);
  for (guint i = 0; i < 200000; i += 997)
    {
      g_snprintf (phone, sizeof phone, "+%u", 100 + i * 7);
      g_assert_cmpuint (bc_phone_set_add (set, phone, 999999), ==, i + 2);
      g_snprintf (phone, sizeof phone, "ext %u", i);
      g_assert_cmpuint (bc_phone_set_add (set, phone, 999999), ==, i + 2);
    }
  /* "+1001" and "1001" are different numbers. */
  g_assert_cmpuint (bc_phone_set_add (set, "1001", 5), ==, 0);
  g_assert_cmpuint (bc_phone_set_add (set, "+1001", 6), ==, 0);
  g_assert_cmpuint (bc_phone_set_size (set), ==, 400002);
}

/* The template the app offers must itself import cleanly. */
static void
test_template (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "batch-call-template.csv", NULL);
  g_autofree char *installed = bc_csv_import_dup_template_path ();
  g_autoptr(BcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  report = bc_csv_validate_bytes (contents, len, NULL);
  g_assert_true (bc_import_report_get_success (report));
  g_assert_cmpuint (bc_import_report_get_imported (report), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (bc_import_report_get_issues (report)), ==, 0);
  g_assert_cmpstr (bc_import_report_get_variables (report)[0], ==, "first_name");
  g_assert_null (bc_import_report_get_variables (report)[1]);
  g_assert_true (g_str_has_suffix (installed, "/batch-call-template.csv"));
}

static void
test_encoding_names (void)
{
  BcCsvEncoding encoding = BC_CSV_ENCODING_AUTO;

  g_assert_true (bc_csv_encoding_from_string ("windows-1252", &encoding));
  g_assert_cmpint (encoding, ==, BC_CSV_ENCODING_WINDOWS_1252);
  g_assert_true (bc_csv_encoding_from_string ("LATIN1", &encoding));
  g_assert_cmpint (encoding, ==, BC_CSV_ENCODING_LATIN1);
  g_assert_true (bc_csv_encoding_from_string ("utf-16le", &encoding));
  g_assert_cmpint (encoding, ==, BC_CSV_ENCODING_UTF16LE);
  g_assert_false (bc_csv_encoding_from_string ("ebcdic", &encoding));
  g_assert_cmpstr (bc_csv_encoding_to_string (BC_CSV_ENCODING_UTF8), ==, "UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/CsvImport/values/decoded", test_values_decoded);
  g_test_add_func ("/BatchCalls/CsvImport/values/quoted", test_values_quoted);
  g_test_add_func ("/BatchCalls/CsvImport/values/multiline", test_values_multiline);
  g_test_add_func ("/BatchCalls/CsvImport/values/reserved", test_values_reserved);
  g_test_add_func ("/BatchCalls/CsvImport/header-mapping", test_header_mapping);
  g_test_add_func ("/BatchCalls/CsvImport/big-field", test_big_field);
  g_test_add_func ("/BatchCalls/CsvImport/runaway-quote", test_runaway_quote);
  g_test_add_func ("/BatchCalls/CsvImport/encoding-names", test_encoding_names);
  g_test_add_func ("/BatchCalls/CsvImport/template", test_template);
  g_test_add_func ("/BatchCalls/CsvImport/phone-set", test_phone_set);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup (cases[i].file);
      g_autofree char *path = NULL;

      *strrchr (name, '.') = '\0';
      path = g_strdup_printf ("/BatchCalls/CsvImport/corpus/%s%s%s%s%s%s%s", name,
                              cases[i].flags & SKIP ? "-skip-invalid" : "",
                              cases[i].flags & KEEP ? "-keep-duplicates" : "",
                              cases[i].flags & CP1252 ? "-windows-1252" : "",
                              cases[i].flags & LATIN1 ? "-latin1" : "",
                              cases[i].flags & COMMA ? "-comma" : "",
                              cases[i].flags & SEMI ? "-semicolon" : "");
      g_test_add_data_func (path, &cases[i], test_corpus);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup (cases[i].file);
      g_autofree char *path = NULL;

      *strrchr (name, '.') = '\0';
      path = g_strdup_printf ("/BatchCalls/CsvImport/bytewise/%s-%u", name, i);
      g_test_add_data_func (path, &cases[i], test_corpus_bytewise);
    }

  return g_test_run ();
}
