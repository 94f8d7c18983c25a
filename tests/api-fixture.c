/* api-fixture.c: a sandbox and a client on a manual clock, for the API tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "api-fixture.h"

void
on_retry_scheduled_cb (BcApiClient  *client,
                       guint         attempt,
                       guint         delay_ms,
                       const GError *error,
                       Fixture      *f)
{
  g_assert_cmpuint (attempt, ==, f->retries->len + 1);
  g_array_append_val (f->retries, delay_ms);
}

void
fixture_start (Fixture                *f,
               const BcSandboxOptions *options,
               BcApiProfile            profile,
               guint                   max_conns)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = bc_sandbox_new (options);
  g_assert_true (bc_sandbox_start (f->sandbox, &error));
  g_assert_no_error (error);

  f->clock = bc_manual_clock_new (g_get_real_time ());
  f->client = bc_api_client_new (bc_sandbox_get_base_url (f->sandbox), profile, max_conns, f->clock, &error);
  g_assert_no_error (error);
  bc_api_client_set_token (f->client, BC_SANDBOX_DEFAULT_TOKEN);
  bc_api_client_set_workspace_id (f->client, BC_SANDBOX_DEFAULT_WORKSPACE_ID);
  bc_api_client_set_account_sid (f->client, BC_SANDBOX_DEFAULT_ACCOUNT_SID);
  bc_api_client_set_backoff (f->client, 100, 1000);
  bc_api_client_set_random_seed (f->client, 7);
  f->retries = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (f->client, "retry-scheduled", G_CALLBACK (on_retry_scheduled_cb), f);
}

void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
fixture_stop (Fixture *f)
{
  drain ();
  g_assert_finalize_object (f->client);
  g_assert_finalize_object (f->clock);
  bc_sandbox_stop (f->sandbox);
  g_assert_finalize_object (f->sandbox);
  g_array_unref (f->retries);
}

void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Until the sandbox has seen @n requests in all: it answers on its own
 * thread, so this turns our main context without blocking. */
void
wait_for_requests (Fixture *f,
                   guint    n)
{
  while (bc_sandbox_get_n_requests (f->sandbox) < n)
    {
      g_main_context_iteration (NULL, FALSE);
      g_thread_yield ();
    }
}

/* Like wait_for(), and lets each backoff delay pass on the manual clock
 * as soon as it is scheduled (exactly that delay: nothing else is pending
 * between attempts). */
GAsyncResult *
drive (Fixture       *f,
       GAsyncResult **slot)
{
  guint advanced = 0;

  while (*slot == NULL)
    {
      if (f->retries->len > advanced)
        bc_manual_clock_advance (BC_MANUAL_CLOCK (f->clock), g_array_index (f->retries, guint, advanced++));
      else
        g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

void
recipient_init (BcRecipientData *r,
                gint64           id,
                const char      *phone)
{
  memset (r, 0, sizeof *r);
  r->id = id;
  r->phone = (char *) phone;
  r->override_agent_version = -1;
  r->variables = (char *) "{\"first_name\":\"Ada\"}";
}

BcCallInfo *
initiate (Fixture     *f,
          const char  *to,
          gint64       id,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  BcRecipientData r;
  BcCallRequest req = { &r, "batch-uuid-1", 1, DEMO_FROM, "agent_sales", -1 };

  recipient_init (&r, id, to);
  bc_api_client_initiate_call_async (f->client, &req, NULL, store_result_cb, &result);
  return bc_api_client_initiate_call_finish (f->client, wait_for (&result), error);
}

BcCallInfo *
get_call (Fixture     *f,
          const char  *id,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bc_api_client_get_call_async (f->client, id, NULL, store_result_cb, &result);
  return bc_api_client_get_call_finish (f->client, wait_for (&result), error);
}

gboolean
get_concurrency (Fixture       *f,
                 BcConcurrency *c,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bc_api_client_get_concurrency_async (f->client, NULL, store_result_cb, &result);
  return bc_api_client_get_concurrency_finish (f->client, wait_for (&result), c, error);
}


void
assert_api_error (const GError   *error,
                  BcApiErrorCode  code,
                  guint           status,
                  gboolean        fate_unknown)
{
  g_assert_error (error, BC_API_ERROR, code);
  g_assert_cmpuint (bc_api_error_get_http_status (error), ==, status);
  g_assert_cmpint (bc_api_error_fate_unknown (error), ==, fate_unknown);
}
