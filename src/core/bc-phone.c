/* bc-phone.c: E.164 checking and normalisation of human-written numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-phone"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bc-phone.h"

gboolean
bc_phone_is_e164 (const char *number)
{
  gsize n_digits = 0;

  if (number == NULL || number[0] != '+')
    return FALSE;
  if (number[1] < '1' || number[1] > '9')
    return FALSE;
  for (const char *p = number + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      n_digits++;
    }
  return n_digits >= 2 && n_digits <= 15;
}

static gboolean
is_punctuation (char c)
{
  return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t' ||
         c == '/';
}

BcPhoneCheck
bc_phone_normalise (const char  *input,
                    char       **normalised)
{
  g_autoptr(GString) digits = NULL;
  const char *p;
  gboolean international = FALSE;
  gboolean changed = FALSE;

  if (normalised != NULL)
    *normalised = NULL;

  if (input == NULL)
    return BC_PHONE_EMPTY;

  /* Surrounding white space is what spreadsheets add; it is not an edit
   * worth reporting, but it is a change. */
  while (g_ascii_isspace (*input))
    input++, changed = TRUE;
  if (*input == '\0')
    return BC_PHONE_EMPTY;

  if (bc_phone_is_e164 (input) && strpbrk (input, " \t") == NULL)
    {
      if (normalised != NULL)
        *normalised = g_strdup (input);
      return changed ? BC_PHONE_NORMALISED : BC_PHONE_VALID;
    }

  digits = g_string_new ("+");
  p = input;
  if (*p == '+')
    {
      international = TRUE;
      p++;
    }
  else if (p[0] == '0' && p[1] == '0')
    {
      international = TRUE;
      changed = TRUE;
      p += 2;
    }

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          continue;
        }
      /* "+44 (0)20 7946 0958": the trunk zero is dialled only nationally. */
      if (international && digits->len > 1 && strncmp (p, "(0)", 3) == 0)
        {
          p += 2;
          changed = TRUE;
          continue;
        }
      if (is_punctuation (*p) || g_ascii_isspace (*p))
        {
          changed = TRUE;
          continue;
        }
      return BC_PHONE_BAD_CHARACTER;
    }

  if (!international)
    return digits->len > 1 ? BC_PHONE_NO_COUNTRY_CODE : BC_PHONE_BAD_CHARACTER;
  if (digits->len < 3)
    return BC_PHONE_TOO_SHORT;
  if (digits->len > 16)
    return BC_PHONE_TOO_LONG;
  if (digits->str[1] == '0')
    return BC_PHONE_LEADING_ZERO;

  g_assert (bc_phone_is_e164 (digits->str));

  if (normalised != NULL)
    *normalised = g_string_free (g_steal_pointer (&digits), FALSE);
  return changed ? BC_PHONE_NORMALISED : BC_PHONE_VALID;
}

const char *
bc_phone_check_describe (BcPhoneCheck check)
{
  switch (check)
    {
    case BC_PHONE_VALID:
      return _("Valid E.164 number");
    case BC_PHONE_NORMALISED:
      return _("Rewritten in E.164 form");
    case BC_PHONE_EMPTY:
      return _("The phone number is empty");
    case BC_PHONE_NO_COUNTRY_CODE:
      return _("The number has no country code: write it as + and the country code, "
               "e.g. +1 415 555 0100, or set “ignore e164 validation” to true for this row");
    case BC_PHONE_BAD_CHARACTER:
      return _("The number contains characters that are not digits, spaces, dashes, dots or parentheses");
    case BC_PHONE_LEADING_ZERO:
      return _("A country code cannot start with 0: remove the national 0 after the country code");
    case BC_PHONE_TOO_SHORT:
      return _("The number is too short: E.164 needs + and 2 to 15 digits");
    case BC_PHONE_TOO_LONG:
      return _("The number is too long: E.164 allows at most 15 digits after +");
    default:
      return _("The number is not valid");
    }
}
