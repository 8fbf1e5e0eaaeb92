package dev.runbook.core;

import java.time.Duration;
import java.time.Instant;

/** A stretch of time a check was down (CRITICAL), {@code start <= t < end}, clipped to the asked window. Immutable. */
public record Outage(Instant start, Instant end) {
    /** How long it lasted. */
    public Duration duration() {
        return Duration.between(start, end);
    }
}
