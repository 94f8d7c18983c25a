/* bc-api-json.h: defensive readers for JSON answers (internal to core)
 *
 * The API's spellings vary (snake_case and camelCase) and its types are not
 * guaranteed: every reader takes a NULL-terminated list of names and
 * returns a default for a missing member or a value of the wrong type,
 * converting where no meaning is lost (a numeric id becomes a string,
 * "42" becomes 42, "true" becomes TRUE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The first member of @object named in @names (NULL-terminated); NULL
 * when @object is NULL or none is present. A JSON null counts as absent. */
JsonNode   *bc_api_json_member        (JsonObject         *object,
                                       const char * const *names);
/* A newly allocated string, or NULL. */
char       *bc_api_json_dup_string    (JsonObject         *object,
                                       const char * const *names);
/* @fallback when absent or not a number. */
gint64      bc_api_json_get_int       (JsonObject         *object,
                                       const char * const *names,
                                       gint64              fallback);
double      bc_api_json_get_double    (JsonObject         *object,
                                       const char * const *names,
                                       double              fallback);
/* -1 unknown, 0 false, 1 true. */
int         bc_api_json_get_tristate  (JsonObject         *object,
                                       const char * const *names);
JsonObject *bc_api_json_get_object    (JsonObject         *object,
                                       const char * const *names);
JsonArray  *bc_api_json_get_array     (JsonObject         *object,
                                       const char * const *names);

/* The text of @node, compact. */
char       *bc_api_json_to_string     (JsonNode           *node);

#define BC_NAMES(...) ((const char * const []) { __VA_ARGS__, NULL })

G_END_DECLS
