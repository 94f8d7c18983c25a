-- A database as schema version 2 of the store left it: store-v1.sql's two
-- batches migrated by step 2 and used (calls rows, per-minute events, call
-- details), and an Ongoing batch caught mid-run (one recipient DISPATCHING,
-- one IN_PROGRESS, one PENDING for a retry). test-store-schema.c opens it
-- with BcStore and checks the migration to the current schema. Do not
-- regenerate this file from newer code: it is a record of what old
-- releases wrote (the sqlite3 shell's .dump of such a file).
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES(2);
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
, hidden INTEGER NOT NULL DEFAULT 0);
INSERT INTO batches VALUES('6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d','Spring renewals','+14155550100','agent_spring',2,1772323200,0,'09:00-12:00,14:00-18:00',31,'Europe/Paris',1,5,'{"max_attempts":3}',NULL,4,2,1,1,1,0,0,1,0,1,0,0,0);
INSERT INTO batches VALUES('0a9e7d2b-3c4f-4e5a-8b6c-7d8e9f0a1b2c','Été clients',NULL,NULL,0,1772409600,0,'09:00-17:00',127,NULL,0,10,NULL,NULL,2,0,0,0,0,0,0,0,0,2,0,0,0);
INSERT INTO batches VALUES('c3d4e5f6-a7b8-4c9d-8e0f-112233445566','Autumn survey','+442079460958',NULL,2,1772496000,0,'08:00-20:00',127,'Europe/London',0,20,'no_answer:2:30m',NULL,3,2,0,0,1,0,0,0,2,1,0,0,0);
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
, started_at_ms INTEGER NOT NULL DEFAULT 0, ended_at_ms INTEGER NOT NULL DEFAULT 0, duration_ms INTEGER NOT NULL DEFAULT 0, disconnection_reason TEXT, sentiment TEXT, error_message TEXT, next_attempt_at INTEGER NOT NULL DEFAULT 0, dispatched_at INTEGER NOT NULL DEFAULT 0);
INSERT INTO recipients VALUES(1,'6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d',0,2,'+33612345678',0,NULL,NULL,'{"crm":"A1"}',NULL,'{"first_name":"Anne"}',3,1,'call_a1',1,1,1772442000000,1772442095000,95000,'agent_hangup','Positive',NULL,0,1772441998000000);
INSERT INTO recipients VALUES(2,'6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d',1,3,'+33612345679',0,NULL,NULL,NULL,NULL,'{"first_name":"Bruno"}',3,2,'call_b2',2,0,0,0,0,'dial_no_answer',NULL,NULL,0,1772445600000000);
INSERT INTO recipients VALUES(3,'6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d',2,4,'+33612345680',0,NULL,NULL,NULL,NULL,'{"first_name":"Chloé"}',0,0,NULL,0,0,0,0,0,NULL,NULL,NULL,0,0);
INSERT INTO recipients VALUES(4,'6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d',3,5,'+33612345681',0,NULL,NULL,NULL,NULL,'{"first_name":"David"}',4,1,NULL,6,0,0,0,0,NULL,NULL,'The number is not valid',0,1772442001000000);
INSERT INTO recipients VALUES(5,'0a9e7d2b-3c4f-4e5a-8b6c-7d8e9f0a1b2c',0,2,'+4915112345678',1,'agent_override',3,NULL,'{"X-Campaign":"ete"}','{}',0,0,NULL,0,0,0,0,0,NULL,NULL,NULL,0,0);
INSERT INTO recipients VALUES(6,'0a9e7d2b-3c4f-4e5a-8b6c-7d8e9f0a1b2c',1,3,'+4915112345679',0,NULL,NULL,NULL,NULL,'{}',0,0,NULL,0,0,0,0,0,NULL,NULL,NULL,0,0);
INSERT INTO recipients VALUES(7,'c3d4e5f6-a7b8-4c9d-8e0f-112233445566',0,2,'+447700900001',0,NULL,NULL,NULL,NULL,'{"name":"Ada"}',1,1,NULL,0,0,0,0,0,NULL,NULL,NULL,0,1772500000000000);
INSERT INTO recipients VALUES(8,'c3d4e5f6-a7b8-4c9d-8e0f-112233445566',1,3,'+447700900002',0,NULL,NULL,NULL,NULL,'{"name":"Ben"}',2,1,'call_c8',0,0,1772500001000,0,0,NULL,NULL,NULL,0,1772500000500000);
INSERT INTO recipients VALUES(9,'c3d4e5f6-a7b8-4c9d-8e0f-112233445566',2,5,'+447700900003',0,NULL,NULL,NULL,NULL,'{"name":"Cy"}',0,1,'call_c9',2,0,0,0,0,'dial_no_answer',NULL,NULL,1772503600000000,1772499000000000);
CREATE TABLE calls (  id INTEGER PRIMARY KEY,  recipient_id INTEGER NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,  attempt INTEGER NOT NULL,  call_id TEXT,  dispatched_at INTEGER NOT NULL,  answered INTEGER NOT NULL DEFAULT 0,  UNIQUE (recipient_id, attempt));
INSERT INTO calls VALUES(1,1,1,'call_a1',1772441998000000,1);
INSERT INTO calls VALUES(2,2,1,'call_b1',1772441999000000,1);
INSERT INTO calls VALUES(3,2,2,'call_b2',1772445600000000,1);
INSERT INTO calls VALUES(4,4,1,NULL,1772442001000000,2);
INSERT INTO calls VALUES(5,7,1,NULL,1772500000000000,0);
INSERT INTO calls VALUES(6,8,1,'call_c8',1772500000500000,1);
INSERT INTO calls VALUES(7,9,1,'call_c9',1772499000000000,1);
CREATE TABLE events (  batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,  minute INTEGER NOT NULL,  started INTEGER NOT NULL DEFAULT 0,  ended INTEGER NOT NULL DEFAULT 0,  PRIMARY KEY (batch_id, minute)) WITHOUT ROWID;
INSERT INTO events VALUES('6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d',29540699,2,1);
INSERT INTO events VALUES('6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d',29540701,0,1);
INSERT INTO events VALUES('6f1c1f3e-8d44-4c55-9a5e-0d5f0a1b2c3d',29540760,1,1);
INSERT INTO events VALUES('c3d4e5f6-a7b8-4c9d-8e0f-112233445566',29541650,1,1);
INSERT INTO events VALUES('c3d4e5f6-a7b8-4c9d-8e0f-112233445566',29541666,1,0);
CREATE UNIQUE INDEX recipients_position ON recipients (batch_id, position);
CREATE INDEX recipients_state ON recipients (batch_id, state) WHERE state != 0;
CREATE INDEX calls_call_id ON calls (call_id);
COMMIT;
