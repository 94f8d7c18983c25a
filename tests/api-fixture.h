/* api-fixture.h: a sandbox and a client on a manual clock, for the API tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bc-api-client.h"
#include "bc-manual-clock.h"
#include "bc-sandbox.h"

#define DEMO_FROM "+14155550100"

typedef struct
{
  BcSandbox   *sandbox;
  BcClock     *clock;
  BcApiClient *client;
  GArray      *retries;   /* of guint delay_ms */
} Fixture;

void          on_retry_scheduled_cb (BcApiClient            *client,
                                     guint                   attempt,
                                     guint                   delay_ms,
                                     const GError           *error,
                                     Fixture                *f);
/* Starts a sandbox (@options NULL: defaults) and a client on a manual
 * clock with the demo account, backoff 100–1000 ms, a fixed jitter seed. */
void          fixture_start         (Fixture                *f,
                                     const BcSandboxOptions *options,
                                     BcApiProfile            profile,
                                     guint                   max_conns);
void          fixture_stop          (Fixture                *f);
void          drain                 (void);
void          store_result_cb       (GObject                *source,
                                     GAsyncResult           *result,
                                     gpointer                user_data);
GAsyncResult *wait_for              (GAsyncResult          **slot);
/* Until the sandbox has seen @n requests in all. */
void          wait_for_requests     (Fixture                *f,
                                     guint                   n);
/* wait_for(), letting each backoff delay pass on the manual clock as
 * soon as it is scheduled. */
GAsyncResult *drive                 (Fixture                *f,
                                     GAsyncResult          **slot);
void          recipient_init        (BcRecipientData        *r,
                                     gint64                  id,
                                     const char             *phone);
BcCallInfo   *initiate              (Fixture                *f,
                                     const char             *to,
                                     gint64                  id,
                                     GError                **error);
BcCallInfo   *get_call              (Fixture                *f,
                                     const char             *id,
                                     GError                **error);
gboolean      get_concurrency       (Fixture                *f,
                                     BcConcurrency          *c,
                                     GError                **error);
void          assert_api_error      (const GError           *error,
                                     BcApiErrorCode          code,
                                     guint                   status,
                                     gboolean                fate_unknown);
