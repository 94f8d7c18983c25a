/* test-csv-writer.c: the RFC 4180 writer and the saved import report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <csv.h>

#include <glib/gstdio.h>

#include "bc-csv-import.h"
#include "bc-csv-writer.h"

static void
test_append_field (void)
{
  static const struct {
    const char       *value;
    BcCsvWriterFlags  flags;
    const char       *expected;
  } cases[] = {
    { "plain",            0, "plain" },
    { "",                 0, "" },
    { "a,b",              0, "\"a,b\"" },
    { "say \"hi\"",       0, "\"say \"\"hi\"\"\"" },
    { "two\r\nlines",     0, "\"two\r\nlines\"" },
    { " padded ",         0, "\" padded \"" },
    { "+14155550100",     0, "+14155550100" },
    { "+14155550100",     BC_CSV_WRITER_NEUTRALISE_FORMULA, "\"'+14155550100\"" },
    { "=HYPERLINK(\"x\")", BC_CSV_WRITER_NEUTRALISE_FORMULA, "\"'=HYPERLINK(\"\"x\"\")\"" },
    { "-2",               BC_CSV_WRITER_NEUTRALISE_FORMULA, "\"'-2\"" },
    { "@SUM(A1)",         BC_CSV_WRITER_NEUTRALISE_FORMULA, "\"'@SUM(A1)\"" },
    { "\tx",              BC_CSV_WRITER_NEUTRALISE_FORMULA, "\"'\tx\"" },
    { "\rx",              BC_CSV_WRITER_NEUTRALISE_FORMULA, "\"'\rx\"" },
    { "safe = text",      BC_CSV_WRITER_NEUTRALISE_FORMULA, "safe = text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) row = g_string_new (NULL);

      bc_csv_format_field (row, cases[i].value, ',', cases[i].flags);
      g_assert_cmpstr (row->str, ==, cases[i].expected);
    }

  {
    g_autoptr(GString) field = g_string_new (NULL);

    bc_csv_format_field (field, "b;c", ';', 0);
    g_assert_cmpstr (field->str, ==, "\"b;c\"");
    g_string_truncate (field, 0);
    bc_csv_format_field (field, "b,c", ';', 0);
    g_assert_cmpstr (field->str, ==, "b,c");
  }
}

typedef struct
{
  GPtrArray *fields;
  guint      rows;
} ReadBack;

static void
on_field (void   *data,
          size_t  len,
          void   *user_data)
{
  ReadBack *back = user_data;

  g_ptr_array_add (back->fields, g_strndup (data, len));
}

static void
on_row (int   c,
        void *user_data)
{
  ReadBack *back = user_data;

  back->rows++;
}

/* What the writer writes, libcsv reads back unchanged. */
static void
test_round_trip (void)
{
  static const char *values[] = {
    "", "+14155550100", "Smith, John", "He said \"hi\"", "line one\nline two", "crlf\r\nx",
    "", "trailing space ", "€ and 李", "a;b\tc",
  };
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(BcCsvWriter) writer = bc_csv_writer_new (out, ',');
  g_autoptr(GError) error = NULL;
  ReadBack back = { g_ptr_array_new_with_free_func (g_free), 0 };
  struct csv_parser parser;
  const char *text;
  gsize len;

  for (guint r = 0; r < 2; r++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        bc_csv_writer_add (writer, values[i], 0);
      g_assert_true (bc_csv_writer_end_row (writer, NULL, &error));
    }
  g_assert_true (bc_csv_writer_close (writer, NULL, &error));
  g_assert_no_error (error);

  text = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
  len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (g_str_has_prefix (text, ",+14155550100,\"Smith, John\","));

  csv_init (&parser, 0);
  g_assert_cmpuint (csv_parse (&parser, text, len, on_field, on_row, &back), ==, len);
  csv_fini (&parser, on_field, on_row, &back);
  csv_free (&parser);

  g_assert_cmpuint (back.rows, ==, 2);
  g_assert_cmpuint (back.fields->len, ==, 2 * G_N_ELEMENTS (values));
  for (guint i = 0; i < back.fields->len; i++)
    g_assert_cmpstr (g_ptr_array_index (back.fields, i), ==, values[i % G_N_ELEMENTS (values)]);
  g_ptr_array_unref (back.fields);
}

/* The saved report: one row per issue, formulas neutralised, so a sheet
 * made to attack the operator does not run when they open the report. */
static void
test_report_csv (void)
{
  const char *csv =
    "phone number,note\n"
    "=1+1,x\n"
    "+1 415 555 0100,ok\n"
    "+14155550100,dup\n";
  g_autoptr(BcImportReport) report = bc_csv_validate_bytes (csv, strlen (csv), NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (bc_import_report_write_csv (report, out, NULL, &error));
  g_assert_no_error (error);
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  g_assert_cmpstr (text, ==,
                   "line,column,value,reason,severity\r\n"
                   "2,phone number,\"'=1+1\",\"The number contains characters that are not "
                   "digits, spaces, dashes, dots or parentheses\",error\r\n"
                   "3,phone number,\"'+1 415 555 0100\",Rewritten as +14155550100,normalised\r\n"
                   "4,phone number,\"'+14155550100\",Same phone number as line 3; this row is "
                   "skipped,duplicate\r\n");
}

static void
test_report_save_file (void)
{
  const char *csv = "name\nAda\n";
  g_autoptr(BcImportReport) report = bc_csv_validate_bytes (csv, strlen (csv), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bc-report-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (bc_import_report_save_csv (report, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "line,column,value,reason,severity\r\n,,,\""
                                             "No phone number column"));
  g_assert_true (g_str_has_suffix (contents, ",error\r\n"));
  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/CsvWriter/append-field", test_append_field);
  g_test_add_func ("/BatchCalls/CsvWriter/round-trip", test_round_trip);
  g_test_add_func ("/BatchCalls/CsvWriter/report", test_report_csv);
  g_test_add_func ("/BatchCalls/CsvWriter/report-save", test_report_save_file);

  return g_test_run ();
}
