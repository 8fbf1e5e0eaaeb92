package dev.runbook.store;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code results} rows of one run, built once and written in one of two ways: as a JDBC batch ({@link #INSERT},
 * used by SQLite, where a statement costs no round trip, and by runs that write more than rows), or, for a usual new
 * run on PostgreSQL, as its whole transaction in one statement string ({@link #oneTrip(Dialect, int)}): the server
 * then answers once per run instead of three times (locks and run row, rows, commit). When 50 hosts commit at the
 * same instant on a few cores, every round trip waits its turn for a core, so a commit's latency grows with their
 * number (docs/benchmarks/store.md, fleet commit latency).
 */
final class ResultRows {
    private static final String COLUMNS = "results(check_id, at, run_id, status, first_status, value, unit, metrics,"
            + " message, duration_ms, flags)";
    /** A result recorded again (a resumed run) replaces the stored one. */
    private static final String ON_CONFLICT = " ON CONFLICT(check_id, at, run_id) DO UPDATE SET"
            + " status = excluded.status, first_status = excluded.first_status, value = excluded.value,"
            + " unit = excluded.unit, metrics = excluded.metrics, message = excluded.message,"
            + " duration_ms = excluded.duration_ms, flags = excluded.flags";
    /** One row per batch entry. */
    static final String INSERT = "INSERT INTO " + COLUMNS + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" + ON_CONFLICT;
    private final List<CheckRun> stored = new ArrayList<>();
    private final long[] checkIds;
    private final long[] ats;
    private final long[] statuses;
    private final Long[] firstStatuses;
    private final Double[] values;
    private final String[] units;
    private final byte[][] metrics;
    private final String[] messages;
    private final long[] durations;
    private final long[] flags;

    /** The rows of {@code run}'s results that ran (skipped ones are not stored), with their interned names. */
    ResultRows(RunResult run, NameIds names) {
        for (CheckRun r : run.results()) {
            if (!r.skipped()) {
                stored.add(r);
            }
        }
        int n = stored.size();
        checkIds = new long[n];
        ats = new long[n];
        statuses = new long[n];
        firstStatuses = new Long[n];
        values = new Double[n];
        units = new String[n];
        metrics = new byte[n][];
        messages = new String[n];
        durations = new long[n];
        flags = new long[n];
        for (int i = 0; i < n; i++) {
            CheckRun r = stored.get(i);
            checkIds[i] = names.checkId(r.check());
            ats[i] = at(r, run);
            statuses[i] = r.status().exitCode();
            firstStatuses[i] = r.firstStatus() == null ? null : (long) r.firstStatus().exitCode();
            values[i] = r.value();
            units[i] = r.unit() == null ? null : r.unit().symbol();
            metrics[i] = MetricCodec.encode(r.metrics(), names::metricId);
            messages[i] = r.message();
            durations[i] = r.duration() == null ? 0L : r.duration().toMillis();
            flags[i] = flags(r);
        }
    }

    /** When a result happened: its own instant, else its run's start. */
    static long at(CheckRun r, RunResult run) {
        return r.at() != null ? r.at().toEpochMilli() : run.startedAt().toInstant().toEpochMilli();
    }

    static int flags(CheckRun r) {
        return (r.maintenance() ? SqliteRunStore.FLAG_MAINTENANCE : 0) | (r.waived() ? SqliteRunStore.FLAG_WAIVED : 0)
                | (r.flapping() ? SqliteRunStore.FLAG_FLAPPING : 0)
                | (r.pending() != null ? SqliteRunStore.FLAG_PENDING : 0);
    }

    /** The results that ran, in the run's order. */
    List<CheckRun> stored() {
        return stored;
    }

    /** When the {@code i}th stored result happened. */
    long at(int i) {
        return ats[i];
    }

    /** Adds every row to {@code ps} ({@link #INSERT}) and executes the batch. */
    void insertBatch(PreparedStatement ps, long runId) throws SQLException {
        if (stored.isEmpty()) {
            return;
        }
        for (int i = 0; i < stored.size(); i++) {
            ps.setLong(1, checkIds[i]);
            ps.setLong(2, ats[i]);
            ps.setLong(3, runId);
            ps.setLong(4, statuses[i]);
            if (firstStatuses[i] == null) {
                ps.setNull(5, Types.INTEGER);
            } else {
                ps.setLong(5, firstStatuses[i]);
            }
            if (values[i] == null) {
                ps.setNull(6, Types.REAL);
            } else {
                ps.setDouble(6, values[i]);
            }
            ps.setString(7, units[i]);
            ps.setBytes(8, metrics[i]);
            ps.setString(9, messages[i]);
            ps.setLong(10, durations[i]);
            ps.setLong(11, flags[i]);
            ps.addBatch();
        }
        ps.executeBatch();
    }

    /** The most rows {@link #oneTrip} writes in one statement: a statement per row count is cached. */
    static final int MAX_ONE_TRIP = 100;

    /**
     * Whether {@link #oneTrip} can write this run: its results have no remediation steps to store, and there
     * are between 1 and {@link #MAX_ONE_TRIP} of them.
     */
    boolean fitsOneTrip() {
        if (stored.isEmpty() || stored.size() > MAX_ONE_TRIP) {
            return false;
        }
        for (CheckRun r : stored) {
            if (!r.actions().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A new run's whole transaction as one statement string (PostgreSQL sends it in one round trip): begin, the
     * write lock shared, its hours' locks shared, then, in one statement, the fold mark read under those locks,
     * the run row and its {@code n} result rows, both written only if no hour of theirs is folded yet, and
     * commit. It answers with the mark and the run's id (null if not written); the rows' insert runs to its end
     * whether or not the answer reads it, as every data-modifying {@code WITH} part does.
     */
    static String oneTrip(Dialect d, int n) {
        StringBuilder sb = new StringBuilder(d.beginRecord()).append("; ").append(d.lockHours(true))
                .append("; WITH mark AS (SELECT CAST(value AS BIGINT) AS hour FROM meta WHERE key = ?),")
                .append(" run AS (INSERT INTO runs(").append(RunTrails.RUN_COLUMNS).append(") SELECT ")
                .append(RunTrails.RUN_VALUES).append(" FROM mark WHERE mark.hour <= ? RETURNING id),")
                .append(" stored AS (INSERT INTO ").append(COLUMNS)
                .append(" SELECT v.c, v.a, run.id, v.s, v.f, v.v, v.u, v.m, v.t, v.d, v.g FROM run, (VALUES");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? " " : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return sb.append(") AS v(c, a, s, f, v, u, m, t, d, g) RETURNING 1)")
                .append(" SELECT (SELECT hour FROM mark), (SELECT id FROM run); COMMIT")
                .toString();
    }

    /**
     * Writes a new run and its rows in one execution of {@link #oneTrip}'s statement, {@code ps}: returns the fold
     * mark and the run's id, or -1 when an hour of these results was folded meanwhile (nothing was written).
     */
    long[] oneTrip(PreparedStatement ps, RunTrails trails, RunResult run, long firstHour, long lastHour)
            throws SQLException {
        int p = 1;
        ps.setLong(p++, firstHour);
        ps.setLong(p++, lastHour);
        ps.setString(p++, Migrations.ROLLED_UNTIL_KEY);
        trails.bindNewRun(ps, p, run);
        p += RunTrails.RUN_PARAMETERS;
        ps.setLong(p++, firstHour);
        for (int i = 0; i < stored.size(); i++) {
            ps.setLong(p++, checkIds[i]);
            ps.setLong(p++, ats[i]);
            ps.setLong(p++, statuses[i]);
            if (firstStatuses[i] == null) {
                ps.setNull(p++, Types.BIGINT);
            } else {
                ps.setLong(p++, firstStatuses[i]);
            }
            if (values[i] == null) {
                ps.setNull(p++, Types.DOUBLE);
            } else {
                ps.setDouble(p++, values[i]);
            }
            ps.setString(p++, units[i]);
            ps.setBytes(p++, metrics[i]);
            ps.setString(p++, messages[i]);
            ps.setLong(p++, durations[i]);
            ps.setLong(p++, flags[i]);
        }
        long[] answer = null;
        for (boolean rows = ps.execute(); rows || ps.getUpdateCount() != -1; rows = ps.getMoreResults()) {
            if (rows) {
                try (ResultSet rs = ps.getResultSet()) {
                    if (rs.next() && rs.getMetaData().getColumnCount() == 2) { // the locks' answers have one
                        long mark = rs.getLong(1);
                        long id = rs.getLong(2);
                        answer = new long[] {mark, rs.wasNull() ? -1 : id};
                    }
                }
            }
        }
        if (answer == null) {
            throw new SQLException("the run's statement returned no fold mark");
        }
        return answer;
    }
}

