package dev.runbook.reports;

import java.time.Instant;

/**
 * One value of a chart's series at a time.
 *
 * @param at    when
 * @param value the value, in the unit the chart names
 */
public record ChartPoint(Instant at, double value) {
}
