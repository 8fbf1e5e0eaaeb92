package dev.runbook.history;

import dev.runbook.core.Status;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.history.StateStore;
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
import org.sqlite.SQLiteConfig;

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
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);
    /** How long a writer waits for another process's transaction. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);
    static final long HOUR_MS = 3_600_000L;
    /** Hours folded per transaction when catching up. */
    private static final long FOLD_CHUNK_HOURS = 24;
    static final int FLAG_MAINTENANCE = 1;
    static final int FLAG_WAIVED = 2;
    static final int FLAG_FLAPPING = 4;
    static final int FLAG_PENDING = 8;
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final Logger LOG = LoggerFactory.getLogger(SqliteRunStore.class);

    final Path path;
    final Clock clock;
    final Duration retention;
    final ReentrantLock lock = new ReentrantLock();
    private Connection conn;
    private final Map<String, Integer> checkIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> checkNames = new ConcurrentHashMap<>();
    private final Map<String, Integer> metricIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> metricNames = new ConcurrentHashMap<>();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final SqliteHistory history;
    private long rolledUntilHour;
    private long purgedBeforeMs = Long.MIN_VALUE;

    private SqliteRunStore(Path path, Duration retention, Clock clock, Connection conn) {
        this.path = path;
        this.retention = retention;
        this.clock = clock;
        this.conn = conn;
        this.history = new SqliteHistory(this);
    }

    /**
     * Opens (creating it and its parent directories if needed) the store at {@code path}.
     *
     * @param retention how long detail is kept before it is folded into hourly rollups (default 400 days)
     * @throws RunStore.StoreException with a clear message if the file is corrupt, foreign, or cannot be written
     */
    public static SqliteRunStore open(Path path, Duration retention, Clock clock) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(clock, "clock");
        Duration keep = retention == null ? DEFAULT_RETENTION : retention;
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive, found " + keep);
        }
        Path file = path.toAbsolutePath().normalize();
        checkFile(file);
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        Connection c;
        try {
            c = cfg.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + file + ": " + e.getMessage(), e);
        }
        try {
            checkOwner(c, file);
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new StoreException("the store " + file + " could not be switched to WAL mode (it stays in '"
                                + mode + "' mode); is it on a network file system?");
                    }
                }
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA cache_size = -16000");
                s.execute("PRAGMA mmap_size = 268435456");
            }
            long nowHour = Math.floorDiv(clock.millis(), HOUR_MS);
            int found;
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    found = Schema.migrate(c, nowHour);
                    s.execute(found > Schema.CURRENT ? "ROLLBACK" : "COMMIT");
                } catch (SQLException | RuntimeException e) {
                    s.execute("ROLLBACK");
                    throw e;
                }
            }
            if (found > Schema.CURRENT) {
                throw new StoreException("the store " + file + " has schema version " + found
                        + ", newer than this runbook understands (" + Schema.CURRENT + "); upgrade runbook");
            }
            if (found > 0 && found < Schema.CURRENT) {
                LOG.info("migrated the store {} from schema version {} to {}", file, found, Schema.CURRENT);
            }
            SqliteRunStore store = new SqliteRunStore(file, keep, clock, c);
            store.rolledUntilHour = Long.parseLong(Schema.meta(c, Schema.ROLLED_UNTIL_KEY));
            return store;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException(describe(file, e), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Opens with the default retention and the system clock. */
    public static SqliteRunStore open(Path path) {
        return open(path, DEFAULT_RETENTION, Clock.systemUTC());
    }

    private static void checkFile(Path file) {
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException("cannot create the store " + file + ": " + e.getFile() + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of the store " + file + ": " + e, e);
        }
        if (Files.isDirectory(file)) {
            throw new StoreException("the store " + file + " is a directory; expected an SQLite file");
        }
        if (Files.exists(file)) {
            byte[] head = new byte[16];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, 16);
            } catch (IOException e) {
                throw new StoreException("cannot read the store " + file + ": " + e, e);
            }
            if (n > 0 && (n < 16 || !java.util.Arrays.equals(head, SQLITE_HEADER))) {
                String start = new String(head, 0, n, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
                throw new StoreException("the store " + file + " is not an SQLite database (it starts with '" + start
                        + "'); refusing to touch it — move it away or choose another store path");
            }
            if (!Files.isWritable(file)) {
                throw new StoreException("the store " + file + " is not writable (check its permissions)");
            }
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("the directory " + dir + " of the store is not writable (SQLite creates "
                    + file.getFileName() + "-wal and -shm beside it)");
        }
    }

    /** Refuses a database that belongs to another application. */
    private static void checkOwner(Connection c, Path file) throws SQLException {
        int appId;
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
                appId = rs.next() ? rs.getInt(1) : 0;
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        if (appId == Schema.APPLICATION_ID) {
            return;
        }
        if (appId != 0) {
            throw new StoreException(String.format("the store %s is an SQLite database of another application"
                    + " (application_id 0x%08X, expected 0x%08X for runbook); refusing to write to it — choose another"
                    + " store path", file, appId, Schema.APPLICATION_ID));
        }
        if (tables.isEmpty() || tables.stream().anyMatch(Schema.RUNBOOK_TABLES::contains)) {
            return;
        }
        throw new StoreException("the store " + file + " is an SQLite database of another application (tables: "
                + String.join(", ", tables.subList(0, Math.min(5, tables.size())))
                + (tables.size() > 5 ? ", …" : "") + "); refusing to add runbook's tables — choose another store path");
    }

    private static String describe(Path file, SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_NOTADB") || m.contains("not a database")) {
            return "the store " + file + " is not an SQLite database or is encrypted: " + m;
        }
        if (m.contains("SQLITE_CORRUPT") || m.contains("malformed")) {
            return "the store " + file + " is corrupt (" + m + "); restore it from a backup or move it away";
        }
        if (m.contains("SQLITE_READONLY") || m.contains("readonly")) {
            return "the store " + file + " is read-only: " + m;
        }
        if (m.contains("SQLITE_BUSY") || m.contains("locked")) {
            return "the store " + file + " stayed locked by another process for more than " + BUSY_TIMEOUT.toSeconds()
                    + " s: " + m;
        }
        return "the store " + file + " failed: " + m;
    }

    /** Where the file is. */
    public Path path() {
        return path;
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
        Objects.requireNonNull(run, "run");
        if (run.dryRun()) {
            return;
        }
        lock.lock();
        try {
            Connection c = connection();
            exec("BEGIN IMMEDIATE");
            try {
                long runId = insertRun(run);
                // only a result from an hour before the current one can find its hour already folded (by us or
                // by another process): read the watermark only then
                long currentHour = Math.floorDiv(clock.millis(), HOUR_MS);
                long rolled = currentHour;
                for (CheckRun r : run.results()) {
                    if (!r.skipped() && Math.floorDiv(at(r, run), HOUR_MS) < currentHour) {
                        rolled = Long.parseLong(metaValue(Schema.ROLLED_UNTIL_KEY));
                        rolledUntilHour = rolled;
                        break;
                    }
                }
                PreparedStatement ins = stmt("INSERT OR REPLACE INTO results(check_id, at, run_id, status, first_status,"
                        + " value, unit, metrics, message, duration_ms, flags) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                List<CheckRun> late = null;
                boolean anyActions = false;
                for (CheckRun r : run.results()) {
                    if (r.skipped()) {
                        continue;
                    }
                    long at = at(r, run);
                    ins.setInt(1, checkId(r.check()));
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
                    ins.setBytes(8, MetricCodec.encode(r.metrics(), this::metricId));
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
                        mergeIntoRollups(r, at(r, run));
                        long hour = Math.floorDiv(at(r, run), HOUR_MS);
                        foldStatus(checkId(r.check()), hour, hour + 1);
                    }
                }
                exec("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not record the run of " + run.runbook() + " to the store: "
                    + describe(path, e), e);
        } finally {
            lock.unlock();
        }
        maintainQuietly();
    }

    private static long at(CheckRun r, RunResult run) {
        return r.at() != null ? r.at().toEpochMilli() : run.startedAt().toInstant().toEpochMilli();
    }

    private static int flags(CheckRun r) {
        return (r.maintenance() ? FLAG_MAINTENANCE : 0) | (r.waived() ? FLAG_WAIVED : 0)
                | (r.flapping() ? FLAG_FLAPPING : 0) | (r.pending() != null ? FLAG_PENDING : 0);
    }

    private long insertRun(RunResult run) throws SQLException {
        PreparedStatement ps = stmt("INSERT INTO runs(runbook, procedure, started_at, duration_ms, status, operator)"
                + " VALUES(?, ?, ?, ?, ?, ?) RETURNING id");
        ps.setString(1, run.runbook());
        ps.setString(2, run.procedure());
        ps.setLong(3, run.startedAt().toInstant().toEpochMilli());
        ps.setLong(4, run.duration() == null ? 0 : run.duration().toMillis());
        ps.setInt(5, run.status().exitCode());
        ps.setString(6, run.operator());
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void insertActions(RunResult run, long runId) throws SQLException {
        PreparedStatement ps = stmt("INSERT OR REPLACE INTO actions(check_id, at, run_id, seq, step, outcome, message)"
                + " VALUES(?, ?, ?, ?, ?, ?, ?)");
        for (CheckRun r : run.results()) {
            if (r.skipped()) {
                continue;
            }
            int seq = 0;
            for (ActionRun a : r.actions()) {
                ps.setInt(1, checkId(r.check()));
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

    /** A result arriving for an hour already rolled up: add its metrics to that hour's rollups. */
    private void mergeIntoRollups(CheckRun r, long at) throws SQLException {
        long hour = Math.floorDiv(at, HOUR_MS);
        int check = checkId(r.check());
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
            int metric = metricId(m.getKey());
            LogHistogram h = readRollup(check, metric, hour).orElseGet(LogHistogram::new);
            h.add(m.getValue());
            writeRollup(check, metric, hour, h);
        }
    }

    private Optional<LogHistogram> readRollup(int check, int metric, long hour) throws SQLException {
        PreparedStatement ps = stmt("SELECT count, sum, min, max, histogram FROM rollups"
                + " WHERE check_id = ? AND metric_id = ? AND hour = ?");
        ps.setInt(1, check);
        ps.setInt(2, metric);
        ps.setLong(3, hour);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(LogHistogram.decode(rs.getBytes(5), rs.getLong(1), rs.getDouble(2), rs.getDouble(3),
                    rs.getDouble(4)));
        }
    }

    private void writeRollup(int check, int metric, long hour, LogHistogram h) throws SQLException {
        PreparedStatement ps = stmt("INSERT OR REPLACE INTO rollups(check_id, metric_id, hour, count, sum, min, max,"
                + " histogram) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setInt(1, check);
        ps.setInt(2, metric);
        ps.setLong(3, hour);
        ps.setLong(4, h.count());
        ps.setDouble(5, h.sum());
        ps.setDouble(6, h.min());
        ps.setDouble(7, h.max());
        ps.setBytes(8, h.encodeBuckets());
        ps.executeUpdate();
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
        long nowMs = clock.millis();
        long nowHour = Math.floorDiv(nowMs, HOUR_MS);
        lock.lock();
        try {
            connection();
            if (nowHour > rolledUntilHour) {
                while (true) {
                    exec("BEGIN IMMEDIATE");
                    try {
                        long from = Long.parseLong(metaValue(Schema.ROLLED_UNTIL_KEY));
                        if (from >= nowHour) {
                            rolledUntilHour = from;
                            exec("COMMIT");
                            break;
                        }
                        long to = Math.min(nowHour, from + FOLD_CHUNK_HOURS);
                        fold(from, to);
                        Schema.setMeta(conn, Schema.ROLLED_UNTIL_KEY, Long.toString(to));
                        exec("COMMIT");
                        rolledUntilHour = to;
                    } catch (SQLException | RuntimeException e) {
                        rollbackQuietly();
                        throw e;
                    }
                }
            }
            long cutoff = Math.floorDiv(Math.min(nowMs - retention.toMillis(), rolledUntilHour * HOUR_MS), HOUR_MS) * HOUR_MS;
            if (cutoff <= purgedBeforeMs) {
                return;
            }
            exec("BEGIN IMMEDIATE");
            try {
                long purged = Long.parseLong(metaValue(Schema.PURGED_BEFORE_KEY));
                if (cutoff > purged) {
                    purge(cutoff);
                    Schema.setMeta(conn, Schema.PURGED_BEFORE_KEY, Long.toString(cutoff));
                    purged = cutoff;
                }
                exec("COMMIT");
                purgedBeforeMs = purged;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not maintain the store: " + describe(path, e), e);
        } finally {
            lock.unlock();
        }
    }

    /** Folds the results of hours {@code [fromHour, toHour)} of every check into rollups. */
    private void fold(long fromHour, long toHour) throws SQLException {
        for (int check : allCheckIds()) {
            foldStatus(check, fromHour, toHour);
        }
        foldMetrics(fromHour, toHour);
    }

    /**
     * Summarises each hour of a check's statuses for availability: first and last result (time and code:
     * status exit code + 4 for maintenance), the largest gap between consecutive results inside the hour,
     * and the time inside the hour covered by up, down and maintenance results (each result up to the next).
     */
    private void foldStatus(int check, long fromHour, long toHour) throws SQLException {
        PreparedStatement ps = stmt("SELECT at, status, flags FROM results WHERE check_id = ? AND at >= ? AND at < ?"
                + " ORDER BY at");
        PreparedStatement del = stmt("DELETE FROM status_rollups WHERE check_id = ? AND hour >= ? AND hour < ?");
        del.setInt(1, check);
        del.setLong(2, fromHour);
        del.setLong(3, toHour);
        del.executeUpdate();
        PreparedStatement ins = stmt("INSERT INTO status_rollups(check_id, hour, count, first_at, first_code, last_at,"
                + " last_code, max_gap, up_ms, down_ms, maint_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setInt(1, check);
        ps.setLong(2, fromHour * HOUR_MS);
        ps.setLong(3, toHour * HOUR_MS);
        long hour = Long.MIN_VALUE;
        long[] acc = null; // count, firstAt, firstCode, lastAt, lastCode, maxGap, up, down, maint
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long at = rs.getLong(1);
                int code = statusCode(rs.getInt(2), rs.getInt(3));
                long h = Math.floorDiv(at, HOUR_MS);
                if (h != hour) {
                    if (acc != null) {
                        writeStatus(ins, check, hour, acc);
                    }
                    hour = h;
                    acc = new long[] {0, at, code, at, code, 0, 0, 0, 0};
                } else {
                    long gap = at - acc[3];
                    acc[5] = Math.max(acc[5], gap);
                    acc[6 + category((int) acc[4])] += gap;
                    acc[3] = at;
                    acc[4] = code;
                }
                acc[0]++;
            }
        }
        if (acc != null) {
            writeStatus(ins, check, hour, acc);
        }
    }

    /** Status exit code, plus 4 for a maintenance result. */
    static int statusCode(int status, int flags) {
        return status | ((flags & FLAG_MAINTENANCE) != 0 ? 4 : 0);
    }

    /** 0 up, 1 down, 2 maintenance (§8). */
    static int category(int code) {
        return code >= 4 ? 2 : code == Status.CRITICAL.exitCode() ? 1 : 0;
    }

    private static void writeStatus(PreparedStatement ins, int check, long hour, long[] a) throws SQLException {
        ins.setInt(1, check);
        ins.setLong(2, hour);
        for (int i = 0; i < 9; i++) {
            ins.setLong(3 + i, a[i]);
        }
        ins.executeUpdate();
    }

    private void foldMetrics(long fromHour, long toHour) throws SQLException {
        PreparedStatement ps = stmt("SELECT at, metrics FROM results WHERE check_id = ? AND at >= ? AND at < ?");
        for (int check : allCheckIds()) {
            Map<Long, LogHistogram> byKey = new HashMap<>();
            ps.setInt(1, check);
            ps.setLong(2, fromHour * HOUR_MS);
            ps.setLong(3, toHour * HOUR_MS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long hour = Math.floorDiv(rs.getLong(1), HOUR_MS);
                    byte[] blob = rs.getBytes(2);
                    if (blob == null) {
                        continue;
                    }
                    MetricCodec.forEach(blob, (id, v) -> {
                        long key = (hour - fromHour) << 32 | id;
                        byKey.computeIfAbsent(key, k -> new LogHistogram()).add(v);
                    });
                }
            }
            for (Map.Entry<Long, LogHistogram> e : byKey.entrySet()) {
                long hour = fromHour + (e.getKey() >>> 32);
                int metric = (int) (e.getKey() & 0xFFFFFFFFL);
                writeRollup(check, metric, hour, e.getValue());
            }
        }
    }

    private void purge(long cutoffMs) throws SQLException {
        PreparedStatement ps = stmt("DELETE FROM results WHERE check_id = ? AND at < ?");
        for (int check : allCheckIds()) {
            ps.setInt(1, check);
            ps.setLong(2, cutoffMs);
            ps.executeUpdate();
        }
        PreparedStatement runs = stmt("DELETE FROM runs WHERE started_at < ? AND started_at + duration_ms < ?");
        runs.setLong(1, cutoffMs);
        runs.setLong(2, cutoffMs);
        runs.executeUpdate();
    }

    List<Integer> allCheckIds() throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (ResultSet rs = stmt("SELECT id, name FROM check_names").executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
                checkNames.putIfAbsent(rs.getInt(1), rs.getString(2));
                checkIds.putIfAbsent(rs.getString(2), rs.getInt(1));
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------ state

    @Override
    public StateStore state() {
        return this;
    }

    /** The value under {@code scope}/{@code key}, as any process last wrote it. Blocks on I/O. */
    @Override
    public Optional<String> get(String scope, String key) {
        lock.lock();
        try {
            connection();
            PreparedStatement ps = stmt("SELECT value FROM state WHERE scope = ? AND key = ?");
            ps.setString(1, scope);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read state " + scope + "/" + key + ": " + describe(path, e), e);
        } finally {
            lock.unlock();
        }
    }

    /** Stores (or, for null, removes) a value, committed at once. Blocks on I/O. */
    @Override
    public void put(String scope, String key, String value) {
        lock.lock();
        try {
            connection();
            PreparedStatement ps;
            if (value == null) {
                ps = stmt("DELETE FROM state WHERE scope = ? AND key = ?");
            } else {
                ps = stmt("INSERT INTO state(scope, key, value) VALUES(?, ?, ?)"
                        + " ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value");
                ps.setString(3, value);
            }
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not write state " + scope + "/" + key + ": " + describe(path, e), e);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ reading

    /** The read side: the {@link dev.runbook.core.history.HistoryReader} plus the queries reports need. */
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
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    sb.append(sb.length() == 0 ? "" : "\n").append(rs.getString(1));
                }
            }
            return sb.toString();
        } catch (SQLException e) {
            throw new StoreException(describe(path, e), e);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection (checkpointing the WAL into the file). Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (conn != null) {
                for (PreparedStatement ps : statements.values()) {
                    try {
                        ps.close();
                    } catch (SQLException e) {
                        LOG.debug("closing a statement", e);
                    }
                }
                statements.clear();
                try (Statement s = conn.createStatement()) {
                    s.execute("PRAGMA optimize");
                } catch (SQLException e) {
                    LOG.debug("PRAGMA optimize failed", e);
                }
                closeQuietly(conn);
                conn = null;
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ internals shared with SqliteHistory

    Connection connection() {
        if (conn == null) {
            throw new IllegalStateException("the store " + path + " is closed");
        }
        return conn;
    }

    PreparedStatement stmt(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection().prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
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
        return Long.parseLong(metaValue(Schema.PURGED_BEFORE_KEY));
    }

    long rolledUntilHourNow() throws SQLException {
        return Long.parseLong(metaValue(Schema.ROLLED_UNTIL_KEY));
    }

    private void rollbackQuietly() {
        checkIds.clear();
        checkNames.clear();
        metricIds.clear();
        metricNames.clear();
        try {
            exec("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    /** The id of a check name, created inside the current write transaction if new. */
    private int checkId(String name) {
        return intern(name, checkIds, checkNames, "check_names");
    }

    private int metricId(String name) {
        return intern(name, metricIds, metricNames, "metric_names");
    }

    private int intern(String name, Map<String, Integer> ids, Map<Integer, String> names, String table) {
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        try {
            PreparedStatement ins = stmt("INSERT OR IGNORE INTO " + table + "(name) VALUES(?)");
            ins.setString(1, name);
            ins.executeUpdate();
            PreparedStatement sel = stmt("SELECT id FROM " + table + " WHERE name = ?");
            sel.setString(1, name);
            try (ResultSet rs = sel.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not record the name " + name + ": " + e.getMessage(), e);
        }
        ids.put(name, id);
        names.put(id, name);
        return id;
    }

    /** The id of an existing check or metric name, or -1 (reads never create names). */
    int existingId(String name, boolean check) throws SQLException {
        Map<String, Integer> ids = check ? checkIds : metricIds;
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        PreparedStatement sel = stmt("SELECT id FROM " + (check ? "check_names" : "metric_names") + " WHERE name = ?");
        sel.setString(1, name);
        try (ResultSet rs = sel.executeQuery()) {
            if (!rs.next()) {
                return -1;
            }
            id = rs.getInt(1);
        }
        ids.put(name, id);
        (check ? checkNames : metricNames).put(id, name);
        return id;
    }

    String checkName(int id) throws SQLException {
        return name(id, checkNames, checkIds, "check_names");
    }

    String metricName(int id) {
        try {
            return name(id, metricNames, metricIds, "metric_names");
        } catch (SQLException e) {
            throw new StoreException(describe(path, e), e);
        }
    }

    private String name(int id, Map<Integer, String> names, Map<String, Integer> ids, String table)
            throws SQLException {
        String n = names.get(id);
        if (n != null) {
            return n;
        }
        PreparedStatement sel = stmt("SELECT name FROM " + table + " WHERE id = ?");
        sel.setInt(1, id);
        try (ResultSet rs = sel.executeQuery()) {
            n = rs.next() ? rs.getString(1) : "#" + id;
        }
        names.put(id, n);
        ids.putIfAbsent(n, id);
        return n;
    }

    static Status status(int exitCode) {
        return Status.fromExitCode(exitCode);
    }

    StoreException failure(String what, SQLException e) {
        return new StoreException(what + ": " + describe(path, e), e);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing the connection", e);
        }
    }
}
