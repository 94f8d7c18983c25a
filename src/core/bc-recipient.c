/* bc-recipient.c: one person to call in a batch, as the store has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-recipient"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bc-enums.h"
#include "bc-recipient.h"

struct _BcRecipient
{
  GObject          parent_instance;
  BcRecipientData  data;
};

G_DEFINE_FINAL_TYPE (BcRecipient, bc_recipient, G_TYPE_OBJECT)

/* Only what a row in a list shows and can change while it is on screen
 * notifies; the identity fields are read-only. */
enum {
  PROP_0,
  PROP_ID,
  PROP_POSITION,
  PROP_LINE,
  PROP_PHONE,
  PROP_VARIABLES,
  PROP_STATE,
  PROP_ATTEMPTS,
  PROP_LAST_CALL_ID,
  PROP_OUTCOME,
  PROP_SUCCESSFUL,
  PROP_DURATION_MS,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
bc_recipient_data_clear (BcRecipientData *data)
{
  g_clear_pointer (&data->batch_id, g_free);
  g_clear_pointer (&data->phone, g_free);
  g_clear_pointer (&data->override_agent_id, g_free);
  g_clear_pointer (&data->metadata, g_free);
  g_clear_pointer (&data->custom_sip_headers, g_free);
  g_clear_pointer (&data->variables, g_free);
  g_clear_pointer (&data->last_call_id, g_free);
  g_clear_pointer (&data->disconnection_reason, g_free);
  g_clear_pointer (&data->sentiment, g_free);
  g_clear_pointer (&data->error_message, g_free);
  memset (data, 0, sizeof *data);
  data->override_agent_version = -1;
}

static void
data_copy (BcRecipientData       *dst,
           const BcRecipientData *src)
{
  *dst = *src;
  dst->batch_id = g_strdup (src->batch_id);
  dst->phone = g_strdup (src->phone);
  dst->override_agent_id = g_strdup (src->override_agent_id);
  dst->metadata = g_strdup (src->metadata);
  dst->custom_sip_headers = g_strdup (src->custom_sip_headers);
  dst->variables = g_strdup (src->variables);
  dst->last_call_id = g_strdup (src->last_call_id);
  dst->disconnection_reason = g_strdup (src->disconnection_reason);
  dst->sentiment = g_strdup (src->sentiment);
  dst->error_message = g_strdup (src->error_message);
}

static void
bc_recipient_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BcRecipient *self = BC_RECIPIENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->data.id);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->data.position);
      break;
    case PROP_LINE:
      g_value_set_uint (value, self->data.line);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->data.phone);
      break;
    case PROP_VARIABLES:
      g_value_set_string (value, self->data.variables);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->data.state);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->data.attempts);
      break;
    case PROP_LAST_CALL_ID:
      g_value_set_string (value, self->data.last_call_id);
      break;
    case PROP_OUTCOME:
      g_value_set_enum (value, self->data.outcome);
      break;
    case PROP_SUCCESSFUL:
      g_value_set_boolean (value, self->data.successful);
      break;
    case PROP_DURATION_MS:
      g_value_set_int64 (value, self->data.duration_ms);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->data.error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_recipient_finalize (GObject *object)
{
  BcRecipient *self = BC_RECIPIENT (object);

  bc_recipient_data_clear (&self->data);

  G_OBJECT_CLASS (bc_recipient_parent_class)->finalize (object);
}

