/* test-api-parse.c: reading API objects, outcomes, request bodies, URLs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bc-api-client.h"
#include "bc-secret.h"

static BcCallInfo *
parse (const char  *json,
       GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return bc_call_info_new_from_json (node, error);
}

static void
test_call_spellings (void)
{
  static const char *variants[] = {
    "{\"call_id\":\"c1\",\"call_status\":\"ended\",\"disconnection_reason\":\"user_hangup\","
    "\"call_analysis\":{\"call_successful\":true,\"in_voicemail\":false,\"user_sentiment\":\"Positive\"},"
    "\"start_timestamp\":1000,\"end_timestamp\":61000,\"agent_id\":\"a\",\"agent_version\":2,"
    "\"to_number\":\"+14155550100\",\"metadata\":{\"bc\":{\"batch\":\"b-1\",\"recipient\":7,\"attempt\":2}}}",
    "{\"callId\":\"c1\",\"status\":\"ENDED\",\"disconnectionReason\":\"user_hangup\","
    "\"callAnalysis\":{\"callSuccessful\":\"true\",\"inVoicemail\":0,\"userSentiment\":\"Positive\"},"
    "\"startTimestamp\":\"1000\",\"endTimestamp\":61000.0,\"agentId\":\"a\",\"agentVersion\":\"2\","
    "\"toNumber\":\"+14155550100\",\"metadata\":{\"bc\":{\"batch\":\"b-1\",\"recipient\":\"7\",\"attempt\":2}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BcCallInfo) info = parse (variants[i], &error);
      g_autofree char *batch = NULL;
      gint64 recipient = 0;
      guint attempt = 0;
      gboolean successful = FALSE;

      g_assert_no_error (error);
      g_assert_cmpstr (info->call_id, ==, "c1");
      g_assert_cmpint (info->status, ==, BC_CALL_STATUS_ENDED);
      g_assert_cmpint (info->disconnect_category, ==, BC_DISCONNECT_NORMAL);
      g_assert_cmpint (info->call_successful, ==, 1);
      g_assert_cmpint (info->in_voicemail, ==, 0);
      g_assert_cmpstr (info->user_sentiment, ==, "Positive");
      g_assert_cmpint (info->start_ms, ==, 1000);
      g_assert_cmpint (info->end_ms, ==, 61000);
      g_assert_cmpint (info->duration_ms, ==, 60000);
      g_assert_cmpint (info->agent_version, ==, 2);
      g_assert_cmpstr (info->to_number, ==, "+14155550100");
      g_assert_cmpint (bc_call_info_get_outcome (info, &successful), ==, BC_CALL_OUTCOME_PICKED_UP);
      g_assert_true (successful);
      g_assert_true (bc_call_info_is_final (info));
      g_assert_true (bc_call_info_get_bc_tag (info, &batch, &recipient, &attempt));
      g_assert_cmpstr (batch, ==, "b-1");
      g_assert_cmpint (recipient, ==, 7);
      g_assert_cmpuint (attempt, ==, 2);
    }
}

static void
test_call_outcomes (void)
{
  static const struct {
    const char    *json;
    BcCallOutcome  outcome;
    gboolean       successful;
    gboolean       final;
  } cases[] = {
    { "{\"call_id\":\"x\",\"call_status\":\"registered\"}", BC_CALL_OUTCOME_NONE, FALSE, FALSE },
    { "{\"call_id\":\"x\",\"call_status\":\"ongoing\"}", BC_CALL_OUTCOME_NONE, FALSE, FALSE },
    { "{\"call_id\":\"x\",\"call_status\":\"ended\",\"disconnection_reason\":\"agent_hangup\"}", BC_CALL_OUTCOME_PICKED_UP, FALSE, FALSE },
    { "{\"call_id\":\"x\",\"call_status\":\"ended\",\"disconnection_reason\":\"agent_hangup\",\"call_analysis\":{\"call_successful\":false}}", BC_CALL_OUTCOME_PICKED_UP, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"ended\",\"disconnection_reason\":\"voicemail_reached\",\"call_analysis\":{\"call_successful\":true}}", BC_CALL_OUTCOME_VOICEMAIL, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"ended\",\"disconnection_reason\":\"ivr_reached\"}", BC_CALL_OUTCOME_VOICEMAIL, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"ended\",\"disconnection_reason\":\"user_hangup\",\"call_analysis\":{\"in_voicemail\":true,\"call_successful\":true}}", BC_CALL_OUTCOME_VOICEMAIL, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"ended\",\"disconnection_reason\":\"dial_no_answer\"}", BC_CALL_OUTCOME_NO_ANSWER, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"not_connected\",\"disconnection_reason\":\"dial_no_answer\"}", BC_CALL_OUTCOME_NO_ANSWER, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"not_connected\",\"disconnection_reason\":\"dial_busy\"}", BC_CALL_OUTCOME_BUSY, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"not_connected\",\"disconnection_reason\":\"invalid_destination\"}", BC_CALL_OUTCOME_NOT_CONNECTED, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"not_connected\",\"disconnection_reason\":\"something_new\"}", BC_CALL_OUTCOME_NOT_CONNECTED, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"not_connected\",\"disconnection_reason\":\"no_valid_payment\"}", BC_CALL_OUTCOME_ERROR, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"error\",\"disconnection_reason\":\"error_llm_websocket_open\"}", BC_CALL_OUTCOME_ERROR, FALSE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"ended\",\"disconnection_reason\":\"brand_new_reason\",\"call_analysis\":{\"call_successful\":true}}", BC_CALL_OUTCOME_PICKED_UP, TRUE, TRUE },
    { "{\"call_id\":\"x\",\"call_status\":\"teleported\"}", BC_CALL_OUTCOME_NONE, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BcCallInfo) info = parse (cases[i].json, NULL);
      gboolean successful = !cases[i].successful;

      g_test_message ("%s", cases[i].json);
      g_assert_cmpint (bc_call_info_get_outcome (info, &successful), ==, cases[i].outcome);
      g_assert_cmpint (successful, ==, cases[i].successful);
      g_assert_cmpint (bc_call_info_is_final (info), ==, cases[i].final);
    }
}

static void
test_call_defensive (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcCallInfo) info = NULL;
  g_autoptr(BcCallInfo) copy = NULL;
  BcCallInfo *none;

  /* Wrong types read as unknown, values we do not know are kept. */
  info = parse ("{\"callId\":12345,\"status\":\"warp_speed\",\"disconnection_reason\":[1],"
                "\"call_analysis\":\"soon\",\"start_timestamp\":\"yesterday\",\"duration_ms\":{},"
                "\"metadata\":[\"not\",\"an\",\"object\"],\"agentVersion\":true}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->call_id, ==, "12345");
  g_assert_cmpstr (info->status_raw, ==, "warp_speed");
  g_assert_cmpint (info->status, ==, BC_CALL_STATUS_UNKNOWN);
  g_assert_null (info->disconnection_reason);
  g_assert_false (info->has_analysis);
  g_assert_cmpint (info->call_successful, ==, BC_TRISTATE_UNKNOWN);
  g_assert_cmpint (info->start_ms, ==, 0);
  g_assert_cmpint (info->duration_ms, ==, -1);
  g_assert_cmpint (info->agent_version, ==, -1);
  g_assert_cmpstr (info->metadata_json, ==, "[\"not\",\"an\",\"object\"]");
  g_assert_false (bc_call_info_get_bc_tag (info, NULL, NULL, NULL));
  g_assert_true (json_object_has_member (info->raw, "disconnection_reason"));

  copy = bc_call_info_copy (info);
  g_assert_cmpstr (copy->status_raw, ==, "warp_speed");
  g_assert_true (copy->raw == info->raw);

  none = parse ("{\"status\":\"ended\"}", &error);
  g_assert_null (none);
  g_assert_error (error, BC_API_ERROR, BC_API_ERROR_PROTOCOL);
  g_clear_error (&error);
  none = parse ("[1,2]", &error);
  g_assert_null (none);
  g_assert_error (error, BC_API_ERROR, BC_API_ERROR_PROTOCOL);
}

