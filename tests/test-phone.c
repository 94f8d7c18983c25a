/* test-phone.c: E.164 checks and normalisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bc-phone.h"

static void
test_phone_is_e164 (void)
{
  g_assert_true (bc_phone_is_e164 ("+14155550100"));
  g_assert_true (bc_phone_is_e164 ("+12"));
  g_assert_true (bc_phone_is_e164 ("+123456789012345"));
  g_assert_false (bc_phone_is_e164 ("+1234567890123456"));  /* 16 digits */
  g_assert_false (bc_phone_is_e164 ("+1"));
  g_assert_false (bc_phone_is_e164 ("+0415555"));
  g_assert_false (bc_phone_is_e164 ("14155550100"));
  g_assert_false (bc_phone_is_e164 ("+1 415"));
  g_assert_false (bc_phone_is_e164 (""));
  g_assert_false (bc_phone_is_e164 (NULL));
}

static void
test_phone_normalise (void)
{
  static const struct {
    const char   *input;
    BcPhoneCheck  check;
    const char   *output;
  } cases[] = {
    { "+14155550100",          BC_PHONE_VALID,           "+14155550100" },
    { " +14155550100 ",        BC_PHONE_NORMALISED,      "+14155550100" },
    { "+1 (415) 555-0100",     BC_PHONE_NORMALISED,      "+14155550100" },
    { "+49.30.1234567",        BC_PHONE_NORMALISED,      "+49301234567" },
    { "0049 30 1234567",       BC_PHONE_NORMALISED,      "+49301234567" },
    { "+44 (0)20 7946 0958",   BC_PHONE_NORMALISED,      "+442079460958" },
    { "(415) 555-0100",        BC_PHONE_NO_COUNTRY_CODE, NULL },
    { "4155550100",            BC_PHONE_NO_COUNTRY_CODE, NULL },
    { "+1 415 CALL NOW",       BC_PHONE_BAD_CHARACTER,   NULL },
    { "+0 415 555",            BC_PHONE_LEADING_ZERO,    NULL },
    { "+1",                    BC_PHONE_TOO_SHORT,       NULL },
    { "+1234 5678 9012 3456",  BC_PHONE_TOO_LONG,        NULL },
    { "",                      BC_PHONE_EMPTY,           NULL },
    { "   ",                   BC_PHONE_EMPTY,           NULL },
    { "--",                    BC_PHONE_BAD_CHARACTER,   NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      BcPhoneCheck check = bc_phone_normalise (cases[i].input, &out);

      g_test_message ("input “%s”", cases[i].input);
      g_assert_cmpint (check, ==, cases[i].check);
      g_assert_cmpstr (out, ==, cases[i].output);
      if (out != NULL)
        g_assert_true (bc_phone_is_e164 (out));
      g_assert_nonnull (bc_phone_check_describe (check));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/BatchCalls/Phone/is-e164", test_phone_is_e164);
  g_test_add_func ("/BatchCalls/Phone/normalise", test_phone_normalise);

  return g_test_run ();
}
