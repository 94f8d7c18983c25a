/* bc-api-client-account.c: the account's numbers, agents and concurrency,
 * and the helpers every endpoint uses
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

#define AGENTS_PAGE_LIMIT 1000

/* ---- helpers --------------------------------------------------------- */

/* The array of an answer: the root itself, or one of @names in it. */
JsonArray *
_bc_api_answer_array (JsonNode           *root,
                      const char * const *names)
{
  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  if (JSON_NODE_HOLDS_OBJECT (root))
    return bc_api_json_get_array (json_node_get_object (root), names);
  return NULL;
}

char *
_bc_api_escape (const char *s)
{
  return g_uri_escape_string (s != NULL ? s : "", NULL, FALSE);
}

void
_bc_api_append_query (GString    *path,
                      const char *name,
                      const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = _bc_api_escape (value);
  g_string_append_printf (path, "%c%s=%s", strchr (path->str, '?') ? '&' : '?', name, escaped);
}

void
_bc_api_append_query_int (GString    *path,
                          const char *name,
                          gint64      value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  _bc_api_append_query (path, name, buf);
}

gboolean
_bc_api_return_early_error (BcApiClient         *self,
                            GError              *error,
                            gpointer             source_tag,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
  return TRUE;
}

gboolean
_bc_api_need_account (BcApiClient         *self,
                      gboolean             sid,
                      gpointer             source_tag,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  if (sid && bc_api_client_get_profile (self) == BC_API_PROFILE_UPONAI &&
      (bc_api_client_get_account_sid (self) == NULL || *bc_api_client_get_account_sid (self) == '\0'))
    return _bc_api_return_early_error (self, bc_api_error_new_full (BC_API_ERROR_INVALID_REQUEST, 0, NULL, -1, FALSE,
                                                            _("The account SID is not set.")),
                               source_tag, callback, user_data);

  if (!sid && bc_api_client_get_profile (self) == BC_API_PROFILE_UPONAI &&
      bc_api_client_get_workspace_id (self) < 0)
    return _bc_api_return_early_error (self, bc_api_error_new_full (BC_API_ERROR_INVALID_REQUEST, 0, NULL, -1, FALSE,
                                                            _("The workspace id is not set.")),
                               source_tag, callback, user_data);
  return FALSE;
}

/* ---- list numbers ---------------------------------------------------- */

static gpointer
parse_numbers (BcApiClient  *self,
               JsonNode     *root,
               GError      **error)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_from_number_free);
  JsonArray *array;

  if (!_bc_api_check_success (self, root, error))
    return NULL;

  array = _bc_api_answer_array (root, BC_NAMES ("numbers", "phone_numbers", "data"));
  if (array == NULL)
    {
      g_propagate_error (error, _bc_api_protocol_error ("no list of numbers"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      BcFromNumber *number = bc_from_number_new_from_json (json_array_get_element (array, i));

      if (number != NULL)
        g_ptr_array_add (numbers, number);
    }

  return g_steal_pointer (&numbers);
}

void
bc_api_client_list_numbers_async (BcApiClient         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *sid = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (_bc_api_need_account (self, TRUE, bc_api_client_list_numbers_async, callback, user_data))
    return;

  if (bc_api_client_get_profile (self) == BC_API_PROFILE_RETELL)
    path = g_strdup ("/list-phone-numbers");
  else
    {
      sid = _bc_api_escape (bc_api_client_get_account_sid (self));
      path = g_strconcat ("/api/numbers/", sid, NULL);
    }

  _bc_api_client_request (self, "GET", path, NULL, BC_API_REQUEST_RETRY_SAFE | BC_API_REQUEST_REUSE,
                          parse_numbers, (GDestroyNotify) g_ptr_array_unref,
                          cancellable, bc_api_client_list_numbers_async, callback, user_data);
}

GPtrArray *
bc_api_client_list_numbers_finish (BcApiClient   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _bc_api_client_request_finish (self, result, error);
}

/* ---- list agents ----------------------------------------------------- */

typedef struct
{
  GPtrArray *agents;
  char      *next_key;   /* NULL: last page */
} AgentPage;

static void
agent_page_free (gpointer data)
{
  AgentPage *page = data;

  g_clear_pointer (&page->agents, g_ptr_array_unref);
  g_free (page->next_key);
  g_free (page);
}

static gpointer
parse_agents (BcApiClient  *self,
              JsonNode     *root,
              GError      **error)
{
  AgentPage *page;
  JsonArray *array;
  guint n;

  if (!_bc_api_check_success (self, root, error))
    return NULL;

  array = _bc_api_answer_array (root, BC_NAMES ("agents", "data"));
  if (array == NULL)
    {
      g_propagate_error (error, _bc_api_protocol_error ("no list of agents"));
      return NULL;
    }

  page = g_new0 (AgentPage, 1);
  page->agents = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_agent_free);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      BcAgent *agent = bc_agent_new_from_json (json_array_get_element (array, i));

      if (agent != NULL)
        g_ptr_array_add (page->agents, agent);
    }

  /* The key of the next page: the answer's own when it is an object,
   * else (a bare array, full) the last agent id. */
  if (JSON_NODE_HOLDS_OBJECT (root))
    page->next_key = bc_api_json_dup_string (json_node_get_object (root),
                                             BC_NAMES ("paginationKey", "pagination_key", "nextPaginationKey"));
  else if (n >= AGENTS_PAGE_LIMIT && page->agents->len > 0)
    page->next_key = g_strdup (((BcAgent *) g_ptr_array_index (page->agents, page->agents->len - 1))->agent_id);

  return page;
}

