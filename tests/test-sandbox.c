/* test-sandbox.c: the sandbox as the real service would behave
 *
 * Plain HTTP from the test thread (the sandbox answers on its own), so
 * what is tested is the sandbox, not the client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "bc-sandbox.h"

typedef struct
{
  BcSandbox   *sandbox;
  SoupSession *session;
} Fixture;

static void
fixture_start (Fixture                *f,
               const BcSandboxOptions *options)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = bc_sandbox_new (options);
  g_assert_true (bc_sandbox_start (f->sandbox, &error));
  g_assert_no_error (error);
  f->session = soup_session_new ();
}

static void
fixture_stop (Fixture *f)
{
  g_assert_finalize_object (f->session);
  bc_sandbox_stop (f->sandbox);
  g_assert_finalize_object (f->sandbox);
}

/* Sends and returns the status; @answer gets the JSON (NULL if none). */
static guint
request (Fixture     *f,
         const char  *method,
         const char  *path,
         const char  *body,
         const char  *token,
         JsonNode   **answer,
         char       **retry_after)
{
  g_autofree char *uri = g_strconcat (bc_sandbox_get_base_url (f->sandbox), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }

  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  if (answer != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* The bytes are not NUL-terminated. */
      *answer = size > 0 && json_parser_load_from_data (parser, data, size, NULL)
                ? json_node_copy (json_parser_get_root (parser)) : NULL;
    }
  if (retry_after != NULL)
    *retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"));
  return soup_message_get_status (msg);
}

static const char *
member_string (JsonNode   *node,
               const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *n = node;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
        return NULL;
      n = json_object_get_member (json_node_get_object (n), parts[i]);
    }
  return n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : NULL;
}

#define T BC_SANDBOX_DEFAULT_TOKEN
#define INIT "/api/v1/calls/initiate"

