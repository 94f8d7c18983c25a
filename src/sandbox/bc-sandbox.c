/* bc-sandbox.c: the sandbox server object, its thread and its plumbing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-sandbox"

#include "config.h"

#include <gio/gio.h>

#include "bc-sandbox-private.h"

/* SoupServer listens with a backlog of 10, which resets connections under a
 * burst of new ones (one per POST): we listen ourselves. */
#define LISTEN_BACKLOG 1024

G_DEFINE_FINAL_TYPE (BcSandbox, bc_sandbox, G_TYPE_OBJECT)

void
bc_sandbox_options_init (BcSandboxOptions *o)
{
  memset (o, 0, sizeof *o);
  o->token = g_strdup (BC_SANDBOX_DEFAULT_TOKEN);
  o->workspace_id = BC_SANDBOX_DEFAULT_WORKSPACE_ID;
  o->account_sid = g_strdup (BC_SANDBOX_DEFAULT_ACCOUNT_SID);
  o->seed = 1;
  o->pickup_rate = 0.7;
  o->success_rate = 0.5;
  o->voicemail_rate = 0.2;
  o->mean_duration_s = 90;
  o->time_scale = 1.0;
  o->concurrency_limit = 20;
  o->retry_after_s = 1;
  o->slow_ms = 60000;
}

void
bc_sandbox_options_clear (BcSandboxOptions *o)
{
  g_clear_pointer (&o->token, g_free);
  g_clear_pointer (&o->account_sid, g_free);
}

void
_sb_respond (SoupServerMessage *msg,
             guint              status,
             JsonNode          *body)
{
  char *text = json_to_string (body, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

void
_sb_respond_error (SoupServerMessage *msg,
                   gboolean           retell,
                   guint              status,
                   const char        *code,
                   const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  if (retell)
    {
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, "error");
    }
  else
    {
      json_builder_set_member_name (b, "success");
      json_builder_add_boolean_value (b, FALSE);
    }
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  if (code != NULL)
    {
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, code);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  _sb_respond (msg, status, root);
}

SbFault
_sb_draw_fault (BcSandbox  *self,
                const char *to_number,
                gboolean    creates)
{
  const BcSandboxOptions *o = &self->options;
  double u;

  if (to_number != NULL)
    {
      guint64 n = GPOINTER_TO_UINT (g_hash_table_lookup (self->attempts, to_number));

      g_hash_table_insert (self->attempts, g_strdup (to_number), GUINT_TO_POINTER (n + 1));
      u = _sb_uniform (self, to_number, n, 1000);
    }
  else
    u = _sb_uniform (self, "request", self->fault_seq++, 1001);

  if ((u -= o->fault_429_rate) < 0)
    return SB_FAULT_429;
  if ((u -= o->fault_500_rate) < 0)
    return SB_FAULT_500;
  if ((u -= o->fault_503_rate) < 0)
    return SB_FAULT_503;
  if ((u -= o->fault_slow_rate) < 0)
    return SB_FAULT_SLOW;
  if (creates && (u -= o->fault_close_rate) < 0)
    return SB_FAULT_CLOSE;
  return SB_FAULT_NONE;
}

static gboolean
on_late_answer_cb (gpointer data)
{
  SoupServerMessage *msg = data;
  BcSandbox *self = g_object_get_data (G_OBJECT (msg), "bc-sandbox");

  g_object_ref (msg);
  g_hash_table_remove (self->slow, msg);   /* the source goes with it */
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
on_late_msg_disconnected_cb (SoupServerMessage *msg,
                             BcSandbox         *self)
{
  g_hash_table_remove (self->slow, msg);
}

void
_sb_answer_late (BcSandbox         *self,
                 SoupServerMessage *msg)
{
  GSource *source = g_timeout_source_new (self->options.slow_ms);

  g_object_set_data (G_OBJECT (msg), "bc-sandbox", self);
  g_source_set_callback (source, on_late_answer_cb, msg, NULL);
  g_source_attach (source, self->context);
  g_hash_table_insert (self->slow, g_object_ref (msg), source);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_late_msg_disconnected_cb), self);
  soup_server_message_pause (msg);
}

