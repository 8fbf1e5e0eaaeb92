package dev.runbook.core.model;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A known, accepted failure: the check runs and shows its status with {@code waived: true}, is not counted and
 * opens nothing until the end of {@code until} in the runbook's zone. Immutable.
 */
public record Waiver(LocalDate until, String reason) {
    public Waiver {
        Objects.requireNonNull(until, "until");
    }

    /** True while the waiver holds at {@code now}. */
    public boolean activeAt(ZonedDateTime now, ZoneId zone) {
        return now.isBefore(until.plusDays(1).atStartOfDay(zone));
    }
}
