/* store-test-util.h: what the store's test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "bc-batch-private.h"
#include "bc-store.h"
#include "test-tmp-dir.h"

/* A store on a fresh file in a temporary folder. */
typedef struct
{
  char    *dir;
  char    *path;
  BcStore *store;
} Fixture;

void          fixture_set_up     (Fixture       *fixture,
                                  gconstpointer  data);
void          fixture_tear_down  (Fixture       *fixture,
                                  gconstpointer  data);
/* Closes the store (it must finalize) and opens the file again. */
void          reopen             (Fixture       *fixture);

/* A second connection, as a person with the sqlite3 shell would look.
 * raw_query() runs one statement: rows on lines, columns joined by '|'. */
sqlite3      *raw_open           (const char    *path);
char         *raw_query          (const char    *path,
                                  const char    *sql);
void          raw_exec           (const char    *path,
                                  const char    *sql);
/* Every row of batches and recipients, to compare before/after. */
char         *dump_db            (const char    *path);

/* A published batch with @n_recipients PENDING rows. */
BcBatch      *add_batch          (BcStore       *store,
                                  const char    *name,
                                  guint          n_recipients);
void          assert_counters_ok (BcStore       *store,
                                  BcBatch       *batch);
BcRecipient  *recipient_at       (BcStore       *store,
                                  const char    *batch_id,
                                  guint          position);

extern const BcBatchState all_states[6];
/* Moves a Draft to @state along a legal path, through the store. */
void          walk_to            (BcStore       *store,
                                  BcBatch       *batch,
                                  BcBatchState   state);