static void request_agents_page (GTask *task, const char *key);

static void
on_agents_page_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GPtrArray *all = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  AgentPage *page;

  page = _bc_api_client_request_finish (BC_API_CLIENT (source), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < page->agents->len; i++)
    g_ptr_array_add (all, bc_agent_copy (g_ptr_array_index (page->agents, i)));

  /* A server repeating its key would loop forever. */
  if (page->next_key != NULL && page->agents->len > 0 && all->len < 1000000)
    request_agents_page (task, page->next_key);
  else
    g_task_return_pointer (task, g_ptr_array_ref (all), (GDestroyNotify) g_ptr_array_unref);

  agent_page_free (page);
}

static void
request_agents_page (GTask      *task,
                     const char *key)
{
  BcApiClient *self = g_task_get_source_object (task);
  g_autoptr(GString) path = NULL;

  if (bc_api_client_get_profile (self) == BC_API_PROFILE_RETELL)
    {
      path = g_string_new ("/list-agents");
      _bc_api_append_query (path, "pagination_key", key);
    }
  else
    {
      path = g_string_new ("/api/agents");
      _bc_api_append_query_int (path, "workspaceId", bc_api_client_get_workspace_id (self));
      _bc_api_append_query_int (path, "limit", AGENTS_PAGE_LIMIT);
      _bc_api_append_query (path, "paginationKey", key);
    }

  _bc_api_client_request (self, "GET", path->str, NULL, BC_API_REQUEST_RETRY_SAFE | BC_API_REQUEST_REUSE,
                          parse_agents, agent_page_free, g_task_get_cancellable (task),
                          bc_api_client_list_agents_async, on_agents_page_cb, g_object_ref (task));
}

void
bc_api_client_list_agents_async (BcApiClient         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (_bc_api_need_account (self, FALSE, bc_api_client_list_agents_async, callback, user_data))
    return;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bc_api_client_list_agents_async);
  g_task_set_task_data (task, g_ptr_array_new_with_free_func ((GDestroyNotify) bc_agent_free),
                        (GDestroyNotify) g_ptr_array_unref);
  request_agents_page (task, NULL);
}

GPtrArray *
bc_api_client_list_agents_finish (BcApiClient   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- concurrency ----------------------------------------------------- */

static gpointer
parse_concurrency (BcApiClient  *self,
                   JsonNode     *root,
                   GError      **error)
{
  BcConcurrency *c;
  JsonObject *object;

  if (!_bc_api_check_success (self, root, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, _bc_api_protocol_error ("not an object"));
      return NULL;
    }

  object = json_node_get_object (root);
  if (bc_api_json_get_object (object, BC_NAMES ("concurrency", "data")) != NULL)
    object = bc_api_json_get_object (object, BC_NAMES ("concurrency", "data"));

  c = g_new0 (BcConcurrency, 1);
  c->max_concurrent = bc_api_json_get_int (object, BC_NAMES ("maxConcurrent", "concurrency_limit", "max_concurrent"), -1);
  c->current_usage = bc_api_json_get_int (object, BC_NAMES ("currentUsage", "current_concurrency", "current_usage"), -1);
  c->purchased = bc_api_json_get_int (object, BC_NAMES ("purchasedConcurrency", "purchased_concurrency"), -1);
  c->purchase_limit = bc_api_json_get_int (object, BC_NAMES ("concurrencyPurchaseLimit", "concurrency_purchase_limit"), -1);
  if (c->max_concurrent < 0)
    {
      g_free (c);
      g_propagate_error (error, _bc_api_protocol_error ("no concurrency limit"));
      return NULL;
    }

  return c;
}

void
bc_api_client_get_concurrency_async (BcApiClient         *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GString) path = NULL;

  g_return_if_fail (BC_IS_API_CLIENT (self));

  if (_bc_api_need_account (self, FALSE, bc_api_client_get_concurrency_async, callback, user_data))
    return;

  if (bc_api_client_get_profile (self) == BC_API_PROFILE_RETELL)
    path = g_string_new ("/get-concurrency");
  else
    {
      path = g_string_new ("/api/concurrency");
      _bc_api_append_query_int (path, "workspaceId", bc_api_client_get_workspace_id (self));
    }

  _bc_api_client_request (self, "GET", path->str, NULL, BC_API_REQUEST_RETRY_SAFE | BC_API_REQUEST_REUSE,
                          parse_concurrency, g_free,
                          cancellable, bc_api_client_get_concurrency_async, callback, user_data);
}

gboolean
bc_api_client_get_concurrency_finish (BcApiClient    *self,
                                      GAsyncResult   *result,
                                      BcConcurrency  *concurrency,
                                      GError        **error)
{
  g_autofree BcConcurrency *c = _bc_api_client_request_finish (self, result, error);

  if (c == NULL)
    return FALSE;
  if (concurrency != NULL)
    *concurrency = *c;
  return TRUE;
}

