package dev.runbook.core.model;

import java.time.Duration;

/**
 * How long a status must hold before it is reported: {@code for} (leaving OK), {@code recover_for} (returning
 * to OK), each a count of consecutive runs or a duration, and flap detection. Immutable.
 *
 * @param forCount        runs before leaving OK (0: none)
 * @param forDuration     time before leaving OK (null: none)
 * @param recoverCount    runs before returning to OK (0: none)
 * @param recoverDuration time before returning to OK (null: none)
 * @param flapping        flap detection, or null
 */
public record Hysteresis(int forCount, Duration forDuration, int recoverCount, Duration recoverDuration,
                         Flapping flapping) {
    public static final Hysteresis NONE = new Hysteresis(0, null, 0, null, null);

    public Hysteresis {
        if (forCount < 0 || recoverCount < 0) {
            throw new IllegalArgumentException("for and recover_for counts must not be negative");
        }
    }

    public boolean isNone() {
        return forCount <= 1 && forDuration == null && recoverCount <= 1 && recoverDuration == null && flapping == null;
    }

    /**
     * Nagios-style flap detection: flapping when the share of state changes over the last {@code window} results
     * exceeds {@code high} percent; cleared below {@code low}.
     */
    public record Flapping(int window, double low, double high) {
        public Flapping {
            if (window < 3) {
                throw new IllegalArgumentException("flapping.window must be at least 3, found " + window);
            }
            if (low < 0 || high > 100 || low > high) {
                throw new IllegalArgumentException("flapping needs 0 <= low <= high <= 100, found low " + low
                        + ", high " + high);
            }
        }
    }
}