static void
test_enforcement (void)
{
  static const struct {
    const char *method, *path, *body, *token;
    guint       status;
    const char *code;
    const char *message;
  } cases[] = {
    { "GET", "/api/concurrency?workspaceId=4242", NULL, NULL, 401, "unauthorized", "Missing Authorization: Bearer token" },
    { "GET", "/api/concurrency?workspaceId=4242", NULL, "nope", 401, "unauthorized", "Invalid API key: nope" },
    { "GET", "/api/concurrency", NULL, T, 400, "invalid_request", "workspaceId is required" },
    { "GET", "/api/concurrency?workspaceId=1", NULL, T, 403, "forbidden", NULL },
    { "GET", "/api/numbers/AC-other", NULL, T, 404, "not_found", "Unknown account" },
    { "GET", "/api/v1/calls/call_unknown", NULL, T, 404, "not_found", "Call not found" },
    { "GET", "/api/v1/calls?workspaceId=4242&limit=101", NULL, T, 400, "invalid_request", NULL },
    { "GET", "/api/v1/calls?workspaceId=4242&fromDate=yesterday", NULL, T, 400, "invalid_request", NULL },
    { "GET", "/nowhere", NULL, T, 404, "not_found", "No such endpoint" },
    { "POST", INIT, "not json", T, 400, "invalid_request", "The body must be a JSON object" },
    { "POST", INIT, "{\"toNumber\":\"+14155550001\",\"agentId\":\"agent_sales\"}", T, 400, "invalid_request", "fromNumber is required" },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"agentId\":\"agent_sales\"}", T, 400, "invalid_request", "toNumber is required" },
    { "POST", INIT, "{\"fromNumber\":\"+19999999999\",\"toNumber\":\"+14155550001\"}", T, 404, "not_found", NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"0415 555\"}", T, 400, "invalid_destination", "toNumber is not a valid E.164 number" },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"0415 555\",\"ignoreE164Validation\":true}", T, 200, NULL, NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550002\",\"ignoreE164Validation\":\"yes\"}", T, 400, "invalid_request", NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550003\",\"agentId\":\"agent_ghost\"}", T, 404, "not_found", "Agent agent_ghost not found" },
    { "POST", INIT, "{\"fromNumber\":\"+14155550102\",\"toNumber\":\"+14155550004\"}", T, 400, "invalid_request", "agentId is required: +14155550102 is not bound to an agent" },
    { "POST", INIT, "{\"fromNumber\":\"+14155550102\",\"toNumber\":\"+14155550005\",\"agentId\":\"agent_survey\"}", T, 200, NULL, NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550101\",\"toNumber\":\"+14155550006\"}", T, 200, NULL, NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550007\",\"overrideAgentVersion\":9,\"agentId\":\"agent_sales\"}", T, 400, "invalid_request", NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550008\",\"customSipHeaders\":{\"Campaign\":\"a\"}}", T, 400, "invalid_request", "customSipHeaders: keys must start with X-" },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550009\",\"customSipHeaders\":{\"X-A\":\"a\\r\\nB: c\"}}", T, 400, "invalid_request", NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550010\",\"customSipHeaders\":{\"X-A\":1}}", T, 400, "invalid_request", NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550011\",\"metadata\":[1]}", T, 400, "invalid_request", "metadata must be an object" },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550012\",\"uponai_dynamic_variables\":{\"n\":1}}", T, 400, "invalid_request", NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550013\",\"workspaceId\":7}", T, 403, "forbidden", NULL },
    { "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550014\",\"workspaceId\":4242,\"agentId\":\"agent_support\","
                    "\"overrideAgentVersion\":1,\"customSipHeaders\":{\"X-Campaign\":\"spring\"},\"metadata\":{\"k\":\"v\"},"
                    "\"uponai_dynamic_variables\":{\"name\":\"Ada\"}}", T, 200, NULL, NULL },
    { "POST", "/v2/create-phone-call", "{\"from_number\":\"+14155550100\",\"to_number\":\"bad\"}", T, 400, "invalid_destination", "to_number is not a valid E.164 number" },
    { "POST", "/v2/create-phone-call", "{\"from_number\":\"+14155550100\",\"to_number\":\"+14155550015\"}", T, 201, NULL, NULL },
  };
  Fixture f = { 0 };
  guint created = 0;

  fixture_start (&f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      guint status;

      g_test_message ("%s %s %s", cases[i].method, cases[i].path, cases[i].body ? cases[i].body : "");
      status = request (&f, cases[i].method, cases[i].path, cases[i].body, cases[i].token, &answer, NULL);
      g_assert_cmpuint (status, ==, cases[i].status);
      if (status >= 400)
        {
          g_assert_cmpstr (member_string (answer, "code"), ==, cases[i].code);
          if (cases[i].message != NULL)
            g_assert_cmpstr (member_string (answer, "message"), ==, cases[i].message);
        }
      else
        created++;
    }

  /* Only the accepted calls exist. */
  g_assert_cmpuint (bc_sandbox_get_created_total (f.sandbox), ==, created);
  g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, "+14155550014"), ==, 1);
  g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, "+14155550004"), ==, 0);

  fixture_stop (&f);
}

static void
test_concurrency_limit (void)
{
  BcSandboxOptions o;
  Fixture f = { 0 };
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *retry_after = NULL;
  const char *body = "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550020\"}";

  bc_sandbox_options_init (&o);
  o.concurrency_limit = 2;
  fixture_start (&f, &o);
  bc_sandbox_options_clear (&o);

  g_assert_cmpuint (request (&f, "POST", INIT, body, T, NULL, NULL), ==, 200);
  g_assert_cmpuint (request (&f, "POST", INIT, body, T, NULL, NULL), ==, 200);
  g_assert_cmpuint (request (&f, "POST", INIT, body, T, &answer, &retry_after), ==, 429);
  g_assert_cmpstr (member_string (answer, "code"), ==, "concurrency_limit_reached");
  g_assert_cmpstr (retry_after, ==, "1");
  g_clear_pointer (&answer, json_node_unref);

  g_assert_cmpuint (request (&f, "GET", "/get-concurrency", NULL, T, &answer, NULL), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "current_concurrency"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "concurrency_limit"), ==, 2);

  /* When the calls are over, slots are free again. */
  bc_sandbox_advance (f.sandbox, 24 * 3600 * 1000);
  g_assert_cmpuint (request (&f, "POST", INIT, body, T, NULL, NULL), ==, 200);
  g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, "+14155550020"), ==, 3);

  fixture_stop (&f);
}

