/* bc-csv-pipeline.c: validated rows handed to the store on a second thread
 *
 * Parsing and validating a row costs about a fifth of inserting it (the
 * recipients table has two indexes), so on two cores the import runs the
 * writer on a thread of its own. Rows travel in blocks drawn from a fixed
 * pool: the parser waits when the writer is behind, so memory stays
 * bounded (POOL_BLOCKS × ~BLOCK_ROWS rows) whatever the file size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-csv-import"

#include "config.h"

#include <string.h>

#include "bc-csv-import-private.h"

#define BLOCK_ROWS  1024
#define POOL_BLOCKS 8
#define NO_TEXT     G_MAXUINT32

typedef struct
{
  guint32 line;
  gint32  agent_version;
  guint32 ignore_e164;
  guint32 phone;          /* offsets into the block's text, or NO_TEXT */
  guint32 agent_id;
  guint32 metadata;
  guint32 sip_headers;
  guint32 variables;
} PackedRow;

typedef struct
{
  PackedRow rows[BLOCK_ROWS];
  guint     n_rows;
  GString  *text;
  gboolean  last;         /* the parser is done: the writer stops here */
} Block;

struct _BcCsvPipeline
{
  BcRecipientWriter *writer;
  GThread           *thread;
  GAsyncQueue       *free_blocks;
  GAsyncQueue       *full_blocks;
  Block             *current;
  Block              pool[POOL_BLOCKS];

  gint               failed;     /* atomic: the writer hit an error */
  GError            *error;      /* set by the writer thread before @failed */
  gboolean           closed;
};

static guint32
pack_text (GString    *text,
           const char *value)
{
  guint32 offset;

  if (value == NULL)
    return NO_TEXT;
  offset = (guint32) text->len;
  g_string_append_len (text, value, strlen (value) + 1);
  return offset;
}

static const char *
unpack_text (const Block *block,
             guint32      offset)
{
  return offset == NO_TEXT ? NULL : block->text->str + offset;
}

static gpointer
writer_thread (gpointer user_data)
{
  BcCsvPipeline *self = user_data;

  for (;;)
    {
      Block *block = g_async_queue_pop (self->full_blocks);
      gboolean last = block->last;

      for (guint i = 0; i < block->n_rows && !g_atomic_int_get (&self->failed); i++)
        {
          const PackedRow *packed = &block->rows[i];
          BcRecipientData row = { 0 };

          row.line = packed->line;
          row.override_agent_version = packed->agent_version;
          row.ignore_e164 = packed->ignore_e164;
          row.phone = (char *) unpack_text (block, packed->phone);
          row.override_agent_id = (char *) unpack_text (block, packed->agent_id);
          row.metadata = (char *) unpack_text (block, packed->metadata);
          row.custom_sip_headers = (char *) unpack_text (block, packed->sip_headers);
          row.variables = (char *) unpack_text (block, packed->variables);
          if (!bc_recipient_writer_add (self->writer, &row, &self->error))
            g_atomic_int_set (&self->failed, 1);
        }

      block->n_rows = 0;
      block->last = FALSE;
      g_string_truncate (block->text, 0);
      g_async_queue_push (self->free_blocks, block);
      if (last)
        return NULL;
    }
}

BcCsvPipeline *
bc_csv_pipeline_new (BcRecipientWriter *writer)
{
  BcCsvPipeline *self = g_new0 (BcCsvPipeline, 1);

  self->writer = writer;
  self->free_blocks = g_async_queue_new ();
  self->full_blocks = g_async_queue_new ();
  for (guint i = 0; i < POOL_BLOCKS; i++)
    {
      self->pool[i].text = g_string_sized_new (BLOCK_ROWS * 128);
      g_async_queue_push (self->free_blocks, &self->pool[i]);
    }
  self->thread = g_thread_new ("bc-csv-writer", writer_thread, self);
  return self;
}

static void
send_current (BcCsvPipeline *self,
              gboolean       last)
{
  if (self->current == NULL)
    self->current = g_async_queue_pop (self->free_blocks);
  self->current->last = last;
  g_async_queue_push (self->full_blocks, self->current);
  self->current = NULL;
}

gboolean
bc_csv_pipeline_push (const BcRecipientData  *row,
                      gpointer                user_data,
                      GError                **error)
{
  BcCsvPipeline *self = user_data;
  PackedRow *packed;
  Block *block;

  if (g_atomic_int_get (&self->failed))
    {
      /* The writer thread wrote @error before setting the flag, and is no
       * longer touching it. */
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }

  if (self->current == NULL)
    self->current = g_async_queue_pop (self->free_blocks);
  block = self->current;

  packed = &block->rows[block->n_rows++];
  packed->line = row->line;
  packed->agent_version = row->override_agent_version;
  packed->ignore_e164 = row->ignore_e164;
  packed->phone = pack_text (block->text, row->phone);
  packed->agent_id = pack_text (block->text, row->override_agent_id);
  packed->metadata = pack_text (block->text, row->metadata);
  packed->sip_headers = pack_text (block->text, row->custom_sip_headers);
  packed->variables = pack_text (block->text, row->variables);

  if (block->n_rows == BLOCK_ROWS)
    send_current (self, FALSE);
  return TRUE;
}

gboolean
bc_csv_pipeline_close (BcCsvPipeline  *self,
                       GError        **error)
{
  if (!self->closed)
    {
      self->closed = TRUE;
      send_current (self, TRUE);
      g_thread_join (self->thread);
      self->thread = NULL;
    }
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  return TRUE;
}

void
bc_csv_pipeline_free (BcCsvPipeline *self)
{
  if (self == NULL)
    return;
  bc_csv_pipeline_close (self, NULL);
  for (guint i = 0; i < POOL_BLOCKS; i++)
    g_string_free (self->pool[i].text, TRUE);
  g_async_queue_unref (self->free_blocks);
  g_async_queue_unref (self->full_blocks);
  g_clear_error (&self->error);
  g_free (self);
}
