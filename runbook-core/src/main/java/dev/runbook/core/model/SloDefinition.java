package dev.runbook.core.model;

import java.time.Duration;

/**
 * A service level objective (runbook-format §8): availability of a check ({@code from: health, objective:
 * 99.0%}) or a bound on a metric ({@code from: access.p95, max: 5s}) over a rolling window. Immutable.
 *
 * @param id        slo id
 * @param from      a check id (availability) or {@code check.metric}
 * @param objective availability objective in percent, or null
 * @param max       upper bound on the metric in canonical units, or null
 * @param maxText   the bound as written (for messages), or null
 * @param window    the rolling window
 */
public record SloDefinition(String id, String from, Double objective, Double max, String maxText, Duration window) {
}
