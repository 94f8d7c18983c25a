/* bc-application.h: the GUI application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bc-batch-notifier.h"
#include "bc-api-client.h"
#include "bc-sandbox.h"
#include "bc-scheduler.h"
#include "bc-types.h"

G_BEGIN_DECLS

#define BC_TYPE_APPLICATION (bc_application_get_type ())

G_DECLARE_FINAL_TYPE (BcApplication, bc_application, BC, APPLICATION, AdwApplication)

BcApplication *bc_application_new          (void);

/* NULL until startup, and when the store could not be opened. */
BcStore       *bc_application_get_store    (BcApplication *self);
const char    *bc_application_get_data_dir (BcApplication *self);
gboolean       bc_application_get_sandbox  (BcApplication *self);
/* NULL when no account is configured (see bc_application_get_api_error). */
BcApiClient   *bc_application_get_api_client (BcApplication *self);
const GError  *bc_application_get_api_error  (BcApplication *self);
BcScheduler   *bc_application_get_scheduler  (BcApplication *self);
BcSandbox     *bc_application_get_sandbox_server (BcApplication *self);
void           bc_application_hold_for_batches (BcApplication *self);
gboolean       bc_application_get_held       (BcApplication *self);

/* Announces finished and failed batches; NULL when there is no store. */
BcBatchNotifier *bc_application_get_notifier (BcApplication *self);

G_END_DECLS
