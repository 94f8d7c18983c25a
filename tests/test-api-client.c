/* test-api-client.c: BcApiClient against the sandbox, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "api-fixture.h"

static GPtrArray *
list_all_calls (Fixture *f,
                gint64   from_ms,
                guint    limit,
                guint   *n_pages)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_call_info_free);
  g_autofree char *cursor = NULL;

  *n_pages = 0;
  do
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(BcCallPage) page = NULL;
      BcListCallsQuery q = { .from_ms = from_ms, .limit = limit, .cursor = cursor };

      bc_api_client_list_calls_async (f->client, &q, NULL, store_result_cb, &result);
      page = bc_api_client_list_calls_finish (f->client, wait_for (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->n_unreadable, ==, 0);
      (*n_pages)++;
      for (guint i = 0; i < page->calls->len; i++)
        g_ptr_array_add (all, bc_call_info_copy (g_ptr_array_index (page->calls, i)));
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (cursor != NULL);

  return all;
}

static void
test_endpoints (gconstpointer data)
{
  BcApiProfile profile = GPOINTER_TO_INT (data);
  Fixture f = { 0 };
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(BcCallInfo) placed = NULL;
  g_autoptr(BcCallInfo) followed = NULL;
  g_autoptr(BcCallInfo) ended = NULL;
  g_autofree char *batch = NULL;
  BcConcurrency c;
  const BcFromNumber *first;
  guint n_bound = 0, n_pages, attempt = 0;
  gint64 recipient = 0, t0;
  static const char *phones[] = { "+14155550111", "+14155550112", "+14155550113", "+14155550114" };

  fixture_start (&f, NULL, profile, 4);
  t0 = bc_sandbox_now_ms (f.sandbox) - 1000;

  bc_api_client_list_numbers_async (f.client, NULL, store_result_cb, &r1);
  numbers = bc_api_client_list_numbers_finish (f.client, wait_for (&r1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (numbers->len, ==, 4);
  for (guint i = 0; i < numbers->len; i++)
    n_bound += bc_from_number_is_bound (g_ptr_array_index (numbers, i));
  g_assert_cmpuint (n_bound, ==, 3);
  first = g_ptr_array_index (numbers, 0);
  g_assert_cmpstr (first->number, ==, DEMO_FROM);
  g_assert_cmpuint (first->agents->len, ==, 2);
  g_assert_cmpfloat (g_array_index (first->agents, BcOutboundAgent, 0).weight, ==, 70);
  g_assert_cmpint (g_array_index (first->agents, BcOutboundAgent, 1).version, ==, 1);

  bc_api_client_list_agents_async (f.client, NULL, store_result_cb, &r2);
  agents = bc_api_client_list_agents_finish (f.client, wait_for (&r2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, ==, 3);
  g_assert_cmpstr (((BcAgent *) g_ptr_array_index (agents, 0))->agent_id, ==, "agent_sales");
  g_assert_cmpint (((BcAgent *) g_ptr_array_index (agents, 0))->version, ==, 2);
  g_assert_cmpstr (((BcAgent *) g_ptr_array_index (agents, 0))->name, ==, "Sales follow-up");

  g_assert_true (get_concurrency (&f, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.max_concurrent, ==, 20);
  g_assert_cmpint (c.current_usage, ==, 0);

  placed = initiate (&f, "+14155550110", 10, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (placed->call_id, "call_"));
  g_assert_cmpint (placed->status, ==, BC_CALL_STATUS_REGISTERED);
  g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, "+14155550110"), ==, 1);

  g_assert_true (get_concurrency (&f, &c, &error));
  g_assert_cmpint (c.current_usage, ==, 1);

  followed = get_call (&f, placed->call_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (followed->call_id, ==, placed->call_id);
  g_assert_cmpstr (followed->to_number, ==, "+14155550110");
  g_assert_cmpstr (followed->agent_id, ==, "agent_sales");
  g_assert_true (bc_call_info_get_bc_tag (followed, &batch, &recipient, &attempt));
  g_assert_cmpstr (batch, ==, "batch-uuid-1");
  g_assert_cmpint (recipient, ==, 10);
  g_assert_cmpuint (attempt, ==, 1);
  g_assert_false (bc_call_info_is_final (followed));

  /* A day later on the simulated network every call is over. */
  bc_sandbox_advance (f.sandbox, 24 * 3600 * 1000);
  ended = get_call (&f, placed->call_id, &error);
  g_assert_no_error (error);
  g_assert_true (bc_call_info_is_final (ended));
  g_assert_cmpint (bc_call_info_get_outcome (ended, NULL), !=, BC_CALL_OUTCOME_NONE);
  g_assert_cmpint (ended->end_ms, >=, ended->start_ms);

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autoptr(BcCallInfo) more = initiate (&f, phones[i], 11 + i, &error);
      g_assert_no_error (error);
    }

  calls = list_all_calls (&f, t0, 2, &n_pages);
  g_assert_cmpuint (calls->len, ==, 5);
  /* retell pages are bare arrays: the empty page after the last one ends it. */
  g_assert_cmpuint (n_pages, ==, profile == BC_API_PROFILE_RETELL ? 4 : 3);
  g_assert_cmpstr (((BcCallInfo *) g_ptr_array_index (calls, 0))->call_id, ==, placed->call_id);
  g_assert_cmpstr (((BcCallInfo *) g_ptr_array_index (calls, 4))->to_number, ==, phones[3]);
  g_clear_pointer (&calls, g_ptr_array_unref);

  calls = list_all_calls (&f, bc_sandbox_now_ms (f.sandbox) + 3600 * 1000, 0, &n_pages);
  g_assert_cmpuint (calls->len, ==, 0);
  g_assert_cmpuint (n_pages, ==, 1);

  g_clear_object (&r1);
  g_clear_object (&r2);
  fixture_stop (&f);
}

