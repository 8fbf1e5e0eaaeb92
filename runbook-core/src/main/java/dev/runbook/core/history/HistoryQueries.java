package dev.runbook.core.history;

import dev.runbook.core.Availability;
import dev.runbook.core.HistoryReader;
import dev.runbook.core.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a report reads from the recorded results and metrics over a period (runbook-format §8), a query port
 * the store implements: besides the {@link HistoryReader} reads, availability, aggregates, hourly means,
 * remediation steps taken and runs per host. Windows are {@code from <= at < to}; unknown checks or metrics
 * give empty answers, not errors. Read-only. Implementations are thread-safe; calls block on I/O.
 */
public interface HistoryQueries extends HistoryReader {

    /** The host these queries are narrowed to, or null for the whole fleet. */
    String host();

    /**
     * The same queries narrowed to the results, runs and remediation steps of one host's runs (runbook-format §10,
     * {@code report --host NAME}); null gives the whole fleet.
     *
     * @throws IllegalArgumentException for a name that is not a host name
     */
    HistoryQueries forHost(String host);

    /** The runs recorded in the window per host, in host order ({@code ""} for runs recorded before hosts were). */
    Map<String, Integer> runsPerHost(Instant from, Instant to);

    /** Remediation steps taken in the window, oldest first: the reports' {@code actions} section. */
    List<StoredAction> actions(Instant from, Instant to);

    /**
     * Availability and downtime of a check over the window, as runbook-format §8 defines it.
     *
     * @param interval the check's schedule interval ({@link #typicalInterval} estimates one)
     */
    Availability availability(String check, Instant from, Instant to, Duration interval);

    /** The median gap between consecutive results of a check in the window; empty with fewer than two results. */
    Optional<Duration> typicalInterval(String check, Instant from, Instant to);

    /**
     * Count, sum, min, max, average and percentiles of {@code check.metric} over the window; with
     * {@code preferRollups} the finished hours are read from their hourly rollups (percentiles then approximate,
     * {@link Aggregate#approximate()}).
     */
    Aggregate aggregate(String check, String metric, Instant from, Instant to, boolean preferRollups);

    /** The mean of {@code check.metric} in each UTC hour of the window that has values, oldest first. */
    List<MetricPoint> hourlyMeans(String check, String metric, Instant from, Instant to);
}
