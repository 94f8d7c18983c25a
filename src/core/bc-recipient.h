/* bc-recipient.h: one person to call in a batch, as the store has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_RECIPIENT (bc_recipient_get_type ())

G_DECLARE_FINAL_TYPE (BcRecipient, bc_recipient, BC, RECIPIENT, GObject)

/* Everything a recipient row holds. The store fills it; BcRecipient is an
 * immutable-by-convention snapshot of it with notifying properties so that
 * a list row can be refreshed in place. Strings are owned by the struct. */
typedef struct
{
  gint64            id;               /* row id, unique across batches */
  char             *batch_id;
  guint             position;         /* 0-based order in the batch (CSV order) */
  guint             line;             /* line of the row in the source CSV */
  char             *phone;
  gboolean          ignore_e164;
  char             *override_agent_id;
  gint              override_agent_version; /* -1: none */
  char             *metadata;         /* JSON object text, or NULL */
  char             *custom_sip_headers; /* JSON object text, or NULL */
  char             *variables;        /* JSON object text of the dynamic variables */
  BcRecipientState  state;
  guint             attempts;
  char             *last_call_id;
  BcCallOutcome     outcome;
  gboolean          successful;
  gint64            started_at_ms;    /* 0: unknown */
  gint64            ended_at_ms;
  gint64            duration_ms;
  char             *disconnection_reason;
  char             *sentiment;
  char             *error_message;
} BcRecipientData;

void         bc_recipient_data_clear            (BcRecipientData *data);

BcRecipient *bc_recipient_new                   (const BcRecipientData *data);
/* Takes the strings of @data; @data is left cleared. Cheap: used by the
 * lazy list to build a page of rows. */
BcRecipient *bc_recipient_new_take              (BcRecipientData *data);
void         bc_recipient_update                (BcRecipient      *self,
                                                 const BcRecipientData *data);
const BcRecipientData *bc_recipient_get_data    (BcRecipient      *self);

gint64            bc_recipient_get_id                (BcRecipient *self);
const char       *bc_recipient_get_batch_id          (BcRecipient *self);
guint             bc_recipient_get_position          (BcRecipient *self);
guint             bc_recipient_get_line              (BcRecipient *self);
const char       *bc_recipient_get_phone             (BcRecipient *self);
gboolean          bc_recipient_get_ignore_e164       (BcRecipient *self);
const char       *bc_recipient_get_override_agent_id (BcRecipient *self);
gint              bc_recipient_get_override_agent_version (BcRecipient *self);
const char       *bc_recipient_get_metadata          (BcRecipient *self);
const char       *bc_recipient_get_custom_sip_headers (BcRecipient *self);
const char       *bc_recipient_get_variables         (BcRecipient *self);
BcRecipientState  bc_recipient_get_state             (BcRecipient *self);
guint             bc_recipient_get_attempts          (BcRecipient *self);
const char       *bc_recipient_get_last_call_id      (BcRecipient *self);
BcCallOutcome     bc_recipient_get_outcome           (BcRecipient *self);
gboolean          bc_recipient_get_successful        (BcRecipient *self);

/* The metrics definitions, in one place: what one recipient in this
 * condition contributes to each BcCounter (0 or 1). The store applies the
 * difference between the old and the new contribution in the same
 * transaction as the state change. */
void              bc_recipient_counter_contrib       (BcRecipientState state,
                                                      BcCallOutcome    outcome,
                                                      gboolean         successful,
                                                      gboolean         sent,
                                                      gint64          *contrib);

gboolean          bc_recipient_state_is_final        (BcRecipientState state);
const char       *bc_recipient_state_to_string       (BcRecipientState state);
const char       *bc_recipient_state_get_label       (BcRecipientState state);
const char       *bc_call_outcome_to_string          (BcCallOutcome    outcome);
const char       *bc_call_outcome_get_label          (BcCallOutcome    outcome);

G_END_DECLS
