/* bc-api-client-errors.c: reading error answers into BC_API_ERROR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-api-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bc-api-client-private.h"
#include "bc-api-json.h"

/* ---- errors ---------------------------------------------------------- */

static gint64
parse_retry_after (const char *value,
                   gint64      now_ms)
{
  g_autoptr(GDateTime) date = NULL;
  char *end = NULL;
  double seconds;

  if (value == NULL)
    return -1;

  seconds = g_ascii_strtod (value, &end);
  if (end != value && *end == '\0')
    return seconds >= 0 && seconds < 86400.0 * 365 ? (gint64) (seconds * 1000) : -1;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;
  return MAX (0, g_date_time_to_unix (date) * 1000 - now_ms);
}

static gboolean
looks_like_code (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && *s != '_' && *s != '-' && *s != '.')
      return FALSE;
  return TRUE;
}

GError *
_bc_api_error_from_answer (BcApiClient *self,
                           guint        status,
                           const char  *reason,
                           GBytes      *body,
                           const char  *retry_after,
                           gint64       now_ms,
                           gboolean     retry_safe)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *server_message = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *shown = NULL;
  JsonObject *object = NULL;
  BcApiErrorCode error_code;
  gboolean fate_unknown = FALSE;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (size > 0 && json_parser_load_from_data (parser, data, size, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  if (object != NULL)
    {
      JsonObject *nested = bc_api_json_get_object (object, BC_NAMES ("error"));

      server_message = bc_api_json_dup_string (object, BC_NAMES ("message", "detail", "error_message"));
      if (server_message == NULL)
        server_message = bc_api_json_dup_string (nested != NULL ? nested : object,
                                                 nested != NULL ? BC_NAMES ("message") : BC_NAMES ("error"));
      code = bc_api_json_dup_string (nested != NULL ? nested : object,
                                     BC_NAMES ("code", "error_code", "errorCode", "reason"));
      if (code == NULL && nested == NULL)
        {
          g_autofree char *error_text = bc_api_json_dup_string (object, BC_NAMES ("error"));
          if (looks_like_code (error_text))
            code = g_steal_pointer (&error_text);
        }
    }

  if (g_strcmp0 (code, "no_valid_payment") == 0 || status == SOUP_STATUS_PAYMENT_REQUIRED)
    error_code = BC_API_ERROR_PAYMENT_REQUIRED;
  else if (g_strcmp0 (code, "concurrency_limit_reached") == 0 || status == 429)
    error_code = BC_API_ERROR_RATE_LIMITED;
  else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    error_code = BC_API_ERROR_UNAUTHORIZED;
  else if (status == SOUP_STATUS_NOT_FOUND)
    error_code = BC_API_ERROR_NOT_FOUND;
  else if (status >= 500 && status < 600)
    {
      error_code = BC_API_ERROR_SERVER;
      /* 502/503 come from in front of the service; any other 5xx to a
       * request that creates something may have come after it did. */
      fate_unknown = !retry_safe && status != SOUP_STATUS_BAD_GATEWAY &&
                     status != SOUP_STATUS_SERVICE_UNAVAILABLE;
    }
  else if (status >= 400 && status < 500)
    error_code = BC_API_ERROR_INVALID_REQUEST;
  else
    error_code = BC_API_ERROR_PROTOCOL;

  shown = _bc_api_client_redact (self, server_message != NULL && *server_message != '\0'
                                       ? server_message
                                       : (reason != NULL && *reason != '\0' ? reason
                                          : soup_status_get_phrase (status)));
  switch (error_code)
    {
    case BC_API_ERROR_UNAUTHORIZED:
      message = g_strdup_printf (_("The API token was refused (%s)."), shown);
      break;
    case BC_API_ERROR_PAYMENT_REQUIRED:
      message = g_strdup_printf (_("The account has no valid payment method (%s)."), shown);
      break;
    case BC_API_ERROR_RATE_LIMITED:
      message = g_strdup_printf (_("Too many calls at once (%s)."), shown);
      break;
    case BC_API_ERROR_NOT_FOUND:
      message = g_strdup_printf (_("Not found (%s)."), shown);
      break;
    case BC_API_ERROR_SERVER:
      message = g_strdup_printf (_("The server failed (HTTP %u: %s)."), status, shown);
      break;
    case BC_API_ERROR_PROTOCOL:
      message = g_strdup_printf (_("Unexpected answer from the server (HTTP %u)."), status);
      break;
    case BC_API_ERROR_INVALID_REQUEST:
    case BC_API_ERROR_NETWORK:
    case BC_API_ERROR_TIMEOUT:
    case BC_API_ERROR_INSECURE_URL:
    case BC_API_ERROR_NOT_SUPPORTED:
    default:
      message = g_steal_pointer (&shown);
      break;
    }

  return bc_api_error_new_full (error_code, status, code,
                                parse_retry_after (retry_after, now_ms),
                                fate_unknown, message);
}

gboolean
_bc_api_check_success (BcApiClient  *self,
                       JsonNode     *root,
                       GError      **error)
{
  JsonObject *object;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;

  object = json_node_get_object (root);
  /* retell's refusal is {"status":"error","message"}; a *call* whose
   * status is "error" carries an id and is no refusal. */
  if (bc_api_json_get_tristate (object, BC_NAMES ("success")) != 0 &&
      !(g_strcmp0 (json_object_get_string_member_with_default (object, "status", ""), "error") == 0 &&
        json_object_has_member (object, "message") &&
        bc_api_json_member (object, BC_NAMES ("call_id", "callId", "id")) == NULL))
    return TRUE;

  /* A refusal dressed as 200: read it like a 400. */
  text = json_to_string (root, FALSE);
  bytes = g_bytes_new_static (text, strlen (text));
  g_propagate_error (error, _bc_api_error_from_answer (self, SOUP_STATUS_BAD_REQUEST, NULL, bytes,
                                                       NULL, 0, FALSE));
  return FALSE;
}

GError *
_bc_api_protocol_error (const char *what)
{
  g_autofree char *message = g_strdup_printf (_("The server’s answer could not be read: %s."), what);

  return bc_api_error_new_full (BC_API_ERROR_PROTOCOL, 200, NULL, -1, FALSE, message);
}

