/* bc-api-json.c: defensive readers for JSON answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-api-json"

#include "config.h"

#include <stdlib.h>
#include <math.h>

#include "bc-api-json.h"

JsonNode *
bc_api_json_member (JsonObject         *object,
                    const char * const *names)
{
  if (object == NULL)
    return NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (object, names[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        return node;
    }

  return NULL;
}

char *
bc_api_json_dup_string (JsonObject         *object,
                        const char * const *names)
{
  JsonNode *node = bc_api_json_member (object, names);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return json_node_dup_string (node);
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");

  return NULL;
}

static gboolean
parse_number (JsonNode *node,
              double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char *end = NULL;

      if (s == NULL || *s == '\0')
        return FALSE;
      *out = g_ascii_strtod (s, &end);
      if (end == s || *end != '\0')
        return FALSE;
    }
  else
    return FALSE;

  return isfinite (*out);
}

gint64
bc_api_json_get_int (JsonObject         *object,
                     const char * const *names,
                     gint64              fallback)
{
  JsonNode *node = bc_api_json_member (object, names);
  double d;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);

  if (!parse_number (node, &d) || d < (double) G_MININT64 || d > (double) G_MAXINT64)
    return fallback;

  return (gint64) d;
}

double
bc_api_json_get_double (JsonObject         *object,
                        const char * const *names,
                        double              fallback)
{
  double d;

  return parse_number (bc_api_json_member (object, names), &d) ? d : fallback;
}

int
bc_api_json_get_tristate (JsonObject         *object,
                          const char * const *names)
{
  JsonNode *node = bc_api_json_member (object, names);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? 1 : 0;
  if (type == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);
      return v == 0 ? 0 : v == 1 ? 1 : -1;
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (g_ascii_strcasecmp (s, "true") == 0 || g_strcmp0 (s, "1") == 0)
        return 1;
      if (g_ascii_strcasecmp (s, "false") == 0 || g_strcmp0 (s, "0") == 0)
        return 0;
    }

  return -1;
}

JsonObject *
bc_api_json_get_object (JsonObject         *object,
                        const char * const *names)
{
  JsonNode *node = bc_api_json_member (object, names);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
bc_api_json_get_array (JsonObject         *object,
                       const char * const *names)
{
  JsonNode *node = bc_api_json_member (object, names);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

char *
bc_api_json_to_string (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  return json_to_string (node, FALSE);
}
