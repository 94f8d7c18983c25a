/* bc-csv-import-private.h: the parts of the importer, shared by its files
 * and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <csv.h>

#include "bc-csv-import.h"
#include "bc-import-report-private.h"
#include "bc-phone-set.h"
#include "bc-recipient.h"
#include "bc-store.h"

G_BEGIN_DECLS

/* Longer values are a row error; a value still growing past
 * BC_CSV_MAX_BUFFERED (a quote left open) stops the import, so memory
 * stays bounded whatever the file. */
#define BC_CSV_MAX_VALUE    (64 * 1024)
#define BC_CSV_MAX_BUFFERED (32 * 1024 * 1024)

/* ---- Decoding to UTF-8 (bc-csv-decoder.c) ---- */

typedef struct
{
  BcCsvEncoding requested;
  BcCsvEncoding encoding;   /* AUTO until the first bytes decided */
  guchar        head[4];    /* bytes held to recognise a BOM */
  guint         n_head;
  guchar        odd_byte;   /* UTF-16: half a code unit */
  gboolean      has_odd_byte;
  gunichar      high_surrogate;
  GString      *out;
} BcCsvDecoder;

void         bc_csv_decoder_init    (BcCsvDecoder  *decoder,
                                     BcCsvEncoding  encoding);
void         bc_csv_decoder_clear   (BcCsvDecoder  *decoder);
/* Returns UTF-8 (or, for UTF-8 input, the bytes as they are) valid until
 * the next call. Text that cannot be decoded becomes bytes that are not
 * UTF-8, so the row validator reports it with its line and column. */
const char  *bc_csv_decoder_feed    (BcCsvDecoder  *decoder,
                                     const guchar  *data,
                                     gsize          len,
                                     gboolean       eof,
                                     gsize         *out_len);
const char  *bc_csv_decoder_get_name (BcCsvDecoder *decoder);

/* ---- The header (bc-csv-header.c) ---- */

typedef enum
{
  BC_CSV_FIELD_PHONE,
  BC_CSV_FIELD_AGENT_ID,
  BC_CSV_FIELD_AGENT_VERSION,
  BC_CSV_FIELD_METADATA,
  BC_CSV_FIELD_SIP_HEADERS,
  BC_CSV_FIELD_IGNORE_E164,
  BC_CSV_N_RESERVED,
  BC_CSV_FIELD_VARIABLE = BC_CSV_N_RESERVED,
} BcCsvField;

typedef struct
{
  BcCsvField  field;
  char       *name;       /* as written, trimmed */
  char       *json_name;  /* the name as a JSON string literal (variables) */
} BcCsvColumn;

typedef struct
{
  BcCsvColumn *columns;
  guint        n_columns;
  gint         index[BC_CSV_N_RESERVED];  /* column of each reserved field, or -1 */
} BcCsvHeader;

/* "Phone_Number " → "phone number": the form names are matched in. */
char        *bc_csv_header_match_key (const char *name,
                                      gsize       len);
/* Maps the header row; problems go to @report. FALSE: the file cannot be
 * used. */
gboolean     bc_csv_header_parse     (BcCsvHeader    *header,
                                      const char    **values,
                                      const gsize    *lengths,
                                      guint           n_values,
                                      guint64         line,
                                      BcImportReport *report);
void         bc_csv_header_clear     (BcCsvHeader    *header);
GStrv        bc_csv_header_dup_variables (const BcCsvHeader *header);

/* ---- One data row (bc-csv-row.c) ---- */

typedef struct
{
  const BcCsvImportOptions *options;
  const BcCsvHeader        *header;
  BcImportReport           *report;
  BcPhoneSet               *phones;
  GString                  *variables;  /* scratch: the row's variables JSON */
  char                     *phone;      /* scratch: the normalised phone */
  gboolean                  utf16;      /* undecodable text came from UTF-16 */
} BcCsvRowContext;

typedef enum
{
  BC_CSV_ROW_VALID,
  BC_CSV_ROW_INVALID,
  BC_CSV_ROW_DUPLICATE,   /* valid, but skipped as a duplicate */
} BcCsvRowResult;

/* Validates a row whose field count matches the header and fills @data
 * (pointing into @values and the context's scratch buffers). */
BcCsvRowResult bc_csv_row_validate   (BcCsvRowContext *ctx,
                                      char           **values,
                                      gsize           *lengths,
                                      guint64          line,
                                      BcRecipientData *data);

/* ---- The streaming parser (bc-csv-parser.c) ---- */

/* Receives each row to import; FALSE (with @error) stops the import. */
typedef gboolean (*BcCsvRowSink) (const BcRecipientData *row,
                                  gpointer               user_data,
                                  GError               **error);

typedef struct _BcCsvParser BcCsvParser;

BcCsvParser *bc_csv_parser_new       (const BcCsvImportOptions *options,
                                      BcImportReport *report,
                                      BcCsvRowSink    sink,
                                      gpointer        sink_data);
/* FALSE only when the sink failed. After a file error (in the report)
 * bc_csv_parser_is_stopped() is TRUE and more input is ignored. */
gboolean     bc_csv_parser_feed      (BcCsvParser   *self,
                                      const void    *data,
                                      gsize          len,
                                      GError       **error);
/* Flushes the last row and sets the report's result. */
gboolean     bc_csv_parser_finish    (BcCsvParser   *self,
                                      GError       **error);
gboolean     bc_csv_parser_is_stopped (BcCsvParser  *self);
guint64      bc_csv_parser_get_rows  (BcCsvParser   *self);
void         bc_csv_parser_free      (BcCsvParser   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcCsvParser, bc_csv_parser_free)

/* ---- Handing rows to the store's writer on its own thread
 * (bc-csv-pipeline.c) ---- */

typedef struct _BcCsvPipeline BcCsvPipeline;

/* Starts the writer thread; @writer is used only by it until close. */
BcCsvPipeline *bc_csv_pipeline_new   (BcRecipientWriter     *writer);
/* A BcCsvRowSink (user_data: the pipeline). */
gboolean     bc_csv_pipeline_push    (const BcRecipientData *row,
                                      gpointer               user_data,
                                      GError               **error);
/* Sends what is left and waits for the writer thread; the writer's
 * error, if any. */
gboolean     bc_csv_pipeline_close   (BcCsvPipeline         *self,
                                      GError               **error);
void         bc_csv_pipeline_free    (BcCsvPipeline         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcCsvPipeline, bc_csv_pipeline_free)

G_END_DECLS
