/* bc-batch.c: one batch of outbound calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-batch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bc-batch-private.h"
#include "bc-enums.h"

struct _BcBatch
{
  GObject       parent_instance;

  char         *id;
  char         *name;
  char         *from_number;
  char         *agent_id;
  BcBatchState  state;
  gint64        created_at;
  gint64        planned_at;
  char         *windows;
  BcWeekdays    weekdays;
  char         *timezone;
  gboolean      recipient_local_time;
  guint         concurrency;
  char         *retry_policy;
  char         *pause_reason;
  gint64        counters[BC_N_COUNTERS];
};

G_DEFINE_FINAL_TYPE (BcBatch, bc_batch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_FROM_NUMBER,
  PROP_AGENT_ID,
  PROP_STATE,
  PROP_CREATED_AT,
  PROP_PLANNED_AT,
  PROP_WINDOWS,
  PROP_WEEKDAYS,
  PROP_TIMEZONE,
  PROP_RECIPIENT_LOCAL_TIME,
  PROP_CONCURRENCY,
  PROP_RETRY_POLICY,
  PROP_PAUSE_REASON,
  PROP_EDITABLE,
  PROP_FIRST_COUNTER,
  N_PROPS = PROP_FIRST_COUNTER + BC_N_COUNTERS
};

enum {
  STATE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Property names of the counters, in BcCounter order; the CLI's JSON keys
 * are the same names with '_' (see bc_counter_to_string()). */
static const char * const counter_props[BC_N_COUNTERS] = {
  "total", "sent", "picked-up", "successful", "no-answer", "busy",
  "voicemail", "failed", "in-progress", "pending", "needs-review", "cancelled",
};
static const char * const counter_keys[BC_N_COUNTERS] = {
  "total", "sent", "picked_up", "successful", "no_answer", "busy",
  "voicemail", "failed", "in_progress", "pending", "needs_review", "cancelled",
};

