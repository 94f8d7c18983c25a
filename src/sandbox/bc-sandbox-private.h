/* bc-sandbox-private.h: the sandbox's state, shared by its files
 *
 * All of it lives on the sandbox thread except what `lock` guards, which
 * the public getters read from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "bc-sandbox.h"

G_BEGIN_DECLS

typedef struct
{
  char   *agent_id;
  gint64  version;
  double  weight;
} SbOutbound;

typedef struct
{
  char      *id;
  char      *number;
  GPtrArray *outbound;        /* of SbOutbound */
  char      *legacy_agent_id; /* older records: agent_id only */
} SbNumber;

typedef struct
{
  char  *agent_id;
  char  *name;
  gint64 n_versions;          /* versions 0 … n-1; the list shows the latest */
} SbAgent;

typedef struct
{
  char       *call_id;
  guint64     seq;
  char       *from_number;
  char       *to_number;
  char       *agent_id;
  gint64      agent_version;
  JsonNode   *metadata;        /* may be NULL */
  JsonNode   *variables;       /* may be NULL */
  char       *batch_call_id;   /* may be NULL */
  gint64      created_ms;      /* simulated clock */
  /* The plan, fixed at creation. */
  gint64      ring_ms;
  gboolean    connected;
  const char *dial_reason;     /* when not connected */
  gboolean    voicemail;
  gint64      talk_ms;
  const char *end_reason;
  gint64      analysis_delay_ms;
  gboolean    successful;
  const char *sentiment;
} SbCall;

/* A server-side batch (bc-sandbox-batches.c). */
typedef struct
{
  char      *id;
  char      *from_number;
  GPtrArray *tasks;           /* of SbTask, in order */
  guint      next_task;       /* the first task not placed */
  gint64     cursor_ms;       /* nothing more is placed before this */
  GArray    *windows;         /* gint pairs: start, end (minutes from local midnight) */
  guint      day_mask;        /* bit 0 Monday … bit 6 Sunday */
  GTimeZone *tz;
  guint      concurrency;     /* reserved_concurrency */
  GPtrArray *live;            /* SbCall (borrowed) placed and maybe not ended */
} SbBatch;

typedef enum
{
  SB_FAULT_NONE,
  SB_FAULT_429,
  SB_FAULT_500,
  SB_FAULT_503,
  SB_FAULT_SLOW,
  SB_FAULT_CLOSE,
} SbFault;

struct _BcSandbox
{
  GObject           parent_instance;

  BcSandboxOptions  options;
  char             *base_url;

  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  SoupServer       *server;
  GError           *start_error;
  gboolean          started;
  GMutex            start_mutex;
  GCond             start_cond;
  GHashTable       *slow;          /* SoupServerMessage → GSource, sandbox thread only */

  GMutex            lock;          /* guards everything below */
  GPtrArray        *numbers;       /* of SbNumber */
  GPtrArray        *agents;        /* of SbAgent */
  GPtrArray        *calls;         /* of SbCall, in creation order */
  GHashTable       *calls_by_id;   /* call_id → SbCall */
  GPtrArray        *batches;       /* of SbBatch */
  GHashTable       *created;       /* to_number → count (GUINT_TO_POINTER) */
  GHashTable       *attempts;      /* to_number → initiate requests seen */
  guint             created_total;
  guint             n_requests;
  guint64           next_seq;
  guint64           fault_seq;
  gint64            start_wall_ms;
  gint64            start_mono_us;
  gint64            offset_ms;
};

/* bc-sandbox-network.c */
void        _sb_seed_account        (BcSandbox   *self);
void        _sb_number_free         (gpointer     data);
void        _sb_agent_free          (gpointer     data);
void        _sb_call_free           (gpointer     data);
gint64      _sb_now_ms              (BcSandbox   *self);
SbNumber   *_sb_find_number         (BcSandbox   *self,
                                     const char  *number);
SbAgent    *_sb_find_agent          (BcSandbox   *self,
                                     const char  *agent_id);
const SbOutbound *_sb_number_pick   (SbNumber    *number,
                                     guint64      key);
guint       _sb_active_calls        (BcSandbox   *self,
                                     gint64       now_ms);