static void
test_from_number (void)
{
  g_autoptr(JsonNode) weighted = json_from_string (
    "{\"id\":\"n1\",\"number\":\"+14155550100\",\"workspace_id\":\"4242\",\"outbound_agents\":["
    "{\"agent_id\":\"a\",\"agent_version\":2,\"weight\":70},{\"agent_id\":\"b\",\"weight\":30},"
    "{\"agent_id\":\"zero\",\"weight\":0},{\"weight\":5},\"junk\"]}", NULL);
  g_autoptr(JsonNode) legacy = json_from_string ("{\"phone_number\":\"+14155550101\",\"agent_id\":\"old\"}", NULL);
  g_autoptr(JsonNode) unbound = json_from_string ("{\"number\":\"+14155550102\",\"agent_id\":null}", NULL);
  g_autoptr(JsonNode) nonumber = json_from_string ("{\"id\":\"x\"}", NULL);
  g_autoptr(BcFromNumber) n = bc_from_number_new_from_json (weighted);
  g_autoptr(BcFromNumber) l = bc_from_number_new_from_json (legacy);
  g_autoptr(BcFromNumber) u = bc_from_number_new_from_json (unbound);
  g_autoptr(BcFromNumber) copy = bc_from_number_copy (n);
  guint picks_a = 0;

  g_assert_null (bc_from_number_new_from_json (nonumber));
  g_assert_cmpint (n->workspace_id, ==, 4242);
  g_assert_cmpuint (n->agents->len, ==, 2);
  g_assert_cmpuint (copy->agents->len, ==, 2);
  g_assert_true (bc_from_number_is_bound (n));
  g_assert_cmpstr (g_array_index (n->agents, BcOutboundAgent, 0).agent_id, ==, "a");
  g_assert_cmpint (g_array_index (n->agents, BcOutboundAgent, 0).version, ==, 2);
  g_assert_cmpint (g_array_index (n->agents, BcOutboundAgent, 1).version, ==, -1);
  g_assert_true (bc_from_number_is_bound (l));
  g_assert_cmpstr (g_array_index (l->agents, BcOutboundAgent, 0).agent_id, ==, "old");
  g_assert_false (bc_from_number_is_bound (u));
  g_assert_null (bc_from_number_pick_agent (u, 1));

  /* Deterministic per recipient, and close to the weights over many. */
  for (gint64 id = 1; id <= 10000; id++)
    {
      const BcOutboundAgent *pick = bc_from_number_pick_agent (n, id);

      g_assert_true (pick == bc_from_number_pick_agent (n, id));
      if (g_str_equal (pick->agent_id, "a"))
        picks_a++;
    }
  g_assert_cmpuint (picks_a, >, 6800);
  g_assert_cmpuint (picks_a, <, 7200);
  g_assert_cmpstr (bc_from_number_pick_agent (l, 42)->agent_id, ==, "old");
}

