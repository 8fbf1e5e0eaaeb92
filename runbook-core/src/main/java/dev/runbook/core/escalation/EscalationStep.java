package dev.runbook.core.escalation;

import java.time.Duration;
import java.util.List;

/**
 * One entry of a level's {@code then} chain: notify these contacts {@code after} the incident opened, unless it
 * was resolved by then (or acknowledged, with {@code unlessAcknowledged}). Immutable.
 */
public record EscalationStep(Duration after, List<String> recipients, boolean unlessAcknowledged) {
    public EscalationStep {
        recipients = List.copyOf(recipients);
        if (after == null || after.isNegative()) {
            throw new IllegalArgumentException("after must be a duration that is not negative, found " + after);
        }
    }
}
