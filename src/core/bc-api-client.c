/* bc-api-client.c: the client object, its session and settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-api-client"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "bc-api-client-private.h"
#include "bc-real-clock.h"

#define DEFAULT_TIMEOUT_MS        30000
#define DEFAULT_MAX_ATTEMPTS      4
#define DEFAULT_BACKOFF_BASE_MS   500
#define DEFAULT_BACKOFF_MAX_MS    30000
/* libsoup's own I/O timeout, a backstop behind the clock's (seconds). */
#define SOUP_BACKSTOP_TIMEOUT_S   300

G_DEFINE_FINAL_TYPE (BcApiClient, bc_api_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_PROFILE,
  PROP_MAX_CONNS,
  PROP_CLOCK,
  PROP_WORKSPACE_ID,
  PROP_ACCOUNT_SID,
  PROP_TIMEOUT_MS,
  PROP_MAX_ATTEMPTS,
  PROP_REUSE_CONNECTIONS,
  N_PROPS
};

enum {
  RETRY_SCHEDULED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
_bc_api_client_emit_retry_scheduled (BcApiClient  *self,
                                     guint         attempt,
                                     guint         delay_ms,
                                     const GError *error)
{
  g_signal_emit (self, signals[RETRY_SCHEDULED], 0, attempt, delay_ms, error);
}

static void
set_base_url (BcApiClient *self,
              const char  *base_url)
{
  gsize len;

  g_free (self->base_url);
  self->base_url = g_strdup (base_url != NULL ? base_url : "");
  len = strlen (self->base_url);
  while (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[--len] = '\0';
  self->base_url_ok = bc_api_check_base_url (self->base_url, NULL);
}

/* SoupLogger lines go to g_debug, with the token out of them whatever
 * libsoup prints (it shows an Authorization header as sent). */
static void
on_http_log_cb (SoupLogger         *logger,
                SoupLoggerLogLevel  level,
                char                direction,
                const char         *data,
                gpointer            user_data)
{
  BcApiClient *self = user_data;
  g_autofree char *line = NULL;

  if (g_ascii_strncasecmp (data, "Authorization:", strlen ("Authorization:")) == 0)
    line = g_strdup ("Authorization: [redacted]");
  else
    line = _bc_api_client_redact (self, data);
  g_debug ("http %c %s", direction, line);
}

/* BC_API_HTTP_DEBUG=minimal|headers|body traces the wire. "body" shows the
 * people's numbers and variables: only when asked for. */
static void
maybe_add_logger (BcApiClient *self)
{
  const char *value = g_getenv ("BC_API_HTTP_DEBUG");
  SoupLoggerLogLevel level;
  g_autoptr(SoupLogger) logger = NULL;

  if (value == NULL || *value == '\0')
    return;
  if (g_str_equal (value, "body"))
    level = SOUP_LOGGER_LOG_BODY;
  else if (g_str_equal (value, "headers"))
    level = SOUP_LOGGER_LOG_HEADERS;
  else
    level = SOUP_LOGGER_LOG_MINIMAL;

  logger = soup_logger_new (level);
  soup_logger_set_printer (logger, on_http_log_cb, self, NULL);
  soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
}

static void
bc_api_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BcApiClient *self = BC_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_PROFILE:
      g_value_set_int (value, self->profile);
      break;
    case PROP_MAX_CONNS:
      g_value_set_uint (value, self->max_conns);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_WORKSPACE_ID:
      g_value_set_int64 (value, self->workspace_id);
      break;
    case PROP_ACCOUNT_SID:
      g_value_set_string (value, self->account_sid);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;
    case PROP_REUSE_CONNECTIONS:
      g_value_set_boolean (value, self->reuse_connections);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_api_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BcApiClient *self = BC_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      set_base_url (self, g_value_get_string (value));
      break;
    case PROP_PROFILE:
      self->profile = g_value_get_int (value);
      break;
    case PROP_MAX_CONNS:
      self->max_conns = g_value_get_uint (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_WORKSPACE_ID:
      bc_api_client_set_workspace_id (self, g_value_get_int64 (value));
      break;
    case PROP_ACCOUNT_SID:
      bc_api_client_set_account_sid (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT_MS:
      bc_api_client_set_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_MAX_ATTEMPTS:
      bc_api_client_set_max_attempts (self, g_value_get_uint (value));
      break;
    case PROP_REUSE_CONNECTIONS:
      bc_api_client_set_reuse_connections (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_api_client_constructed (GObject *object)
{
  BcApiClient *self = BC_API_CLIENT (object);

  G_OBJECT_CLASS (bc_api_client_parent_class)->constructed (object);

  if (self->clock == NULL)
    self->clock = bc_real_clock_new ();

  /* max-conns-per-host defaults to 2, which would cap a batch at two calls
   * on the wire; both are construct-only. */
  self->session = soup_session_new_with_options ("max-conns", (int) self->max_conns,
                                                 "max-conns-per-host", (int) self->max_conns,
                                                 "timeout", SOUP_BACKSTOP_TIMEOUT_S,
                                                 "idle-timeout", 60,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                                 NULL);
  maybe_add_logger (self);
}

static void
bc_api_client_dispose (GObject *object)
{
  BcApiClient *self = BC_API_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (bc_api_client_parent_class)->dispose (object);
}

static void
bc_api_client_finalize (GObject *object)
{
  BcApiClient *self = BC_API_CLIENT (object);

  g_free (self->base_url);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->account_sid);
  g_rand_free (self->rand);

  G_OBJECT_CLASS (bc_api_client_parent_class)->finalize (object);
}

static void
bc_api_client_class_init (BcApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bc_api_client_get_property;
  object_class->set_property = bc_api_client_set_property;
  object_class->constructed = bc_api_client_constructed;
  object_class->dispose = bc_api_client_dispose;
  object_class->finalize = bc_api_client_finalize;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_int ("profile", NULL, NULL, BC_API_PROFILE_UPONAI, BC_API_PROFILE_RETELL,
                      BC_API_PROFILE_UPONAI,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONNS] =
    g_param_spec_uint ("max-conns", NULL, NULL, 1, 4096, 10,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, BC_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKSPACE_ID] =
    g_param_spec_int64 ("workspace-id", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_SID] =
    g_param_spec_string ("account-sid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 1, 100, DEFAULT_MAX_ATTEMPTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REUSE_CONNECTIONS] =
    g_param_spec_boolean ("reuse-connections", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BcApiClient::retry-scheduled:
   * @attempt: the attempt that failed (1-based)
   * @delay_ms: when the next one goes out
   * @error: why
   */
  signals[RETRY_SCHEDULED] =
    g_signal_new ("retry-scheduled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_ERROR);
}

static void
bc_api_client_init (BcApiClient *self)
{
  self->max_conns = 10;
  self->workspace_id = -1;
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->rand = g_rand_new ();
}

BcApiClient *
bc_api_client_new (const char    *base_url,
                   BcApiProfile   profile,
                   guint          max_conns,
                   BcClock       *clock,
                   GError       **error)
{
  g_return_val_if_fail (clock == NULL || BC_IS_CLOCK (clock), NULL);

  if (!bc_api_check_base_url (base_url, error))
    return NULL;

  return g_object_new (BC_TYPE_API_CLIENT,
                       "base-url", base_url,
                       "profile", profile,
                       "max-conns", MAX (max_conns, 1),
                       "clock", clock,
                       NULL);
}

const char *
bc_api_client_get_base_url (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), NULL);
  return self->base_url;
}

BcApiProfile
bc_api_client_get_profile (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), BC_API_PROFILE_UPONAI);
  return self->profile;
}

guint
bc_api_client_get_max_conns (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), 0);
  return self->max_conns;
}

BcClock *
bc_api_client_get_clock (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), NULL);
  return self->clock;
}

