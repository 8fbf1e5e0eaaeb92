package dev.runbook.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A check's availability over a window, as runbook-format §8 defines it: a CRITICAL result means down until
 * the next result; each result covers at most twice the schedule's interval (beyond that: no data, excluded);
 * results taken in maintenance cover time that is excluded. Any other status (OK, WARNING, UNKNOWN) counts as
 * up. {@code up + down + noData + maintenance} is the window's length. Immutable.
 *
 * @param check       check id
 * @param from        window start (inclusive)
 * @param to          window end (exclusive)
 * @param up          time covered by non-CRITICAL results
 * @param down        time covered by CRITICAL results (the downtime)
 * @param noData      time no result covered
 * @param maintenance time covered by maintenance results
 * @param outages     the down stretches, oldest first, clipped to the window
 */
public record Availability(String check, Instant from, Instant to, Duration up, Duration down, Duration noData,
                           Duration maintenance, List<Outage> outages) {
    public Availability {
        outages = List.copyOf(outages);
    }

    /** Time with data: {@code up + down}. */
    public Duration observed() {
        return up.plus(down);
    }

    /** True when no result covered any of the window. */
    public boolean isEmpty() {
        return observed().isZero();
    }

    /** The monitored time, {@code up + down}: the denominator of {@link #percent()} (runbook-format §8 [1.1]). */
    public Duration monitored() {
        return observed();
    }

    /**
     * True when at least a quarter of {@code span} was monitored (runbook-format §8 [1.1]): below that a report
     * says "not enough data" and an {@code slo} check is UNKNOWN "not enough history". Time in maintenance is not
     * asked to be monitored, so it is taken out of {@code span} first.
     *
     * @param span the part of the period or SLO window that could have been monitored (up to now)
     */
    public boolean enoughFor(Duration span) {
        long wanted = Math.max(0, span.toMillis() - maintenance.toMillis());
        return !isEmpty() && 4 * observed().toMillis() >= wanted;
    }

    /** Uptime in percent of the monitored time, {@code 1 − downtime ÷ monitored time} (0–100); NaN without data. */
    public double percent() {
        long obs = observed().toMillis();
        return obs == 0 ? Double.NaN : 100.0 * up.toMillis() / obs;
    }

    /**
     * Computes availability per runbook-format §8 from a check's results sorted by time, which may include
     * results before {@code from} (the newest of them covers the window's start). Works on any
     * {@link dev.runbook.core.HistoryReader}'s results.
     *
     * @param interval the check's schedule interval: a result covers at most twice it
     */
    public static Availability of(String check, List<StoredResult> results, Instant from, Instant to,
                                  Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, found " + interval);
        }
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        long reach = 2 * interval.toMillis();
        long up = 0;
        long down = 0;
        long maint = 0;
        List<Outage> outages = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            StoredResult r = results.get(i);
            long at = r.at().toEpochMilli();
            long next = i + 1 < results.size() ? results.get(i + 1).at().toEpochMilli() : Long.MAX_VALUE;
            long start = Math.max(at, f);
            long end = Math.min(Math.min(next, at + reach), t);
            if (end <= start) {
                continue;
            }
            long len = end - start;
            if (r.maintenance()) {
                maint += len;
            } else if (r.status() == Status.CRITICAL) {
                down += len;
                Outage last = outages.isEmpty() ? null : outages.get(outages.size() - 1);
                if (last != null && last.end().toEpochMilli() == start) {
                    outages.set(outages.size() - 1, new Outage(last.start(), Instant.ofEpochMilli(end)));
                } else {
                    outages.add(new Outage(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end)));
                }
            } else {
                up += len;
            }
        }
        long total = Math.max(0, t - f);
        return new Availability(check, from, to, Duration.ofMillis(up), Duration.ofMillis(down),
                Duration.ofMillis(total - up - down - maint), Duration.ofMillis(maint), outages);
    }
}
