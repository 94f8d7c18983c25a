/* bc-csv-decoder.c: turning the bytes of a CSV file into UTF-8
 *
 * Spreadsheets write UTF-8 (with or without BOM), UTF-16 with BOM ("Unicode
 * text") or a Windows code page. Transcoding is done here, by table, rather
 * than through iconv: it is a few lines, never fails half-way, and behaves
 * the same under the fuzzer as in the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-csv-decoder"

#include "config.h"

#include <string.h>

#include "bc-csv-import-private.h"

/* A byte that can never appear in UTF-8: stands for what could not be
 * decoded, so the row check reports the line and column. */
#define UNDECODABLE 0xFF

/* Windows-1252 0x80–0x9F; the five unassigned bytes map to the C1
 * controls of the same value, as browsers do. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

void
bc_csv_decoder_init (BcCsvDecoder  *decoder,
                     BcCsvEncoding  encoding)
{
  memset (decoder, 0, sizeof *decoder);
  decoder->requested = encoding;
  decoder->encoding = BC_CSV_ENCODING_AUTO;
  decoder->out = g_string_sized_new (64 * 1024);
}

void
bc_csv_decoder_clear (BcCsvDecoder *decoder)
{
  if (decoder->out != NULL)
    g_string_free (decoder->out, TRUE);
  decoder->out = NULL;
}

const char *
bc_csv_decoder_get_name (BcCsvDecoder *decoder)
{
  BcCsvEncoding encoding = decoder->encoding;

  if (encoding == BC_CSV_ENCODING_AUTO)
    encoding = decoder->requested == BC_CSV_ENCODING_AUTO ? BC_CSV_ENCODING_UTF8
                                                          : decoder->requested;
  return bc_csv_encoding_to_string (encoding);
}

/* Decides the encoding from the first bytes and returns how many of them
 * are a BOM. */
static gsize
detect (BcCsvDecoder *decoder,
        const guchar *head,
        gsize         len)
{
  if (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
    {
      decoder->encoding = BC_CSV_ENCODING_UTF8;
      return 3;
    }
  if (len >= 2 && head[0] == 0xFF && head[1] == 0xFE)
    {
      decoder->encoding = BC_CSV_ENCODING_UTF16LE;
      return 2;
    }
  if (len >= 2 && head[0] == 0xFE && head[1] == 0xFF)
    {
      decoder->encoding = BC_CSV_ENCODING_UTF16BE;
      return 2;
    }

  if (decoder->requested != BC_CSV_ENCODING_AUTO)
    decoder->encoding = decoder->requested;
  /* A header is ASCII letters: in UTF-16 without a BOM every other byte
   * is zero. */
  else if (len >= 2 && head[0] != 0 && head[1] == 0)
    decoder->encoding = BC_CSV_ENCODING_UTF16LE;
  else if (len >= 2 && head[0] == 0 && head[1] != 0)
    decoder->encoding = BC_CSV_ENCODING_UTF16BE;
  else
    decoder->encoding = BC_CSV_ENCODING_UTF8;
  return 0;
}

static void
decode_single_byte (BcCsvDecoder *decoder,
                    const guchar *data,
                    gsize         len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar b = data[i];

      if (b < 0x80)
        g_string_append_c (decoder->out, (char) b);
      else if (decoder->encoding == BC_CSV_ENCODING_WINDOWS_1252 && b < 0xA0)
        g_string_append_unichar (decoder->out, cp1252_high[b - 0x80]);
      else
        g_string_append_unichar (decoder->out, b);
    }
}

static void
emit_utf16_unit (BcCsvDecoder *decoder,
                 gunichar      unit)
{
  if (decoder->high_surrogate != 0)
    {
      gunichar high = decoder->high_surrogate;

      decoder->high_surrogate = 0;
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        {
          g_string_append_unichar (decoder->out,
                                   0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00));
          return;
        }
      g_string_append_c (decoder->out, (char) UNDECODABLE);
    }

  if (unit >= 0xD800 && unit <= 0xDBFF)
    decoder->high_surrogate = unit;
  else if (unit >= 0xDC00 && unit <= 0xDFFF)
    g_string_append_c (decoder->out, (char) UNDECODABLE);
  else
    g_string_append_unichar (decoder->out, unit);
}

