package dev.runbook.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's one migration path: every table of every component (history, rollups, runs, state, incidents,
 * escalation steps, outbox, notes) and its versions, recorded in one table, {@code schema_version} (one row per
 * version applied). Migrations run inside the opener's write transaction, so two processes opening a new file
 * at once migrate it once. Files written by milestone 1 (history's {@code meta.history.schema_version}, the
 * incident tables' {@code incidents_meta}, the launcher's {@code notes}) are brought to the current version
 * with their data. Stateless.
 */
public final class Migrations {
    /** {@code PRAGMA application_id}: "RUNB". */
    public static final int APPLICATION_ID = 0x52554E42;
    /** The version this code writes. */
    public static final int CURRENT = 7;
    /** Milestone 1's history version key in {@code meta}, read only to migrate. */
    static final String LEGACY_HISTORY_VERSION_KEY = "history.schema_version";
    /** Up to which epoch hour results are folded into rollups. */
    public static final String ROLLED_UNTIL_KEY = "history.rolled_until_hour";
    /**
     * From which epoch hour the per-host rollups ({@code host_rollups}, {@code host_status_rollups}) exist: they cover
     * {@code [host_rolled_from_hour, rolled_until_hour)}. Version 7 sets it to the rollup mark it finds; folding
     * then fills the older hours from detail that is still kept, moving it back.
     */
    public static final String HOST_ROLLED_FROM_KEY = "history.host_rolled_from_hour";
    /** Before which epoch ms detail has been purged. */
    public static final String PURGED_BEFORE_KEY = "history.purged_before_ms";
    static final long HOUR_MS = 3_600_000L;

    /** Tables written by runbook (for messages). */
    public static final List<String> RUNBOOK_TABLES = List.of("meta", "runs", "results", "state", "incidents",
            "incident_timeline", "incident_outbox", "notes", "schema_version", "leases", "incident_checks", "reports_sent",
            "run_steps");