static void
test_initiate_body (void)
{
  BcRecipientData r = {
    .id = 17, .phone = (char *) "+14155550123", .override_agent_version = -1,
    .metadata = (char *) "{\"crm\":\"x-1\",\"bc\":\"overwritten\"}",
    .custom_sip_headers = (char *) "{\"X-Campaign\":\"spring\"}",
    .variables = (char *) "{\"first_name\":\"Ada\",\"age\":36}",
  };
  BcCallRequest req = {
    .recipient = &r, .batch_id = "3f1c-uuid", .attempt = 2,
    .from_number = "+14155550100", .agent_id = "agent_sales", .agent_version = 2,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = bc_api_build_initiate_body (BC_API_PROFILE_UPONAI, 4242, &req, &error);
  g_autoptr(JsonNode) retell = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autofree char *text = NULL;
  JsonObject *o;

  g_assert_no_error (error);
  text = json_to_string (body, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550123\",\"agentId\":\"agent_sales\","
                   "\"workspaceId\":4242,\"overrideAgentVersion\":2,\"customSipHeaders\":{\"X-Campaign\":\"spring\"},"
                   "\"uponai_dynamic_variables\":{\"first_name\":\"Ada\",\"age\":\"36\"},"
                   "\"metadata\":{\"crm\":\"x-1\",\"bc\":{\"batch\":\"3f1c-uuid\",\"recipient\":17,\"attempt\":2}}}");

  /* The row's override agent wins, with its own version (none here). */
  r.override_agent_id = (char *) "agent_vip";
  r.ignore_e164 = TRUE;
  retell = bc_api_build_initiate_body (BC_API_PROFILE_RETELL, 4242, &req, &error);
  g_assert_no_error (error);
  o = json_node_get_object (retell);
  g_assert_cmpstr (json_object_get_string_member (o, "override_agent_id"), ==, "agent_vip");
  g_assert_false (json_object_has_member (o, "override_agent_version"));
  g_assert_false (json_object_has_member (o, "workspaceId"));
  g_assert_true (json_object_get_boolean_member (o, "ignore_e164_validation"));
  g_assert_cmpstr (json_object_get_string_member (o, "to_number"), ==, "+14155550123");
  g_assert_true (json_object_has_member (o, "retell_llm_dynamic_variables"));
  g_assert_true (json_object_has_member (o, "custom_sip_headers"));

  r.metadata = (char *) "[1,2]";
  bad = bc_api_build_initiate_body (BC_API_PROFILE_UPONAI, 4242, &req, &error);
  g_assert_null (bad);
  g_assert_error (error, BC_API_ERROR, BC_API_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "metadata"));
  g_clear_error (&error);

  r.metadata = NULL;
  r.override_agent_id = NULL;
  req.agent_id = NULL;
  bad = bc_api_build_initiate_body (BC_API_PROFILE_UPONAI, 4242, &req, &error);
  g_assert_null (bad);
  g_assert_error (error, BC_API_ERROR, BC_API_ERROR_INVALID_REQUEST);
}

