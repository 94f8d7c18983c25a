/* bc-platform-handoff.h: a batch as retell's create-batch-call body
 *
 * "Run on the platform": the whole batch goes to the platform in one
 * request, with its start and its windows, and the platform places the
 * calls, so the desktop may be closed. The scheduler (bc-scheduler-
 * handoff.c) submits it exactly once and follows the results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bc-api-types.h"
#include "bc-types.h"

G_BEGIN_DECLS

/* Whether @batch can run on the platform with @profile: the retell
 * profile only, a From Number and an agent, valid windows, and none of
 * what only this app does (recipient-local time, retries).
 * G_IO_ERROR_NOT_SUPPORTED with a message for a person otherwise. */
gboolean    bc_platform_handoff_check      (BcBatch       *batch,
                                            BcApiProfile   profile,
                                            GError       **error);

/* The create-batch-call body: from_number, name, reserved_concurrency,
 * trigger_timestamp (the planned start, when it is after @now_us),
 * call_time_window {windows [{start, end}] in minutes from local
 * midnight, timezone, day [Monday …]} and one task per recipient of
 * @recipients (BcRecipientData, DISPATCHING with their attempt), each
 * tagged with metadata.bc as a call of ours is, so that the platform's
 * calls can be matched to their recipients. */
JsonObject *bc_platform_handoff_build_spec (BcBatch       *batch,
                                            GPtrArray     *recipients,
                                            gint64         now_us,
                                            GError       **error);

G_END_DECLS
