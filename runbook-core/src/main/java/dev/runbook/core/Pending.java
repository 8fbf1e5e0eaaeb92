package dev.runbook.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Hysteresis in progress: the raw status has left (or is returning to) OK but has not yet held for the
 * configured {@code for} / {@code recover_for}. For a count rule {@code count} of {@code of} runs have been
 * seen; for a duration rule {@code since} says when it started and {@code duration} how long it must hold.
 * Immutable.
 *
 * @param count    consecutive runs seen so far
 * @param of       runs required (0 for a duration rule)
 * @param since    when the streak started
 * @param duration required duration (null for a count rule)
 * @param target   the status the check is moving to
 */
public record Pending(int count, int of, Instant since, Duration duration, Status target) {
}
