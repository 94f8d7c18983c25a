/* test-api-malformed.c: the client against a server that answers badly
 *
 * A table of broken answers, served over real HTTP by a canned SoupServer
 * on the test's own main context: none may crash the client, each maps to
 * the right error or to a result that keeps what could be read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "bc-api-client.h"
#include "bc-manual-clock.h"

typedef enum { GET_CALL, LIST_CALLS, LIST_NUMBERS, CONCURRENCY } Endpoint;

#define OK (-1)

typedef struct
{
  const char *name;
  Endpoint    endpoint;
  guint       status;
  const char *content_type;
  const char *body;
  gssize      body_len;      /* -1: strlen */
  const char *retry_after;
  int         code;          /* BcApiErrorCode, or OK */
  const char *expect;        /* what to check, see check_result() */
} Case;

static const Case cases[] = {
  { "empty-200", GET_CALL, 200, "application/json", "", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "truncated", GET_CALL, 200, "application/json", "{\"success\":true,\"call\":{\"callId\":\"c1\",\"status\":\"end", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "html-200", GET_CALL, 200, "text/html", "<html><body>Bad gateway</body></html>", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "null", GET_CALL, 200, "application/json", "null", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "array", GET_CALL, 200, "application/json", "[]", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "string", GET_CALL, 200, "application/json", "\"just a string\"", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "no-call-id", GET_CALL, 200, "application/json", "{\"success\":true,\"call\":{\"status\":\"ended\"}}", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "empty-call-id", GET_CALL, 200, "application/json", "{\"success\":true,\"call\":{\"callId\":\"\",\"status\":\"ended\"}}", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "call-not-object", GET_CALL, 200, "application/json", "{\"success\":true,\"call\":\"c1\"}", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "invalid-utf8", GET_CALL, 200, "application/json", "{\"callId\":\"\xff\xfe\"}", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "numbers-for-strings", GET_CALL, 200, "application/json", "{\"success\":true,\"call\":{\"callId\":42,\"status\":7}}", -1, NULL, OK, "id=42 status_raw=7 status=unknown" },
  { "analysis-wrong-type", GET_CALL, 200, "application/json", "{\"call\":{\"callId\":\"c\",\"status\":\"ended\",\"call_analysis\":[true]}}", -1, NULL, OK, "id=c status=ended analysis=no" },
  { "unknown-reason", GET_CALL, 200, "application/json", "{\"call\":{\"callId\":\"c\",\"call_status\":\"ended\",\"disconnection_reason\":\"alien_abduction\"}}", -1, NULL, OK, "id=c status=ended reason=alien_abduction" },
  { "timestamps-garbage", GET_CALL, 200, "application/json", "{\"callId\":\"c\",\"status\":\"ongoing\",\"start_timestamp\":\"soon\",\"end_timestamp\":{},\"duration_ms\":null}", -1, NULL, OK, "id=c status=ongoing start=0" },
  { "call-status-error", GET_CALL, 200, "application/json", "{\"success\":true,\"call\":{\"callId\":\"c\",\"status\":\"error\",\"message\":\"llm failed\"}}", -1, NULL, OK, "id=c status=error" },
  { "success-false-200", GET_CALL, 200, "application/json", "{\"success\":false,\"message\":\"Call is archived\"}", -1, NULL, BC_API_ERROR_INVALID_REQUEST, "message=Call is archived" },
  { "retell-error-200", GET_CALL, 200, "application/json", "{\"status\":\"error\",\"message\":\"Nope\"}", -1, NULL, BC_API_ERROR_INVALID_REQUEST, "message=Nope" },
  { "html-500", GET_CALL, 500, "text/html", "<html><h1>Internal Server Error</h1></html>", -1, NULL, BC_API_ERROR_SERVER, "message=The server failed (HTTP 500: Internal Server Error)." },
  { "empty-502", GET_CALL, 502, NULL, "", -1, NULL, BC_API_ERROR_SERVER, NULL },
  { "error-as-code", GET_CALL, 404, "application/json", "{\"error\":\"not_found\"}", -1, NULL, BC_API_ERROR_NOT_FOUND, "code=not_found" },
  { "retry-after-date", GET_CALL, 429, NULL, "", -1, "Wed, 21 Oct 2015 07:28:00 GMT", BC_API_ERROR_RATE_LIMITED, "retry_after=0" },
  { "retry-after-garbage", GET_CALL, 429, NULL, "", -1, "soon-ish", BC_API_ERROR_RATE_LIMITED, "retry_after=-1" },
  { "nested-error", GET_CALL, 400, "application/json", "{\"error\":{\"message\":\"Bad thing\",\"code\":\"bad_thing\"}}", -1, NULL, BC_API_ERROR_INVALID_REQUEST, "message=Bad thing" },
  { "teapot", GET_CALL, 418, "text/plain", "short and stout", -1, NULL, BC_API_ERROR_INVALID_REQUEST, "message=Unknown Error" },
  { "error-json-truncated", GET_CALL, 401, "application/json", "{\"message\":\"tok", -1, NULL, BC_API_ERROR_UNAUTHORIZED, "message=The API token was refused (Unauthorized)." },
  { "calls-not-array", LIST_CALLS, 200, "application/json", "{\"success\":true,\"calls\":{\"not\":\"array\"}}", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "calls-mixed", LIST_CALLS, 200, "application/json",
    "{\"success\":true,\"calls\":[{\"callId\":\"a\"},{\"status\":\"x\"},17,null],\"pagination\":{\"page\":\"1\",\"limit\":\"x\",\"total\":\"4\"}}",
    -1, NULL, OK, "calls=1 unreadable=3 total=4" },
  { "numbers-mixed", LIST_NUMBERS, 200, "application/json",
    "{\"numbers\":[{\"number\":123},{\"id\":\"x\"},{\"number\":\"+1415\",\"outbound_agents\":\"nope\"}]}",
    -1, NULL, OK, "numbers=2 bound=0" },
  { "numbers-missing", LIST_NUMBERS, 200, "application/json", "{\"success\":true}", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "concurrency-text", CONCURRENCY, 200, "application/json", "{\"maxConcurrent\":\"ten\"}", -1, NULL, BC_API_ERROR_PROTOCOL, NULL },
  { "concurrency-strings", CONCURRENCY, 200, "application/json", "{\"maxConcurrent\":\"10\",\"currentUsage\":null}", -1, NULL, OK, "max=10 usage=-1" },
};

