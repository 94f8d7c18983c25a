/* bc-json-check.c: a fast JSON syntax check for CSV cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-json-check"

#include "config.h"

#include <string.h>

#include "bc-json-check.h"

typedef struct
{
  const char *p;
  const char *end;
  gboolean    too_deep;
} Scanner;

static BcJsonKind scan_value (Scanner *s, guint depth);

static void
skip_ws (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
scan_literal (Scanner    *s,
              const char *word,
              gsize       len)
{
  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

static gboolean
scan_string (Scanner *s)
{
  /* at the opening quote */
  s->p++;
  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p++;

      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        continue;
      if (s->p >= s->end)
        return FALSE;
      c = (guchar) *s->p++;
      switch (c)
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          break;
        case 'u':
          if (s->end - s->p < 4)
            return FALSE;
          for (guint i = 0; i < 4; i++)
            if (!g_ascii_isxdigit (s->p[i]))
              return FALSE;
          s->p += 4;
          break;
        default:
          return FALSE;
        }
    }
  return FALSE;
}

static gboolean
scan_digits (Scanner *s)
{
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > start;
}

static gboolean
scan_number (Scanner *s)
{
  if (*s->p == '-')
    s->p++;
  if (s->p >= s->end)
    return FALSE;
  if (*s->p == '0')
    s->p++;
  else if (!scan_digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  return TRUE;
}

/* Objects and arrays share the loop: members separated by ',' up to the
 * closing bracket. */
static gboolean
scan_container (Scanner *s,
                char     close,
                guint    depth)
{
  s->p++;
  skip_ws (s);
  if (s->p < s->end && *s->p == close)
    {
      s->p++;
      return TRUE;
    }
  for (;;)
    {
      if (close == '}')
        {
          if (s->p >= s->end || *s->p != '"' || !scan_string (s))
            return FALSE;
          skip_ws (s);
          if (s->p >= s->end || *s->p != ':')
            return FALSE;
          s->p++;
        }
      if (scan_value (s, depth + 1) == BC_JSON_INVALID)
        return FALSE;
      skip_ws (s);
      if (s->p >= s->end)
        return FALSE;
      if (*s->p == close)
        {
          s->p++;
          return TRUE;
        }
      if (*s->p != ',')
        return FALSE;
      s->p++;
      skip_ws (s);
    }
}

static BcJsonKind
scan_value (Scanner *s,
            guint    depth)
{
  skip_ws (s);
  if (s->p >= s->end)
    return BC_JSON_INVALID;
  if (depth > BC_JSON_MAX_DEPTH)
    {
      s->too_deep = TRUE;
      return BC_JSON_INVALID;
    }

  switch (*s->p)
    {
    case '{':
      return scan_container (s, '}', depth) ? BC_JSON_OBJECT : BC_JSON_INVALID;
    case '[':
      return scan_container (s, ']', depth) ? BC_JSON_ARRAY : BC_JSON_INVALID;
    case '"':
      return scan_string (s) ? BC_JSON_STRING : BC_JSON_INVALID;
    case 't':
      return scan_literal (s, "true", 4) ? BC_JSON_BOOLEAN : BC_JSON_INVALID;
    case 'f':
      return scan_literal (s, "false", 5) ? BC_JSON_BOOLEAN : BC_JSON_INVALID;
    case 'n':
      return scan_literal (s, "null", 4) ? BC_JSON_NULL : BC_JSON_INVALID;
    default:
      if (*s->p == '-' || g_ascii_isdigit (*s->p))
        return scan_number (s) ? BC_JSON_NUMBER : BC_JSON_INVALID;
      return BC_JSON_INVALID;
    }
}

BcJsonKind
bc_json_check (const char *text,
               gsize       len,
               gsize      *error_offset)
{
  Scanner s = { text, text + len, FALSE };
  BcJsonKind kind;

  kind = scan_value (&s, 0);
  if (kind != BC_JSON_INVALID)
    {
      skip_ws (&s);
      if (s.p != s.end)
        kind = BC_JSON_INVALID;
    }
  if (kind == BC_JSON_INVALID && s.too_deep)
    kind = BC_JSON_TOO_DEEP;
  if (error_offset != NULL)
    *error_offset = kind == BC_JSON_INVALID ? (gsize) (MIN (s.p, s.end) - text) : 0;
  return kind;
}

void
bc_json_append_string (GString    *out,
                       const char *value,
                       gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = value;
  const char *end = value + len;

  g_string_append_c (out, '"');
  for (const char *p = value; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
        }
    }
  g_string_append_len (out, run, end - run);
  g_string_append_c (out, '"');
}