/* Creates and records a call (lock held). */
SbCall     *_sb_create_call         (BcSandbox   *self,
                                     const char  *from_number,
                                     const char  *to_number,
                                     const char  *agent_id,
                                     gint64       agent_version,
                                     JsonNode    *metadata,
                                     JsonNode    *variables);
gint64      _sb_call_end_ms         (const SbCall *call);
const char *_sb_call_status         (const SbCall *call,
                                     gint64        now_ms);
/* The call object in @retell spelling or the native one (lock held). */
JsonNode   *_sb_call_to_json        (const SbCall *call,
                                     gint64        now_ms,
                                     gboolean      retell);
/* A value in [0, 1) fixed by the seed and @key/@n. */
double      _sb_uniform             (BcSandbox   *self,
                                     const char  *key,
                                     guint64      n,
                                     guint        salt);

/* bc-sandbox-handlers.c */
void        _sb_handle_api          (BcSandbox         *self,
                                     SoupServerMessage *msg,
                                     const char        *path,
                                     GHashTable        *query);

/* bc-sandbox-handlers.c: shared by the endpoint files */
const char *_sb_get_string          (JsonObject        *o,
                                     const char        *name);
/* The request body when it is a JSON object, else NULL. */
JsonNode   *_sb_parse_body          (SoupServerMessage *msg);
void        _sb_respond_rate_limited (BcSandbox        *self,
                                      SoupServerMessage *msg,
                                      gboolean          retell,
                                      const char       *code,
                                      const char       *message);
/* TRUE when a 429/500/503 fault answered @msg instead. */
gboolean    _sb_apply_gateway_fault (BcSandbox         *self,
                                     SoupServerMessage *msg,
                                     gboolean           retell,
                                     SbFault            fault);
/* Sends the response already set, late or never, as @fault says. */
void        _sb_deliver             (BcSandbox         *self,
                                     SoupServerMessage *msg,
                                     SbFault            fault);
gboolean    _sb_check_workspace     (BcSandbox         *self,
                                     SoupServerMessage *msg,
                                     GHashTable        *query);

/* bc-sandbox-calls.c */
void        _sb_handle_initiate     (BcSandbox         *self,
                                     SoupServerMessage *msg,
                                     gboolean           retell);
void        _sb_handle_get_call     (BcSandbox         *self,
                                     SoupServerMessage *msg,
                                     gboolean           retell,
                                     const char        *id);
void        _sb_handle_list_native  (BcSandbox         *self,
                                     SoupServerMessage *msg,
                                     GHashTable        *query);
void        _sb_handle_list_retell  (BcSandbox         *self,
                                     SoupServerMessage *msg);
void        _sb_handle_batch        (BcSandbox         *self,
                                     SoupServerMessage *msg);

/* bc-sandbox-batches.c */
/* A batch from a create-batch-call body @o, without its tasks; NULL with
 * *@message (for a 400) when its window or trigger is wrong. */
SbBatch    *_sb_batch_new           (BcSandbox   *self,
                                     JsonObject  *o,
                                     const char  *id,
                                     const char  *from_number,
                                     char       **message);
void        _sb_batch_free          (gpointer     data);
void        _sb_batch_add_task      (SbBatch     *batch,
                                     JsonObject  *task,
                                     const char  *agent_id,
                                     gint64       version);
/* Places what every batch would have placed by @now_ms (lock held). */
void        _sb_run_batches         (BcSandbox   *self,
                                     gint64       now_ms);

/* bc-sandbox.c */
void        _sb_respond             (SoupServerMessage *msg,
                                     guint              status,
                                     JsonNode          *body);
void        _sb_respond_error       (SoupServerMessage *msg,
                                     gboolean           retell,
                                     guint              status,
                                     const char        *code,
                                     const char        *message);
/* Draws the fault for this answer; initiate requests key it by @to_number. */
SbFault     _sb_draw_fault          (BcSandbox   *self,
                                     const char  *to_number,
                                     gboolean     creates);
/* Delivers @msg's already-set response after slow_ms. */
void        _sb_answer_late         (BcSandbox         *self,
                                     SoupServerMessage *msg);
/* Closes the connection without an answer. */
void        _sb_drop_connection     (SoupServerMessage *msg);

G_END_DECLS
