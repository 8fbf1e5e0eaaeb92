package dev.runbook.dsl;

import dev.runbook.core.quantity.Quantity;
import java.time.Duration;

/** Durations of the DSL: YAML's forms ({@code "30s"}, {@code "1.5h"}), validated at once naming the field. */
final class Durations {
    private Durations() {
    }

    static Duration parse(String field, String text) {
        if (text == null) {
            throw new IllegalArgumentException(field + ": expected a duration such as 30s, found nothing");
        }
        try {
            return Quantity.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": expected a duration such as 30s, 10m or 1.5h, found '"
                    + text + "'", e);
        }
    }

    static Duration positiveOrZero(String field, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(field + ": expected a duration that is not negative, found " + d);
        }
        return d;
    }

    static Duration positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": expected a positive duration, found " + d);
        }
        return d;
    }
}