void
_sb_drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
destroy_source (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static void
slow_msg_unref (gpointer data)
{
  g_signal_handlers_disconnect_matched (data, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_late_msg_disconnected_cb, NULL);
  g_object_unref (data);
}

static void
handle_admin (BcSandbox         *self,
              SoupServerMessage *msg,
              const char        *path)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!g_str_equal (path, "/_sandbox/calls-by-number"))
    {
      _sb_respond_error (msg, FALSE, SOUP_STATUS_NOT_FOUND, "not_found", "No such admin endpoint");
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, self->created_total);
  json_builder_set_member_name (b, "requests");
  json_builder_add_int_value (b, self->n_requests);
  json_builder_set_member_name (b, "numbers");
  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, self->created);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (b, key);
      json_builder_add_int_value (b, GPOINTER_TO_UINT (value));
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  _sb_respond (msg, SOUP_STATUS_OK, root);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  BcSandbox *self = user_data;

  g_mutex_lock (&self->lock);
  self->n_requests++;
  /* Server-side batches place their calls before anyone looks. */
  _sb_run_batches (self, _sb_now_ms (self));
  if (g_str_has_prefix (path, "/_sandbox/"))
    handle_admin (self, msg, path);
  else
    _sb_handle_api (self, msg, path, query);
  g_mutex_unlock (&self->lock);
}

static gboolean
listen_on_loopback (BcSandbox  *self,
                    GError    **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->options.port);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  if (!g_socket_bind (socket, address, TRUE, error))
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_listen (socket, error))
    return FALSE;
  if (!soup_server_listen_socket (self->server, socket, 0, error))
    return FALSE;

  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return FALSE;
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                    g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return TRUE;
}

static gpointer
sandbox_thread (gpointer data)
{
  BcSandbox *self = data;
  GError *error = NULL;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "uponai-sandbox ", NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
  listen_on_loopback (self, &error);

  g_mutex_lock (&self->start_mutex);
  self->start_error = error;
  self->started = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_mutex);

  if (error == NULL)
    g_main_loop_run (self->loop);

  g_hash_table_remove_all (self->slow);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let the server's connections finish closing on this context. */
  while (g_main_context_pending (self->context))
    g_main_context_iteration (self->context, FALSE);

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
bc_sandbox_dispose (GObject *object)
{
  bc_sandbox_stop (BC_SANDBOX (object));

  G_OBJECT_CLASS (bc_sandbox_parent_class)->dispose (object);
}

static void
bc_sandbox_finalize (GObject *object)
{
  BcSandbox *self = BC_SANDBOX (object);

  bc_sandbox_options_clear (&self->options);
  g_free (self->base_url);
  g_clear_error (&self->start_error);
  g_clear_pointer (&self->slow, g_hash_table_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->batches, g_ptr_array_unref);
  g_clear_pointer (&self->calls_by_id, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_pointer (&self->numbers, g_ptr_array_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->created, g_hash_table_unref);
  g_clear_pointer (&self->attempts, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->start_mutex);
  g_cond_clear (&self->start_cond);

  G_OBJECT_CLASS (bc_sandbox_parent_class)->finalize (object);
}

static void
bc_sandbox_class_init (BcSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bc_sandbox_dispose;
  object_class->finalize = bc_sandbox_finalize;
}

static void
bc_sandbox_init (BcSandbox *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->start_mutex);
  g_cond_init (&self->start_cond);
  self->numbers = g_ptr_array_new_with_free_func (_sb_number_free);
  self->agents = g_ptr_array_new_with_free_func (_sb_agent_free);
  self->calls = g_ptr_array_new_with_free_func (_sb_call_free);
  self->calls_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->batches = g_ptr_array_new_with_free_func (_sb_batch_free);
  self->created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->attempts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->slow = g_hash_table_new_full (NULL, NULL, slow_msg_unref, destroy_source);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
}

