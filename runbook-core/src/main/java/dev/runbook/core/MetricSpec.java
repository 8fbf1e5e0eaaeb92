package dev.runbook.core;

import dev.runbook.core.quantity.Unit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The declaration of one metric a check type produces: its name, canonical unit and direction.
 * A check type lists its metrics primary first; {@code warning} and {@code critical} address the primary one.
 * Immutable.
 *
 * @param name      snake_case name, e.g. {@code used}, {@code free_bytes}; or, for metrics a probe names at run
 *                  time (a Nagios plugin's perfdata), the label as the plugin wrote it, e.g. {@code /} or
 *                  {@code Round Trip} (contract §4: "metrics named by label")
 * @param unit      the canonical unit values are reported in
 * @param direction which way the metric gets worse
 */
public record MetricSpec(String name, Unit unit, Direction direction) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    /** A perfdata label: no '=', quote or control character, not blank, no space at either end. */
    private static final Pattern LABEL = Pattern.compile("[^='\\s\\p{Cntrl}](?:[^='\\p{Cntrl}]{0,98}[^='\\s\\p{Cntrl}])?");

    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(direction, "direction");
        if (!NAME.matcher(name).matches() && !LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must match [a-z][a-z0-9_]*, or be a perfdata label (no '=',"
                    + " quote or control character, at most 100 characters), found '" + name + "'");
        }
    }

    /** A higher-is-worse metric. */
    public static MetricSpec higherIsWorse(String name, Unit unit) {
        return new MetricSpec(name, unit, Direction.HIGHER_IS_WORSE);
    }

    /** A lower-is-worse metric. */
    public static MetricSpec lowerIsWorse(String name, Unit unit) {
        return new MetricSpec(name, unit, Direction.LOWER_IS_WORSE);
    }

    /** A metric with no direction: only comparisons and ranges apply to it. */
    public static MetricSpec informational(String name, Unit unit) {
        return new MetricSpec(name, unit, Direction.NONE);
    }
}