void
bc_api_client_set_token (BcApiClient *self,
                         const char  *token)
{
  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = token != NULL && *token != '\0' ? g_strdup (token) : NULL;
}

gboolean
bc_api_client_has_token (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), FALSE);
  return self->token != NULL;
}

gint64
bc_api_client_get_workspace_id (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), -1);
  return self->workspace_id;
}

void
bc_api_client_set_workspace_id (BcApiClient *self,
                                gint64       workspace_id)
{
  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (self->workspace_id == workspace_id)
    return;
  self->workspace_id = workspace_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE_ID]);
}

const char *
bc_api_client_get_account_sid (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), NULL);
  return self->account_sid;
}

void
bc_api_client_set_account_sid (BcApiClient *self,
                               const char  *account_sid)
{
  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (g_strcmp0 (self->account_sid, account_sid) == 0)
    return;
  g_free (self->account_sid);
  self->account_sid = g_strdup (account_sid);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_SID]);
}

guint
bc_api_client_get_timeout_ms (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), 0);
  return self->timeout_ms;
}

void
bc_api_client_set_timeout_ms (BcApiClient *self,
                              guint        timeout_ms)
{
  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

guint
bc_api_client_get_max_attempts (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), 0);
  return self->max_attempts;
}

void
bc_api_client_set_max_attempts (BcApiClient *self,
                                guint        max_attempts)
{
  g_return_if_fail (BC_IS_API_CLIENT (self));

  max_attempts = MAX (max_attempts, 1);
  if (self->max_attempts == max_attempts)
    return;
  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

gboolean
bc_api_client_get_reuse_connections (BcApiClient *self)
{
  g_return_val_if_fail (BC_IS_API_CLIENT (self), FALSE);
  return self->reuse_connections;
}

void
bc_api_client_set_reuse_connections (BcApiClient *self,
                                     gboolean     reuse)
{
  g_return_if_fail (BC_IS_API_CLIENT (self));

  reuse = !!reuse;
  if (self->reuse_connections == reuse)
    return;
  self->reuse_connections = reuse;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REUSE_CONNECTIONS]);
}

void
bc_api_client_set_backoff (BcApiClient *self,
                           guint        base_ms,
                           guint        max_ms)
{
  g_return_if_fail (BC_IS_API_CLIENT (self));

  self->backoff_base_ms = MAX (base_ms, 1);
  self->backoff_max_ms = MAX (max_ms, self->backoff_base_ms);
}

void
bc_api_client_set_random_seed (BcApiClient *self,
                               guint32      seed)
{
  g_return_if_fail (BC_IS_API_CLIENT (self));

  g_rand_set_seed (self->rand, seed);
}
