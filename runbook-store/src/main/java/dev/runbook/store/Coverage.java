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
                Outage last = outages.isEmpty() ? null : outages.get(outages.size() - 1);
                if (last != null && last.end().toEpochMilli() == start) {
                    outages.set(outages.size() - 1, new Outage(last.start(), Instant.ofEpochMilli(end)));
                } else {
                    outages.add(new Outage(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end)));
                }
                break;
            default:
                maint += end - start;
        }
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