static void
bc_recipient_class_init (BcRecipientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = bc_recipient_get_property;
  object_class->finalize = bc_recipient_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LINE] = g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, ro);
  properties[PROP_VARIABLES] = g_param_spec_string ("variables", NULL, NULL, NULL, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BC_TYPE_RECIPIENT_STATE,
                       BC_RECIPIENT_STATE_PENDING, ro);
  properties[PROP_ATTEMPTS] = g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LAST_CALL_ID] = g_param_spec_string ("last-call-id", NULL, NULL, NULL, ro);
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, BC_TYPE_CALL_OUTCOME,
                       BC_CALL_OUTCOME_NONE, ro);
  properties[PROP_SUCCESSFUL] = g_param_spec_boolean ("successful", NULL, NULL, FALSE, ro);
  properties[PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bc_recipient_init (BcRecipient *self)
{
  self->data.override_agent_version = -1;
}

BcRecipient *
bc_recipient_new (const BcRecipientData *data)
{
  BcRecipient *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (BC_TYPE_RECIPIENT, NULL);
  data_copy (&self->data, data);
  return self;
}

BcRecipient *
bc_recipient_new_take (BcRecipientData *data)
{
  BcRecipient *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (BC_TYPE_RECIPIENT, NULL);
  self->data = *data;
  memset (data, 0, sizeof *data);
  data->override_agent_version = -1;
  return self;
}

/**
 * bc_recipient_update:
 *
 * Replaces the row's content with @data (a newer read of the same row) and
 * notifies exactly the properties whose value changed.
 */
void
bc_recipient_update (BcRecipient           *self,
                     const BcRecipientData *data)
{
  BcRecipientData old;
  GObject *object = G_OBJECT (self);

  g_return_if_fail (BC_IS_RECIPIENT (self));
  g_return_if_fail (data != NULL);

  old = self->data;
  data_copy (&self->data, data);

  g_object_freeze_notify (object);
#define NOTIFY_IF(cond, PROP) \
  if (cond) g_object_notify_by_pspec (object, properties[PROP])
  NOTIFY_IF (old.position != data->position, PROP_POSITION);
  NOTIFY_IF (old.line != data->line, PROP_LINE);
  NOTIFY_IF (g_strcmp0 (old.phone, data->phone) != 0, PROP_PHONE);
  NOTIFY_IF (g_strcmp0 (old.variables, data->variables) != 0, PROP_VARIABLES);
  NOTIFY_IF (old.state != data->state, PROP_STATE);
  NOTIFY_IF (old.attempts != data->attempts, PROP_ATTEMPTS);
  NOTIFY_IF (g_strcmp0 (old.last_call_id, data->last_call_id) != 0, PROP_LAST_CALL_ID);
  NOTIFY_IF (old.outcome != data->outcome, PROP_OUTCOME);
  NOTIFY_IF (old.successful != data->successful, PROP_SUCCESSFUL);
  NOTIFY_IF (old.duration_ms != data->duration_ms, PROP_DURATION_MS);
  NOTIFY_IF (g_strcmp0 (old.error_message, data->error_message) != 0, PROP_ERROR_MESSAGE);
#undef NOTIFY_IF
  g_object_thaw_notify (object);

  bc_recipient_data_clear (&old);
}

const BcRecipientData *
bc_recipient_get_data (BcRecipient *self)
{
  g_return_val_if_fail (BC_IS_RECIPIENT (self), NULL);
  return &self->data;
}

#define DEFINE_GETTER(type, field, fallback)            \
type                                                    \
bc_recipient_get_##field (BcRecipient *self)            \
{                                                       \
  g_return_val_if_fail (BC_IS_RECIPIENT (self), fallback); \
  return self->data.field;                              \
}

DEFINE_GETTER (gint64, id, 0)
DEFINE_GETTER (const char *, batch_id, NULL)
DEFINE_GETTER (guint, position, 0)
DEFINE_GETTER (guint, line, 0)
DEFINE_GETTER (const char *, phone, NULL)
DEFINE_GETTER (gboolean, ignore_e164, FALSE)
DEFINE_GETTER (const char *, override_agent_id, NULL)
DEFINE_GETTER (gint, override_agent_version, -1)
DEFINE_GETTER (const char *, metadata, NULL)
DEFINE_GETTER (const char *, custom_sip_headers, NULL)
DEFINE_GETTER (const char *, variables, NULL)
DEFINE_GETTER (BcRecipientState, state, BC_RECIPIENT_STATE_PENDING)
DEFINE_GETTER (guint, attempts, 0)
DEFINE_GETTER (const char *, last_call_id, NULL)
DEFINE_GETTER (BcCallOutcome, outcome, BC_CALL_OUTCOME_NONE)
DEFINE_GETTER (gboolean, successful, FALSE)

#undef DEFINE_GETTER

void
bc_recipient_counter_contrib (BcRecipientState  state,
                              BcCallOutcome     outcome,
                              gboolean          successful,
                              gboolean          sent,
                              gint64           *contrib)
{
  gboolean failed;

  memset (contrib, 0, sizeof (gint64) * BC_N_COUNTERS);

  /* A FAILED recipient may also carry outcome ERROR: count it once. */
  failed = state == BC_RECIPIENT_STATE_FAILED ||
           outcome == BC_CALL_OUTCOME_NOT_CONNECTED ||
           outcome == BC_CALL_OUTCOME_ERROR;

  contrib[BC_COUNTER_TOTAL] = 1;
  contrib[BC_COUNTER_SENT] = sent ? 1 : 0;
  contrib[BC_COUNTER_PICKED_UP] = outcome == BC_CALL_OUTCOME_PICKED_UP;
  contrib[BC_COUNTER_SUCCESSFUL] = outcome == BC_CALL_OUTCOME_PICKED_UP && successful;
  contrib[BC_COUNTER_NO_ANSWER] = outcome == BC_CALL_OUTCOME_NO_ANSWER;
  contrib[BC_COUNTER_BUSY] = outcome == BC_CALL_OUTCOME_BUSY;
  contrib[BC_COUNTER_VOICEMAIL] = outcome == BC_CALL_OUTCOME_VOICEMAIL;
  contrib[BC_COUNTER_FAILED] = failed;
  contrib[BC_COUNTER_IN_PROGRESS] = state == BC_RECIPIENT_STATE_DISPATCHING ||
                                    state == BC_RECIPIENT_STATE_IN_PROGRESS;
  contrib[BC_COUNTER_PENDING] = state == BC_RECIPIENT_STATE_PENDING;
  contrib[BC_COUNTER_NEEDS_REVIEW] = state == BC_RECIPIENT_STATE_NEEDS_REVIEW;
  contrib[BC_COUNTER_CANCELLED] = state == BC_RECIPIENT_STATE_CANCELLED;
}

gboolean
bc_recipient_state_is_final (BcRecipientState state)
{
  return state == BC_RECIPIENT_STATE_DONE ||
         state == BC_RECIPIENT_STATE_FAILED ||
         state == BC_RECIPIENT_STATE_CANCELLED;
}

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : "unknown";
}

