/* bc-scheduler-policy.c: the retry policy of a batch
 *
 * Stored as text in the batch ("no_answer:3:10m,busy:2:300"), the same
 * form the CLI's --retry takes, one OUTCOME:MAX:DELAY per kind. MAX counts
 * every attempt the API accepted, the first included.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-scheduler"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bc-scheduler-private.h"

static const char * const kind_names[BC_N_RETRY_KINDS] = {
  [BC_RETRY_NO_ANSWER] = "no_answer",
  [BC_RETRY_BUSY] = "busy",
  [BC_RETRY_FAILED] = "failed",
  [BC_RETRY_VOICEMAIL] = "voicemail",
};

static gboolean
parse_delay (const char *text,
             gint64     *delay_us)
{
  char *end = NULL;
  guint64 value;
  gint64 unit = G_USEC_PER_SEC;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (g_str_equal (end, "m"))
    unit *= 60;
  else if (g_str_equal (end, "h"))
    unit *= 3600;
  else if (g_str_equal (end, "d"))
    unit *= 86400;
  else if (!g_str_equal (end, "s") && *end != '\0')
    return FALSE;
  if (value > (guint64) (G_MAXINT64 / unit) / 2)
    return FALSE;
  *delay_us = (gint64) value * unit;
  return TRUE;
}

gboolean
_bc_retry_policy_parse (const char     *text,
                        BcRetryPolicy  *policy,
                        GError        **error)
{
  g_auto(GStrv) items = NULL;

  memset (policy, 0, sizeof *policy);
  if (text == NULL || *text == '\0')
    return TRUE;

  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (items[i]), ":", -1);
      guint64 max = 0;
      gint64 delay = 0;
      int kind = -1;

      if (g_strv_length (parts) == 3)
        for (int k = 0; k < BC_N_RETRY_KINDS; k++)
          if (g_ascii_strcasecmp (parts[0], kind_names[k]) == 0)
            kind = k;
      if (kind < 0 ||
          !g_ascii_string_to_unsigned (parts[1], 10, 1, 100, &max, NULL) ||
          !parse_delay (parts[2], &delay))
        {
          memset (policy, 0, sizeof *policy);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       /* Translators: keep OUTCOME:MAX:DELAY and the outcome names as they are */
                       _("“%s” is not a retry rule: use OUTCOME:MAX:DELAY, where OUTCOME is "
                         "no_answer, busy, failed or voicemail, MAX is 1 to 100 attempts and "
                         "DELAY is seconds or a number with s, m, h or d"),
                       items[i]);
          return FALSE;
        }
      policy->max_attempts[kind] = (guint) max;
      policy->delay_us[kind] = delay;
    }
  return TRUE;
}

gboolean
_bc_retry_kind_for (BcCallOutcome  outcome,
                    const char    *disconnection_reason,
                    BcRetryKind   *kind)
{
  switch (outcome)
    {
    case BC_CALL_OUTCOME_NO_ANSWER:
      *kind = BC_RETRY_NO_ANSWER;
      return TRUE;
    case BC_CALL_OUTCOME_BUSY:
      *kind = BC_RETRY_BUSY;
      return TRUE;
    case BC_CALL_OUTCOME_VOICEMAIL:
      *kind = BC_RETRY_VOICEMAIL;
      return TRUE;
    case BC_CALL_OUTCOME_NOT_CONNECTED:
    case BC_CALL_OUTCOME_ERROR:
      /* An invalid number stays invalid. */
      if (g_strcmp0 (disconnection_reason, "invalid_destination") == 0)
        return FALSE;
      *kind = BC_RETRY_FAILED;
      return TRUE;
    case BC_CALL_OUTCOME_PICKED_UP:
    case BC_CALL_OUTCOME_NONE:
    default:
      return FALSE;
    }
}

gboolean
bc_scheduler_check_retry_policy (const char  *text,
                                 GError     **error)
{
  BcRetryPolicy policy;

  return _bc_retry_policy_parse (text, &policy, error);
}
