package dev.runbook.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read access to stored results, for history-based checks (forecast, growth, slo) and reports.
 * Implementations are thread-safe; calls block on I/O.
 */
public interface HistoryReader {

    /** Values of {@code check.metric} with {@code from <= at < to}, oldest first. */
    List<MetricPoint> series(String check, String metric, Instant from, Instant to);

    /** Results of a check with {@code from <= at < to}, oldest first. */
    List<StoredResult> results(String check, Instant from, Instant to);

    /** The newest result of a check. */
    Optional<StoredResult> latest(String check);

    /**
     * The newest result of a check with {@code from <= at < to}. By default the last of {@link #results}; a store
     * answers it from one row.
     */
    default Optional<StoredResult> latest(String check, Instant from, Instant to) {
        List<StoredResult> rs = results(check, from, to);
        return rs.isEmpty() ? Optional.empty() : Optional.of(rs.get(rs.size() - 1));
    }

    /**
     * The oldest value of {@code check.metric} with {@code from <= at < to}. By default the first of
     * {@link #series}; a store reads oldest first and stops at the first value.
     */
    default Optional<MetricPoint> firstValue(String check, String metric, Instant from, Instant to) {
        List<MetricPoint> s = series(check, metric, from, to);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
    }

    /**
     * The newest value of {@code check.metric} with {@code from <= at < to}. By default the last of
     * {@link #series}; a store reads newest first and stops at the first value.
     */
    default Optional<MetricPoint> lastValue(String check, String metric, Instant from, Instant to) {
        List<MetricPoint> s = series(check, metric, from, to);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(s.size() - 1));
    }

    /** A reader with no history at all. */
    static HistoryReader empty() {
        return new HistoryReader() {
            @Override
            public List<MetricPoint> series(String check, String metric, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public List<StoredResult> results(String check, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public Optional<StoredResult> latest(String check) {
                return Optional.empty();
            }
        };
    }
}
