package dev.runbook.core.history;

import java.time.Instant;

/** One stored value of a metric. Immutable. */
public record MetricPoint(Instant at, double value) {
}
