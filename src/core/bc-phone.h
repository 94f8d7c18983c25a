/* bc-phone.h: E.164 checking and normalisation of human-written numbers
 *
 * The one piece of code the sandbox shares with the client side (see
 * ARCHITECTURE.md): both must agree on what E.164 is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BC_PHONE_VALID,            /* already E.164, unchanged */
  BC_PHONE_NORMALISED,       /* made E.164 by removing punctuation or a 00 prefix */
  BC_PHONE_EMPTY,
  BC_PHONE_NO_COUNTRY_CODE,  /* digits only, no + or 00: never assumed */
  BC_PHONE_BAD_CHARACTER,    /* a letter or symbol that is not punctuation */
  BC_PHONE_LEADING_ZERO,     /* a country code cannot start with 0 */
  BC_PHONE_TOO_SHORT,        /* fewer than 2 digits after + */
  BC_PHONE_TOO_LONG,         /* more than 15 digits after + */
} BcPhoneCheck;

/* Strict E.164: '+', then 2–15 digits, the first not 0. */
gboolean      bc_phone_is_e164       (const char  *number);

/* Checks @input and, when it can be made E.164 without guessing, sets
 * @normalised (may be NULL) to the E.164 form. Accepted punctuation:
 * spaces, '-', '.', '(', ')', and the national trunk "(0)" after a country
 * code ("+44 (0)20 …"). A leading "00" becomes "+". */
BcPhoneCheck  bc_phone_normalise     (const char  *input,
                                      char       **normalised);

/* A sentence a person understands, with the fix where there is one. */
const char   *bc_phone_check_describe (BcPhoneCheck check);

G_END_DECLS
