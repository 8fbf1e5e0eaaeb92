package dev.runbook.core.engine;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import java.time.Duration;

/**
 * One procedure step as it ran, for the filled checklist: its position and title, its kind, and — for steps
 * that are not checks — how it went. A failed action step counts as CRITICAL; an unconfirmed manual step as
 * UNKNOWN. Immutable.
 *
 * @param index   position in the procedure, from 1
 * @param title   checklist title
 * @param kind    {@code checks}, {@code action}, {@code wait}, {@code recheck}, {@code escalate}, {@code report},
 *                {@code manual}
 * @param status  the status this step counts as, or null if it does not count (check steps count through
 *                their results)
 * @param outcome how it ended, or null for check steps
 * @param message what happened
 * @param duration how long it took
 */
public record StepRun(int index, String title, String kind, Status status, Outcome outcome, String message,
                      Duration duration) {
}
