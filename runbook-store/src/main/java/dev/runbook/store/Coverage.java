package dev.runbook.store;

import dev.runbook.core.Outage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Availability coverage as runbook-format §8 defines it, accumulated result by result: each covers up to the next,
 * at most {@code reach}; {@link SqliteHistory#availability} feeds it from detail rows and hourly status rollups.
 * Not thread-safe: one per computation.
 */
final class Coverage {
    /** How many hours' (or runs of adjacent hours') detail {@link #hours} reads in one query. */
    static final int RANGES_PER_QUERY = 32;
    final long from;
    final long to;
    final long reach;
    long up;
    long down;
    long maint;
    final List<Outage> outages = new ArrayList<>();
    boolean pending;
    long pendingAt;
    int pendingCode;

    Coverage(long from, long to, long reach) {
        this.from = from;
        this.to = to;
        this.reach = reach;
    }

    void row(long at, int code) {
        close(at);
        pending = true;
        pendingAt = at;
        pendingCode = code;
    }

    void close(long next) {
        if (!pending) {
            return;
        }
        pending = false;
        long start = Math.max(pendingAt, from);
        long end = Math.min(Math.min(next, pendingAt + reach), to);
        if (end <= start) {
            return;
        }
        switch (SqliteRunStore.category(pendingCode)) {
            case 0:
                up += end - start;
                break;
            case 1:
                down += end - start;
                outage(start, end);
                break;
            default:
                maint += end - start;
        }
    }

    /** Lists the down time {@code [start, end)}, joined to the last outage when that ends at {@code start}. */
    void outage(long start, long end) {
        Outage last = outages.isEmpty() ? null : outages.get(outages.size() - 1);
        if (last != null && last.end().toEpochMilli() == start) {
            outages.set(outages.size() - 1, new Outage(last.start(), Instant.ofEpochMilli(end)));
        } else {
            outages.add(new Outage(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end)));
        }
    }

    /**
     * Adds check {@code c}'s whole hours {@code [h0, hEnd)} (epoch ms) from {@code scope}'s hourly status summaries
     * ({@code status_rollups}, or one host's {@code host_status_rollups}). An hour with no gap beyond the reach is
     * summed as is when it holds only up results or, for one host, with the outages it lists; so is any hour whose
     * detail the retention has deleted (in-hour gaps then count uncapped, outages inside it are not listed); the
     * others' results are read from detail, up to
     * {@value #RANGES_PER_QUERY} such hours in one query (a month of a check with an outage a day is one round
     * trip, not thirty).
     */
    static void hours(SqliteRunStore store, HostScope scope, int c, long h0, long hEnd, Coverage cov)
            throws SQLException {
        String table = scope.rollups("status_rollups");
        boolean fleet = scope.fleet(); // a host's hours also list their outages
        PreparedStatement q = store.stmt("SELECT hour, first_at, first_code, last_at, last_code, max_gap,"
                + " up_ms, down_ms, maint_ms" + (fleet ? "" : ", outages") + " FROM " + table + " WHERE check_id = ?"
                + scope.hostClause() + " AND hour >= ? AND hour < ? ORDER BY hour");
        q.setInt(1, c);
        int p = scope.bindHost(q, 2);
        q.setLong(p, h0 / SqliteRunStore.HOUR_MS);
        q.setLong(p + 1, hEnd / SqliteRunStore.HOUR_MS);
        List<long[]> hours = new ArrayList<>();
        java.util.Map<Long, byte[]> outagesOf = new java.util.HashMap<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long[] h = new long[9];
                for (int i = 0; i < 9; i++) {
                    h[i] = rs.getLong(i + 1);
                }
                hours.add(h);
                if (!fleet && h[7] > 0) {
                    outagesOf.put(h[0], rs.getBytes(10));
                }
            }
        }
        long purged = store.purgedBeforeMs();
        List<long[]> ranges = new ArrayList<>(); // the hours read from detail, adjacent ones merged
        for (long[] h : hours) {
            long hs = h[0] * SqliteRunStore.HOUR_MS;
            boolean gone = hs + SqliteRunStore.HOUR_MS <= purged;
            if (!gone && !summable(h, fleet, cov.reach)) {
                long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
                if (last != null && last[1] == hs) {
                    last[1] = hs + SqliteRunStore.HOUR_MS;
                } else {
                    ranges.add(new long[] {hs, hs + SqliteRunStore.HOUR_MS});
                }
            }
        }
        List<long[]> detail = new ArrayList<>();
        PreparedStatement d = ranges.isEmpty() ? null : store.stmt(rangesQuery(scope));
        for (int from = 0; from < ranges.size(); from += RANGES_PER_QUERY) {
            int i = 1;
            for (int k = from; k < from + RANGES_PER_QUERY; k++) {
                long[] range = k < ranges.size() ? ranges.get(k) : new long[2]; // padding: [0, 0) is empty
                d.setInt(i++, c);
                d.setLong(i++, range[0]);
                d.setLong(i++, range[1]);
            }
            scope.bindHost(d, i);
            try (ResultSet rs = d.executeQuery()) {
                while (rs.next()) {
                    detail.add(new long[] {rs.getLong(1), SqliteRunStore.statusCode(rs.getInt(2), rs.getInt(3))});
                }
            }
        }
        int next = 0;
        for (long[] h : hours) {
            boolean gone = (h[0] + 1) * SqliteRunStore.HOUR_MS <= purged;
            if (gone || summable(h, fleet, cov.reach)) {
                cov.close(h[1]);
                cov.up += h[6];
                cov.down += h[7];
                cov.maint += h[8];
                byte[] down = outagesOf.get(h[0]);
                if (down != null && h[5] <= cov.reach) {
                    long hs = h[0] * SqliteRunStore.HOUR_MS;
                    int[] pos = {0};
                    while (pos[0] < down.length) {
                        long start = hs + Varint.read(down, pos);
                        cov.outage(start, start + Varint.read(down, pos));
                    }
                }
                cov.row(h[3], (int) h[4]);
            } else {
                long end = (h[0] + 1) * SqliteRunStore.HOUR_MS;
                while (next < detail.size() && detail.get(next)[0] < end) {
                    cov.row(detail.get(next)[0], (int) detail.get(next)[1]);
                    next++;
                }
            }
        }
    }

    /**
     * Whether an hour's summary {@code h} gives its coverage exactly: no gap beyond the reach (nothing capped), and
     * for the fleet no down or maintenance time (its outages are not kept); a host's hour lists its outages.
     */
    private static boolean summable(long[] h, boolean fleet, long reach) {
        return h[5] <= reach && (!fleet || h[7] == 0 && h[8] == 0);
    }

    /**
     * {at, status, flags} of {@value #RANGES_PER_QUERY} time ranges of a check's results (each
     * {@code check_id = ? AND at >= ? AND at < ?}, one index range on either engine), narrowed to the scope's host.
     */
    private static String rangesQuery(HostScope scope) {
        StringBuilder b = new StringBuilder("SELECT r.at, r.status, r.flags FROM results r WHERE (");
        for (int k = 0; k < RANGES_PER_QUERY; k++) {
            b.append(k == 0 ? "" : " OR ").append("(r.check_id = ? AND r.at >= ? AND r.at < ?)");
        }
        b.append(')');
        if (!scope.fleet()) {
            b.append(" AND EXISTS (SELECT 1 FROM runs WHERE runs.id = r.run_id AND runs.host = ?)");
        }
        return b.append(" ORDER BY r.at").toString();
    }

    /**
     * Adds every result of check {@code c} in {@code [from, to)}, read by {@code rows} (a query {@code scope}
     * narrowed), to {@code cov}.
     */
    static void detail(PreparedStatement rows, HostScope scope, int c, long from, long to, Coverage cov)
            throws SQLException {
        if (to <= from) {
            return;
        }
        scope.bind(rows, c, from, to);
        try (ResultSet rs = rows.executeQuery()) {
            while (rs.next()) {
                cov.row(rs.getLong(1), SqliteRunStore.statusCode(rs.getInt(2), rs.getInt(3)));
            }
        }
    }
}