G_DEFINE_QUARK (bc-batch-error-quark, bc_batch_error)

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
bc_batch_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  BcBatch *self = BC_BATCH (object);

  if (prop_id >= PROP_FIRST_COUNTER && prop_id < N_PROPS)
    {
      g_value_set_int64 (value, self->counters[prop_id - PROP_FIRST_COUNTER]);
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_FROM_NUMBER:
      g_value_set_string (value, self->from_number);
      break;
    case PROP_AGENT_ID:
      g_value_set_string (value, self->agent_id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_PLANNED_AT:
      g_value_set_int64 (value, self->planned_at);
      break;
    case PROP_WINDOWS:
      g_value_set_string (value, self->windows);
      break;
    case PROP_WEEKDAYS:
      g_value_set_flags (value, self->weekdays);
      break;
    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;
    case PROP_RECIPIENT_LOCAL_TIME:
      g_value_set_boolean (value, self->recipient_local_time);
      break;
    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;
    case PROP_RETRY_POLICY:
      g_value_set_string (value, self->retry_policy);
      break;
    case PROP_PAUSE_REASON:
      g_value_set_string (value, self->pause_reason);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, bc_batch_is_editable (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_batch_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  BcBatch *self = BC_BATCH (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      bc_batch_set_name (self, g_value_get_string (value));
      break;
    case PROP_FROM_NUMBER:
      bc_batch_set_from_number (self, g_value_get_string (value));
      break;
    case PROP_AGENT_ID:
      bc_batch_set_agent_id (self, g_value_get_string (value));
      break;
    case PROP_PLANNED_AT:
      bc_batch_set_planned_at (self, g_value_get_int64 (value));
      break;
    case PROP_WINDOWS:
      bc_batch_set_windows (self, g_value_get_string (value));
      break;
    case PROP_WEEKDAYS:
      bc_batch_set_weekdays (self, g_value_get_flags (value));
      break;
    case PROP_TIMEZONE:
      bc_batch_set_timezone (self, g_value_get_string (value));
      break;
    case PROP_RECIPIENT_LOCAL_TIME:
      bc_batch_set_recipient_local_time (self, g_value_get_boolean (value));
      break;
    case PROP_CONCURRENCY:
      bc_batch_set_concurrency (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_POLICY:
      bc_batch_set_retry_policy (self, g_value_get_string (value));
      break;
    case PROP_PAUSE_REASON:
      bc_batch_set_pause_reason (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_batch_constructed (GObject *object)
{
  BcBatch *self = BC_BATCH (object);

  G_OBJECT_CLASS (bc_batch_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = g_uuid_string_random ();
  if (self->created_at == 0)
    self->created_at = g_get_real_time () / G_USEC_PER_SEC;
}

static void
bc_batch_finalize (GObject *object)
{
  BcBatch *self = BC_BATCH (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->from_number, g_free);
  g_clear_pointer (&self->agent_id, g_free);
  g_clear_pointer (&self->windows, g_free);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->retry_policy, g_free);
  g_clear_pointer (&self->pause_reason, g_free);

  G_OBJECT_CLASS (bc_batch_parent_class)->finalize (object);
}

static void
bc_batch_class_init (BcBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = bc_batch_get_property;
  object_class->set_property = bc_batch_set_property;
  object_class->constructed = bc_batch_constructed;
  object_class->finalize = bc_batch_finalize;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_FROM_NUMBER] = g_param_spec_string ("from-number", NULL, NULL, NULL, rw);
  properties[PROP_AGENT_ID] = g_param_spec_string ("agent-id", NULL, NULL, NULL, rw);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BC_TYPE_BATCH_STATE, BC_BATCH_STATE_DRAFT, ro);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_PLANNED_AT] =
    g_param_spec_int64 ("planned-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_WINDOWS] = g_param_spec_string ("windows", NULL, NULL, NULL, rw);
  properties[PROP_WEEKDAYS] =
    g_param_spec_flags ("weekdays", NULL, NULL,
                        BC_TYPE_WEEKDAYS, BC_WEEKDAYS_ALL, rw);
  properties[PROP_TIMEZONE] = g_param_spec_string ("timezone", NULL, NULL, NULL, rw);
  properties[PROP_RECIPIENT_LOCAL_TIME] =
    g_param_spec_boolean ("recipient-local-time", NULL, NULL, FALSE, rw);
  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, NULL, 1, 10000, 10, rw);
  properties[PROP_RETRY_POLICY] = g_param_spec_string ("retry-policy", NULL, NULL, NULL, rw);
  properties[PROP_PAUSE_REASON] = g_param_spec_string ("pause-reason", NULL, NULL, NULL, rw);
  properties[PROP_EDITABLE] = g_param_spec_boolean ("editable", NULL, NULL, TRUE, ro);

  for (guint i = 0; i < BC_N_COUNTERS; i++)
    properties[PROP_FIRST_COUNTER + i] =
      g_param_spec_int64 (counter_props[i], NULL, NULL, 0, G_MAXINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BcBatch::state-changed:
   * @self: the batch
   * @new_state: the state it is in now
   * @old_state: the state it left
   */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BC_TYPE_BATCH_STATE, BC_TYPE_BATCH_STATE);
}

static void
bc_batch_init (BcBatch *self)
{
  self->weekdays = BC_WEEKDAYS_ALL;
  self->concurrency = 10;
  self->windows = g_strdup ("09:00-17:00");
}

BcBatch *
bc_batch_new (const char *name)
{
  return g_object_new (BC_TYPE_BATCH, "name", name, NULL);
}

BcBatch *
_bc_batch_new_full (const char   *id,
                    const char   *name,
                    BcBatchState  state,
                    gint64        created_at)
{
  BcBatch *self = g_object_new (BC_TYPE_BATCH, "id", id, "name", name, NULL);

  self->state = state;
  self->created_at = created_at;

  return self;
}

void
_bc_batch_set_state (BcBatch      *self,
                     BcBatchState  state)
{
  BcBatchState old;
  gboolean was_editable;

  g_return_if_fail (BC_IS_BATCH (self));

  if (self->state == state)
    return;

  old = self->state;
  was_editable = bc_batch_is_editable (self);
  self->state = state;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_editable != bc_batch_is_editable (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
  g_signal_emit (self, signals[STATE_CHANGED], 0, state, old);
}

#define DEFINE_STRING_ACCESSORS(field, PROP)                              \
const char *                                                              \
bc_batch_get_##field (BcBatch *self)                                      \
{                                                                         \
  g_return_val_if_fail (BC_IS_BATCH (self), NULL);                        \
  return self->field;                                                     \
}                                                                         \
                                                                          \
void                                                                      \
bc_batch_set_##field (BcBatch    *self,                                   \
                      const char *value)                                  \
{                                                                         \
  g_return_if_fail (BC_IS_BATCH (self));                                  \
  if (set_string (&self->field, value))                                   \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);         \
}

DEFINE_STRING_ACCESSORS (name, PROP_NAME)
DEFINE_STRING_ACCESSORS (from_number, PROP_FROM_NUMBER)
DEFINE_STRING_ACCESSORS (agent_id, PROP_AGENT_ID)
DEFINE_STRING_ACCESSORS (windows, PROP_WINDOWS)
DEFINE_STRING_ACCESSORS (timezone, PROP_TIMEZONE)
DEFINE_STRING_ACCESSORS (retry_policy, PROP_RETRY_POLICY)
DEFINE_STRING_ACCESSORS (pause_reason, PROP_PAUSE_REASON)

#undef DEFINE_STRING_ACCESSORS

const char *
bc_batch_get_id (BcBatch *self)
{
  g_return_val_if_fail (BC_IS_BATCH (self), NULL);
  return self->id;
}

BcBatchState
bc_batch_get_state (BcBatch *self)
{
  g_return_val_if_fail (BC_IS_BATCH (self), BC_BATCH_STATE_DRAFT);
  return self->state;
}

gint64
bc_batch_get_created_at (BcBatch *self)
{
  g_return_val_if_fail (BC_IS_BATCH (self), 0);
  return self->created_at;
}

gint64
bc_batch_get_planned_at (BcBatch *self)
{
  g_return_val_if_fail (BC_IS_BATCH (self), 0);
  return self->planned_at;
}

void
bc_batch_set_planned_at (BcBatch *self,
                         gint64   planned_at)
{
  g_return_if_fail (BC_IS_BATCH (self));

  if (self->planned_at == planned_at)
    return;
  self->planned_at = planned_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLANNED_AT]);
}

