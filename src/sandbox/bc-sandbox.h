/* bc-sandbox.h: a local, faithful stand-in for the UponAI API
 *
 * Serves both profiles' paths on 127.0.0.1, on its own thread with its own
 * GMainContext, so that a test or the app can embed it without sharing a
 * main loop. See src/sandbox/README.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BC_SANDBOX_DEFAULT_TOKEN        "sandbox-token"
#define BC_SANDBOX_DEFAULT_WORKSPACE_ID 4242
#define BC_SANDBOX_DEFAULT_ACCOUNT_SID  "AC-sandbox-demo"

typedef struct
{
  guint16  port;              /* 0: any free port */
  char    *token;
  gint64   workspace_id;
  char    *account_sid;
  guint64  seed;

  /* The simulated phone network. */
  double   pickup_rate;       /* someone or something answers */
  double   success_rate;      /* of the calls a person answered */
  double   voicemail_rate;    /* of the answered calls */
  double   mean_duration_s;   /* of a conversation */
  double   time_scale;        /* simulated seconds per real second */
  gboolean zero_latency;      /* every call ends at once (benchmarks) */
  guint    concurrency_limit; /* 0: unlimited */
  gboolean payment_required;  /* every call answers 402 no_valid_payment */

  /* Faults, as fractions of answers; deterministic for the seed. */
  double   fault_429_rate;
  double   fault_500_rate;
  double   fault_503_rate;
  double   fault_slow_rate;
  double   fault_close_rate;  /* "place a call": created, then the connection closed */
  guint    retry_after_s;     /* sent with every 429 */
  guint    slow_ms;           /* how late a slow answer comes (real time) */
} BcSandboxOptions;

void bc_sandbox_options_init  (BcSandboxOptions *options);
void bc_sandbox_options_clear (BcSandboxOptions *options);

#define BC_TYPE_SANDBOX (bc_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (BcSandbox, bc_sandbox, BC, SANDBOX, GObject)

/* Copies @options (NULL: the defaults). */
BcSandbox  *bc_sandbox_new               (const BcSandboxOptions *options);
/* Listens and starts the sandbox's thread; returns once it is serving. */
gboolean    bc_sandbox_start             (BcSandbox   *self,
                                          GError     **error);
/* Stops serving and joins the thread; idempotent. */
void        bc_sandbox_stop              (BcSandbox   *self);
/* "http://127.0.0.1:PORT", valid after start. */
const char *bc_sandbox_get_base_url      (BcSandbox   *self);
const BcSandboxOptions *bc_sandbox_get_options (BcSandbox *self);

/* Ground truth for "nobody is called twice": calls created (accepted and
 * kept, faults included) for @to_number, and in all. Thread-safe. */
guint       bc_sandbox_get_created_count (BcSandbox   *self,
                                          const char  *to_number);
guint       bc_sandbox_get_created_total (BcSandbox   *self);
/* Server-side batches accepted (create-batch-call), for "never submitted
 * twice". Thread-safe. */
guint       bc_sandbox_get_n_batches     (BcSandbox   *self);
/* Requests answered so far, any path. */
guint       bc_sandbox_get_n_requests    (BcSandbox   *self);

/* Moves the simulated network's clock forward by @ms (on top of real time
 * × time-scale), so a test can see calls end without waiting. */
void        bc_sandbox_advance           (BcSandbox   *self,
                                          gint64       ms);
/* The simulated clock, ms since the epoch. */
gint64      bc_sandbox_now_ms            (BcSandbox   *self);

/* Replaces the fault rates while running (tests switch faults on and off
 * around the request they are about). */
void        bc_sandbox_set_faults        (BcSandbox   *self,
                                          double       rate_429,
                                          double       rate_500,
                                          double       rate_503,
                                          double       rate_slow,
                                          double       rate_close);

G_END_DECLS
