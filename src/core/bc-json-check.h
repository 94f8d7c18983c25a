/* bc-json-check.h: a fast JSON syntax check for CSV cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BC_JSON_INVALID,
  BC_JSON_OBJECT,
  BC_JSON_ARRAY,
  BC_JSON_STRING,
  BC_JSON_NUMBER,
  BC_JSON_BOOLEAN,
  BC_JSON_NULL,
  BC_JSON_TOO_DEEP,
} BcJsonKind;

/* Nesting deeper than this is refused (BC_JSON_TOO_DEEP) rather than
 * risking the stack on hostile input. */
#define BC_JSON_MAX_DEPTH 64

/* Checks that @text (@len bytes, UTF-8 already validated by the caller) is
 * one JSON value (RFC 8259) with optional surrounding white space, and
 * says what kind. A million metadata cells go through this, so it
 * allocates nothing; json-glib is used only where the content matters. On
 * BC_JSON_INVALID, @error_offset (may be NULL) is the byte where it went
 * wrong. */
BcJsonKind  bc_json_check          (const char *text,
                                    gsize       len,
                                    gsize      *error_offset);

/* Appends @value (UTF-8, @len bytes) to @out as a JSON string literal. */
void        bc_json_append_string  (GString    *out,
                                    const char *value,
                                    gsize       len);

G_END_DECLS