BcWeekdays
bc_batch_get_weekdays (BcBatch *self)
{
  g_return_val_if_fail (BC_IS_BATCH (self), BC_WEEKDAY_NONE);
  return self->weekdays;
}

void
bc_batch_set_weekdays (BcBatch    *self,
                       BcWeekdays  weekdays)
{
  g_return_if_fail (BC_IS_BATCH (self));

  weekdays &= BC_WEEKDAYS_ALL;
  if (self->weekdays == weekdays)
    return;
  self->weekdays = weekdays;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEEKDAYS]);
}

gboolean
bc_batch_get_recipient_local_time (BcBatch *self)
{
  g_return_val_if_fail (BC_IS_BATCH (self), FALSE);
  return self->recipient_local_time;
}

void
bc_batch_set_recipient_local_time (BcBatch  *self,
                                   gboolean  recipient_local_time)
{
  g_return_if_fail (BC_IS_BATCH (self));

  recipient_local_time = !!recipient_local_time;
  if (self->recipient_local_time == recipient_local_time)
    return;
  self->recipient_local_time = recipient_local_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPIENT_LOCAL_TIME]);
}

guint
bc_batch_get_concurrency (BcBatch *self)
{
  g_return_val_if_fail (BC_IS_BATCH (self), 0);
  return self->concurrency;
}

void
bc_batch_set_concurrency (BcBatch *self,
                          guint    concurrency)
{
  g_return_if_fail (BC_IS_BATCH (self));
  g_return_if_fail (concurrency >= 1);

  if (self->concurrency == concurrency)
    return;
  self->concurrency = concurrency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCURRENCY]);
}

gint64
bc_batch_get_counter (BcBatch   *self,
                      BcCounter  counter)
{
  g_return_val_if_fail (BC_IS_BATCH (self), 0);
  g_return_val_if_fail (counter < BC_N_COUNTERS, 0);

  return self->counters[counter];
}

/**
 * bc_batch_set_counters:
 * @counters: (array fixed-size=12): every counter, in #BcCounter order
 *
 * Updates the counters, notifying only those that changed, so that a view
 * bound to "picked-up" is not redrawn when only "pending" moved.
 */