BcSandbox *
bc_sandbox_new (const BcSandboxOptions *options)
{
  BcSandbox *self = g_object_new (BC_TYPE_SANDBOX, NULL);

  if (options != NULL)
    {
      self->options = *options;
      self->options.token = g_strdup (options->token);
      self->options.account_sid = g_strdup (options->account_sid);
    }
  else
    bc_sandbox_options_init (&self->options);

  if (!(self->options.time_scale > 0))
    self->options.time_scale = 1.0;
  _sb_seed_account (self);
  return self;
}

gboolean
bc_sandbox_start (BcSandbox  *self,
                  GError    **error)
{
  g_return_val_if_fail (BC_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->start_wall_ms = g_get_real_time () / 1000;
  self->start_mono_us = g_get_monotonic_time ();
  self->thread = g_thread_new ("bc-sandbox", sandbox_thread, self);

  g_mutex_lock (&self->start_mutex);
  while (!self->started)
    g_cond_wait (&self->start_cond, &self->start_mutex);
  g_mutex_unlock (&self->start_mutex);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_thread_join (g_steal_pointer (&self->thread));
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
bc_sandbox_stop (BcSandbox *self)
{
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (BC_IS_SANDBOX (self));

  if (self->thread == NULL)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, g_main_loop_ref (self->loop), (GDestroyNotify) g_main_loop_unref);
  g_source_attach (source, self->context);
  g_thread_join (g_steal_pointer (&self->thread));
}

const char *
bc_sandbox_get_base_url (BcSandbox *self)
{
  g_return_val_if_fail (BC_IS_SANDBOX (self), NULL);
  return self->base_url;
}

const BcSandboxOptions *
bc_sandbox_get_options (BcSandbox *self)
{
  g_return_val_if_fail (BC_IS_SANDBOX (self), NULL);
  return &self->options;
}

guint
bc_sandbox_get_created_count (BcSandbox  *self,
                              const char *to_number)
{
  guint n;

  g_return_val_if_fail (BC_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->lock);
  _sb_run_batches (self, _sb_now_ms (self));
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->created, to_number));
  g_mutex_unlock (&self->lock);
  return n;
}

guint
bc_sandbox_get_n_batches (BcSandbox *self)
{
  guint n;

  g_return_val_if_fail (BC_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->lock);
  n = self->batches->len;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
bc_sandbox_get_created_total (BcSandbox *self)
{
  guint n;

  g_return_val_if_fail (BC_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->lock);
  _sb_run_batches (self, _sb_now_ms (self));
  n = self->created_total;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
bc_sandbox_get_n_requests (BcSandbox *self)
{
  guint n;

  g_return_val_if_fail (BC_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_requests;
  g_mutex_unlock (&self->lock);
  return n;
}

void
bc_sandbox_advance (BcSandbox *self,
                    gint64     ms)
{
  g_return_if_fail (BC_IS_SANDBOX (self));

  g_mutex_lock (&self->lock);
  self->offset_ms += MAX (ms, 0);
  g_mutex_unlock (&self->lock);
}

gint64
bc_sandbox_now_ms (BcSandbox *self)
{
  gint64 now;

  g_return_val_if_fail (BC_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->lock);
  now = _sb_now_ms (self);
  g_mutex_unlock (&self->lock);
  return now;
}

void
bc_sandbox_set_faults (BcSandbox *self,
                       double     rate_429,
                       double     rate_500,
                       double     rate_503,
                       double     rate_slow,
                       double     rate_close)
{
  g_return_if_fail (BC_IS_SANDBOX (self));

  g_mutex_lock (&self->lock);
  self->options.fault_429_rate = rate_429;
  self->options.fault_500_rate = rate_500;
  self->options.fault_503_rate = rate_503;
  self->options.fault_slow_rate = rate_slow;
  self->options.fault_close_rate = rate_close;
  g_mutex_unlock (&self->lock);
}
