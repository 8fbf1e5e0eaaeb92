package dev.runbook.core.engine;

import dev.runbook.core.action.Outcome;
import java.time.Duration;

/**
 * One remediation step as it ran: its label ({@code cleanup-uploads}, {@code recheck disk}, {@code escalate
 * P1}), outcome and message. Immutable.
 */
public record ActionRun(String step, Outcome outcome, String message, Duration duration) {
    public ActionRun {
        message = message == null ? "" : message;
        duration = duration == null ? Duration.ZERO : duration;
    }
}