/* Places @n calls to +1415556NNNN, ends them all, and returns for each
 * "status/reason/successful/voicemail" in order. */
static GPtrArray *
run_campaign (const BcSandboxOptions *o,
              guint                   n)
{
  Fixture f = { 0 };
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  fixture_start (&f, o);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *body = g_strdup_printf ("{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+1415556%04u\"}", i);

      g_assert_cmpuint (request (&f, "POST", INIT, body, T, &answer, NULL), ==, 200);
      g_ptr_array_add (ids, g_strdup (member_string (answer, "call_sid")));
    }

  bc_sandbox_advance (f.sandbox, 24 * 3600 * 1000);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = g_strconcat ("/v2/get-call/", (char *) g_ptr_array_index (ids, i), NULL);
      JsonObject *call, *analysis;

      g_assert_cmpuint (request (&f, "GET", path, NULL, T, &answer, NULL), ==, 200);
      call = json_node_get_object (answer);
      analysis = json_object_has_member (call, "call_analysis") ? json_object_get_object_member (call, "call_analysis") : NULL;
      g_ptr_array_add (out, g_strdup_printf ("%s/%s/%d/%d/%s",
                                             json_object_get_string_member (call, "call_status"),
                                             json_object_get_string_member (call, "disconnection_reason"),
                                             analysis != NULL && json_object_get_boolean_member (analysis, "call_successful"),
                                             analysis != NULL && json_object_get_boolean_member (analysis, "in_voicemail"),
                                             (char *) g_ptr_array_index (ids, i)));
    }
  fixture_stop (&f);
  return out;
}

static void
test_deterministic (void)
{
  BcSandboxOptions o;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  guint same = 0;

  bc_sandbox_options_init (&o);
  o.seed = 5;
  o.concurrency_limit = 0;
  a = run_campaign (&o, 40);
  b = run_campaign (&o, 40);
  o.seed = 6;
  c = run_campaign (&o, 40);
  bc_sandbox_options_clear (&o);

  for (guint i = 0; i < a->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
      same += g_str_equal (g_ptr_array_index (a, i), g_ptr_array_index (c, i));
    }
  g_assert_cmpuint (same, <, a->len);
}

static void
test_rates (void)
{
  BcSandboxOptions o;
  g_autoptr(GPtrArray) calls = NULL;
  guint picked = 0, voicemail = 0, successful = 0, not_connected = 0;

  bc_sandbox_options_init (&o);
  o.concurrency_limit = 0;
  o.pickup_rate = 0.7;
  o.voicemail_rate = 0.2;
  o.success_rate = 0.5;
  calls = run_campaign (&o, 400);
  bc_sandbox_options_clear (&o);

  for (guint i = 0; i < calls->len; i++)
    {
      const char *s = g_ptr_array_index (calls, i);

      if (g_str_has_prefix (s, "not_connected/"))
        {
          not_connected++;
          g_assert_true (g_str_has_prefix (s, "not_connected/dial_no_answer/") ||
                         g_str_has_prefix (s, "not_connected/dial_busy/") ||
                         g_str_has_prefix (s, "not_connected/dial_failed/") ||
                         g_str_has_prefix (s, "not_connected/invalid_destination/"));
          continue;
        }
      g_assert_true (g_str_has_prefix (s, "ended/"));
      picked++;
      if (strstr (s, "/voicemail_reached/0/1/") != NULL)
        voicemail++;
      else if (strstr (s, "/1/0/") != NULL)
        successful++;
    }

  g_test_message ("answered %u, voicemail %u, successful %u, not connected %u",
                  picked, voicemail, successful, not_connected);
  g_assert_cmpuint (picked + not_connected, ==, 400);
  g_assert_cmpuint (picked, >, 250);            /* ≈ 280 */
  g_assert_cmpuint (picked, <, 310);
  g_assert_cmpuint (voicemail, >, 35);          /* ≈ 56 */
  g_assert_cmpuint (voicemail, <, 80);
  g_assert_cmpuint (successful, >, 85);         /* ≈ 112 */
  g_assert_cmpuint (successful, <, 140);
}

