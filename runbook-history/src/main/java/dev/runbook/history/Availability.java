package dev.runbook.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

    /** Uptime in percent of the observed time (0–100); NaN without data. */
    public double percent() {
        long obs = observed().toMillis();
        return obs == 0 ? Double.NaN : 100.0 * up.toMillis() / obs;
    }
}
