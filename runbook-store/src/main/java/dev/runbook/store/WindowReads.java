package dev.runbook.store;

import dev.runbook.core.MetricPoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The short reads charts and report figures make of {@link SqliteHistory}: hourly means from the rollups' (the
 * fleet's or one host's) count
 * and sum (no histogram decoded), the first or last value of a window (read from one end, stopped at the first
 * value) and the newest result times of a window. Called under the store's lock by {@link SqliteHistory}; stateless.
 */
final class WindowReads {
    private WindowReads() {
    }

    /** See {@link SqliteHistory#hourlyMeans}. */
    static List<MetricPoint> read(SqliteRunStore store, HostScope scope, String check, String metric, Instant from, Instant to)
            throws SQLException {
        List<MetricPoint> out = new ArrayList<>();
        int c = store.names.existingId(check, true);
        int m = store.names.existingId(metric, false);
        if (c < 0 || m < 0) {
            return out;
        }
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        long h0 = Math.max(SqliteHistory.ceilHour(f), scope.rollupsFromMs(store));
        long r = Math.min(store.rolledUntilHourNow() * SqliteRunStore.HOUR_MS, SqliteHistory.floorHour(t));
        TreeMap<Long, double[]> hours = new TreeMap<>();
        PreparedStatement detail = store.stmt(scope.narrow("SELECT at, metrics FROM results WHERE check_id = ?"
                + " AND at >= ? AND at < ? ORDER BY at"));
        if (r > h0) { // the fleet's rollups, or the host's
            PreparedStatement ps = store.stmt("SELECT hour, count, sum FROM " + scope.rollups("rollups")
                    + " WHERE check_id = ?" + scope.hostClause() + " AND metric_id = ? AND hour >= ? AND hour < ?");
            ps.setInt(1, c);
            int p = scope.bindHost(ps, 2);
            ps.setInt(p, m);
            ps.setLong(p + 1, h0 / SqliteRunStore.HOUR_MS);
            ps.setLong(p + 2, r / SqliteRunStore.HOUR_MS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(2) > 0) {
                        hours.put(rs.getLong(1) * SqliteRunStore.HOUR_MS,
                                new double[] {rs.getLong(2), rs.getDouble(3)});
                    }
                }
            }
            meansOfDetail(detail, scope, c, m, f, h0, hours);
            meansOfDetail(detail, scope, c, m, r, t, hours);
        } else {
            meansOfDetail(detail, scope, c, m, f, t, hours);
        }
        for (Map.Entry<Long, double[]> e : hours.entrySet()) {
            out.add(new MetricPoint(Instant.ofEpochMilli(Math.max(e.getKey(), f)), e.getValue()[1] / e.getValue()[0]));
        }
        return out;
    }

    private static void meansOfDetail(PreparedStatement ps, HostScope scope, int c, int m, long from, long to,
                                      TreeMap<Long, double[]> hours) throws SQLException {
        MetricValues.eachDetailValue(ps, scope, c, m, from, to, (at, x) -> {
            double[] a = hours.computeIfAbsent(SqliteHistory.floorHour(at), k -> new double[2]);
            a[0]++;
            a[1] += x;
        });
    }

    /** The first value of {@code check.metric} in {@code [from, to)} read in {@code order} (ASC or DESC). */
    static Optional<MetricPoint> edgeValue(SqliteRunStore store, HostScope scope, String check, String metric, Instant from,
                                           Instant to, String order) throws SQLException {
        int c = store.names.existingId(check, true);
        int m = store.names.existingId(metric, false);
        if (c < 0 || m < 0) {
            return Optional.empty();
        }
        PreparedStatement ps = store.stmt(scope.narrow("SELECT at, metrics FROM results WHERE check_id = ? AND at >= ?"
                + " AND at < ? ORDER BY at " + order));
        scope.bind(ps, c, from.toEpochMilli(), to.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double v = MetricCodec.find(rs.getBytes(2), m);
                if (!Double.isNaN(v)) {
                    return Optional.of(new MetricPoint(Instant.ofEpochMilli(rs.getLong(1)), v));
                }
            }
        }
        return Optional.empty();
    }

    /** The times of the newest {@code limit} results of a check in {@code [from, to)}, newest first. */
    static long[] newestTimes(SqliteRunStore store, HostScope scope, String check, Instant from, Instant to, int limit)
            throws SQLException {
        int c = store.names.existingId(check, true);
        if (c < 0) {
            return new long[0];
        }
        PreparedStatement ps = store.stmt(scope.narrow("SELECT at FROM results WHERE check_id = ? AND at >= ? AND at < ?"
                + " ORDER BY at DESC LIMIT " + limit));
        scope.bind(ps, c, from.toEpochMilli(), to.toEpochMilli());
        long[] out = new long[limit];
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out[n++] = rs.getLong(1);
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