static void
test_lifecycle (void)
{
  BcSandboxOptions o;
  Fixture f = { 0 };
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *last = g_strdup ("");
  gboolean ended_without_analysis = FALSE;

  bc_sandbox_options_init (&o);
  o.pickup_rate = 1;
  o.voicemail_rate = 0;
  fixture_start (&f, &o);
  bc_sandbox_options_clear (&o);

  g_assert_cmpuint (request (&f, "POST", INIT, "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550030\"}",
                             T, &answer, NULL), ==, 200);
  path = g_strconcat ("/api/v1/calls/", member_string (answer, "call_sid"), NULL);

  /* One simulated second at a time, for ten minutes. */
  for (guint s = 0; s < 600; s++)
    {
      g_autoptr(JsonNode) call = NULL;
      const char *status;

      g_assert_cmpuint (request (&f, "GET", path, NULL, T, &call, NULL), ==, 200);
      status = member_string (call, "call.status");
      if (!g_str_equal (status, last))
        g_string_append_printf (seen, "%s ", status);
      g_free (last);
      last = g_strdup (status);
      if (g_str_equal (status, "ended"))
        {
          if (!json_object_has_member (json_object_get_object_member (json_node_get_object (call), "call"), "call_analysis"))
            ended_without_analysis = TRUE;
          else
            break;
        }
      bc_sandbox_advance (f.sandbox, 1000);
    }

  g_assert_cmpstr (seen->str, ==, "registered ongoing ended ");
  /* The analysis arrives some time after the end. */
  g_assert_true (ended_without_analysis);

  fixture_stop (&f);
}

static void
test_faults_deterministic (void)
{
  BcSandboxOptions o;
  GString *runs[2] = { NULL, NULL };
  guint n429 = 0;

  bc_sandbox_options_init (&o);
  o.concurrency_limit = 0;
  o.fault_429_rate = 0.3;
  o.retry_after_s = 3;

  for (guint run = 0; run < 2; run++)
    {
      Fixture f = { 0 };

      runs[run] = g_string_new (NULL);
      fixture_start (&f, &o);
      for (guint i = 0; i < 100; i++)
        {
          g_autofree char *body = g_strdup_printf ("{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+1415557%04u\"}", i);
          g_autofree char *retry_after = NULL;
          guint status = request (&f, "POST", INIT, body, T, NULL, &retry_after);

          g_string_append_printf (runs[run], "%u ", status);
          if (status == 429)
            {
              g_assert_cmpstr (retry_after, ==, "3");
              n429 += run == 0;
            }
        }
      /* A 429 never creates the call. */
      g_assert_cmpuint (bc_sandbox_get_created_total (f.sandbox), ==, 100 - n429);
      fixture_stop (&f);
    }
  bc_sandbox_options_clear (&o);

  g_assert_cmpstr (runs[0]->str, ==, runs[1]->str);
  g_string_free (runs[0], TRUE);
  g_string_free (runs[1], TRUE);
  g_assert_cmpuint (n429, >, 15);
  g_assert_cmpuint (n429, <, 45);
}

