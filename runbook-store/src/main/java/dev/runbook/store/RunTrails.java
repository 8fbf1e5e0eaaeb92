package dev.runbook.store;

import dev.runbook.core.Status;
import dev.runbook.core.engine.RunJournal;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.RunTrail;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.engine.StoredStep;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored trail of every run: the {@code runs} row's trigger, host, state, end, the gate a paused run waits at
 * with its captured values, and one {@code run_steps} row per step. Writes happen inside {@link SqliteRunStore}'s
 * transaction of the run; reads and the expiry of a paused run take its lock. Plain SQL, so another dialect can
 * run it. Thread-safe through the store's lock; every call blocks on I/O.
 */
final class RunTrails implements RunJournal {
    private static final String COLUMNS = "id, runbook, procedure, trigger_kind, operator, host, state, status,"
            + " started_at, finished_at, paused_at_step, captured, gate_status, ended.value";
    /** The runs table with why an abandoned run ended ({@link RunOwners#ENDED}). */
    private static final String FROM = " FROM runs LEFT JOIN state ended ON ended.scope = '" + RunOwners.ENDED
            + "' AND ended.key = CAST(runs.id AS TEXT)";
    private final SqliteRunStore store;
    final RunOwners owners;

    RunTrails(SqliteRunStore store) {
        this.store = store;
        this.owners = new RunOwners(store);
    }

