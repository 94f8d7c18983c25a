-- A database as schema version 1 of the store left it, with two batches.
-- test-store.c loads it, opens it with BcStore and checks the migration to
-- the current schema. Do not regenerate this file from newer code: it is a
-- record of what old releases wrote.
BEGIN;
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (1);
CREATE TABLE batches (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  from_number TEXT,
  agent_id TEXT,
  state INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  planned_at INTEGER NOT NULL DEFAULT 0,
  windows TEXT,
  weekdays INTEGER NOT NULL DEFAULT 127,
  timezone TEXT,
  recipient_local_time INTEGER NOT NULL DEFAULT 0,
  concurrency INTEGER NOT NULL DEFAULT 10,
  retry_policy TEXT,
  pause_reason TEXT,
  n_total INTEGER NOT NULL DEFAULT 0,
  n_sent INTEGER NOT NULL DEFAULT 0,
  n_picked_up INTEGER NOT NULL DEFAULT 0,
  n_successful INTEGER NOT NULL DEFAULT 0,
  n_no_answer INTEGER NOT NULL DEFAULT 0,
  n_busy INTEGER NOT NULL DEFAULT 0,
  n_voicemail INTEGER NOT NULL DEFAULT 0,
  n_failed INTEGER NOT NULL DEFAULT 0,
  n_in_progress INTEGER NOT NULL DEFAULT 0,
  n_pending INTEGER NOT NULL DEFAULT 0,
  n_needs_review INTEGER NOT NULL DEFAULT 0,
  n_cancelled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE recipients (
  id INTEGER PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  line INTEGER NOT NULL DEFAULT 0,
  phone TEXT NOT NULL,
  ignore_e164 INTEGER NOT NULL DEFAULT 0,
  override_agent_id TEXT,
  override_agent_version INTEGER,
  metadata TEXT,
  custom_sip_headers TEXT,
  variables TEXT,
  state INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_call_id TEXT,
  outcome INTEGER NOT NULL DEFAULT 0,
  successful INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX recipients_position ON recipients (batch_id, position);

-- Ongoing (2), created 2026-03-01; counters match its four recipients.
INSERT INTO batches VALUES ('6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d', 'Spring renewals',
  '+14155550100', 'agent_spring', 2, 1772323200, 0, '09:00-12:00,14:00-18:00', 31,
  'Europe/Paris', 1, 5, '{"max_attempts":3}', NULL,
  4, 2, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0);
-- Draft (0), created a day later: newest first in the list.
INSERT INTO batches VALUES ('0a9e7d2b-3c4f-4e5a-8b6c-7d8e9f0a1b2c', 'Été clients',
  NULL, NULL, 0, 1772409600, 0, '09:00-17:00', 127, NULL, 0, 10, NULL, NULL,
  2, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0);

INSERT INTO recipients VALUES (1, '6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d', 0, 2,
  '+33612345678', 0, NULL, NULL, '{"crm":"A1"}', NULL, '{"first_name":"Anne"}',
  3, 1, 'call_a1', 1, 1);
INSERT INTO recipients VALUES (2, '6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d', 1, 3,
  '+33612345679', 0, NULL, NULL, NULL, NULL, '{"first_name":"Bruno"}',
  3, 2, 'call_b2', 2, 0);
INSERT INTO recipients VALUES (3, '6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d', 2, 4,
  '+33612345680', 0, NULL, NULL, NULL, NULL, '{"first_name":"Chloé"}',
  0, 0, NULL, 0, 0);
INSERT INTO recipients VALUES (4, '6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d', 3, 5,
  '+33612345681', 0, NULL, NULL, NULL, NULL, '{"first_name":"David"}',
  4, 1, NULL, 6, 0);
INSERT INTO recipients VALUES (5, '0a9e7d2b-3c4f-4e5a-8b6c-7d8e9f0a1b2c', 0, 2,
  '+4915112345678', 1, 'agent_override', 3, NULL, '{"X-Campaign":"ete"}', '{}',
  0, 0, NULL, 0, 0);
INSERT INTO recipients VALUES (6, '0a9e7d2b-3c4f-4e5a-8b6c-7d8e9f0a1b2c', 1, 3,
  '+4915112345679', 0, NULL, NULL, NULL, NULL, '{}',
  0, 0, NULL, 0, 0);
COMMIT;
