package dev.runbook.core.escalation;

import java.time.Duration;
import java.util.List;

/**
 * An incident level such as P1: its title, the target time to acknowledgement ({@code respond}), who is
 * notified at once and the {@code then} chain. Levels are ranked by their order in the policy: the first is
 * the most severe. Immutable.
 */
public record Level(String id, String title, Duration respond, List<String> recipients, List<EscalationStep> then) {
    public Level {
        recipients = List.copyOf(recipients);
        then = List.copyOf(then);
    }
}
