/* bc-secret.h: the API token in the user's keyring (libsecret)
 *
 * Schema "com.uponai.BatchCalls", one attribute "base-url": one token per
 * server. The token is never written anywhere else by us.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BC_SECRET_ENV_VAR "UPONAI_API_KEY"

/* UPONAI_API_KEY when set and not empty (the CLI's and CI's way), else
 * NULL. Newly allocated. */
char     *bc_secret_dup_env_token  (void);

/* Looks the token up for @base_url: the environment variable wins, then
 * the keyring. The result is NULL (no error) when none is stored. */
void      bc_secret_lookup_async   (const char          *base_url,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char     *bc_secret_lookup_finish  (GAsyncResult        *result,
                                    GError             **error);

void      bc_secret_store_async    (const char          *base_url,
                                    const char          *token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  bc_secret_store_finish   (GAsyncResult        *result,
                                    GError             **error);

void      bc_secret_clear_async    (const char          *base_url,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  bc_secret_clear_finish   (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
