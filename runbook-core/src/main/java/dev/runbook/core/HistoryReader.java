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
