package dev.runbook.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The values of one metric of one check in a window, as aggregates need them: detail values sorted by time and
 * rolled-up hours (by hour start in ms), read from exact detail wherever it is kept and from rollups where it is
 * not (or where the caller prefers them). A mutable holder filled by {@link #read}; not thread-safe.
 */
final class MetricValues {
    long[] at = new long[1024];
    double[] values = new double[1024];
    int n;
    final TreeMap<Long, LogHistogram> hours = new TreeMap<>();
    final LogHistogram merged = new LogHistogram();

    void add(long t, double v) {
        if (n == values.length) {
            at = Arrays.copyOf(at, n * 2);
            values = Arrays.copyOf(values, n * 2);
        }
        at[n] = t;
        values[n++] = v;
    }

    /**
     * Reads {@code check.metric} in {@code [from, to)}: rolled-up hours into {@link #hours} ({@code perHour}) or
     * {@link #merged}, detail into {@link #values}.
     */
    static MetricValues read(SqliteRunStore store, HostScope scope, String check, String metric, Instant from, Instant to,
                             boolean preferRollups, boolean perHour) {
        return store.db.read("could not aggregate " + check + "." + metric, () -> {
            MetricValues v = new MetricValues();
            int c = store.names.existingId(check, true);
            int m = store.names.existingId(metric, false);
            if (c < 0 || m < 0) {
                return v;
            }
            long f = from.toEpochMilli();
            long t = to.toEpochMilli();
            long purged = store.purgedBeforeMs();
            long rolledEnd = store.rolledUntilHourNow() * SqliteRunStore.HOUR_MS;
            long h0 = Math.max(SqliteHistory.ceilHour(f), scope.rollupsFromMs(store));
            // rolled-up hours whose start is in [h0, r) (the fleet's rollups, or the host's); detail elsewhere
            long r = preferRollups ? Math.min(rolledEnd, SqliteHistory.floorHour(t)) : Math.min(purged, t);
            boolean useRollups = r > h0;
            if (useRollups) {
                PreparedStatement ps = store.stmt("SELECT hour, count, sum, min, max, histogram FROM "
                        + scope.rollups("rollups") + " WHERE check_id = ?" + scope.hostClause()
                        + " AND metric_id = ? AND hour >= ? AND hour < ?");
                ps.setInt(1, c);
                int p = scope.bindHost(ps, 2);
                ps.setInt(p, m);
                ps.setLong(p + 1, h0 / SqliteRunStore.HOUR_MS);
                ps.setLong(p + 2, SqliteHistory.ceilHour(r) / SqliteRunStore.HOUR_MS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (perHour) {
                            v.hours.put(rs.getLong(1) * SqliteRunStore.HOUR_MS, LogHistogram.decode(rs.getBytes(6),
                                    rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)));
                        } else {
                            v.merged.addEncoded(rs.getBytes(6), rs.getLong(2), rs.getDouble(3), rs.getDouble(4),
                                    rs.getDouble(5));
                        }
                    }
                }
            }
            PreparedStatement ps = store.stmt(scope.narrow("SELECT at, metrics FROM results WHERE check_id = ?"
                    + " AND at >= ? AND at < ? ORDER BY at"));
            if (!preferRollups) {
                readDetail(ps, scope, c, m, Math.max(f, purged), t, v);
            } else if (useRollups) {
                readDetail(ps, scope, c, m, f, h0, v);
                readDetail(ps, scope, c, m, r, t, v);
            } else {
                readDetail(ps, scope, c, m, f, t, v);
            }
            return v;
        });
    }

    private static void readDetail(PreparedStatement ps, HostScope scope, int c, int m, long from, long to,
                                   MetricValues v) throws SQLException {
        eachDetailValue(ps, scope, c, m, from, to, v::add);
    }

    /** Takes one metric value of a detail row: when it was measured and the value. */
    @FunctionalInterface
    interface Sink {
        void take(long at, double value);
    }

    /**
     * Runs {@code ps} (a detail query {@code scope} narrowed, binding check {@code c} and {@code [from, to)},
     * selecting {@code at} and the encoded metrics) and gives {@code sink} every value of metric {@code m} it finds,
     * oldest first.
     */
    static void eachDetailValue(PreparedStatement ps, HostScope scope, int c, int m, long from, long to, Sink sink)
            throws SQLException {
        if (to <= from) {
            return;
        }
        scope.bind(ps, c, from, to);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double x = MetricCodec.find(rs.getBytes(2), m);
                if (!Double.isNaN(x)) {
                    sink.take(rs.getLong(1), x);
                }
            }
        }
    }
}
