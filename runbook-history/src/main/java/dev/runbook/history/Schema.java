package dev.runbook.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables and their versioned migrations. The version lives in {@code meta} under
 * {@code history.schema_version}; every migration runs inside the caller's write transaction, so two processes
 * opening a new file at once migrate it once. Tables other modules keep in the same file (incidents, outbox, …)
 * are never touched. Stateless.
 */
final class Schema {
    /** {@code PRAGMA application_id}: "RUNB". */
    static final int APPLICATION_ID = 0x52554E42;
    static final int CURRENT = 2;
    static final String VERSION_KEY = "history.schema_version";
    static final String ROLLED_UNTIL_KEY = "history.rolled_until_hour";
    static final String PURGED_BEFORE_KEY = "history.purged_before_ms";

    /** Tables written by runbook modules: a file with application_id 0 holding one of them is ours. */
    static final List<String> RUNBOOK_TABLES = List.of("meta", "runs", "results", "state", "incidents",
            "incident_timeline", "outbox", "notes");

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

    private Schema() {
    }

    /** The version recorded in the file, 0 for none. Inside a transaction. */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")) {
                if (!rs.next()) {
                    return 0;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = '" + VERSION_KEY + "'")) {
                return rs.next() ? Integer.parseInt(rs.getString(1)) : 0;
            }
        }
    }

    /**
     * Brings the file to {@link #CURRENT}; the caller holds a write transaction. Returns the version found.
     *
     * @param nowHour the current epoch hour, where rollups of a new file start
     */
    static int migrate(Connection c, long nowHour) throws SQLException {
        int found = version(c);
        if (found > CURRENT) {
            return found;
        }
        try (Statement s = c.createStatement()) {
            if (found < 1) {
                for (String sql : V1) {
                    s.execute(sql);
                }
                setMeta(c, VERSION_KEY, "1");
            }
            if (found < 2) {
                for (String sql : V2) {
                    s.execute(sql);
                }
                long startHour = nowHour;
                try (ResultSet rs = s.executeQuery("SELECT min(at) FROM results")) {
                    if (rs.next() && rs.getObject(1) != null) {
                        startHour = Math.floorDiv(rs.getLong(1), SqliteRunStore.HOUR_MS);
                    }
                }
                setMeta(c, ROLLED_UNTIL_KEY, Long.toString(startHour));
                setMeta(c, PURGED_BEFORE_KEY, "0");
                setMeta(c, VERSION_KEY, "2");
            }
        }
        return found;
    }

    static void setMeta(Connection c, String key, String value) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO meta(key, value) VALUES(?, ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    static String meta(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