const char *
bc_recipient_state_to_string (BcRecipientState state)
{
  return enum_nick (BC_TYPE_RECIPIENT_STATE, state);
}

const char *
bc_call_outcome_to_string (BcCallOutcome outcome)
{
  return enum_nick (BC_TYPE_CALL_OUTCOME, outcome);
}

const char *
bc_recipient_state_get_label (BcRecipientState state)
{
  switch (state)
    {
    case BC_RECIPIENT_STATE_PENDING:
      return C_("recipient state", "Pending");
    case BC_RECIPIENT_STATE_DISPATCHING:
      return C_("recipient state", "Dialling");
    case BC_RECIPIENT_STATE_IN_PROGRESS:
      return C_("recipient state", "In Progress");
    case BC_RECIPIENT_STATE_DONE:
      return C_("recipient state", "Done");
    case BC_RECIPIENT_STATE_FAILED:
      return C_("recipient state", "Failed");
    case BC_RECIPIENT_STATE_NEEDS_REVIEW:
      return C_("recipient state", "Needs Review");
    case BC_RECIPIENT_STATE_CANCELLED:
      return C_("recipient state", "Cancelled");
    default:
      return C_("recipient state", "Unknown");
    }
}

const char *
bc_call_outcome_get_label (BcCallOutcome outcome)
{
  switch (outcome)
    {
    case BC_CALL_OUTCOME_NONE:
      return C_("call outcome", "None");
    case BC_CALL_OUTCOME_PICKED_UP:
      return C_("call outcome", "Picked Up");
    case BC_CALL_OUTCOME_NO_ANSWER:
      return C_("call outcome", "No Answer");
    case BC_CALL_OUTCOME_BUSY:
      return C_("call outcome", "Busy");
    case BC_CALL_OUTCOME_VOICEMAIL:
      return C_("call outcome", "Voicemail");
    case BC_CALL_OUTCOME_NOT_CONNECTED:
      return C_("call outcome", "Not Connected");
    case BC_CALL_OUTCOME_ERROR:
      return C_("call outcome", "Error");
    default:
      return C_("call outcome", "Unknown");
    }
}
