package dev.runbook.core.invoke;

import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import java.time.Duration;

/** Durations written as the runbook writes them ({@code 200ms}, {@code 2s}). */
final class Durations {
    private Durations() {
    }

    static String human(Duration d) {
        return Quantity.humanize(d.toNanos() / 1e9, Unit.SECONDS);
    }
}