static void
test_errors_http (void)
{
  Fixture f = { 0 };
  BcSandboxOptions o;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = NULL;
  BcConcurrency c;

  bc_sandbox_options_init (&o);
  o.concurrency_limit = 1;
  fixture_start (&f, &o, BC_API_PROFILE_UPONAI, 4);
  bc_sandbox_options_clear (&o);

  /* 404 */
  info = get_call (&f, "call_nope", &error);
  g_assert_null (info);
  assert_api_error (error, BC_API_ERROR_NOT_FOUND, 404, FALSE);
  g_assert_cmpstr (error->message, ==, "Not found (Call not found).");
  g_clear_error (&error);

  /* 400 with the server's message */
  info = initiate (&f, "+1 415 555", 1, &error);
  assert_api_error (error, BC_API_ERROR_INVALID_REQUEST, 400, FALSE);
  g_assert_cmpstr (error->message, ==, "toNumber is not a valid E.164 number");
  g_assert_cmpstr (bc_api_error_get_server_code (error), ==, "invalid_destination");
  g_clear_error (&error);

  /* 429 concurrency_limit_reached: handed to the caller, never re-sent */
  info = initiate (&f, "+14155550120", 2, &error);
  g_assert_no_error (error);
  g_clear_pointer (&info, bc_call_info_free);
  info = initiate (&f, "+14155550121", 3, &error);
  assert_api_error (error, BC_API_ERROR_RATE_LIMITED, 429, FALSE);
  g_assert_cmpstr (bc_api_error_get_server_code (error), ==, "concurrency_limit_reached");
  g_assert_cmpint (bc_api_error_get_retry_after_ms (error), ==, 1000);
  g_assert_cmpuint (f.retries->len, ==, 0);
  g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, "+14155550121"), ==, 0);
  g_clear_error (&error);

  /* 500 on a POST: it may have created the call */
  bc_sandbox_set_faults (f.sandbox, 0, 1, 0, 0, 0);
  info = initiate (&f, "+14155550122", 4, &error);
  assert_api_error (error, BC_API_ERROR_SERVER, 500, TRUE);
  g_clear_error (&error);

  /* 503 (an HTML page) on a POST: it surely did not */
  bc_sandbox_set_faults (f.sandbox, 0, 0, 1, 0, 0);
  info = initiate (&f, "+14155550122", 4, &error);
  assert_api_error (error, BC_API_ERROR_SERVER, 503, FALSE);
  g_assert_cmpuint (f.retries->len, ==, 0);
  g_clear_error (&error);

  /* 500 on a GET, no retries allowed: a plain server error */
  bc_api_client_set_max_attempts (f.client, 1);
  bc_sandbox_set_faults (f.sandbox, 0, 1, 0, 0, 0);
  g_assert_false (get_concurrency (&f, &c, &error));
  assert_api_error (error, BC_API_ERROR_SERVER, 500, FALSE);
  g_clear_error (&error);
  bc_sandbox_set_faults (f.sandbox, 0, 0, 0, 0, 0);

  /* 401, with the refused token echoed by the server and redacted by us */
  bc_api_client_set_token (f.client, "wrong-token-123");
  g_assert_false (get_concurrency (&f, &c, &error));
  assert_api_error (error, BC_API_ERROR_UNAUTHORIZED, 401, FALSE);
  g_assert_cmpstr (error->message, ==, "The API token was refused (Invalid API key: [redacted]).");
  g_clear_error (&error);

  fixture_stop (&f);
}