    /** Inserts the run's row, or — for a resumed run — updates it; returns its id. Inside the caller's transaction. */
    long insertOrResume(RunResult run) throws SQLException {
        RunTrail t = run.trail();
        long end = run.endedAt().toEpochMilli();
        if (t.id() != null) { // a run resumed by confirm, or one stored as it started (startRun)
            PreparedStatement ps = store.stmt("UPDATE runs SET status = ?, state = ?, finished_at = ?,"
                    + " paused_at_step = ?, captured = ?, gate_status = ?,"
                    + " duration_ms = ? - started_at WHERE id = ? AND runbook = ?");
            ps.setInt(1, run.status().exitCode());
            ps.setString(2, t.state().word());
            ps.setLong(3, end);
            setInt(ps, 4, t.pausedAtStep());
            ps.setString(5, encode(t.captured()));
            setInt(ps, 6, t.statusBeforeGate() == null ? null : t.statusBeforeGate().exitCode());
            ps.setLong(7, end);
            ps.setLong(8, t.id());
            ps.setString(9, run.runbook());
            if (ps.executeUpdate() == 0) {
                throw new SQLException("run " + t.id() + " of " + run.runbook() + " is not in the store");
            }
            owners.release(t.id()); // ended or paused: no process runs it any more
            owners.forgetEnd(t.id()); // a run judged abandoned whose end arrives after all (a spool): its end wins
            PreparedStatement del = store.stmt("DELETE FROM run_steps WHERE run_id = ? AND step_index >= ?");
            del.setLong(1, t.id());
            del.setInt(2, t.resumedAt() == null ? 1 : t.resumedAt());
            del.executeUpdate();
            return t.id();
        }
        PreparedStatement ps = store.stmt(INSERT_RUN);
        bindNewRun(ps, 1, run);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A new run's row; its id is returned. {@link #bindNewRun} binds its 13 parameters. */
    static final String RUN_COLUMNS = "runbook, procedure, started_at, duration_ms, status, operator, trigger_kind,"
            + " host, state, finished_at, paused_at_step, captured, gate_status";
    /** {@link #RUN_COLUMNS}' values, bound by {@link #bindNewRun}. */
    static final String RUN_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    /** How many parameters {@link #bindNewRun} binds. */
    static final int RUN_PARAMETERS = 13;
    static final String INSERT_RUN = "INSERT INTO runs(" + RUN_COLUMNS + ") VALUES(" + RUN_VALUES + ") RETURNING id";

    /** Binds a new run's row to {@link #INSERT_RUN}'s parameters, numbered from {@code first}. */
    void bindNewRun(PreparedStatement ps, int first, RunResult run) throws SQLException {
        RunTrail t = run.trail();
        int p = first - 1;
        ps.setString(p + 1, run.runbook());
        ps.setString(p + 2, run.procedure());
        ps.setLong(p + 3, run.startedAt().toInstant().toEpochMilli());
        ps.setLong(p + 4, run.duration() == null ? 0 : run.duration().toMillis());
        ps.setInt(p + 5, run.status().exitCode());
        ps.setString(p + 6, run.operator());
        ps.setString(p + 7, t.trigger());
        ps.setString(p + 8, t.host() != null ? t.host() : store.host()); // else host: or --host, else the machine's (§10)
        ps.setString(p + 9, t.state().word());
        ps.setLong(p + 10, run.endedAt().toEpochMilli());
        setInt(ps, p + 11, t.pausedAtStep());
        ps.setString(p + 12, t.captured().isEmpty() ? null : encode(t.captured()));
        setInt(ps, p + 13, t.statusBeforeGate() == null ? null : t.statusBeforeGate().exitCode());
    }

    /** Stores a run as it starts: state running, status UNKNOWN until it ends, no steps yet. Returns its id. */
    long start(String runbook, String procedure, Instant startedAt, String operator, RunTrail t) {
        return store.db.write("could not store the start of a run of " + runbook, () -> {
            PreparedStatement ps = store.stmt("INSERT INTO runs(runbook, procedure, started_at, duration_ms, status,"
                    + " operator, trigger_kind, host, state) VALUES(?, ?, ?, 0, ?, ?, ?, ?, 'running') RETURNING id");
            ps.setString(1, runbook);
            ps.setString(2, procedure);
            ps.setLong(3, startedAt.toEpochMilli());
            ps.setInt(4, Status.UNKNOWN.exitCode());
            ps.setString(5, operator);
            ps.setString(6, t.trigger());
            ps.setString(7, t.host() != null ? t.host() : store.host());
            long id;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            owners.own(id); // in the same transaction: no running run without its owner
            return id;
        });
    }

    /** Writes one finished step of a stored run, in its own transaction. */
    void step(long runId, String trigger, StepRun s) {
        store.db.write("could not store step " + s.index() + " of run " + runId, () -> {
            insertSteps(List.of(s), trigger, runId);
            return null;
        });
    }

    /** One row per step of the run (of the resumed part, for a resumed run). Inside the caller's transaction. */
    void insertSteps(RunResult run, long runId) throws SQLException {
        insertSteps(run.steps(), run.trail().trigger(), runId);
    }

    private void insertSteps(List<StepRun> steps, String trigger, long runId) throws SQLException {
        if (steps.isEmpty()) {
            return;
        }
        // ON CONFLICT rather than SQLite's INSERT OR REPLACE, which PostgreSQL does not know (docs/store.md)
        PreparedStatement ps = store.stmt("INSERT INTO run_steps(run_id, step_index, title, kind, status,"
                + " counted, outcome, message, checks, started_at, finished_at, trigger_kind)"
                + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(run_id, step_index) DO UPDATE SET"
                + " title = excluded.title, kind = excluded.kind, status = excluded.status, counted = excluded.counted,"
                + " outcome = excluded.outcome, message = excluded.message, checks = excluded.checks,"
                + " started_at = excluded.started_at, finished_at = excluded.finished_at,"
                + " trigger_kind = excluded.trigger_kind");
        for (StepRun s : steps) {
            StoredStep st = StoredStep.of(s, trigger);
            ps.setLong(1, runId);
            ps.setInt(2, st.index());
            ps.setString(3, st.title());
            ps.setString(4, st.kind());
            setInt(ps, 5, st.status() == null ? null : st.status().exitCode());
            ps.setInt(6, st.counted() ? 1 : 0);
            ps.setString(7, st.outcome());
            ps.setString(8, st.message());
            ps.setString(9, String.join(",", st.checks()));
            setLong(ps, 10, st.startedAt());
            setLong(ps, 11, st.finishedAt());
            ps.setString(12, st.trigger());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    @Override
    public Optional<StoredRun> run(String runbook, long id) {
        Map<Long, RunOwners.Abandoned> abandoned = owners.abandoned(runbook, store.clock.instant());
        return store.db.read("could not read run " + id, () -> {
            PreparedStatement ps = store.stmt("SELECT " + COLUMNS + FROM + " WHERE runbook = ? AND id = ?");
            ps.setString(1, runbook);
            ps.setLong(2, id);
            List<StoredRun> found = seen(runs(ps), abandoned);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    @Override
    public int endAbandoned(String runbook, Instant now) {
        return owners.abandoned(runbook, now).size();
    }

    /** Runs as they are: an abandoned run a read-only reader could not store as expired shows as expired. */
    private static List<StoredRun> seen(List<StoredRun> runs, Map<Long, RunOwners.Abandoned> abandoned) {
        if (abandoned.isEmpty()) {
            return runs;
        }
        List<StoredRun> out = new ArrayList<>(runs.size());
        for (StoredRun r : runs) {
            RunOwners.Abandoned a = abandoned.get(r.id());
            out.add(a == null || r.state() != RunState.RUNNING ? r : r.expired(a.endedAt(), a.status(), a.message()));
        }
        return out;
    }

    @Override
    public List<StoredRun> runs(String runbook, String procedure, Instant since) {
        Map<Long, RunOwners.Abandoned> abandoned = owners.abandoned(runbook, store.clock.instant());
        return store.db.read("could not read the stored runs", () -> {
            PreparedStatement ps = store.stmt("SELECT " + COLUMNS + FROM + " WHERE runbook = ?"
                    + " AND (? IS NULL OR procedure = ?) AND (state = 'paused' OR started_at >= ?)"
                    + " ORDER BY CASE WHEN state = 'paused' THEN 0 ELSE 1 END, started_at DESC, id DESC");
            ps.setString(1, runbook);
            ps.setString(2, procedure);
            ps.setString(3, procedure);
            ps.setLong(4, since.toEpochMilli());
            return seen(runs(ps), abandoned);
        });
    }

    @Override
    public void expire(String runbook, long id, Instant at, String message) {
        store.db.write("could not expire run " + id, () -> {
            PreparedStatement ps = store.stmt("UPDATE runs SET state = 'expired', status = ?, finished_at = ?,"
                    + " gate_status = NULL WHERE id = ? AND runbook = ? AND state = 'paused' RETURNING paused_at_step");
            ps.setInt(1, Status.UNKNOWN.exitCode());
            ps.setLong(2, at.toEpochMilli());
            ps.setLong(3, id);
            ps.setString(4, runbook);
            Integer gate = null;
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    gate = rs.getInt(1);
                }
            }
            if (gate != null) {
                PreparedStatement st = store.stmt("UPDATE run_steps SET message = ?, finished_at = ?"
                        + " WHERE run_id = ? AND step_index = ?");
                st.setString(1, message);
                st.setLong(2, at.toEpochMilli());
                st.setLong(3, id);
                st.setInt(4, gate);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** Paused to running in one statement (one transaction): only one of two racing confirms sees a row change. */
    @Override
    public boolean claim(String runbook, long id, Instant at) {
        return store.db.write("could not claim run " + id, () -> {
            PreparedStatement ps = store.stmt("UPDATE runs SET state = 'running' WHERE id = ? AND runbook = ?"
                    + " AND state = 'paused'");
            ps.setLong(1, id);
            ps.setString(2, runbook);
            if (ps.executeUpdate() != 1) {
                return false;
            }
            owners.own(id); // the confirming process runs it now
            return true;
        });
    }

    private List<StoredRun> runs(PreparedStatement ps) throws SQLException {
        record Row(long id, String runbook, String procedure, String trigger, String operator, String host,
                   RunState state, Status status, Instant startedAt, Instant finishedAt, Integer pausedAt,
                   Map<String, String> captured, Status gate, String message) {
        }
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), RunState.of(rs.getString(7)), Status.fromExitCode(rs.getInt(8)),
                        Instant.ofEpochMilli(rs.getLong(9)), instant(rs, 10), integer(rs, 11), decode(rs.getString(12)),
                        integer(rs, 13) == null ? null : Status.fromExitCode(rs.getInt(13)), rs.getString(14)));
            }
        }
        List<StoredRun> out = new ArrayList<>();
        PreparedStatement steps = store.stmt("SELECT step_index, title, kind, status, counted, outcome, message, checks,"
                + " started_at, finished_at, trigger_kind FROM run_steps WHERE run_id = ? ORDER BY step_index");
        for (Row r : rows) {
            steps.setLong(1, r.id());
            List<StoredStep> list = new ArrayList<>();
            try (ResultSet rs = steps.executeQuery()) {
                while (rs.next()) {
                    String checks = rs.getString(8);
                    list.add(new StoredStep(rs.getInt(1), rs.getString(2), rs.getString(3),
                            integer(rs, 4) == null ? null : Status.fromExitCode(rs.getInt(4)), rs.getInt(5) != 0,
                            rs.getString(6), rs.getString(7),
                            checks == null || checks.isEmpty() ? List.of() : Arrays.asList(checks.split(",")),
                            instant(rs, 9), instant(rs, 10), rs.getString(11)));
                }
            }
            out.add(new StoredRun(r.id(), r.runbook(), r.procedure(), r.trigger(), r.operator(), r.host(), r.state(),
                    r.status(), r.startedAt(), r.finishedAt(), r.pausedAt(), r.captured(), list, r.gate(), r.message()));
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Integer integer(ResultSet rs, int col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    private static void setInt(PreparedStatement ps, int col, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(col, Types.INTEGER);
        } else {
            ps.setInt(col, v);
        }
    }

    private static void setLong(PreparedStatement ps, int col, Instant v) throws SQLException {
        if (v == null) {
            ps.setNull(col, Types.INTEGER);
        } else {
            ps.setLong(col, v.toEpochMilli());
        }
    }

    /** Captured values as lines {@code name=value}, with backslash, newline and carriage return escaped. */
    static String encode(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            b.append(escape(e.getKey())).append('=').append(escape(e.getValue())).append('\n');
        }
        return b.toString();
    }

    static Map<String, String> decode(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(unescape(line.substring(0, eq)), unescape(line.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("=", "\\e");
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n == 'e' ? '=' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
