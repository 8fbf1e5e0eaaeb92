package dev.runbook.yaml;

import dev.runbook.core.quantity.Quantity;
import java.time.Duration;

/**
 * Durations as the loader accepts them: {@link Quantity#parseDuration} plus a bound, so that {@code 1e999} or
 * {@code 99999999999d} is a located load-time error instead of a timeout of 292 years. Stateless.
 */
final class Durations {
    /** The longest duration a runbook may write: 100 years. */
    static final Duration MAX = dev.runbook.core.spi.ParameterValues.MAX_DURATION;

    private Durations() {
    }

    /**
     * Parses a duration such as {@code 30s} or {@code 1.5h}.
     *
     * @throws IllegalArgumentException if it is malformed, negative, not finite or longer than {@link #MAX}
     */
    static Duration parse(String text) {
        return dev.runbook.core.spi.ParameterValues.duration(text);
    }
}
