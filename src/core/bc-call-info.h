/* bc-call-info.h: one call as the API reports it, read defensively
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bc-types.h"

G_BEGIN_DECLS

typedef enum
{
  BC_CALL_STATUS_UNKNOWN = 0,  /* absent or a value we do not know (see status_raw) */
  BC_CALL_STATUS_REGISTERED,
  BC_CALL_STATUS_NOT_CONNECTED,
  BC_CALL_STATUS_ONGOING,
  BC_CALL_STATUS_ENDED,
  BC_CALL_STATUS_ERROR,
} BcCallStatus;

/* What a disconnection_reason says, in the contract's groups. */
typedef enum
{
  BC_DISCONNECT_NONE = 0,      /* no reason (yet) */
  BC_DISCONNECT_NORMAL,        /* user_hangup, agent_hangup, call_transfer, inactivity, max_duration_reached */
  BC_DISCONNECT_VOICEMAIL,     /* voicemail_reached */
  BC_DISCONNECT_IVR,           /* ivr_reached */
  BC_DISCONNECT_NO_ANSWER,     /* dial_no_answer */
  BC_DISCONNECT_BUSY,          /* dial_busy, user_declined */
  BC_DISCONNECT_NOT_CONNECTED, /* dial_failed, invalid_destination, telephony_*, sip_routing_error, marked_as_spam */
  BC_DISCONNECT_ERROR,         /* concurrency_limit_reached, no_valid_payment, scam_detected, error_* */
  BC_DISCONNECT_OTHER,         /* a value we do not know; kept verbatim */
} BcDisconnectCategory;

#define BC_TRISTATE_UNKNOWN (-1)

typedef struct
{
  char                 *call_id;
  char                 *status_raw;          /* as sent, or NULL */
  BcCallStatus          status;
  char                 *disconnection_reason; /* as sent, or NULL */
  BcDisconnectCategory  disconnect_category;
  int                   call_successful;     /* -1 unknown, 0, 1 */
  int                   in_voicemail;        /* -1 unknown, 0, 1 */
  gboolean              has_analysis;        /* call_analysis was present */
  char                 *user_sentiment;
  char                 *call_summary;
  char                 *agent_id;
  gint64                agent_version;       /* -1 unknown */
  char                 *from_number;
  char                 *to_number;
  gint64                start_ms;            /* 0 unknown */
  gint64                end_ms;              /* 0 unknown */
  gint64                duration_ms;         /* -1 unknown */
  char                 *metadata_json;       /* the metadata object as text, or NULL */
  JsonObject           *raw;                 /* the whole call object as received */
} BcCallInfo;

#define BC_TYPE_CALL_INFO (bc_call_info_get_type ())

GType       bc_call_info_get_type      (void) G_GNUC_CONST;

/* Reads a call object (either spelling). NULL with BC_API_ERROR_PROTOCOL
 * when @node is not an object or carries no call id. Unknown values are
 * kept verbatim; wrong types read as unknown. */
BcCallInfo *bc_call_info_new_from_json (JsonNode      *node,
                                        GError       **error);
BcCallInfo *bc_call_info_copy          (const BcCallInfo *info);
void        bc_call_info_free          (BcCallInfo    *info);

BcCallStatus         bc_call_status_from_string        (const char *status);
BcDisconnectCategory bc_disconnect_category_from_string (const char *reason);

/* The contract's metric definitions, in one place. Returns the line
 * outcome (BC_CALL_OUTCOME_NONE while the call is in progress or its
 * status is unknown) and sets @successful (may be NULL): picked up and
 * call_analysis.call_successful is true. */
BcCallOutcome bc_call_info_get_outcome  (const BcCallInfo *info,
                                         gboolean         *successful);
/* The call will not change any more: a final status, and for an ended call
 * its call_analysis has arrived. */
gboolean      bc_call_info_is_final     (const BcCallInfo *info);
/* The call has a final status (it may still wait for its analysis). */
gboolean      bc_call_info_has_ended    (const BcCallInfo *info);

/* metadata.bc of the call: the batch uuid, row id and attempt the app put
 * there; FALSE when absent or malformed. */
gboolean      bc_call_info_get_bc_tag   (const BcCallInfo *info,
                                         char            **batch_id,
                                         gint64           *recipient_id,
                                         guint            *attempt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcCallInfo, bc_call_info_free)

G_END_DECLS