void
bc_batch_set_counters (BcBatch      *self,
                       const gint64 *counters)
{
  g_return_if_fail (BC_IS_BATCH (self));
  g_return_if_fail (counters != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < BC_N_COUNTERS; i++)
    {
      if (self->counters[i] == counters[i])
        continue;
      self->counters[i] = counters[i];
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_COUNTER + i]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
bc_batch_is_editable (BcBatch *self)
{
  g_return_val_if_fail (BC_IS_BATCH (self), FALSE);
  return self->state == BC_BATCH_STATE_DRAFT;
}

gboolean
bc_batch_transition (BcBatch       *self,
                     BcBatchState   state,
                     GError       **error)
{
  g_return_val_if_fail (BC_IS_BATCH (self), FALSE);

  if (!bc_batch_state_check_transition (self->state, state, error))
    return FALSE;

  _bc_batch_set_state (self, state);
  return TRUE;
}

gboolean
bc_batch_state_can_transition (BcBatchState from,
                               BcBatchState to)
{
  switch (from)
    {
    case BC_BATCH_STATE_DRAFT:
      return to == BC_BATCH_STATE_PLANNED ||
             to == BC_BATCH_STATE_ONGOING ||
             to == BC_BATCH_STATE_CANCELLED;
    case BC_BATCH_STATE_PLANNED:
      /* Planned → Draft is "unschedule": the batch becomes editable again. */
      return to == BC_BATCH_STATE_ONGOING ||
             to == BC_BATCH_STATE_CANCELLED ||
             to == BC_BATCH_STATE_DRAFT;
    case BC_BATCH_STATE_ONGOING:
      return to == BC_BATCH_STATE_PAUSED ||
             to == BC_BATCH_STATE_CANCELLED ||
             to == BC_BATCH_STATE_SENT;
    case BC_BATCH_STATE_PAUSED:
      return to == BC_BATCH_STATE_ONGOING ||
             to == BC_BATCH_STATE_CANCELLED;
    case BC_BATCH_STATE_CANCELLED:
    case BC_BATCH_STATE_SENT:
      return FALSE;
    default:
      return FALSE;
    }
}

gboolean
bc_batch_state_check_transition (BcBatchState   from,
                                 BcBatchState   to,
                                 GError       **error)
{
  if (bc_batch_state_can_transition (from, to))
    return TRUE;

  g_set_error (error, BC_BATCH_ERROR, BC_BATCH_ERROR_ILLEGAL_TRANSITION,
               /* Translators: both are batch states, e.g. "Sent" and "Ongoing" */
               _("A batch that is %s cannot become %s"),
               bc_batch_state_get_label (from),
               bc_batch_state_get_label (to));
  return FALSE;
}

/**
 * bc_batch_state_to_string:
 *
 * Returns: the stable lower-case name ("draft", "ongoing", …) used by the
 *   CLI's JSON and the database dumps; not translated.
 */
const char *
bc_batch_state_to_string (BcBatchState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BC_TYPE_BATCH_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  /* Nicks live in the static enum table, so they outlive the class ref. */
  return value != NULL ? value->value_nick : "unknown";
}

gboolean
bc_batch_state_from_string (const char   *str,
                            BcBatchState *state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BC_TYPE_BATCH_STATE);
  GEnumValue *value;

  g_return_val_if_fail (str != NULL, FALSE);

  value = g_enum_get_value_by_nick (klass, str);
  if (value == NULL)
    return FALSE;
  if (state != NULL)
    *state = value->value;
  return TRUE;
}

const char *
bc_batch_state_get_label (BcBatchState state)
{
  switch (state)
    {
    case BC_BATCH_STATE_DRAFT:
      return C_("batch state", "Draft");
    case BC_BATCH_STATE_PLANNED:
      return C_("batch state", "Planned");
    case BC_BATCH_STATE_ONGOING:
      return C_("batch state", "Ongoing");
    case BC_BATCH_STATE_PAUSED:
      return C_("batch state", "Paused");
    case BC_BATCH_STATE_CANCELLED:
      return C_("batch state", "Cancelled");
    case BC_BATCH_STATE_SENT:
      return C_("batch state", "Sent");
    default:
      return C_("batch state", "Unknown");
    }
}

/**
 * bc_batch_counter_to_string:
 *
 * Returns: the stable snake_case key of @counter ("picked_up"), as in the
 *   CLI's `status --json`.
 */
const char *
bc_counter_to_string (BcCounter counter)
{
  g_return_val_if_fail (counter < BC_N_COUNTERS, NULL);
  return counter_keys[counter];
}