static void
decode_utf16 (BcCsvDecoder *decoder,
              const guchar *data,
              gsize         len,
              gboolean      eof)
{
  gboolean le = decoder->encoding == BC_CSV_ENCODING_UTF16LE;
  gsize i = 0;

  if (decoder->has_odd_byte && len > 0)
    {
      guchar pair[2] = { decoder->odd_byte, data[0] };

      emit_utf16_unit (decoder, le ? (pair[0] | pair[1] << 8) : (pair[0] << 8 | pair[1]));
      decoder->has_odd_byte = FALSE;
      i = 1;
    }
  for (; i + 1 < len; i += 2)
    emit_utf16_unit (decoder, le ? (data[i] | data[i + 1] << 8) : (data[i] << 8 | data[i + 1]));
  if (i < len)
    {
      decoder->odd_byte = data[i];
      decoder->has_odd_byte = TRUE;
    }

  if (eof)
    {
      if (decoder->high_surrogate != 0 || decoder->has_odd_byte)
        g_string_append_c (decoder->out, (char) UNDECODABLE);
      decoder->high_surrogate = 0;
      decoder->has_odd_byte = FALSE;
    }
}

static const char *
decode (BcCsvDecoder *decoder,
        const guchar *data,
        gsize         len,
        gboolean      eof,
        gsize        *out_len)
{
  switch (decoder->encoding)
    {
    case BC_CSV_ENCODING_UTF16LE:
    case BC_CSV_ENCODING_UTF16BE:
      decode_utf16 (decoder, data, len, eof);
      break;
    case BC_CSV_ENCODING_WINDOWS_1252:
    case BC_CSV_ENCODING_LATIN1:
      decode_single_byte (decoder, data, len);
      break;
    case BC_CSV_ENCODING_AUTO:
    case BC_CSV_ENCODING_UTF8:
    default:
      /* Validated per field later, where the line and column are known. */
      if (decoder->out->len == 0)
        {
          *out_len = len;
          return (const char *) data;
        }
      g_string_append_len (decoder->out, (const char *) data, len);
      break;
    }
  *out_len = decoder->out->len;
  return decoder->out->str;
}

const char *
bc_csv_decoder_feed (BcCsvDecoder *decoder,
                     const guchar *data,
                     gsize         len,
                     gboolean      eof,
                     gsize        *out_len)
{
  g_string_truncate (decoder->out, 0);
  /* The end of input comes as (NULL, 0): no pointer arithmetic on NULL. */
  if (data == NULL)
    data = (const guchar *) "";

  if (decoder->encoding == BC_CSV_ENCODING_AUTO)
    {
      guchar head[sizeof decoder->head];
      gsize n_head;
      gsize take = MIN (len, sizeof decoder->head - decoder->n_head);
      gsize bom;

      /* Hold the first bytes until there are enough to see a BOM. */
      if (take > 0)
        memcpy (decoder->head + decoder->n_head, data, take);
      decoder->n_head += take;
      data += take;
      len -= take;
      if (decoder->n_head < 3 && !eof)
        {
          *out_len = 0;
          return "";
        }

      memcpy (head, decoder->head, decoder->n_head);
      n_head = decoder->n_head;
      bom = detect (decoder, head, n_head);
      if (decoder->encoding == BC_CSV_ENCODING_UTF8)
        {
          g_string_append_len (decoder->out, (const char *) head + bom, n_head - bom);
          g_string_append_len (decoder->out, (const char *) data, len);
        }
      else
        {
          decode (decoder, head + bom, n_head - bom, FALSE, out_len);
          decode (decoder, data, len, eof, out_len);
        }
      *out_len = decoder->out->len;
      return decoder->out->str;
    }

  return decode (decoder, data, len, eof, out_len);
}
