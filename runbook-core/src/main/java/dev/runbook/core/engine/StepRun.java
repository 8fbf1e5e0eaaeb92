package dev.runbook.core.engine;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One procedure step as it ran, for the filled checklist and the run's stored trail: its position and title, its
 * kind, and — for steps that are not checks — how it went. A failed action step counts as CRITICAL; an
 * unconfirmed gate as UNKNOWN. Immutable.
 *
 * @param index    position in the procedure, from 1
 * @param title    checklist title
 * @param kind     {@code checks}, {@code action}, {@code wait}, {@code recheck}, {@code escalate}, {@code report},
 *                 {@code manual}
 * @param status   the status this step counts as, or null if it does not count (check steps count through
 *                 their results)
 * @param outcome  how it ended, or null for check steps
 * @param message  what happened
 * @param duration how long it took
 * @param checks   the checks the step ran (a checks step, a recheck), else empty
 * @param startedAt when it started, or null when not known
 * @param finishedAt when it ended, or null when not known
 * @param shown    the status the trail shows for it, counted or not (a checks step's worst counted result, a
 *                 checklist line nobody confirmed: UNKNOWN), or null for a step that did not run
 */
public record StepRun(int index, String title, String kind, Status status, Outcome outcome, String message,
                      Duration duration, List<String> checks, Instant startedAt, Instant finishedAt, Status shown) {
    public StepRun {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A step without times or checks; it shows its counted status. */
    public StepRun(int index, String title, String kind, Status status, Outcome outcome, String message,
                   Duration duration) {
        this(index, title, kind, status, outcome, message, duration, List.of(), null, null, status);
    }

    /** True if the step was left out (a condition not met, a decline or a recovery before it). */
    public boolean skipped() {
        return outcome == Outcome.SKIPPED;
    }
}
