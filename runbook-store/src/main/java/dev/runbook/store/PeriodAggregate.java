package dev.runbook.store;

import dev.runbook.core.history.Aggregate;
import java.time.Instant;

/**
 * The {@link Aggregate} of a metric over one calendar period (an hour, day, week or month in the runbook's
 * zone), {@code start <= at < end}. Immutable.
 */
public record PeriodAggregate(Instant start, Instant end, Aggregate aggregate) {
}
