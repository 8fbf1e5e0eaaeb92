-- A store written by milestone 1's launcher from rb.yaml beside this file (run, then note), as SQL: each
-- statement ends at a line holding only ';;'. MigrationTest rebuilds the file from it, header included.
PRAGMA application_id = 1381322306
;;
PRAGMA journal_mode = WAL
;;
BEGIN TRANSACTION
;;
CREATE TABLE actions(check_id INTEGER NOT NULL, at INTEGER NOT NULL, run_id INTEGER NOT NULL, seq INTEGER NOT NULL, step TEXT NOT NULL, outcome TEXT NOT NULL, message TEXT, PRIMARY KEY(check_id, at, run_id, seq), FOREIGN KEY(check_id, at, run_id) REFERENCES results(check_id, at, run_id) ON DELETE CASCADE) WITHOUT ROWID
;;
INSERT INTO "actions" VALUES(3,1796509778207,1,0,'incident P2','done','incident #1 P2 opened; sent to archive')
;;
CREATE TABLE check_names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)
;;
INSERT INTO "check_names" VALUES(1,'app-log')
;;
INSERT INTO "check_names" VALUES(2,'ok-check')
;;
INSERT INTO "check_names" VALUES(3,'failing')
;;
CREATE TABLE incident_escalations ( incident_id INTEGER NOT NULL REFERENCES incidents (id), level TEXT NOT NULL, step INTEGER NOT NULL, due_at INTEGER NOT NULL, unless_acknowledged INTEGER NOT NULL, done_at INTEGER, outcome TEXT, PRIMARY KEY (incident_id, level, step))
;;
CREATE TABLE incident_outbox ( id INTEGER PRIMARY KEY AUTOINCREMENT, runbook TEXT NOT NULL, incident_id INTEGER, target TEXT NOT NULL, notifier TEXT NOT NULL, address TEXT, kind TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, fields TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, lease_until INTEGER, last_error TEXT, done_at INTEGER)
;;
INSERT INTO "incident_outbox" VALUES(1,'m1-store',1,'archive','archive',NULL,'incident','[P2] Incident: #1 failing — exit code 2','【Incident Report】Milestone one store

■ Incident Level: P2 (Partial outage)

■ Incident: #1 failing

■ Occurrence Time: 2026-12-05 22:29

■ Current Status: Open, not acknowledged, failing CRITICAL

■ Impact Scope: Partial outage

■ Cause: exit code 2

■ Initial Response:
- No automatic action taken yet

■ Next Actions:
- Investigate and acknowledge: runbook incidents FILE ack 1

■ Estimated Recovery: Not yet estimated

■ Reporter: runbook','{"state":"open","runbook":"m1-store","event":"opened","status":"CRITICAL","level_title":"Partial outage","opened_at":"2026-12-05T22:29:38Z","check":"failing","incident":"1","level":"P2"}',1796509778251,'delivered',1,1796509778251,NULL,NULL,1796509778251)
;;
CREATE TABLE incident_timeline ( id INTEGER PRIMARY KEY AUTOINCREMENT, incident_id INTEGER NOT NULL REFERENCES incidents (id), at INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL)
;;
INSERT INTO "incident_timeline" VALUES(1,1,1796509778251,'opened','P2 CRITICAL: exit code 2')
;;
INSERT INTO "incident_timeline" VALUES(2,1,1796509778251,'notified','incident to archive')
;;
CREATE TABLE incidents ( id INTEGER PRIMARY KEY AUTOINCREMENT, runbook TEXT NOT NULL, subject TEXT NOT NULL, level TEXT NOT NULL, category TEXT, state TEXT NOT NULL, opened_at INTEGER NOT NULL, level_since INTEGER NOT NULL, acknowledged_at INTEGER, acknowledged_by TEXT, resolved_at INTEGER, resolved_by TEXT, respond_met INTEGER, trigger_status TEXT, trigger_message TEXT, recovery_message TEXT, operator TEXT, next_update_at INTEGER)
;;
INSERT INTO "incidents" VALUES(1,'m1-store','failing','P2',NULL,'open',1796509778251,1796509778251,NULL,NULL,NULL,NULL,NULL,'CRITICAL','exit code 2',NULL,NULL,NULL)
;;
CREATE TABLE incidents_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
;;
INSERT INTO "incidents_meta" VALUES('schema_version','1')
;;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)
;;
INSERT INTO "meta" VALUES('history.schema_version','2')
;;
INSERT INTO "meta" VALUES('history.rolled_until_hour','499030')
;;
INSERT INTO "meta" VALUES('history.purged_before_ms','1761948000000')
;;
CREATE TABLE metric_names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)
;;
INSERT INTO "metric_names" VALUES(1,'matches')
;;
CREATE TABLE notes (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, operator TEXT, text TEXT NOT NULL)
;;
INSERT INTO "notes" VALUES(1,1796509779117,'alice','replaced the disk')
;;
CREATE TABLE results(check_id INTEGER NOT NULL, at INTEGER NOT NULL, run_id INTEGER NOT NULL, status INTEGER NOT NULL, value REAL, unit TEXT, metrics BLOB, message TEXT, duration_ms INTEGER, first_status INTEGER, flags INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(check_id, at, run_id)) WITHOUT ROWID
;;
INSERT INTO "results" VALUES(1,1796509778206,1,0,2.0,'',X'0404','2 lines match ''ERROR'' in app.log in the whole file (first run)',25,0,0)
;;
INSERT INTO "results" VALUES(2,1796509778207,1,0,NULL,NULL,NULL,'exit code 0',40,0,0)
;;
INSERT INTO "results" VALUES(3,1796509778207,1,2,NULL,NULL,NULL,'exit code 2',39,2,0)
;;
CREATE TABLE rollups(check_id INTEGER NOT NULL, metric_id INTEGER NOT NULL, hour INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, histogram BLOB NOT NULL, PRIMARY KEY(check_id, metric_id, hour)) WITHOUT ROWID
;;
CREATE TABLE runs(id INTEGER PRIMARY KEY, runbook TEXT NOT NULL, procedure TEXT, started_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL, status INTEGER NOT NULL, operator TEXT)
;;
INSERT INTO "runs" VALUES(1,'m1-store',NULL,1796509778198,148,2,NULL)
;;
ANALYZE "sqlite_master"
;;
INSERT INTO "sqlite_stat1" VALUES('incidents','incidents_by_subject','1 1 1 1')
;;
INSERT INTO "sqlite_stat1" VALUES('incidents_meta','sqlite_autoindex_incidents_meta_1','1 1')
;;
INSERT INTO "sqlite_stat1" VALUES('state','state','1 1 1')
;;
INSERT INTO "sqlite_stat1" VALUES('results','results','3 1 1 1')
;;
INSERT INTO "sqlite_stat1" VALUES('metric_names','sqlite_autoindex_metric_names_1','1 1')
;;
INSERT INTO "sqlite_stat1" VALUES('incident_outbox','incident_outbox_due','1 1 1 1')
;;
INSERT INTO "sqlite_stat1" VALUES('meta','sqlite_autoindex_meta_1','3 1')
;;
INSERT INTO "sqlite_stat1" VALUES('actions','actions','1 1 1 1 1')
;;
INSERT INTO "sqlite_stat1" VALUES('runs','runs_started_at','1 1')
;;
INSERT INTO "sqlite_stat1" VALUES('incident_timeline','incident_timeline_by_incident','2 2 1')
;;
INSERT INTO "sqlite_stat1" VALUES('check_names','sqlite_autoindex_check_names_1','3 1')
;;
CREATE TABLE state(scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(scope, key)) WITHOUT ROWID
;;
INSERT INTO "state" VALUES('app-log','offsets','(dev=fe00,ino=2148942)	23
')
;;
CREATE TABLE status_rollups(check_id INTEGER NOT NULL, hour INTEGER NOT NULL, count INTEGER NOT NULL, first_at INTEGER NOT NULL, first_code INTEGER NOT NULL, last_at INTEGER NOT NULL, last_code INTEGER NOT NULL, max_gap INTEGER NOT NULL, up_ms INTEGER NOT NULL, down_ms INTEGER NOT NULL, maint_ms INTEGER NOT NULL, PRIMARY KEY(check_id, hour)) WITHOUT ROWID
;;
CREATE INDEX runs_started_at ON runs(started_at)
;;
CREATE VIEW results_view AS SELECT c.name AS check_name, strftime('%Y-%m-%dT%H:%M:%fZ', r.at / 1000.0, 'unixepoch') AS at, CASE r.status WHEN 0 THEN 'OK' WHEN 1 THEN 'WARNING' WHEN 2 THEN 'CRITICAL' ELSE 'UNKNOWN' END AS status, r.value, r.unit, r.message, r.duration_ms, r.flags, runs.procedure, r.run_id FROM results r JOIN check_names c ON c.id = r.check_id LEFT JOIN runs ON runs.id = r.run_id
;;
CREATE INDEX incidents_by_subject ON incidents (runbook, subject, state)
;;
CREATE INDEX incident_timeline_by_incident ON incident_timeline (incident_id, id)
;;
CREATE INDEX incident_outbox_due ON incident_outbox (runbook, state, next_attempt_at)
;;
CREATE INDEX notes_at ON notes(at)
;;
DELETE FROM "sqlite_sequence"
;;
INSERT INTO "sqlite_sequence" VALUES('incidents',1)
;;
INSERT INTO "sqlite_sequence" VALUES('incident_timeline',2)
;;
INSERT INTO "sqlite_sequence" VALUES('incident_outbox',1)
;;
COMMIT
;;
