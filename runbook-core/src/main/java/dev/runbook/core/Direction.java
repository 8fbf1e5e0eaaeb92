package dev.runbook.core;

/**
 * Which way a metric gets worse. A bare threshold value ({@code 80%}) alerts at or above it for
 * {@link #HIGHER_IS_WORSE} metrics and at or below it for {@link #LOWER_IS_WORSE} ones; a metric with
 * {@link #NONE} takes only explicit comparisons and ranges.
 */
public enum Direction {
    HIGHER_IS_WORSE,
    LOWER_IS_WORSE,
    NONE
}