    /** Version 1: runs, results with a maintenance column, actions, state, interned names. */
    static final String[] V1 = {
        "PRAGMA application_id = " + APPLICATION_ID,
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE runs(id INTEGER PRIMARY KEY, runbook TEXT NOT NULL, procedure TEXT, started_at INTEGER NOT NULL,"
                + " duration_ms INTEGER NOT NULL, status INTEGER NOT NULL, operator TEXT)",
        "CREATE TABLE check_names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
        "CREATE TABLE metric_names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
        "CREATE TABLE results(check_id INTEGER NOT NULL, at INTEGER NOT NULL, run_id INTEGER NOT NULL,"
                + " status INTEGER NOT NULL, value REAL, unit TEXT, metrics BLOB, message TEXT, duration_ms INTEGER,"
                + " maintenance INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(check_id, at, run_id)) WITHOUT ROWID",
        "CREATE TABLE actions(check_id INTEGER NOT NULL, at INTEGER NOT NULL, run_id INTEGER NOT NULL,"
                + " seq INTEGER NOT NULL, step TEXT NOT NULL, outcome TEXT NOT NULL, message TEXT,"
                + " PRIMARY KEY(check_id, at, run_id, seq),"
                + " FOREIGN KEY(check_id, at, run_id) REFERENCES results(check_id, at, run_id) ON DELETE CASCADE)"
                + " WITHOUT ROWID",
        "CREATE TABLE state(scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(scope, key))"
                + " WITHOUT ROWID",
    };

    /**
     * Version 2: first status and flags on results, hourly rollups with histograms, hourly status summaries,
     * runs by time, a view.
     */
    static final String[] V2 = {
        "ALTER TABLE results ADD COLUMN first_status INTEGER",
        "ALTER TABLE results ADD COLUMN flags INTEGER NOT NULL DEFAULT 0",
        "UPDATE results SET flags = 1 WHERE maintenance <> 0",
        "ALTER TABLE results DROP COLUMN maintenance",
        "CREATE INDEX runs_started_at ON runs(started_at)",
        "CREATE TABLE rollups(check_id INTEGER NOT NULL, metric_id INTEGER NOT NULL, hour INTEGER NOT NULL,"
                + " count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,"
                + " histogram BLOB NOT NULL, PRIMARY KEY(check_id, metric_id, hour)) WITHOUT ROWID",
        "CREATE TABLE status_rollups(check_id INTEGER NOT NULL, hour INTEGER NOT NULL, count INTEGER NOT NULL,"
                + " first_at INTEGER NOT NULL, first_code INTEGER NOT NULL, last_at INTEGER NOT NULL,"
                + " last_code INTEGER NOT NULL, max_gap INTEGER NOT NULL, up_ms INTEGER NOT NULL,"
                + " down_ms INTEGER NOT NULL, maint_ms INTEGER NOT NULL, PRIMARY KEY(check_id, hour)) WITHOUT ROWID",
        "CREATE VIEW results_view AS SELECT c.name AS check_name,"
                + " strftime('%Y-%m-%dT%H:%M:%fZ', r.at / 1000.0, 'unixepoch') AS at,"
                + " CASE r.status WHEN 0 THEN 'OK' WHEN 1 THEN 'WARNING' WHEN 2 THEN 'CRITICAL' ELSE 'UNKNOWN' END"
                + " AS status, r.value, r.unit, r.message, r.duration_ms, r.flags, runs.procedure, r.run_id"
                + " FROM results r JOIN check_names c ON c.id = r.check_id LEFT JOIN runs ON runs.id = r.run_id",
    };

    /**
     * Version 3: one version table for the whole file; the incident tables, escalation steps and outbox (before,
     * the incident store's own {@code incidents_meta} version 1) and the notes (before, created by the launcher
     * when first used) become part of the one schema.
     */
    static final String[] V3 = {
        "CREATE TABLE IF NOT EXISTS incidents ("
                + " id INTEGER PRIMARY KEY AUTOINCREMENT, runbook TEXT NOT NULL, subject TEXT NOT NULL,"
                + " level TEXT NOT NULL, category TEXT, state TEXT NOT NULL, opened_at INTEGER NOT NULL,"
                + " level_since INTEGER NOT NULL, acknowledged_at INTEGER, acknowledged_by TEXT,"
                + " resolved_at INTEGER, resolved_by TEXT, respond_met INTEGER,"
                + " trigger_status TEXT, trigger_message TEXT, recovery_message TEXT, operator TEXT,"
                + " next_update_at INTEGER)",
        "CREATE INDEX IF NOT EXISTS incidents_by_subject ON incidents (runbook, subject, state)",
        "CREATE TABLE IF NOT EXISTS incident_timeline ("
                + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " incident_id INTEGER NOT NULL REFERENCES incidents (id),"
                + " at INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS incident_timeline_by_incident ON incident_timeline (incident_id, id)",
        "CREATE TABLE IF NOT EXISTS incident_escalations ("
                + " incident_id INTEGER NOT NULL REFERENCES incidents (id), level TEXT NOT NULL,"
                + " step INTEGER NOT NULL, due_at INTEGER NOT NULL, unless_acknowledged INTEGER NOT NULL,"
                + " done_at INTEGER, outcome TEXT, PRIMARY KEY (incident_id, level, step))",
        "CREATE TABLE IF NOT EXISTS incident_outbox ("
                + " id INTEGER PRIMARY KEY AUTOINCREMENT, runbook TEXT NOT NULL, incident_id INTEGER,"
                + " target TEXT NOT NULL, notifier TEXT NOT NULL, address TEXT, kind TEXT NOT NULL,"
                + " subject TEXT NOT NULL, body TEXT NOT NULL, fields TEXT NOT NULL,"
                + " created_at INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
                + " next_attempt_at INTEGER NOT NULL, lease_until INTEGER, last_error TEXT, done_at INTEGER)",
        "CREATE INDEX IF NOT EXISTS incident_outbox_due ON incident_outbox (runbook, state, next_attempt_at)",
        "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, operator TEXT,"
                + " text TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS notes_at ON notes(at)",
        "DROP TABLE IF EXISTS incidents_meta",
        "DELETE FROM meta WHERE key = '" + LEGACY_HISTORY_VERSION_KEY + "'",
    };

    /**
     * Version 4 (runbook-format §10): every run, incident, outbox entry and note carries the host that wrote it
     * (results and remediation steps through their run; '' for rows written before hosts were recorded), and
     * the {@code leases} table, where the daemon doing a piece of fleet-wide work holds it for a time-to-live.
     */
    static final String[] V4 = {
        "ALTER TABLE runs ADD COLUMN host TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE incidents ADD COLUMN host TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE incident_outbox ADD COLUMN host TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE notes ADD COLUMN host TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX runs_by_host ON runs(host, started_at)",
        "CREATE TABLE leases(name TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms INTEGER NOT NULL,"
                + " since_ms INTEGER NOT NULL)",
    };

    /**
     * Version 5: the checks one incident covers (one outage, one incident: each joined check, and whether it is OK
     * again), and the reports sent per period and notifier (a report goes out once per period).
     */
    static final String[] V5 = {
        "CREATE TABLE IF NOT EXISTS incident_checks (incident_id INTEGER NOT NULL REFERENCES incidents (id),"
                + " check_id TEXT NOT NULL, ok INTEGER NOT NULL DEFAULT 0, joined_at INTEGER NOT NULL,"
                + " PRIMARY KEY (incident_id, check_id))",
        "CREATE INDEX IF NOT EXISTS incident_checks_by_check ON incident_checks (check_id, incident_id)",
        "CREATE TABLE IF NOT EXISTS reports_sent (runbook TEXT NOT NULL, report TEXT NOT NULL, period TEXT NOT NULL,"
                + " notifier TEXT NOT NULL, sent_at INTEGER NOT NULL, PRIMARY KEY (runbook, report, period, notifier))"
                + " WITHOUT ROWID",
    };

    /**
     * Version 6: every run's trail (runbook-format §6 [1.1]; its host is version 4's): what started it, its state
     * (a run paused at a manual gate keeps the gate, its captured values and its status before the gate), its end;
     * and its steps.
     */
    static final String[] V6 = {
        "ALTER TABLE runs ADD COLUMN trigger_kind TEXT NOT NULL DEFAULT 'cli'",
        "ALTER TABLE runs ADD COLUMN state TEXT NOT NULL DEFAULT 'finished'",
        "ALTER TABLE runs ADD COLUMN finished_at INTEGER",
        "ALTER TABLE runs ADD COLUMN paused_at_step INTEGER",
        "ALTER TABLE runs ADD COLUMN captured TEXT",
        "ALTER TABLE runs ADD COLUMN gate_status INTEGER",
        "CREATE INDEX runs_by_state ON runs(runbook, state)",
        "CREATE TABLE run_steps(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                + " step_index INTEGER NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL, status INTEGER,"
                + " counted INTEGER NOT NULL, outcome TEXT, message TEXT, checks TEXT, started_at INTEGER,"
                + " finished_at INTEGER, trigger_kind TEXT NOT NULL, PRIMARY KEY(run_id, step_index))",
    };

    /**
     * Version 7 (runbook-format §10, a month report for one host): hourly rollups per host, beside the fleet's
     * (which stay as they are): a check's metrics and statuses per host (the host of each result's run) and hour,
     * folded and merged with the fleet's. A host's hourly statuses also keep the hour's down intervals
     * ({@code outages}: varint pairs, start after the hour's start and length, in ms), so an hour with an outage
     * need not be read from detail.
     */
    static final String[] V7 = {
        "CREATE TABLE host_rollups(check_id INTEGER NOT NULL, host TEXT NOT NULL, metric_id INTEGER NOT NULL,"
                + " hour INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL,"
                + " max REAL NOT NULL, histogram BLOB NOT NULL, PRIMARY KEY(check_id, host, metric_id, hour))"
                + " WITHOUT ROWID",
        "CREATE TABLE host_status_rollups(check_id INTEGER NOT NULL, host TEXT NOT NULL, hour INTEGER NOT NULL,"
                + " count INTEGER NOT NULL, first_at INTEGER NOT NULL, first_code INTEGER NOT NULL,"
                + " last_at INTEGER NOT NULL, last_code INTEGER NOT NULL, max_gap INTEGER NOT NULL,"
                + " up_ms INTEGER NOT NULL, down_ms INTEGER NOT NULL, maint_ms INTEGER NOT NULL,"
                + " outages BLOB NOT NULL, PRIMARY KEY(check_id, host, hour)) WITHOUT ROWID",
    };

    private Migrations() {
    }

    /** The version of the file, 0 for a new one; inside the caller's transaction. */
    static int version(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (dialect.hasTable(c, "schema_version")) {
                try (ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
            int found = 0;
            if (dialect.hasTable(c, "meta")) {
                try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = '"
                        + LEGACY_HISTORY_VERSION_KEY + "'")) {
                    found = rs.next() ? Integer.parseInt(rs.getString(1)) : 0;
                }
            }
            if (dialect.hasTable(c, "incidents_meta")) {
                try (ResultSet rs = s.executeQuery("SELECT value FROM incidents_meta WHERE key = 'schema_version'")) {
                    if (rs.next() && Integer.parseInt(rs.getString(1)) > 1) {
                        // milestone 1's incident tables were only ever at version 1: this file is from the future
                        return CURRENT + 1;
                    }
                }
            }
            return found;
        }
    }

