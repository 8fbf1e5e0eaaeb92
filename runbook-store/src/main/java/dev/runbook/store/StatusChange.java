package dev.runbook.store;

import dev.runbook.core.Status;
import java.time.Instant;

/**
 * A check's status changing between two consecutive stored results (maintenance results included, flagged).
 * {@code from} is null for the first result ever seen in the window with no earlier result. Immutable.
 */
public record StatusChange(String check, Instant at, Status from, Status to, boolean maintenance) {
}
