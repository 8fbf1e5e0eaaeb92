package dev.runbook.core.escalation;

import java.time.Duration;

/**
 * An incident with what reports need beyond {@link Incident}: the triggering result, who acknowledged and
 * resolved it, and whether the level's {@code respond} target was met. Immutable.
 *
 * @param incident              the incident with its timeline
 * @param levelTitle            the level's title ("Complete service outage"), or null
 * @param triggerStatus         the triggering result's status ({@code CRITICAL}), or null
 * @param triggerMessage        the triggering result's message, or null
 * @param acknowledgedBy        the operator who acknowledged, or null
 * @param resolvedBy            the operator who resolved it by hand, or null when it recovered by itself
 * @param respondTarget         the level's target time to acknowledgement, or null
 * @param respondedWithinTarget true or false once acknowledged (or resolved by hand); null before, or without a target
 */
public record IncidentDetails(Incident incident, String levelTitle, String triggerStatus, String triggerMessage,
                              String acknowledgedBy, String resolvedBy, Duration respondTarget,
                              Boolean respondedWithinTarget) {

    /** How long it was open: until resolved, else until {@code now}. */
    public Duration duration(java.time.Instant now) {
        return Duration.between(incident.openedAt(), incident.resolvedAt() != null ? incident.resolvedAt() : now);
    }
}