    /**
     * Brings the file to {@link #CURRENT}; the caller holds a write transaction. Returns the version found (more
     * than {@link #CURRENT}: nothing was done, the file is newer than this code).
     *
     * @param nowHour the current epoch hour, where rollups of a new file start
     * @param nowMs   the current time, recorded with each version applied
     */
    static int migrate(Connection c, Dialect dialect, long nowHour, long nowMs) throws SQLException {
        int found = version(c, dialect);
        if (found > CURRENT) {
            return found;
        }
        try (Statement s = c.createStatement()) {
            if (found < 1) {
                for (String sql : V1) {
                    execute(s, dialect, sql);
                }
            }
            if (found < 2) {
                for (String sql : V2) {
                    execute(s, dialect, sql);
                }
                long startHour = nowHour;
                try (ResultSet rs = s.executeQuery("SELECT min(at) FROM results")) {
                    if (rs.next() && rs.getObject(1) != null) {
                        startHour = Math.floorDiv(rs.getLong(1), HOUR_MS);
                    }
                }
                setMeta(c, ROLLED_UNTIL_KEY, Long.toString(startHour));
                setMeta(c, PURGED_BEFORE_KEY, "0");
            }
            if (found < 3) {
                for (String sql : V3) {
                    execute(s, dialect, sql);
                }
                execute(s, dialect, "CREATE TABLE schema_version(version INTEGER PRIMARY KEY, applied_at INTEGER)");
                for (int v = 1; v <= found; v++) {
                    // applied by milestone 1, when is not known
                    s.execute("INSERT INTO schema_version(version, applied_at) VALUES(" + v + ", NULL)");
                }
            }
            if (found < 4) {
                for (String sql : V4) {
                    execute(s, dialect, sql);
                }
            }
            if (found < 5) {
                for (String sql : V5) {
                    execute(s, dialect, sql);
                }
            }
            if (found < 6) {
                for (String sql : V6) {
                    execute(s, dialect, sql);
                }
            }
            if (found < 7) {
                for (String sql : V7) {
                    execute(s, dialect, sql);
                }
                // hours folded before now have fleet rollups only: SqliteRunStore.maintain folds their per-host
                // rows from the detail still kept, moving this mark back
                setMeta(c, HOST_ROLLED_FROM_KEY, meta(c, ROLLED_UNTIL_KEY));
            }
            for (int v = Math.max(found, 0) + 1; v <= CURRENT; v++) {
                s.execute("INSERT INTO schema_version(version, applied_at) VALUES(" + v + ", " + nowMs + ")");
            }
        }
        return found;
    }

    private static void execute(Statement s, Dialect dialect, String sqlite) throws SQLException {
        String sql = dialect.ddl(sqlite);
        if (sql != null) {
            s.execute(sql);
        }
    }

    /** Sets a {@code meta} value; inside a write transaction. */
    public static void setMeta(Connection c, String key, String value) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO meta(key, value) VALUES(?, ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** A {@code meta} value, or null. */
    public static String meta(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
