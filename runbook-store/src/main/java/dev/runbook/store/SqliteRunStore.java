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
    final Rollups rollups = new Rollups(this);
    private final HourFolds folds;
    private final RunTrails trails = new RunTrails(this);
    private final StateRows stateRows = new StateRows(this);
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
        this.folds = new HourFolds(this, Long.parseLong(db.read("could not read the store's rollup mark",
                () -> Migrations.meta(db.jdbc(), Migrations.ROLLED_UNTIL_KEY))));
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
        // Results of the current hour that resume nothing only add rows: hosts record such runs side by side (the
        // write lock shared on PostgreSQL, with the locks of their results' hours, which only a fold of those hours
        // waits for). A result of an earlier hour may find its hour folded: it takes the write lock and the fold
        // lock and merges into that hour's rollups. A resumed run takes the write lock.
        long nowHour = Math.floorDiv(clock.millis(), HOUR_MS);
        boolean resumes = run.trail().id() != null && run.trail().resumedAt() != null;
        long firstHour = Long.MAX_VALUE;
        long lastHour = Long.MIN_VALUE;
        for (CheckRun r : run.results()) {
            if (!r.skipped()) {
                long h = Math.floorDiv(ResultRows.at(r, run), HOUR_MS);
                firstHour = Math.min(firstHour, h);
                lastHour = Math.max(lastHour, h);
            }
        }
        boolean late = firstHour < nowHour;
        lock.lock();
        try {
            connection();
            if (!late) {
                // new check and metric names first, each committed by itself: two hosts adding the same new names
                // in another order inside their side-by-side transactions would deadlock on them
                for (CheckRun r : run.results()) {
                    if (!r.skipped()) {
                        names.checkId(r.check());
                        r.metrics().keySet().forEach(names::metricId);
                    }
                }
            }
            Long id = write(run, key, late, resumes, firstHour, lastHour);
            // null: an hour of these results was folded meanwhile (by a host whose clock is ahead of ours)
            recorded = id != null ? id : write(run, key, true, resumes, firstHour, lastHour);
        } catch (SQLException e) {
            throw new dev.runbook.store.StoreException("could not record the run of " + run.runbook() + " to the store: "
                    + describe(path, e), e);
        } finally {
            lock.unlock();
        }
        maintainQuietly();
        return recorded;
    }

    /**
     * Writes a run in one transaction (see {@link #begin}); returns its stored id, or null (nothing written) when
     * a run not taken as late finds an hour of its results already folded.
     */
    private Long write(RunResult run, String key, boolean late, boolean resumes, long firstHour, long lastHour)
            throws SQLException {
        try {
            if (!late && !resumes && key == null && run.trail().id() == null && run.steps().isEmpty()
                    && firstHour <= lastHour && db.dialect().joinsStatements()) {
                ResultRows rows = new ResultRows(run, names);
                if (rows.fitsOneTrip()) {
                    // the usual run (PostgreSQL): its whole transaction in one round trip
                    long[] done = rows.oneTrip(stmt(ResultRows.oneTrip(db.dialect(), rows.stored().size())), trails,
                            run, firstHour, lastHour);
                    folds.sawMark(done[0]);
                    return done[1] < 0 ? null : done[1];
                }
            }
            // the fold mark, read under the hours' locks: if another host (its clock ahead of ours) folded an
            // hour of these results meanwhile, the run starts again as a late one, merging into its rollups
            // a new run's row joins the same round trip where the engine allows (PostgreSQL)
            boolean joinRow = key == null && run.trail().id() == null && db.dialect().joinsStatements();
            long[] begun = begin(late, resumes, firstHour, lastHour, joinRow ? run : null);
            long rolled = begun[0];
            folds.sawMark(rolled);
            if (!late && firstHour < rolled) {
                exec("ROLLBACK");
                return null;
            }
            Long already = key == null ? null : RecordedKeys.find(this, key);
            if (already != null) {
                exec("COMMIT");
                return already;
            }
            long runId = joinRow ? begun[1] : trails.insertOrResume(run);
            trails.insertSteps(run, runId);
            ResultRows rows = new ResultRows(run, names);
            List<Integer> merged = new ArrayList<>(0); // results of hours already folded: merged into rollups
            boolean anyActions = false;
            for (int i = 0; i < rows.stored().size(); i++) {
                anyActions |= !rows.stored().get(i).actions().isEmpty();
                if (Math.floorDiv(rows.at(i), HOUR_MS) < rolled) {
                    merged.add(i);
                }
            }
            rows.insertBatch(stmt(ResultRows.INSERT), runId);
            if (anyActions) {
                insertActions(run, runId);
            }
            for (int i : merged) {
                CheckRun r = rows.stored().get(i);
                rollups.mergeIntoRollups(r, rows.at(i), runId);
                long hour = Math.floorDiv(rows.at(i), HOUR_MS);
                rollups.foldStatus(names.checkId(r.check()), hour, hour + 1);
            }
            if (key != null) {
                RecordedKeys.mark(this, key, runId);
            }
            exec("COMMIT");
            return runId;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * Begins a run's transaction and returns the fold mark read inside it, after its locks: a late run holds the
     * write lock, then the fold lock; a resumed one the write lock; any other the write lock shared; all but the
     * late one then the locks of their results' hours, shared. Where the engine takes several statements at
     * once (PostgreSQL), all of this is one round trip, with {@code newRun}'s row if given: then its id is
     * returned too ({mark, id}; id -1 otherwise).
     */
    private long[] begin(boolean late, boolean resumes, long firstHour, long lastHour, RunResult newRun)
            throws SQLException {
        Dialect d = db.dialect();
        List<String> parts = new ArrayList<>(4);
        parts.add(late || resumes ? d.beginWrite() : d.beginRecord());
        if (late && d.lockFold() != null) {
            parts.add(d.lockFold());
        }
        boolean hours = !late && firstHour <= lastHour && d.lockHours(true) != null;
        if (hours) {
            parts.add(d.lockHours(true));
        }
        if (!d.joinsStatements()) {
            exec(parts.get(0));
            if (late && d.lockFold() != null) {
                exec(d.lockFold());
            }
            if (hours) {
                PreparedStatement ps = stmt(d.lockHours(true));
                ps.setLong(1, firstHour);
                ps.setLong(2, lastHour);
                ps.executeQuery().close();
            }
            return new long[] {Long.parseLong(metaValue(Migrations.ROLLED_UNTIL_KEY)), -1};
        }
        parts.add(META_QUERY);
        if (newRun != null) {
            parts.add(RunTrails.INSERT_RUN);
        }
        PreparedStatement ps = stmt(String.join("; ", parts));
        int p = 1;
        if (hours) {
            ps.setLong(p++, firstHour);
            ps.setLong(p++, lastHour);
        }
        ps.setString(p++, Migrations.ROLLED_UNTIL_KEY);
        if (newRun != null) {
            trails.bindNewRun(ps, p, newRun);
        }
        String mark = null;
        String last = null; // the last two result sets: the mark's, then the new run's id
        for (boolean rows = ps.execute(); rows || ps.getUpdateCount() != -1; rows = ps.getMoreResults()) {
            if (rows) {
                try (ResultSet rs = ps.getResultSet()) {
                    mark = last;
                    last = rs.next() ? rs.getString(1) : null;
                }
            }
        }
        if (newRun == null) {
            mark = last;
        }
        if (mark == null) {
            throw new SQLException("meta key " + Migrations.ROLLED_UNTIL_KEY + " is missing");
        }
        return new long[] {Long.parseLong(mark), newRun == null ? -1 : Long.parseLong(last)};
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
                ps.setLong(2, ResultRows.at(r, run));
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
     * callable directly (tests, a maintenance command). Returns at once, leaving the work to it, while another
     * process folds or purges (PostgreSQL). Blocks on I/O.
     */
    public void maintain() {
        folds.maintain();
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

    void exec(String sql) throws SQLException {
        stmt(sql).execute();
    }

    private static final String META_QUERY = "SELECT value FROM meta WHERE key = ?";

    String metaValue(String key) throws SQLException {
        PreparedStatement ps = stmt(META_QUERY);
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

    void rollbackQuietly() {
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
