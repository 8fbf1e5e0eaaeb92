package dev.runbook.store;

import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The hourly rollups of a {@link SqliteRunStore}: folding finished hours of results into {@code rollups}
 * (count, sum, min, max and a {@link LogHistogram} per check, metric and hour) and {@code status_rollups}
 * (the hour's statuses for availability), and, in the same pass, into {@code host_rollups} and
 * {@code host_status_rollups} (the same per host: the host of each result's run, runbook-format §10); merging a
 * late result into an hour already folded, and purging detail past the retention. Every method runs inside the
 * store's write transaction, under its lock; not thread-safe on its own.
 */
final class Rollups {
    private final SqliteRunStore store;

    Rollups(SqliteRunStore store) {
        this.store = store;
    }

    /**
     * A result of run {@code runId} arriving for an hour already rolled up: add its metrics to that hour's rollups,
     * the fleet's and (when the hour has per-host rollups) its run's host's.
     */
    void mergeIntoRollups(CheckRun r, long at, long runId) throws SQLException {
        long hour = Math.floorDiv(at, SqliteRunStore.HOUR_MS);
        int check = store.names.checkId(r.check());
        String host = hour >= hostRolledFrom(store) ? runHost(runId) : null;
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
            int metric = store.names.metricId(m.getKey());
            LogHistogram h = readRollup(check, metric, hour).orElseGet(LogHistogram::new);
            h.add(m.getValue());
            writeRollup(check, metric, hour, h);
            if (host != null) {
                LogHistogram hh = readHostRollup(check, host, metric, hour).orElseGet(LogHistogram::new);
                hh.add(m.getValue());
                writeHostRollup(check, host, metric, hour, hh);
            }
        }
    }

    private String runHost(long runId) throws SQLException {
        PreparedStatement ps = store.stmt("SELECT host FROM runs WHERE id = ?");
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** From which epoch hour per-host rollups exist ({@link Migrations#HOST_ROLLED_FROM_KEY}). */
    static long hostRolledFrom(SqliteRunStore store) throws SQLException {
        return Long.parseLong(store.metaValue(Migrations.HOST_ROLLED_FROM_KEY));
    }

    Optional<LogHistogram> readHostRollup(int check, String host, int metric, long hour) throws SQLException {
        PreparedStatement ps = store.stmt("SELECT count, sum, min, max, histogram FROM host_rollups"
                + " WHERE check_id = ? AND host = ? AND metric_id = ? AND hour = ?");
        ps.setInt(1, check);
        ps.setString(2, host);
        ps.setInt(3, metric);
        ps.setLong(4, hour);
        return readHistogram(ps);
    }

    private static final String HOST_ROLLUP_UPSERT = "INSERT INTO host_rollups(check_id, host, metric_id, hour, count,"
            + " sum, min, max, histogram) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(check_id, host, metric_id, hour)"
            + " DO UPDATE SET count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,"
            + " histogram = excluded.histogram";
    private static final String ROLLUP_UPSERT = "INSERT INTO rollups(check_id, metric_id, hour, count, sum, min, max,"
            + " histogram) VALUES(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(check_id, metric_id, hour) DO UPDATE SET"
            + " count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,"
            + " histogram = excluded.histogram";

    void writeHostRollup(int check, String host, int metric, long hour, LogHistogram h) throws SQLException {
        writeHostRollup(check, host, metric, hour, h, false);
    }

    /** Writes a host's hour now, or with {@code batch} adds it to {@link #HOST_ROLLUP_UPSERT}'s batch. */
    private void writeHostRollup(int check, String host, int metric, long hour, LogHistogram h, boolean batch)
            throws SQLException {
        PreparedStatement ps = store.stmt(HOST_ROLLUP_UPSERT);
        ps.setInt(1, check);
        ps.setString(2, host);
        ps.setInt(3, metric);
        ps.setLong(4, hour);
        writeHistogram(ps, 5, h, batch);
    }

    /** The hour a rollup query ({@code count, sum, min, max, histogram}) finds, if any. */
    private static Optional<LogHistogram> readHistogram(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(LogHistogram.decode(rs.getBytes(5), rs.getLong(1), rs.getDouble(2), rs.getDouble(3),
                    rs.getDouble(4)));
        }
    }

    Optional<LogHistogram> readRollup(int check, int metric, long hour) throws SQLException {
        PreparedStatement ps = store.stmt("SELECT count, sum, min, max, histogram FROM rollups"
                + " WHERE check_id = ? AND metric_id = ? AND hour = ?");
        ps.setInt(1, check);
        ps.setInt(2, metric);
        ps.setLong(3, hour);
        return readHistogram(ps);
    }

    void writeRollup(int check, int metric, long hour, LogHistogram h) throws SQLException {
        writeRollup(check, metric, hour, h, false);
    }

    /** Writes the fleet's hour now, or with {@code batch} adds it to {@link #ROLLUP_UPSERT}'s batch. */
    private void writeRollup(int check, int metric, long hour, LogHistogram h, boolean batch) throws SQLException {
        PreparedStatement ps = store.stmt(ROLLUP_UPSERT);
        ps.setInt(1, check);
        ps.setInt(2, metric);
        ps.setLong(3, hour);
        writeHistogram(ps, 4, h, batch);
    }

    /**
     * Binds an hour's count, sum, min, max and buckets from parameter {@code first} on, and writes the row, or with
     * {@code batch} adds it to the statement's batch: a fold writes thousands of rows (checks × hosts × metrics), and
     * on PostgreSQL each statement alone is a round trip.
     */
    private static void writeHistogram(PreparedStatement ps, int first, LogHistogram h, boolean batch)
            throws SQLException {
        ps.setLong(first, h.count());
        ps.setDouble(first + 1, h.sum());
        ps.setDouble(first + 2, h.min());
        ps.setDouble(first + 3, h.max());
        ps.setBytes(first + 4, h.encodeBuckets());
        if (batch) {
            ps.addBatch();
        } else {
            ps.executeUpdate();
        }
    }

    /**
     * Runs {@code fill}, which adds rows to the batches of {@code statements}, then executes those batches; on a
     * failure they are cleared, so no half-built batch is left in the store's cached statements.
     */
    private static void batched(SqlWork fill, PreparedStatement... statements) throws SQLException {
        boolean done = false;
        try {
            fill.run();
            for (PreparedStatement ps : statements) {
                ps.executeBatch();
            }
            done = true;
        } finally {
            if (!done) {
                for (PreparedStatement ps : statements) {
                    ps.clearBatch();
                }
            }
        }
    }

    /** Work on the store that may fail with an {@link SQLException}. */
    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Folds the results of hours {@code [fromHour, toHour)} of every check into the fleet's and the hosts' rollups. */
    void fold(long fromHour, long toHour) throws SQLException {
        fold(fromHour, toHour, true);
    }

    /**
     * Folds hours {@code [fromHour, toHour)} of every check into the hosts' rollups and, with {@code fleet}, the
     * fleet's (without: hours the fleet's rollups already hold, folded before version 7).
     */
    void fold(long fromHour, long toHour, boolean fleet) throws SQLException {
        // folding new hours, per-host rows start at the mark; folding back, the caller moves the mark after
        long hostFrom = fleet ? Math.max(fromHour, hostRolledFrom(store)) : fromHour;
        for (int check : store.names.allCheckIds()) {
            foldStatus(check, fromHour, toHour, fleet, hostFrom);
        }
        foldMetrics(fromHour, toHour, fleet, hostFrom);
    }

    /**
     * Folds per-host rollups for the hours before {@link Migrations#HOST_ROLLED_FROM_KEY} whose detail is still
     * kept (a store rolled up before version 7), newest first, one day per transaction, moving the mark back.
     * Returns true when no kept detail is left without them.
     */
    boolean foldHostsBack(long chunkHours) {
        long oldest = store.db.read("could not find the oldest result", () -> {
            long mark = hostRolledFrom(store);
            long min = Long.MAX_VALUE;
            PreparedStatement ps = store.stmt("SELECT min(at) FROM results WHERE check_id = ?");
            for (int check : store.names.allCheckIds()) {
                ps.setInt(1, check);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) {
                        min = Math.min(min, rs.getLong(1));
                    }
                }
            }
            long hour = min == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(min, SqliteRunStore.HOUR_MS);
            return hour >= mark ? Long.MAX_VALUE : hour; // MAX_VALUE: no kept detail before the mark
        });
        if (oldest == Long.MAX_VALUE) {
            return true;
        }
        while (true) {
            boolean more = store.db.write("could not fold per-host rollups", () -> {
                // the fold lock after the write lock (the store's lock order): no purge deletes the detail read here
                String fold = store.db.dialect().lockFold();
                if (fold != null) {
                    store.stmt(fold).executeQuery().close();
                }
                long to = hostRolledFrom(store);
                if (to <= oldest) {
                    return false;
                }
                long from = Math.max(oldest, to - chunkHours);
                fold(from, to, false);
                Migrations.setMeta(store.db.jdbc(), Migrations.HOST_ROLLED_FROM_KEY, Long.toString(from));
                return true;
            });
            if (!more) {
                return true;
            }
        }
    }

    /**
     * Summarises each hour of a check's statuses for availability, for the fleet and for each host: first and last
     * result (time and code: status exit code + 4 for maintenance), the largest gap between consecutive results
     * inside the hour, and the time inside the hour covered by up, down and maintenance results (each result up
     * to the next of the same scope).
     */
    void foldStatus(int check, long fromHour, long toHour) throws SQLException {
        foldStatus(check, fromHour, toHour, true, Math.max(fromHour, hostRolledFrom(store)));
    }

    private void foldStatus(int check, long fromHour, long toHour, boolean fleet, long hostFrom) throws SQLException {
        PreparedStatement ps = store.stmt("SELECT r.at, r.status, r.flags, runs.host FROM results r LEFT JOIN runs"
                + " ON runs.id = r.run_id WHERE r.check_id = ? AND r.at >= ? AND r.at < ? ORDER BY r.at, r.run_id");
        if (fleet) {
            PreparedStatement del = store.stmt("DELETE FROM status_rollups WHERE check_id = ? AND hour >= ? AND hour < ?");
            del.setInt(1, check);
            del.setLong(2, fromHour);
            del.setLong(3, toHour);
            del.executeUpdate();
        }
        PreparedStatement hdel = store.stmt("DELETE FROM host_status_rollups WHERE check_id = ? AND hour >= ?"
                + " AND hour < ?");
        hdel.setInt(1, check);
        hdel.setLong(2, hostFrom);
        hdel.setLong(3, toHour);
        hdel.executeUpdate();
        PreparedStatement ins = store.stmt("INSERT INTO status_rollups(check_id, hour, count, first_at, first_code, last_at,"
                + " last_code, max_gap, up_ms, down_ms, maint_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement hins = store.stmt("INSERT INTO host_status_rollups(check_id, host, hour, count, first_at,"
                + " first_code, last_at, last_code, max_gap, up_ms, down_ms, maint_ms, outages)"
                + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setInt(1, check);
        ps.setLong(2, fromHour * SqliteRunStore.HOUR_MS);
        ps.setLong(3, toHour * SqliteRunStore.HOUR_MS);
        StatusHour all = new StatusHour(false);
        Map<String, StatusHour> hosts = new HashMap<>();
        batched(() -> {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long at = rs.getLong(1);
                    int code = statusCode(rs.getInt(2), rs.getInt(3));
                    String host = rs.getString(4);
                    if (fleet) {
                        all.add(at, code, ins, check, null);
                    }
                    if (host != null && Math.floorDiv(at, SqliteRunStore.HOUR_MS) >= hostFrom) {
                        hosts.computeIfAbsent(host, k -> new StatusHour(true)).add(at, code, hins, check, host);
                    }
                }
            }
            all.flush(ins, check, null);
            for (Map.Entry<String, StatusHour> e : hosts.entrySet()) {
                e.getValue().flush(hins, check, e.getKey());
            }
        }, ins, hins);
    }

    /**
     * One scope's (the fleet's or a host's) summary of the hour being folded; a host's also keeps the hour's down
     * intervals (a critical result up to the next result in the hour, adjacent ones joined).
     */
    private static final class StatusHour {
        final boolean outages;
        long hour = Long.MIN_VALUE;
        long[] acc; // count, firstAt, firstCode, lastAt, lastCode, maxGap, up, down, maint
        java.io.ByteArrayOutputStream down;
        long downStart;
        long downEnd = Long.MIN_VALUE;

        StatusHour(boolean outages) {
            this.outages = outages;
        }

        void add(long at, int code, PreparedStatement ins, int check, String host) throws SQLException {
            long h = Math.floorDiv(at, SqliteRunStore.HOUR_MS);
            if (h != hour) {
                flush(ins, check, host);
                hour = h;
                acc = new long[] {0, at, code, at, code, 0, 0, 0, 0};
                down = outages ? new java.io.ByteArrayOutputStream() : null;
                downEnd = Long.MIN_VALUE;
            } else {
                long gap = at - acc[3];
                acc[5] = Math.max(acc[5], gap);
                int category = category((int) acc[4]);
                acc[6 + category] += gap;
                if (down != null && category == 1 && gap > 0) {
                    if (downEnd != acc[3]) {
                        endOutage();
                        downStart = acc[3];
                    }
                    downEnd = at;
                }
                acc[3] = at;
                acc[4] = code;
            }
            acc[0]++;
        }

        private void endOutage() {
            if (downEnd != Long.MIN_VALUE) {
                Varint.write(down, downStart - hour * SqliteRunStore.HOUR_MS);
                Varint.write(down, downEnd - downStart);
            }
        }

        void flush(PreparedStatement ins, int check, String host) throws SQLException {
            if (acc != null) {
                if (down != null) {
                    endOutage();
                    ins.setBytes(13, down.toByteArray());
                }
                writeStatus(ins, check, host, hour, acc);
                acc = null;
            }
        }
    }

    /** Status exit code, plus 4 for a maintenance result. */
    static int statusCode(int status, int flags) {
        return status | ((flags & SqliteRunStore.FLAG_MAINTENANCE) != 0 ? 4 : 0);
    }

    /** 0 up, 1 down, 2 maintenance (§8). */
    static int category(int code) {
        return code >= 4 ? 2 : code == Status.CRITICAL.exitCode() ? 1 : 0;
    }

    private static void writeStatus(PreparedStatement ins, int check, String host, long hour, long[] a)
            throws SQLException {
        int i = 1;
        ins.setInt(i++, check);
        if (host != null) {
            ins.setString(i++, host);
        }
        ins.setLong(i++, hour);
        for (long x : a) {
            ins.setLong(i++, x);
        }
        ins.addBatch(); // executed at the end of foldStatus
    }

    private void foldMetrics(long fromHour, long toHour, boolean fleet, long hostFrom) throws SQLException {
        PreparedStatement ps = store.stmt("SELECT r.at, r.metrics, runs.host FROM results r LEFT JOIN runs"
                + " ON runs.id = r.run_id WHERE r.check_id = ? AND r.at >= ? AND r.at < ?");
        for (int check : store.names.allCheckIds()) {
            Map<Long, LogHistogram> byKey = new HashMap<>();
            Map<String, Map<Long, LogHistogram>> byHost = new HashMap<>();
            ps.setInt(1, check);
            ps.setLong(2, fromHour * SqliteRunStore.HOUR_MS);
            ps.setLong(3, toHour * SqliteRunStore.HOUR_MS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long hour = Math.floorDiv(rs.getLong(1), SqliteRunStore.HOUR_MS);
                    byte[] blob = rs.getBytes(2);
                    if (blob == null) {
                        continue;
                    }
                    String host = rs.getString(3);
                    Map<Long, LogHistogram> mine = host == null || hour < hostFrom ? null
                            : byHost.computeIfAbsent(host, k -> new HashMap<>());
                    MetricCodec.forEach(blob, (id, v) -> {
                        long key = (hour - fromHour) << 32 | id;
                        if (fleet) {
                            byKey.computeIfAbsent(key, k -> new LogHistogram()).add(v);
                        }
                        if (mine != null) {
                            mine.computeIfAbsent(key, k -> new LogHistogram()).add(v);
                        }
                    });
                }
            }
            int c = check;
            batched(() -> {
                for (Map.Entry<Long, LogHistogram> e : byKey.entrySet()) {
                    writeRollup(c, (int) (e.getKey() & 0xFFFFFFFFL), fromHour + (e.getKey() >>> 32), e.getValue(), true);
                }
                for (Map.Entry<String, Map<Long, LogHistogram>> h : byHost.entrySet()) {
                    for (Map.Entry<Long, LogHistogram> e : h.getValue().entrySet()) {
                        writeHostRollup(c, h.getKey(), (int) (e.getKey() & 0xFFFFFFFFL),
                                fromHour + (e.getKey() >>> 32), e.getValue(), true);
                    }
                }
            }, store.stmt(ROLLUP_UPSERT), store.stmt(HOST_ROLLUP_UPSERT));
        }
    }

    void purge(long cutoffMs) throws SQLException {
        PreparedStatement ps = store.stmt("DELETE FROM results WHERE check_id = ? AND at < ?");
        for (int check : store.names.allCheckIds()) {
            ps.setInt(1, check);
            ps.setLong(2, cutoffMs);
            ps.executeUpdate();
        }
        PreparedStatement runs = store.stmt("DELETE FROM runs WHERE started_at < ? AND started_at + duration_ms < ?");
        runs.setLong(1, cutoffMs);
        runs.setLong(2, cutoffMs);
        runs.executeUpdate();
    }

}
