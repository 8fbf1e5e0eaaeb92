package dev.runbook.core.threshold;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;

/**
 * The warning and critical rules of one metric; either may be absent. Critical is checked first.
 * Immutable and thread-safe.
 */
public record MetricThresholds(MetricSpec metric, Threshold warning, Threshold critical) {

    public MetricThresholds {
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null");
        }
        if (warning instanceof Threshold.Bare w && critical instanceof Threshold.Bare c) {
            boolean lower = w.direction() == dev.runbook.core.Direction.LOWER_IS_WORSE;
            if (lower ? w.value() < c.value() : w.value() > c.value()) {
                throw new IllegalArgumentException("warning " + w.text() + " and critical " + c.text() + " of metric '"
                        + metric.name() + "' are inconsistent: for a " + (lower ? "lower" : "higher")
                        + "-is-worse metric warning must be " + (lower ? "at or above" : "at or below") + " critical");
            }
        }
    }

    /** Parses both rules (either text may be null). */
    public static MetricThresholds parse(MetricSpec metric, String warning, String critical) {
        return new MetricThresholds(metric,
                warning == null ? null : Threshold.parse(warning, metric),
                critical == null ? null : Threshold.parse(critical, metric));
    }

    /** The status this value earns. */
    public Status evaluate(double value) {
        if (critical != null && critical.alerts(value)) {
            return Status.CRITICAL;
        }
        if (warning != null && warning.alerts(value)) {
            return Status.WARNING;
        }
        return Status.OK;
    }

    /** The rule that produced {@code status}, or null. */
    public Threshold ruleFor(Status status) {
        return status == Status.CRITICAL ? critical : status == Status.WARNING ? warning : null;
    }

    /** "warning at or above 80%, critical at or above 90%". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (warning != null) {
            b.append("warning ").append(warning.describe(metric.unit()));
        }
        if (critical != null) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append("critical ").append(critical.describe(metric.unit()));
        }
        return b.toString();
    }

    /** The value humanized in this metric's unit. */
    public String show(double value) {
        return Quantity.humanize(value, metric.unit());
    }
}
