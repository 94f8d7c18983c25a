/* test-api-retry.c: retries, backoff, Retry-After, cancellation — on a
 * manual clock, against the sandbox over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "api-fixture.h"

static char *
refused_url (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
test_error_network (void)
{
  g_autofree char *url = refused_url ();
  g_autoptr(BcClock) clock = bc_manual_clock_new (0);
  g_autoptr(BcApiClient) client = bc_api_client_new (url, BC_API_PROFILE_UPONAI, 2, clock, NULL);
  Fixture f = { .client = client, .clock = clock, .retries = g_array_new (FALSE, FALSE, sizeof (guint)) };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = NULL;
  BcRecipientData r;
  BcCallRequest req = { &r, "b", 1, DEMO_FROM, "agent_sales", -1 };

  bc_api_client_set_token (client, "t");
  bc_api_client_set_workspace_id (client, 1);
  bc_api_client_set_max_attempts (client, 3);
  bc_api_client_set_backoff (client, 100, 1000);
  g_signal_connect (client, "retry-scheduled", G_CALLBACK (on_retry_scheduled_cb), &f);
  recipient_init (&r, 1, "+14155550140");

  /* Refused before anything was sent: even a POST is retried. */
  bc_api_client_initiate_call_async (client, &req, NULL, store_result_cb, &result);
  drive (&f, &result);
  info = bc_api_client_initiate_call_finish (client, result, &error);
  assert_api_error (error, BC_API_ERROR_NETWORK, 0, FALSE);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach the server: "));
  g_assert_cmpuint (f.retries->len, ==, 2);

  g_array_unref (f.retries);
}

static void
test_retry_backoff (void)
{
  Fixture f = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BcConcurrency c;
  guint before, advanced = 0;

  fixture_start (&f, NULL, BC_API_PROFILE_UPONAI, 4);
  bc_api_client_set_max_attempts (f.client, 4);

  /* Every answer a 503: four attempts, three backoffs, growing with jitter. */
  bc_sandbox_set_faults (f.sandbox, 0, 0, 1, 0, 0);
  before = bc_sandbox_get_n_requests (f.sandbox);
  bc_api_client_get_concurrency_async (f.client, NULL, store_result_cb, &result);
  g_assert_false (bc_api_client_get_concurrency_finish (f.client, drive (&f, &result), &c, &error));
  assert_api_error (error, BC_API_ERROR_SERVER, 503, FALSE);
  g_assert_cmpuint (bc_sandbox_get_n_requests (f.sandbox) - before, ==, 4);
  g_assert_cmpuint (f.retries->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      guint full = MIN (100u << i, 1000u);
      guint delay = g_array_index (f.retries, guint, i);

      g_test_message ("backoff %u: %u ms", i + 1, delay);
      g_assert_cmpuint (delay, >=, full / 2);
      g_assert_cmpuint (delay, <=, full);
    }
  g_clear_error (&error);
  g_clear_object (&result);

  /* Two failures, then the service is back: the third attempt answers. */
  g_array_set_size (f.retries, 0);
  before = bc_sandbox_get_n_requests (f.sandbox);
  bc_api_client_get_concurrency_async (f.client, NULL, store_result_cb, &result);
  while (f.retries->len < 2)
    {
      if (f.retries->len > advanced)
        bc_manual_clock_advance (BC_MANUAL_CLOCK (f.clock), g_array_index (f.retries, guint, advanced++));
      else
        g_main_context_iteration (NULL, TRUE);
    }
  bc_sandbox_set_faults (f.sandbox, 0, 0, 0, 0, 0);
  bc_manual_clock_advance (BC_MANUAL_CLOCK (f.clock), g_array_index (f.retries, guint, 1));
  g_assert_true (bc_api_client_get_concurrency_finish (f.client, wait_for (&result), &c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.max_concurrent, ==, 20);
  g_assert_cmpuint (bc_sandbox_get_n_requests (f.sandbox) - before, ==, 3);

  g_clear_object (&result);
  fixture_stop (&f);
}

static void
test_retry_after (void)
{
  Fixture f = { 0 };
  BcSandboxOptions o;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BcConcurrency c;
  guint before;

  bc_sandbox_options_init (&o);
  o.retry_after_s = 5;
  fixture_start (&f, &o, BC_API_PROFILE_UPONAI, 4);
  bc_sandbox_options_clear (&o);

  bc_sandbox_set_faults (f.sandbox, 1, 0, 0, 0, 0);
  before = bc_sandbox_get_n_requests (f.sandbox);
  bc_api_client_get_concurrency_async (f.client, NULL, store_result_cb, &result);
  while (f.retries->len == 0)
    g_main_context_iteration (NULL, TRUE);
  bc_sandbox_set_faults (f.sandbox, 0, 0, 0, 0, 0);

  /* The backoff alone would be ≤ 100 ms: Retry-After wins. */
  g_assert_cmpuint (g_array_index (f.retries, guint, 0), ==, 5000);
  bc_manual_clock_advance (BC_MANUAL_CLOCK (f.clock), 4999);
  g_assert_cmpuint (bc_sandbox_get_n_requests (f.sandbox) - before, ==, 1);
  g_assert_null (result);
  bc_manual_clock_advance (BC_MANUAL_CLOCK (f.clock), 1);
  g_assert_true (bc_api_client_get_concurrency_finish (f.client, wait_for (&result), &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bc_sandbox_get_n_requests (f.sandbox) - before, ==, 2);

  g_clear_object (&result);
  fixture_stop (&f);
}

static void
test_cancel_during_backoff (void)
{
  Fixture f = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  BcConcurrency c;

  fixture_start (&f, NULL, BC_API_PROFILE_UPONAI, 4);
  bc_sandbox_set_faults (f.sandbox, 0, 0, 1, 0, 0);
  bc_api_client_get_concurrency_async (f.client, cancellable, store_result_cb, &result);
  while (f.retries->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (bc_manual_clock_get_n_pending (BC_MANUAL_CLOCK (f.clock)), ==, 1);

  g_cancellable_cancel (cancellable);
  g_assert_false (bc_api_client_get_concurrency_finish (f.client, wait_for (&result), &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (bc_manual_clock_get_n_pending (BC_MANUAL_CLOCK (f.clock)), ==, 0);

  g_clear_object (&result);
  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/ApiRetry/post-only-when-unsent", test_error_network);
  g_test_add_func ("/BatchCalls/ApiRetry/backoff", test_retry_backoff);
  g_test_add_func ("/BatchCalls/ApiRetry/retry-after", test_retry_after);
  g_test_add_func ("/BatchCalls/ApiRetry/cancel-during-backoff", test_cancel_during_backoff);

  return g_test_run ();
}