static const Case *current;

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  gsize len = current->body_len >= 0 ? (gsize) current->body_len : strlen (current->body);

  soup_server_message_set_status (msg, current->status, NULL);
  if (current->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", current->retry_after);
  soup_server_message_set_response (msg, current->content_type, SOUP_MEMORY_STATIC, current->body, len);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the case's request; returns a description of the result in the
 * vocabulary of Case.expect. */
static char *
run_case (BcApiClient  *client,
          const Case   *c,
          GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  switch (c->endpoint)
    {
    case GET_CALL:
      {
        g_autoptr(BcCallInfo) info = NULL;
        static const char *statuses[] = { "unknown", "registered", "not_connected", "ongoing", "ended", "error" };

        bc_api_client_get_call_async (client, "c1", NULL, store_result_cb, &result);
        while (result == NULL)
          g_main_context_iteration (NULL, TRUE);
        info = bc_api_client_get_call_finish (client, result, error);
        if (info == NULL)
          return NULL;
        return g_strdup_printf ("id=%s status_raw=%s status=%s analysis=%s reason=%s start=%" G_GINT64_FORMAT,
                                info->call_id, info->status_raw, statuses[info->status],
                                info->has_analysis ? "yes" : "no",
                                info->disconnection_reason, info->start_ms);
      }
    case LIST_CALLS:
      {
        g_autoptr(BcCallPage) page = NULL;
        BcListCallsQuery q = { 0 };

        bc_api_client_list_calls_async (client, &q, NULL, store_result_cb, &result);
        while (result == NULL)
          g_main_context_iteration (NULL, TRUE);
        page = bc_api_client_list_calls_finish (client, result, error);
        if (page == NULL)
          return NULL;
        return g_strdup_printf ("calls=%u unreadable=%u total=%" G_GINT64_FORMAT,
                                page->calls->len, page->n_unreadable, page->total);
      }
    case LIST_NUMBERS:
      {
        g_autoptr(GPtrArray) numbers = NULL;
        guint bound = 0;

        bc_api_client_list_numbers_async (client, NULL, store_result_cb, &result);
        while (result == NULL)
          g_main_context_iteration (NULL, TRUE);
        numbers = bc_api_client_list_numbers_finish (client, result, error);
        if (numbers == NULL)
          return NULL;
        for (guint i = 0; i < numbers->len; i++)
          bound += bc_from_number_is_bound (g_ptr_array_index (numbers, i));
        return g_strdup_printf ("numbers=%u bound=%u", numbers->len, bound);
      }
    case CONCURRENCY:
      {
        BcConcurrency conc;

        bc_api_client_get_concurrency_async (client, NULL, store_result_cb, &result);
        while (result == NULL)
          g_main_context_iteration (NULL, TRUE);
        if (!bc_api_client_get_concurrency_finish (client, result, &conc, error))
          return NULL;
        return g_strdup_printf ("max=%" G_GINT64_FORMAT " usage=%" G_GINT64_FORMAT,
                                conc.max_concurrent, conc.current_usage);
      }
    default:
      g_assert_not_reached ();
    }
}

/* Every "key=value" of @expect must appear in @got ("key=value" words). */
static void
assert_has_all (const char *got,
                const char *expect)
{
  g_auto(GStrv) words = g_strsplit (expect, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *needle = g_strconcat (words[i], " ", NULL);
      g_autofree char *padded = g_strconcat (got, " ", NULL);

      if (strstr (padded, needle) == NULL)
        g_error ("expected “%s” in “%s”", words[i], got);
    }
}

static void
check_case (BcApiClient *client,
            const Case  *c)
{
  g_autoptr(GError) case_error = NULL;
  g_autofree char *got = NULL;

  got = run_case (client, c, &case_error);

  if (c->code == OK)
    {
      g_assert_no_error (case_error);
      assert_has_all (got, c->expect);
      return;
    }

  g_assert_null (got);
  g_assert_error (case_error, BC_API_ERROR, c->code);
  /* A refusal dressed as 200 is read (and reported) as a 400. */
  g_assert_cmpuint (bc_api_error_get_http_status (case_error), ==,
                    c->status == 200 && c->code == BC_API_ERROR_INVALID_REQUEST
                    ? 400 : c->status);
  g_assert_false (bc_api_error_fate_unknown (case_error));
  if (c->expect == NULL)
    return;
  if (g_str_has_prefix (c->expect, "message="))
    g_assert_cmpstr (case_error->message, ==, c->expect + strlen ("message="));
  else if (g_str_has_prefix (c->expect, "code="))
    g_assert_cmpstr (bc_api_error_get_server_code (case_error), ==, c->expect + strlen ("code="));
  else if (g_str_has_prefix (c->expect, "retry_after="))
    g_assert_cmpint (bc_api_error_get_retry_after_ms (case_error), ==,
                     g_ascii_strtoll (c->expect + strlen ("retry_after="), NULL, 10));
  else
    g_assert_not_reached ();
}

static void
test_malformed (gconstpointer data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BcClock) clock = bc_manual_clock_new (g_get_real_time ());
  g_autoptr(BcApiClient) client = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, on_request_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = bc_api_client_new (url, BC_API_PROFILE_UPONAI, 2, clock, &error);
  g_assert_no_error (error);
  bc_api_client_set_token (client, "sk-test-malformed-0001");
  bc_api_client_set_workspace_id (client, 1);
  bc_api_client_set_account_sid (client, "AC1");
  /* One attempt: the answers are what is tested, not the retries. */
  bc_api_client_set_max_attempts (client, 1);

  current = data;
  check_case (client, current);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 20);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/BatchCalls/ApiMalformed/", cases[i].name, NULL);
      g_test_add_data_func (path, &cases[i], test_malformed);
    }

  return g_test_run ();
}
