/* bc-api-error.c: the extended BC_API_ERROR domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-api-error"

#include "config.h"

#include "bc-api-error.h"

typedef struct
{
  guint    http_status;
  char    *server_code;
  gint64   retry_after_ms;
  gboolean fate_unknown;
} BcApiErrorPrivate;

static void
bc_api_error_private_init (BcApiErrorPrivate *priv)
{
  priv->retry_after_ms = -1;
}

static void
bc_api_error_private_copy (const BcApiErrorPrivate *src,
                           BcApiErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->server_code = g_strdup (src->server_code);
  dest->retry_after_ms = src->retry_after_ms;
  dest->fate_unknown = src->fate_unknown;
}

static void
bc_api_error_private_clear (BcApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
}

G_DEFINE_EXTENDED_ERROR (BcApiError, bc_api_error)

GError *
bc_api_error_new_full (BcApiErrorCode  code,
                       guint           http_status,
                       const char     *server_code,
                       gint64          retry_after_ms,
                       gboolean        fate_unknown,
                       const char     *message)
{
  GError *error = g_error_new_literal (BC_API_ERROR, code, message);
  BcApiErrorPrivate *priv = bc_api_error_get_private (error);

  priv->http_status = http_status;
  priv->server_code = g_strdup (server_code);
  priv->retry_after_ms = retry_after_ms;
  priv->fate_unknown = fate_unknown;

  return error;
}

static BcApiErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != BC_API_ERROR)
    return NULL;
  return bc_api_error_get_private (error);
}

gboolean
bc_api_error_fate_unknown (const GError *error)
{
  BcApiErrorPrivate *priv = get_private (error);

  return priv != NULL && priv->fate_unknown;
}

gint64
bc_api_error_get_retry_after_ms (const GError *error)
{
  BcApiErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->retry_after_ms : -1;
}

guint
bc_api_error_get_http_status (const GError *error)
{
  BcApiErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

const char *
bc_api_error_get_server_code (const GError *error)
{
  BcApiErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->server_code : NULL;
}

gboolean
bc_api_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != BC_API_ERROR)
    return FALSE;

  switch ((BcApiErrorCode) error->code)
    {
    case BC_API_ERROR_RATE_LIMITED:
    case BC_API_ERROR_SERVER:
    case BC_API_ERROR_NETWORK:
    case BC_API_ERROR_TIMEOUT:
      return TRUE;
    case BC_API_ERROR_UNAUTHORIZED:
    case BC_API_ERROR_PAYMENT_REQUIRED:
    case BC_API_ERROR_INVALID_REQUEST:
    case BC_API_ERROR_NOT_FOUND:
    case BC_API_ERROR_PROTOCOL:
    case BC_API_ERROR_INSECURE_URL:
    case BC_API_ERROR_NOT_SUPPORTED:
    default:
      return FALSE;
    }
}
