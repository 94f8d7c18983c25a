/* bc-csv-writer.h: a small RFC 4180 writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * BcCsvWriterFlags:
 * @BC_CSV_WRITER_NEUTRALISE_FORMULA: a value starting with '=', '+', '-',
 *   '@', tab or CR is prefixed with an apostrophe so that a spreadsheet
 *   shows it instead of evaluating it (CSV injection). This changes the
 *   value: a phone "+14155550100" becomes "'+14155550100". Use it for
 *   columns a person reads (reasons, free text), not for columns a program
 *   must read back exactly (a phone column meant to be re-imported). It is
 *   a per-field choice for that reason.
 */
typedef enum
{
  BC_CSV_WRITER_NONE               = 0,
  BC_CSV_WRITER_NEUTRALISE_FORMULA = 1 << 0,
} BcCsvWriterFlags;

typedef struct _BcCsvWriter BcCsvWriter;

/* Appends one value to @out as a CSV field (no delimiter): quoted when it
 * holds the delimiter, a quote, CR or LF, or leading/trailing spaces;
 * quotes doubled. */
void         bc_csv_format_field      (GString          *out,
                                       const char       *value,
                                       char              delimiter,
                                       BcCsvWriterFlags  flags);

/* Rows end with CRLF (RFC 4180). The writer buffers and writes to @stream
 * in large blocks. */
BcCsvWriter *bc_csv_writer_new        (GOutputStream    *stream,
                                       char              delimiter);
void         bc_csv_writer_add        (BcCsvWriter      *self,
                                       const char       *value,
                                       BcCsvWriterFlags  flags);
gboolean     bc_csv_writer_end_row    (BcCsvWriter      *self,
                                       GCancellable     *cancellable,
                                       GError          **error);
/* Flushes and closes the stream. */
gboolean     bc_csv_writer_close      (BcCsvWriter      *self,
                                       GCancellable     *cancellable,
                                       GError          **error);
void         bc_csv_writer_free       (BcCsvWriter      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcCsvWriter, bc_csv_writer_free)

G_END_DECLS
