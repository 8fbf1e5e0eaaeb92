package dev.runbook.core;

import java.time.Instant;

/** One stored value of a metric. Immutable. */
public record MetricPoint(Instant at, double value) {
}
