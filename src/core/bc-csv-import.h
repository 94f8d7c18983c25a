/* bc-csv-import.h: importing the recipients CSV into a new batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bc-import-report.h"
#include "bc-types.h"

G_BEGIN_DECLS

/**
 * BcCsvEncoding:
 * @BC_CSV_ENCODING_AUTO: a BOM decides (UTF-8, UTF-16 LE/BE); without one,
 *   UTF-16 is recognised by its zero bytes, and anything else is UTF-8
 * @BC_CSV_ENCODING_WINDOWS_1252: what Excel writes for "CSV" on Western
 *   Windows; @BC_CSV_ENCODING_LATIN1: ISO 8859-1
 *
 * A BOM always wins over the choice: it cannot be mistaken.
 */
typedef enum
{
  BC_CSV_ENCODING_AUTO,
  BC_CSV_ENCODING_UTF8,
  BC_CSV_ENCODING_UTF16LE,
  BC_CSV_ENCODING_UTF16BE,
  BC_CSV_ENCODING_WINDOWS_1252,
  BC_CSV_ENCODING_LATIN1,
} BcCsvEncoding;

typedef struct
{
  /* FALSE (strict): any invalid row and nothing is imported. TRUE: valid
   * rows are imported, invalid ones skipped and listed. */
  gboolean       skip_invalid;
  /* FALSE: a phone number seen before is skipped (and reported). */
  gboolean       keep_duplicates;
  BcCsvEncoding  encoding;
  /* 0: sniffed from the header line among ',' ';' and tab. */
  char           delimiter;
} BcCsvImportOptions;

#define BC_CSV_IMPORT_ERROR (bc_csv_import_error_quark ())

typedef enum
{
  BC_CSV_IMPORT_ERROR_STORE,    /* the store refused the batch or the rows */
} BcCsvImportError;

/* Bytes read from the file, its size (0 if unknown) and data rows read.
 * Called on the main context of the caller at most every 100 ms. */
typedef void (*BcCsvImportProgress) (guint64  bytes_read,
                                     guint64  bytes_total,
                                     guint64  rows,
                                     gpointer user_data);

GQuark          bc_csv_import_error_quark    (void);

void            bc_csv_import_options_init   (BcCsvImportOptions *options);
gboolean        bc_csv_encoding_from_string  (const char         *name,
                                              BcCsvEncoding      *encoding);
const char     *bc_csv_encoding_to_string    (BcCsvEncoding       encoding);

/* The installed template (data/batch-call-template.csv): the phone
 * column, the reserved columns and one example dynamic variable, for the
 * app to offer as a starting sheet. */
char           *bc_csv_import_dup_template_path (void);

/* Store-less: reads @data as a recipients CSV and returns what an import
 * would report (nothing is written anywhere). */
BcImportReport *bc_csv_validate_bytes        (const void         *data,
                                              gsize               len,
                                              const BcCsvImportOptions *options);
BcImportReport *bc_csv_validate_stream       (GInputStream       *stream,
                                              const BcCsvImportOptions *options,
                                              GCancellable       *cancellable,
                                              GError            **error);

/* Streams @file into the recipients of @batch, a new Draft not yet in
 * @store. The batch is inserted hidden and published only when the import
 * succeeds; on failure, cancellation or a crash nothing stays visible. */
void            bc_csv_import_async          (BcStore            *store,
                                              BcBatch            *batch,
                                              GFile              *file,
                                              const BcCsvImportOptions *options,
                                              GCancellable       *cancellable,
                                              BcCsvImportProgress progress_cb,
                                              gpointer            progress_data,
                                              GDestroyNotify      progress_destroy,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
/* A new recipients file for @draft (a Draft in @store): imported as
 * bc_csv_import_async() imports a new batch, into a hidden batch of its
 * own; only on success do its rows replace the Draft's, in one
 * transaction. On failure, a strict refusal or cancellation the Draft
 * keeps the rows it had. Finish with bc_csv_import_finish(), whose
 * @batch is then @draft. */
void            bc_csv_import_replace_async  (BcStore            *store,
                                              BcBatch            *draft,
                                              GFile              *file,
                                              const BcCsvImportOptions *options,
                                              GCancellable       *cancellable,
                                              BcCsvImportProgress progress_cb,
                                              gpointer            progress_data,
                                              GDestroyNotify      progress_destroy,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
/* The report whenever the file could be read (see
 * bc_import_report_get_success() for whether rows were imported); NULL
 * with @error on I/O or store errors and G_IO_ERROR_CANCELLED. @batch
 * (may be NULL) is set to the published batch on success. */
BcImportReport *bc_csv_import_finish         (GAsyncResult       *result,
                                              BcBatch           **batch,
                                              GError            **error);

G_END_DECLS