static void
test_base_url (void)
{
  static const struct {
    const char *url;
    gboolean    ok;
  } cases[] = {
    { "https://api.upon-ai.com", TRUE },
    { "https://api.upon-ai.com/", TRUE },
    { "http://127.0.0.1:8080", TRUE },
    { "http://127.1.2.3:8080", TRUE },
    { "http://[::1]:8080", TRUE },
    { "http://localhost:9000", TRUE },
    { "http://LOCALHOST", TRUE },
    { "http://api.upon-ai.com", FALSE },
    { "http://10.0.0.1:8080", FALSE },
    { "http://127.0.0.1.evil.example", FALSE },
    { "http://localhost.evil.example", FALSE },
    { "ftp://127.0.0.1", FALSE },
    { "api.upon-ai.com", FALSE },
    { "", FALSE },
    { "https://", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BcApiClient) client = bc_api_client_new (cases[i].url, BC_API_PROFILE_UPONAI, 4, NULL, &error);

      g_test_message ("%s", cases[i].url);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_nonnull (client);
        }
      else
        {
          g_assert_error (error, BC_API_ERROR, BC_API_ERROR_INSECURE_URL);
          g_assert_null (client);
        }
    }
}

static void
test_error_accessors (void)
{
  g_autoptr(GError) error = bc_api_error_new_full (BC_API_ERROR_RATE_LIMITED, 429, "concurrency_limit_reached",
                                                   2000, FALSE, "slow down");
  g_autoptr(GError) copy = g_error_copy (error);
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_assert_cmpint (bc_api_error_get_retry_after_ms (copy), ==, 2000);
  g_assert_cmpuint (bc_api_error_get_http_status (copy), ==, 429);
  g_assert_cmpstr (bc_api_error_get_server_code (copy), ==, "concurrency_limit_reached");
  g_assert_false (bc_api_error_fate_unknown (copy));
  g_assert_true (bc_api_error_is_transient (copy));
  g_assert_cmpint (bc_api_error_get_retry_after_ms (other), ==, -1);
  g_assert_false (bc_api_error_fate_unknown (other));
  g_assert_false (bc_api_error_is_transient (other));
}

static void
on_lookup_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_secret_env (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *none = NULL;

  /* UPONAI_API_KEY wins, and the keyring is never asked (no session bus
   * is needed here). */
  g_setenv (BC_SECRET_ENV_VAR, "sk-from-env", TRUE);
  bc_secret_lookup_async ("https://api.upon-ai.com", NULL, on_lookup_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  token = bc_secret_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "sk-from-env");

  g_setenv (BC_SECRET_ENV_VAR, "", TRUE);
  none = bc_secret_dup_env_token ();
  g_assert_null (none);
  g_unsetenv (BC_SECRET_ENV_VAR);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/ApiParse/call-spellings", test_call_spellings);
  g_test_add_func ("/BatchCalls/ApiParse/call-outcomes", test_call_outcomes);
  g_test_add_func ("/BatchCalls/ApiParse/call-defensive", test_call_defensive);
  g_test_add_func ("/BatchCalls/ApiParse/from-number", test_from_number);
  g_test_add_func ("/BatchCalls/ApiParse/initiate-body", test_initiate_body);
  g_test_add_func ("/BatchCalls/ApiParse/base-url", test_base_url);
  g_test_add_func ("/BatchCalls/ApiParse/error-accessors", test_error_accessors);
  g_test_add_func ("/BatchCalls/ApiParse/secret-env", test_secret_env);

  return g_test_run ();
}
