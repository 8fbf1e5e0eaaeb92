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
 * (the hour's statuses for availability), merging a late result into an hour already folded, and purging
 * detail past the retention. Every method runs inside the store's write transaction, under its lock; not
 * thread-safe on its own.
 */
final class Rollups {
    private final SqliteRunStore store;

    Rollups(SqliteRunStore store) {
        this.store = store;
    }

    /** A result arriving for an hour already rolled up: add its metrics to that hour's rollups. */
    void mergeIntoRollups(CheckRun r, long at) throws SQLException {
        long hour = Math.floorDiv(at, SqliteRunStore.HOUR_MS);
        int check = store.names.checkId(r.check());
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
            int metric = store.names.metricId(m.getKey());
            LogHistogram h = readRollup(check, metric, hour).orElseGet(LogHistogram::new);
            h.add(m.getValue());
            writeRollup(check, metric, hour, h);
        }
    }

    Optional<LogHistogram> readRollup(int check, int metric, long hour) throws SQLException {
        PreparedStatement ps = store.stmt("SELECT count, sum, min, max, histogram FROM rollups"
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

    void writeRollup(int check, int metric, long hour, LogHistogram h) throws SQLException {
        PreparedStatement ps = store.stmt("INSERT INTO rollups(check_id, metric_id, hour, count, sum, min, max,"
                + " histogram) VALUES(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(check_id, metric_id, hour) DO UPDATE SET"
                + " count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,"
                + " histogram = excluded.histogram");
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

    /** Folds the results of hours {@code [fromHour, toHour)} of every check into rollups. */
    void fold(long fromHour, long toHour) throws SQLException {
        for (int check : store.names.allCheckIds()) {
            foldStatus(check, fromHour, toHour);
        }
        foldMetrics(fromHour, toHour);
    }

    /**
     * Summarises each hour of a check's statuses for availability: first and last result (time and code:
     * status exit code + 4 for maintenance), the largest gap between consecutive results inside the hour,
     * and the time inside the hour covered by up, down and maintenance results (each result up to the next).
     */
    void foldStatus(int check, long fromHour, long toHour) throws SQLException {
        PreparedStatement ps = store.stmt("SELECT at, status, flags FROM results WHERE check_id = ? AND at >= ? AND at < ?"
                + " ORDER BY at");
        PreparedStatement del = store.stmt("DELETE FROM status_rollups WHERE check_id = ? AND hour >= ? AND hour < ?");
        del.setInt(1, check);
        del.setLong(2, fromHour);
        del.setLong(3, toHour);
        del.executeUpdate();
        PreparedStatement ins = store.stmt("INSERT INTO status_rollups(check_id, hour, count, first_at, first_code, last_at,"
                + " last_code, max_gap, up_ms, down_ms, maint_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setInt(1, check);
        ps.setLong(2, fromHour * SqliteRunStore.HOUR_MS);
        ps.setLong(3, toHour * SqliteRunStore.HOUR_MS);
        long hour = Long.MIN_VALUE;
        long[] acc = null; // count, firstAt, firstCode, lastAt, lastCode, maxGap, up, down, maint
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long at = rs.getLong(1);
                int code = statusCode(rs.getInt(2), rs.getInt(3));
                long h = Math.floorDiv(at, SqliteRunStore.HOUR_MS);
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
        return status | ((flags & SqliteRunStore.FLAG_MAINTENANCE) != 0 ? 4 : 0);
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

    void foldMetrics(long fromHour, long toHour) throws SQLException {
        PreparedStatement ps = store.stmt("SELECT at, metrics FROM results WHERE check_id = ? AND at >= ? AND at < ?");
        for (int check : store.names.allCheckIds()) {
            Map<Long, LogHistogram> byKey = new HashMap<>();
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
