package dev.runbook.store;

import dev.runbook.core.Status;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history store in an SQLite file: runs, results, remediation steps, per-check state and hourly rollups.
 *
 * <pre>{@code
 * try (SqliteRunStore store = SqliteRunStore.open(Path.of("state/ai-estimator.db"), Duration.ofDays(400), clock)) {
 *     Engine engine = Engine.builder().store(store).build();
 *     ...
 *     List<StoredResult> last7d = store.history().history("disk", clock.instant().minus(Duration.ofDays(7)));
 * }
 * }</pre>
 *
 * <p>The file is opened in WAL mode with {@code synchronous=NORMAL} (a committed run survives a killed process;
 * a power cut may lose the last commits but never corrupts the file), a 5 s busy timeout and foreign keys on;
 * each run is written in one {@code BEGIN IMMEDIATE} transaction, so a launcher and a daemon may write the same
 * file at once. Versioned migrations run at open ({@code meta.history.schema_version}, {@code PRAGMA
 * application_id = 0x52554E42}). Tables of other runbook modules in the same file are left alone. A file that
 * is not an SQLite database, or belongs to another application, is refused and never written.
 *
 * <p>Retention: once an hour is over its results are folded into {@code rollups} (by the first {@link #record}
 * after it, or {@link #maintain()}; {@code open} itself stays fast for read-only verbs): count, sum, min, max and a
 * {@link LogHistogram} per check, metric and hour; detail older than {@code retention} is then deleted, so
 * percentiles over old periods stay within {@link LogHistogram#RELATIVE_ERROR}.
 *
 * <p>Thread-safe: one connection, used under a lock. Every call blocks on I/O. Close it.
 */
public final class SqliteRunStore implements RunStore, StateStore {
    /** Detail kept before it is only in rollups, when none is given. */
    public static final Duration DEFAULT_RETENTION = Store.DEFAULT_RETENTION;
    /** How long a writer waits for another process's transaction. */
    public static final Duration BUSY_TIMEOUT = Store.BUSY_TIMEOUT;
    static final long HOUR_MS = 3_600_000L;
    /** Hours folded per transaction when catching up. */
    private static final long FOLD_CHUNK_HOURS = 24;
    static final int FLAG_MAINTENANCE = 1;
    static final int FLAG_WAIVED = 2;
    static final int FLAG_FLAPPING = 4;
    static final int FLAG_PENDING = 8;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteRunStore.class);

    final Path path;
    final Clock clock;
    final Duration retention;
    final StoreConnection db;
    final ReentrantLock lock;
    final NameIds names = new NameIds(this);
    private final SqliteHistory history;
    private final Rollups rollups = new Rollups(this);
    private final RunTrails trails = new RunTrails(this);
    private final StateRows stateRows = new StateRows(this);
    private long rolledUntilHour;
    private long purgedBeforeMs = Long.MIN_VALUE;
    /** True once no kept detail lacks per-host rollups (hours folded before version 7; see {@link #maintain}). */
    private boolean hostsFoldedBack;
    /** The host this process records its runs as (runbook-format §10). */
    private volatile String host = dev.runbook.store.Hosts.local();
    /** The store this instance opened for itself ({@link #open}), closed with it; null for {@link Store#runs()}. */
    private Store owner;

    private SqliteRunStore(StoreConnection db, Duration retention, Clock clock) {
        this.db = db;
        this.lock = db.lock();
        this.path = db.path();
        this.retention = retention;
        this.clock = clock;
        this.history = new SqliteHistory(this);
        this.rolledUntilHour = Long.parseLong(db.read("could not read the store's rollup mark",
                () -> Migrations.meta(db.jdbc(), Migrations.ROLLED_UNTIL_KEY)));
    }

    /** The history side of {@link Store}, over its shared connection. Use {@link Store#runs()}. */
    public static SqliteRunStore over(StoreConnection db, Duration retention, Clock clock) {
        return new SqliteRunStore(Objects.requireNonNull(db, "db"), Objects.requireNonNull(retention, "retention"),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Opens the store at {@code path} (see {@link Store#open}) for its history alone; closing this closes it.
     * An application that also keeps incidents or notes opens the {@link Store} and uses {@link Store#runs()}.
     *
     * @param retention how long detail is kept before it is folded into hourly rollups (default 400 days)
     * @throws dev.runbook.store.StoreException with a clear message if the file is corrupt, foreign, or cannot be written
     */
    public static SqliteRunStore open(Path path, Duration retention, Clock clock) {
        Store store = Store.open(path, retention, clock);
        SqliteRunStore runs = store.runs();
        runs.owner = store;
        return runs;
    }

    /**
     * Opens the store on a PostgreSQL server (see {@link Store#open(dev.runbook.store.PostgresDialect, Duration,
     * Clock)}) for its history alone; closing this closes it.
     */
    public static SqliteRunStore open(dev.runbook.store.PostgresDialect server, Duration retention, Clock clock) {
        Store store = Store.open(server, retention, clock);
        SqliteRunStore runs = store.runs();
        runs.owner = store;
        return runs;
    }

    /** Opens with the default retention and the system clock. */
    public static SqliteRunStore open(Path path) {
        return open(path, DEFAULT_RETENTION, Clock.systemUTC());
    }

    String describe(Path file, SQLException e) {
        return db.dialect().describe(file, e);
    }

    /** Where the file is. */
    public Path path() {
        return path;
    }

    /** The host this store records runs as: the machine's host name unless {@link #host(String)} changed it. */
    public String host() {
        return host;
    }

    /** Records later runs as {@code name}'s ({@code host:} or {@code --host}). */
    public void host(String name) {
        this.host = dev.runbook.store.Hosts.check(name);
    }

    /** How long detail is kept before only rollups remain. */
    public Duration retention() {
        return retention;
    }

    // ------------------------------------------------------------------ writing runs

    /**
     * Records a run: one row in {@code runs}, one per result that ran (skipped results are not stored; waived,
     * flapping and maintenance results are, flagged) and one per remediation step, in one transaction. A
     * dry run is not recorded. Then, at most once per hour, folds finished hours into rollups and applies
     * retention. Blocks on I/O, waiting up to {@link #BUSY_TIMEOUT} for another process.
     *
     * @throws StoreException if the run could not be written (nothing of it is then stored)
     */
    @Override
    public void record(RunResult run) {
        recordRun(run);
    }

    /**
     * Records a run as {@link #record} does, with its trail and steps ({@code run_steps}); a run resumed by
     * {@code confirm} updates its stored run. Returns the stored id (0 for a dry run, which is not stored).
     */
    @Override
    public long recordRun(RunResult run) {
        return recordRun(run, null);
    }

    /**
     * Records a run as {@link #recordRun(RunResult)} does, exactly once under {@code key}: the key is written in
     * the same transaction (in {@code state}, scope {@value RecordedKeys#SCOPE}), and a run whose key is already
     * there is not written again; its stored id is returned. A spooled run replayed after a crash in the middle
     * of a replay is thus a no-op.
     */
    public long recordRunOnce(RunResult run, String key) {
        return recordRun(run, Objects.requireNonNull(key, "key"));
    }

    private long recordRun(RunResult run, String key) {
        Objects.requireNonNull(run, "run");
        if (run.dryRun()) {
            return 0;
        }
        db.refuseIfReadOnly("could not record the run of " + run.runbook());
        long recorded;
        // a run of the current hour that resumes nothing only adds rows: hosts may record such runs side by side
        // (a shared lock on PostgreSQL); a late result or a resumed run takes the store's write lock
        long nowHour = Math.floorDiv(clock.millis(), HOUR_MS);
        boolean onlyAdds = run.trail().id() == null || run.trail().resumedAt() == null;
        for (CheckRun r : run.results()) {
            if (!r.skipped() && Math.floorDiv(at(r, run), HOUR_MS) < nowHour) {
                onlyAdds = false;
                break;
            }
        }
        lock.lock();
        try {
            Connection c = connection();
            if (onlyAdds) {
                // new check and metric names first, each committed by itself: two hosts adding the same new names
                // in another order inside their side-by-side transactions would deadlock on them
                for (CheckRun r : run.results()) {
                    if (!r.skipped()) {
                        names.checkId(r.check());
                        r.metrics().keySet().forEach(names::metricId);
                    }
                }
            }
            exec(onlyAdds ? db.dialect().beginRecord() : db.dialect().beginWrite());
            try {
                Long already = key == null ? null : RecordedKeys.find(this, key);
                if (already != null) {
                    exec("COMMIT");
                    return already;
                }
                long runId = trails.insertOrResume(run);
                trails.insertSteps(run, runId);
                recorded = runId;
                // only a result from an hour before the current one can find its hour already folded (by us or
                // by another process): read the watermark only then
                long currentHour = nowHour;
                long rolled = currentHour;
                for (CheckRun r : run.results()) {
                    if (!r.skipped() && Math.floorDiv(at(r, run), HOUR_MS) < currentHour) {
                        rolled = Long.parseLong(metaValue(Migrations.ROLLED_UNTIL_KEY));
                        rolledUntilHour = rolled;
                        break;
                    }
                }
                PreparedStatement ins = stmt("INSERT INTO results(check_id, at, run_id, status, first_status,"
                        + " value, unit, metrics, message, duration_ms, flags) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT(check_id, at, run_id) DO UPDATE SET status = excluded.status,"
                        + " first_status = excluded.first_status, value = excluded.value, unit = excluded.unit,"
                        + " metrics = excluded.metrics, message = excluded.message, duration_ms = excluded.duration_ms,"
                        + " flags = excluded.flags");
                List<CheckRun> late = null;
                boolean anyActions = false;
                for (CheckRun r : run.results()) {
                    if (r.skipped()) {
                        continue;
                    }
                    long at = at(r, run);
                    ins.setInt(1, names.checkId(r.check()));
                    ins.setLong(2, at);
                    ins.setLong(3, runId);
                    ins.setInt(4, r.status().exitCode());
                    if (r.firstStatus() == null) {
                        ins.setNull(5, java.sql.Types.INTEGER);
                    } else {
                        ins.setInt(5, r.firstStatus().exitCode());
                    }
                    if (r.value() == null) {
                        ins.setNull(6, java.sql.Types.REAL);
                    } else {
                        ins.setDouble(6, r.value());
                    }
                    ins.setString(7, r.unit() == null ? null : r.unit().symbol());
                    ins.setBytes(8, MetricCodec.encode(r.metrics(), names::metricId));
                    ins.setString(9, r.message());
                    ins.setLong(10, r.duration() == null ? 0 : r.duration().toMillis());
                    ins.setInt(11, flags(r));
                    ins.addBatch();
                    anyActions |= !r.actions().isEmpty();
                    if (Math.floorDiv(at, HOUR_MS) < rolled) {
                        if (late == null) {
                            late = new ArrayList<>();
                        }
                        late.add(r);
                    }
                }
                ins.executeBatch();
                if (anyActions) {
                    insertActions(run, runId);
                }
                if (late != null) {
                    for (CheckRun r : late) {
                        rollups.mergeIntoRollups(r, at(r, run), runId);
                        long hour = Math.floorDiv(at(r, run), HOUR_MS);
                        rollups.foldStatus(names.checkId(r.check()), hour, hour + 1);
                    }
                }
                if (key != null) {
                    RecordedKeys.mark(this, key, runId);
                }
                exec("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            throw new dev.runbook.store.StoreException("could not record the run of " + run.runbook() + " to the store: "
                    + describe(path, e), e);
        } finally {
            lock.unlock();
        }
        maintainQuietly();
        return recorded;
    }

    /** Stores a procedure run as it starts (state running), for its steps to be written as they finish. */
    @Override
    public long startRun(String runbook, String procedure, java.time.Instant startedAt, String operator,
                         dev.runbook.core.engine.RunTrail trail) {
        return trails.start(runbook, procedure, startedAt, operator, trail);
    }

    /** Writes one finished step of a stored run, in its own transaction. */
    @Override
    public void recordStep(long runId, String trigger, dev.runbook.core.engine.StepRun step) {
        trails.step(runId, trigger, step);
    }

    /** The stored runs with their steps; paused runs expire through it. */
    @Override
    public dev.runbook.core.engine.RunJournal journal() {
        return trails;
    }

    private static long at(CheckRun r, RunResult run) {
        return r.at() != null ? r.at().toEpochMilli() : run.startedAt().toInstant().toEpochMilli();
    }

    private static int flags(CheckRun r) {
        return (r.maintenance() ? FLAG_MAINTENANCE : 0) | (r.waived() ? FLAG_WAIVED : 0)
                | (r.flapping() ? FLAG_FLAPPING : 0) | (r.pending() != null ? FLAG_PENDING : 0);
    }

    private void insertActions(RunResult run, long runId) throws SQLException {
        PreparedStatement ps = stmt("INSERT INTO actions(check_id, at, run_id, seq, step, outcome, message)"
                + " VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(check_id, at, run_id, seq) DO UPDATE SET step = excluded.step,"
                + " outcome = excluded.outcome, message = excluded.message");
        for (CheckRun r : run.results()) {
            if (r.skipped()) {
                continue;
            }
            int seq = 0;
            for (ActionRun a : r.actions()) {
                ps.setInt(1, names.checkId(r.check()));
                ps.setLong(2, at(r, run));
                ps.setLong(3, runId);
                ps.setInt(4, seq++);
                ps.setString(5, a.step());
                ps.setString(6, a.outcome() == null ? "" : a.outcome().word());
                ps.setString(7, a.message());
                ps.addBatch();
            }
        }
        ps.executeBatch();
    }

    // ------------------------------------------------------------------ rollups and retention

    private void maintainQuietly() {
        try {
            maintain();
        } catch (StoreException e) {
            LOG.warn("could not fold old results of {} into rollups (will retry): {}", path, e.getMessage());
        }
    }

    /**
     * Folds every finished hour not yet rolled up into {@code rollups}, then deletes detail older than the
     * retention (only hours already rolled up). Runs by itself after {@link #record} at most once an hour;
     * callable directly (tests, a maintenance command). Blocks on I/O.
     */
    public void maintain() {
        db.refuseIfReadOnly("could not maintain the store");
        long nowMs = clock.millis();
        long nowHour = Math.floorDiv(nowMs, HOUR_MS);
        lock.lock();
        try {
            connection();
            if (nowHour > rolledUntilHour) {
                // another host or process may have folded already: look before taking the store's write lock, which
                // would stop every host's recording (50 hosts each checking at the top of the hour)
                rolledUntilHour = Math.max(rolledUntilHour, Long.parseLong(metaValue(Migrations.ROLLED_UNTIL_KEY)));
            }
            if (nowHour > rolledUntilHour) {
                while (true) {
                    exec(db.dialect().beginWrite());
                    try {
                        long from = Long.parseLong(metaValue(Migrations.ROLLED_UNTIL_KEY));
                        if (from >= nowHour) {
                            rolledUntilHour = from;
                            exec("COMMIT");
                            break;
                        }
                        long to = Math.min(nowHour, from + FOLD_CHUNK_HOURS);
                        rollups.fold(from, to);
                        Migrations.setMeta(db.jdbc(), Migrations.ROLLED_UNTIL_KEY, Long.toString(to));
                        exec("COMMIT");
                        rolledUntilHour = to;
                    } catch (SQLException | RuntimeException e) {
                        rollbackQuietly();
                        throw e;
                    }
                }
            }
            // before any detail is purged, hours folded before version 7 get their per-host rows from it
            hostsFoldedBack = hostsFoldedBack || rollups.foldHostsBack(FOLD_CHUNK_HOURS);
            long cutoff = Math.floorDiv(Math.min(nowMs - retention.toMillis(), rolledUntilHour * HOUR_MS), HOUR_MS) * HOUR_MS;
            if (cutoff <= purgedBeforeMs) {
                return;
            }
            purgedBeforeMs = Math.max(purgedBeforeMs, Long.parseLong(metaValue(Migrations.PURGED_BEFORE_KEY)));
            if (cutoff <= purgedBeforeMs) {
                return;
            }
            exec(db.dialect().beginWrite());
            try {
                long purged = Long.parseLong(metaValue(Migrations.PURGED_BEFORE_KEY));
                if (cutoff > purged) {
                    rollups.purge(cutoff);
                    Migrations.setMeta(db.jdbc(), Migrations.PURGED_BEFORE_KEY, Long.toString(cutoff));
                    purged = cutoff;
                }
                exec("COMMIT");
                purgedBeforeMs = purged;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            throw new dev.runbook.store.StoreException("could not maintain the store: " + describe(path, e), e);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ state

    @Override
    public StateStore state() {
        return this;
    }

    /** The value under {@code scope}/{@code key}, as any process last wrote it. Blocks on I/O. */
    @Override
    public Optional<String> get(String scope, String key) {
        return stateRows.get(scope, key);
    }

    /** Stores (or, for null, removes) a value, committed at once. Blocks on I/O. */
    @Override
    public void put(String scope, String key, String value) {
        stateRows.put(scope, key, value);
    }

    /**
     * Replaces the value only if it is still {@code expected} (null: absent), in one statement, so of two
     * processes (or threads) claiming the same log lines exactly one wins. Blocks on I/O, waiting up to
     * {@link #BUSY_TIMEOUT} for another process's transaction.
     */
    @Override
    public boolean compareAndSet(String scope, String key, String expected, String value) {
        return stateRows.compareAndSet(scope, key, expected, value);
    }

    // ------------------------------------------------------------------ reading

    /** The read side: the {@link dev.runbook.core.HistoryReader} plus the queries reports need. */
    @Override
    public SqliteHistory history() {
        return history;
    }

    /** Runs {@code PRAGMA integrity_check}; returns {@code ok} or the problems found. Blocks, reads the whole file. */
    public String integrityCheck() {
        lock.lock();
        try {
            connection();
            StringBuilder sb = new StringBuilder();
            try (Statement s = db.jdbc().createStatement(); ResultSet rs = s.executeQuery(db.dialect().integrityCheck())) {
                while (rs.next()) {
                    sb.append(sb.length() == 0 ? "" : "\n").append(rs.getString(1));
                }
            }
            return sb.toString();
        } catch (SQLException e) {
            throw new dev.runbook.store.StoreException(describe(path, e), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the store this instance opened by {@link #open} (the last user of the file in this process closes
     * the connection, checkpointing the WAL); does nothing for {@link Store#runs()}, which its {@link Store}
     * closes. Idempotent.
     */
    @Override
    public void close() {
        Store o = owner;
        if (o != null) {
            o.close();
        }
    }

    // ------------------------------------------------------------------ internals shared with SqliteHistory

    /** The connection, at the start of an operation (a PostgreSQL connection the server dropped is replaced). */
    Connection connection() {
        db.reviveIfLost();
        return db.jdbc();
    }

    PreparedStatement stmt(String sql) throws SQLException {
        return db.statement(sql);
    }

    private void exec(String sql) throws SQLException {
        stmt(sql).execute();
    }

    private String metaValue(String key) throws SQLException {
        PreparedStatement ps = stmt("SELECT value FROM meta WHERE key = ?");
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("meta key " + key + " is missing");
            }
            return rs.getString(1);
        }
    }

    long purgedBeforeMs() throws SQLException {
        return Long.parseLong(metaValue(Migrations.PURGED_BEFORE_KEY));
    }

    long rolledUntilHourNow() throws SQLException {
        return Long.parseLong(metaValue(Migrations.ROLLED_UNTIL_KEY));
    }

    private void rollbackQuietly() {
        names.clear();
        try {
            exec("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    /** Status exit code, plus 4 for a maintenance result. */
    static int statusCode(int status, int flags) {
        return Rollups.statusCode(status, flags);
    }

    /** 0 up, 1 down, 2 maintenance (§8). */
    static int category(int code) {
        return Rollups.category(code);
    }

    static Status status(int exitCode) {
        return Status.fromExitCode(exitCode);
    }

    StoreException failure(String what, SQLException e) {
        return new dev.runbook.store.StoreException(what + ": " + describe(path, e), e);
    }
}