static void
test_admin_and_retell_batch (void)
{
  Fixture f = { 0 };
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) admin = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *numbers;

  fixture_start (&f, NULL);

  /* All or nothing: one bad task creates no call. */
  g_assert_cmpuint (request (&f, "POST", "/create-batch-call",
                             "{\"from_number\":\"+14155550100\",\"name\":\"x\",\"tasks\":[{\"to_number\":\"+14155550040\"},{\"to_number\":\"nope\"}]}",
                             T, NULL, NULL), ==, 400);
  g_assert_cmpuint (bc_sandbox_get_created_total (f.sandbox), ==, 0);

  g_assert_cmpuint (request (&f, "POST", "/create-batch-call",
                             "{\"from_number\":\"+14155550100\",\"name\":\"Spring\",\"trigger_timestamp\":1700000000000,"
                             "\"tasks\":[{\"to_number\":\"+14155550040\"},{\"to_number\":\"+14155550041\"},{\"to_number\":\"+14155550040\"}]}",
                             T, &answer, NULL), ==, 201);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "total_task_count"), ==, 3);
  g_assert_true (g_str_has_prefix (member_string (answer, "batch_call_id"), "batch_"));

  g_assert_cmpuint (request (&f, "GET", "/_sandbox/calls-by-number", NULL, NULL, &admin, NULL), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (admin), "total"), ==, 3);
  numbers = json_object_get_object_member (json_node_get_object (admin), "numbers");
  g_assert_cmpint (json_object_get_int_member (numbers, "+14155550040"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (numbers, "+14155550041"), ==, 1);
  g_assert_cmpuint (bc_sandbox_get_created_count (f.sandbox, "+14155550040"), ==, 2);

  g_assert_cmpuint (request (&f, "POST", "/v2/list-calls", "{\"limit\":2,\"sort_order\":\"ascending\"}",
                             T, &list, NULL), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), 0), "batch_call_id"),
                   ==, member_string (answer, "batch_call_id"));

  fixture_stop (&f);
}

/* A server-side batch is placed on the sandbox's clock: nothing before its
 * trigger and its window (here tomorrow 09:00–10:00 UTC, on tomorrow's
 * weekday only), never more than reserved_concurrency at once, and the
 * calls carry batch_call_id, which list-calls filters by. */