static void
test_error_payment (void)
{
  Fixture f = { 0 };
  BcSandboxOptions o;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = NULL;

  bc_sandbox_options_init (&o);
  o.payment_required = TRUE;
  fixture_start (&f, &o, BC_API_PROFILE_RETELL, 2);
  bc_sandbox_options_clear (&o);

  info = initiate (&f, "+14155550130", 1, &error);
  assert_api_error (error, BC_API_ERROR_PAYMENT_REQUIRED, 402, FALSE);
  g_assert_cmpstr (bc_api_error_get_server_code (error), ==, "no_valid_payment");

  fixture_stop (&f);
}

/* A port nobody listens on: bound then closed. */
static void
test_timeout_and_close (void)
{
  Fixture f = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = NULL;
  BcRecipientData r;
  BcCallRequest req = { &r, "b", 1, DEMO_FROM, "agent_sales", -1 };
  guint seen;

  fixture_start (&f, NULL, BC_API_PROFILE_UPONAI, 4);
  bc_api_client_set_timeout_ms (f.client, 5000);

  /* Slow: the call is created, the answer comes after our timeout. */
  bc_sandbox_set_faults (f.sandbox, 0, 0, 0, 1, 0);
  recipient_init (&r, 1, "+14155550150");
  seen = bc_sandbox_get_n_requests (f.sandbox);
  bc_api_client_initiate_call_async (f.client, &req, NULL, store_result_cb, &result);
  wait_for_requests (&f, seen + 1);
  bc_manual_clock_advance (BC_MANUAL_CLOCK (f.clock), 4999);
  g_main_context_iteration (NULL, FALSE);
  g_assert_null (result);
  bc_manual_clock_advance (BC_MANUAL_CLOCK (f.clock), 1);
  info = bc_api_client_initiate_call_finish (f.client, wait_for (&result), &error);
  assert_api_error (error, BC_API_ERROR_TIMEOUT, 0, TRUE);
  g_assert_cmpstr (error->message, ==, "The server did not answer within 5 seconds.");
  g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, "+14155550150"), ==, 1);
  g_assert_cmpuint (f.retries->len, ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Closed after the call was created: fate unknown, not re-sent. */
  bc_sandbox_set_faults (f.sandbox, 0, 0, 0, 0, 1);
  recipient_init (&r, 2, "+14155550151");
  bc_api_client_initiate_call_async (f.client, &req, NULL, store_result_cb, &result);
  info = bc_api_client_initiate_call_finish (f.client, wait_for (&result), &error);
  assert_api_error (error, BC_API_ERROR_NETWORK, 0, TRUE);
  g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, "+14155550151"), ==, 1);
  g_assert_cmpuint (f.retries->len, ==, 0);

  g_clear_object (&result);
  fixture_stop (&f);
}

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (captured_log, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
    else
      {
        g_string_append_printf (captured_log, "%s=", fields[i].key);
        g_string_append_len (captured_log, fields[i].value, fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  /* (The writer can be set only once: it stays, harmlessly, in this
   * child.) Let failures through, or a failing test would say nothing. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
test_token_never_logged (void)
{
  const char *secret = "sk-live-Zq8vN3token";
  Fixture f = { 0 };
  BcSandboxOptions o;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = NULL;
  g_autoptr(GString) messages = g_string_new (NULL);
  BcConcurrency c;

  if (!g_test_subprocess ())
    {
      /* In a child: the log writer can be set only once per process. */
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("BC_API_HTTP_DEBUG", "headers", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  bc_sandbox_options_init (&o);
  g_free (o.token);
  o.token = g_strdup (secret);
  fixture_start (&f, &o, BC_API_PROFILE_UPONAI, 2);
  bc_sandbox_options_clear (&o);
  bc_api_client_set_token (f.client, secret);

  /* Success, retries, a timeout-free failure, and a refusal that echoes
   * a (different) token. */
  g_assert_true (get_concurrency (&f, &c, &error));
  bc_sandbox_set_faults (f.sandbox, 0, 0, 1, 0, 0);
  bc_api_client_set_max_attempts (f.client, 2);
  {
    g_autoptr(GAsyncResult) result = NULL;
    bc_api_client_get_concurrency_async (f.client, NULL, store_result_cb, &result);
    g_assert_false (bc_api_client_get_concurrency_finish (f.client, drive (&f, &result), &c, &error));
    g_string_append_printf (messages, "%s\n", error->message);
    g_clear_error (&error);
  }
  bc_sandbox_set_faults (f.sandbox, 0, 0, 0, 0, 0);
  info = initiate (&f, "not-a-number", 1, &error);
  g_string_append_printf (messages, "%s\n", error->message);
  g_clear_error (&error);

  /* The sandbox now expects another token and echoes ours back. */
  bc_api_client_set_token (f.client, secret);
  fixture_stop (&f);

  bc_sandbox_options_init (&o);
  fixture_start (&f, &o, BC_API_PROFILE_UPONAI, 2);
  bc_sandbox_options_clear (&o);
  bc_api_client_set_token (f.client, secret);
  g_assert_false (get_concurrency (&f, &c, &error));
  g_assert_error (error, BC_API_ERROR, BC_API_ERROR_UNAUTHORIZED);
  g_string_append_printf (messages, "%s\n", error->message);
  g_clear_error (&error);
  fixture_stop (&f);

  g_assert_nonnull (strstr (captured_log->str, "GET /api/concurrency"));
  g_assert_nonnull (strstr (captured_log->str, "retrying in"));
  g_assert_nonnull (strstr (captured_log->str, "Authorization: [redacted]"));
  g_assert_null (strstr (captured_log->str, secret));
  g_assert_null (strstr (messages->str, secret));
  g_assert_nonnull (strstr (messages->str, "[redacted]"));
  g_string_free (captured_log, TRUE);
}

static void
on_parallel_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = bc_api_client_initiate_call_finish (BC_API_CLIENT (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info->call_id);
  (*pending)--;
}

static void
test_parallel_200 (void)
{
  Fixture f = { 0 };
  BcSandboxOptions o;
  BcRecipientData r[200];
  char phones[200][16];
  guint pending = G_N_ELEMENTS (r);

  bc_sandbox_options_init (&o);
  o.zero_latency = TRUE;
  fixture_start (&f, &o, BC_API_PROFILE_UPONAI, 200);
  bc_sandbox_options_clear (&o);

  /* 200 new connections at once: needs max-conns-per-host sized to the
   * concurrency and the sandbox's large listen backlog. */
  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    {
      BcCallRequest req = { &r[i], "b", 1, DEMO_FROM, "agent_sales", -1 };

      g_snprintf (phones[i], sizeof phones[i], "+1415555%04u", i);
      recipient_init (&r[i], i + 1, phones[i]);
      bc_api_client_initiate_call_async (f.client, &req, NULL, on_parallel_cb, &pending);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (bc_sandbox_get_created_total (f.sandbox), ==, 200);
  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, phones[i]), ==, 1);

  fixture_stop (&f);
}

/* What the README's connection-reuse decision rests on. libsoup 3.2
 * restarts a request on a reused connection that died before any answer
 * only when the *method* is idempotent (SOUP_METHOD_IS_IDEMPOTENT), not
 * for a POST flagged SOUP_MESSAGE_IDEMPOTENT: measured here, with and
 * without reuse the call is created once and reported fate-unknown. */
static void
test_reuse_duplicates (gconstpointer data)
{
  gboolean reuse = GPOINTER_TO_INT (data);
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) warm = NULL;
  g_autoptr(BcCallInfo) info = NULL;

  fixture_start (&f, NULL, BC_API_PROFILE_UPONAI, 1);
  bc_api_client_set_reuse_connections (f.client, reuse);

  /* A first call leaves a kept-alive connection behind. */
  warm = initiate (&f, "+14155550160", 1, &error);
  g_assert_no_error (error);

  bc_sandbox_set_faults (f.sandbox, 0, 0, 0, 0, 1);
  info = initiate (&f, "+14155550161", 2, &error);
  g_assert_error (error, BC_API_ERROR, BC_API_ERROR_NETWORK);
  g_assert_true (bc_api_error_fate_unknown (error));
  g_test_message ("reuse=%d: created %u", reuse, bc_sandbox_get_created_count (f.sandbox, "+14155550161"));
  g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, "+14155550161"), ==, 1);
  g_assert_cmpuint (f.retries->len, ==, 0);

  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/BatchCalls/ApiClient/endpoints-uponai",
                        GINT_TO_POINTER (BC_API_PROFILE_UPONAI), test_endpoints);
  g_test_add_data_func ("/BatchCalls/ApiClient/endpoints-retell",
                        GINT_TO_POINTER (BC_API_PROFILE_RETELL), test_endpoints);
  g_test_add_func ("/BatchCalls/ApiClient/errors-http", test_errors_http);
  g_test_add_func ("/BatchCalls/ApiClient/error-payment", test_error_payment);
  g_test_add_func ("/BatchCalls/ApiClient/timeout-and-close", test_timeout_and_close);
  g_test_add_func ("/BatchCalls/ApiClient/token-never-logged", test_token_never_logged);
  g_test_add_func ("/BatchCalls/ApiClient/parallel-200", test_parallel_200);
  g_test_add_data_func ("/BatchCalls/ApiClient/close-after-create-new-connection",
                        GINT_TO_POINTER (FALSE), test_reuse_duplicates);
  g_test_add_data_func ("/BatchCalls/ApiClient/close-after-create-reused-connection",
                        GINT_TO_POINTER (TRUE), test_reuse_duplicates);

  return g_test_run ();
}
