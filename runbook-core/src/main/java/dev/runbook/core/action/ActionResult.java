package dev.runbook.core.action;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one action: what happened, a message for people and how long it took. (An action with
 * {@code capture} hands its value to {@link ActionContext#capture(String, String)}.) Immutable.
 *
 * @param outcome  how it ended
 * @param message  what it did (or would do, in dry-run)
 * @param duration how long it took
 */
public record ActionResult(Outcome outcome, String message, Duration duration) {
    public ActionResult {
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        duration = duration == null ? Duration.ZERO : duration;
    }

    public static ActionResult done(String message) {
        return new ActionResult(Outcome.DONE, message, null);
    }

    public static ActionResult failed(String message) {
        return new ActionResult(Outcome.FAILED, message, null);
    }

    public static ActionResult dryRun(String message) {
        return new ActionResult(Outcome.DRY_RUN, message, null);
    }

    public static ActionResult skipped(String message) {
        return new ActionResult(Outcome.SKIPPED, message, null);
    }

    public static ActionResult timedOut(String message) {
        return new ActionResult(Outcome.TIMED_OUT, message, null);
    }

    /** This result with its duration set. */
    public ActionResult withDuration(Duration d) {
        return new ActionResult(outcome, message, d);
    }

    /** True for {@link Outcome#FAILED} and {@link Outcome#TIMED_OUT}. */
    public boolean isFailure() {
        return outcome == Outcome.FAILED || outcome == Outcome.TIMED_OUT;
    }
}
