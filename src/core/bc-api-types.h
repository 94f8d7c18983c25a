/* bc-api-types.h: the plain types of the API client's calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bc-recipient.h"

G_BEGIN_DECLS

/**
 * BcApiProfile:
 * @BC_API_PROFILE_UPONAI: the native UponAI API (the default)
 * @BC_API_PROFILE_RETELL: the Retell-compatible endpoints
 *
 * Which dialect an account speaks; chosen per account, and only the client
 * looks at it.
 */
typedef enum
{
  BC_API_PROFILE_UPONAI = 0,
  BC_API_PROFILE_RETELL = 1,
} BcApiProfile;

const char *bc_api_profile_to_string   (BcApiProfile  profile);
/* FALSE for an unknown name. */
gboolean    bc_api_profile_from_string (const char   *name,
                                        BcApiProfile *profile);

/* One call to place: the recipient row, and what the scheduler decided.
 * The row's override agent (and version) wins over @agent_id. */
typedef struct
{
  const BcRecipientData *recipient;
  const char            *batch_id;      /* uuid, goes to metadata.bc.batch */
  guint                  attempt;       /* 1-based, goes to metadata.bc.attempt */
  const char            *from_number;
  const char            *agent_id;      /* the number's agent (see bc_from_number_pick_agent()) */
  gint64                 agent_version; /* -1: none */
} BcCallRequest;

typedef struct
{
  gint64 max_concurrent;       /* -1 unknown */
  gint64 current_usage;
  gint64 purchased;
  gint64 purchase_limit;
} BcConcurrency;

/* A query for list-calls. Times in ms since the epoch, 0 = open. @cursor
 * is NULL for the first page, then the previous page's next_cursor. */
typedef struct
{
  gint64      from_ms;
  gint64      to_ms;
  const char *agent_id;
  const char *status;
  guint       limit;           /* 0: the profile's maximum */
  const char *cursor;
  const char *batch_call_id;   /* retell only: the calls of that server-side batch */
} BcListCallsQuery;

typedef struct
{
  GPtrArray *calls;            /* of BcCallInfo */
  char      *next_cursor;      /* NULL on the last page */
  gint64     total;            /* -1 unknown */
  guint      n_unreadable;     /* entries skipped because they were not calls */
} BcCallPage;

void bc_call_page_free (BcCallPage *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcCallPage, bc_call_page_free)

/* The JSON body of "place a call" for @profile, from a recipient row:
 * toNumber, agentId (the row's override, else @req->agent_id),
 * overrideAgentVersion, customSipHeaders, uponai_dynamic_variables (or
 * retell_llm_dynamic_variables), ignoreE164Validation, and metadata with
 * the app's own "bc" key {batch, recipient, attempt} added (replacing any
 * "bc" key of the row). Fails with BC_API_ERROR_INVALID_REQUEST when a
 * JSON column of the row is not an object, or no agent is known. */
JsonNode *bc_api_build_initiate_body (BcApiProfile         profile,
                                      gint64               workspace_id,
                                      const BcCallRequest *req,
                                      GError             **error);

G_END_DECLS
