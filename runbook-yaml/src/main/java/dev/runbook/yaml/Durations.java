package dev.runbook.yaml;

import dev.runbook.core.quantity.Quantity;
import java.time.Duration;

/**
 * Durations as the loader accepts them: {@link Quantity#parseDuration} plus a bound, so that {@code 1e999} or
 * {@code 99999999999d} is a located load-time error instead of a timeout of 292 years. Stateless.
 */
final class Durations {
    /** The longest duration a runbook may write: 100 years. */
    static final Duration MAX = Duration.ofDays(36_500);

    private Durations() {
    }

    /**
     * Parses a duration such as {@code 30s} or {@code 1.5h}.
     *
     * @throws IllegalArgumentException if it is malformed, negative, not finite or longer than {@link #MAX}
     */
    static Duration parse(String text) {
        Quantity q = Quantity.parse(text);
        if (!Double.isFinite(q.number())) {
            throw new IllegalArgumentException("expected a finite duration, found '" + Problems.clip(text.trim()) + "'");
        }
        Duration d = Quantity.parseDuration(text);
        if (d.compareTo(MAX) > 0 || q.canonicalIn(dev.runbook.core.quantity.UnitFamily.DURATION) > MAX.toSeconds()) {
            throw new IllegalArgumentException("expected a duration of at most 36500d (100 years), found '"
                    + Problems.clip(text.trim()) + "'");
        }
        return d;
    }
}