static void
test_batch_window (void)
{
  static const char * const days[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday" };
  Fixture f = { 0 };
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) opens = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *filter = NULL;
  gint64 open_ms;
  JsonArray *calls;

  fixture_start (&f, NULL);
  now = g_date_time_new_from_unix_utc (bc_sandbox_now_ms (f.sandbox) / 1000);
  tomorrow = g_date_time_add_days (now, 1);
  opens = g_date_time_new_utc (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                               g_date_time_get_day_of_month (tomorrow), 9, 0, 0);
  open_ms = g_date_time_to_unix (opens) * 1000;

  g_string_append_printf (body, "{\"from_number\":\"+14155550100\",\"name\":\"Later\","
                          "\"trigger_timestamp\":%" G_GINT64_FORMAT ",\"reserved_concurrency\":2,"
                          "\"call_time_window\":{\"windows\":[{\"start\":540,\"end\":600}],"
                          "\"timezone\":\"UTC\",\"day\":[\"%s\"]},\"tasks\":[",
                          bc_sandbox_now_ms (f.sandbox) + 60 * 1000,
                          days[g_date_time_get_day_of_week (tomorrow) - 1]);
  for (guint i = 0; i < 5; i++)
    g_string_append_printf (body, "%s{\"to_number\":\"+1415555006%u\"}", i > 0 ? "," : "", i);
  g_string_append (body, "]}");
  g_assert_cmpuint (request (&f, "POST", "/create-batch-call", body->str, T, &answer, NULL), ==, 201);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "scheduled_timestamp"), >,
                   bc_sandbox_now_ms (f.sandbox));

  /* A wrong window is refused, not ignored. */
  g_assert_cmpuint (request (&f, "POST", "/create-batch-call",
                             "{\"from_number\":\"+14155550100\",\"tasks\":[{\"to_number\":\"+14155550040\"}],"
                             "\"call_time_window\":{\"windows\":[{\"start\":600,\"end\":540}]}}",
                             T, NULL, NULL), ==, 400);
  /* Another batch with no window calls at once. */
  g_assert_cmpuint (request (&f, "POST", "/create-batch-call",
                             "{\"from_number\":\"+14155550100\",\"tasks\":[{\"to_number\":\"+14155550040\"}]}",
                             T, &other, NULL), ==, 201);
  g_assert_cmpuint (bc_sandbox_get_created_total (f.sandbox), ==, 1);

  bc_sandbox_advance (f.sandbox, open_ms - bc_sandbox_now_ms (f.sandbox) - 1000);
  g_assert_cmpuint (bc_sandbox_get_created_total (f.sandbox), ==, 1);
  bc_sandbox_advance (f.sandbox, 2000);
  g_assert_cmpuint (bc_sandbox_get_created_total (f.sandbox), ==, 1 + 2);
  bc_sandbox_advance (f.sandbox, 2 * 3600 * 1000);
  g_assert_cmpuint (bc_sandbox_get_created_total (f.sandbox), ==, 1 + 5);

  filter = g_strdup_printf ("{\"limit\":100,\"filter_criteria\":{\"batch_call_id\":[\"%s\"]}}",
                            member_string (answer, "batch_call_id"));
  g_assert_cmpuint (request (&f, "POST", "/v2/list-calls", filter, T, &list, NULL), ==, 200);
  calls = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (calls), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *c = json_array_get_object_element (calls, i);
      gint64 start = json_object_get_int_member (c, "start_timestamp");

      g_assert_cmpstr (json_object_get_string_member (c, "batch_call_id"), ==, member_string (answer, "batch_call_id"));
      /* Placed inside the window (a connected call starts after its ring). */
      g_assert_cmpint (start, >=, open_ms);
      g_assert_cmpint (start, <, open_ms + 3600 * 1000 + 60 * 1000);
    }

  fixture_stop (&f);
}

static void
test_executable (void)
{
  g_autofree char *exe = g_test_build_filename (G_TEST_BUILT, "..", "src", "sandbox", "uponai-sandbox", NULL);
  g_autoptr(GSubprocess) help = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *help_out = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GRegex) re = g_regex_new ("^http://127\\.0\\.0\\.1:[0-9]+$", 0, 0, NULL);

  help = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, exe, "--help", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (help, NULL, NULL, &help_out, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (help_out, "sandbox-token"));
  g_assert_nonnull (strstr (help_out, "--time-scale"));
  g_assert_nonnull (strstr (help_out, "--fault-close"));

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, exe, "--port", "0", "--seed", "3", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match (re, url, 0, NULL));

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/Sandbox/enforcement", test_enforcement);
  g_test_add_func ("/BatchCalls/Sandbox/concurrency-limit", test_concurrency_limit);
  g_test_add_func ("/BatchCalls/Sandbox/deterministic", test_deterministic);
  g_test_add_func ("/BatchCalls/Sandbox/rates", test_rates);
  g_test_add_func ("/BatchCalls/Sandbox/lifecycle", test_lifecycle);
  g_test_add_func ("/BatchCalls/Sandbox/faults-deterministic", test_faults_deterministic);
  g_test_add_func ("/BatchCalls/Sandbox/admin-and-retell-batch", test_admin_and_retell_batch);
  g_test_add_func ("/BatchCalls/Sandbox/batch-window", test_batch_window);
  g_test_add_func ("/BatchCalls/Sandbox/executable", test_executable);

  return g_test_run ();
}
