package dev.runbook.core.escalation;

import java.time.Instant;
import java.util.List;

/**
 * An incident as recorded: its level and category, the check (or procedure) it concerns, its state and the
 * times of its life, and a timeline of what happened. Immutable snapshot.
 */
public record Incident(long id, String level, String category, String check, State state, Instant openedAt,
                       Instant acknowledgedAt, Instant resolvedAt, List<TimelineEntry> timeline) {
    public Incident {
        timeline = List.copyOf(timeline);
    }

    /** The life of an incident; JSON writes these in lower case. */
    public enum State {
        OPEN, ACKNOWLEDGED, RESOLVED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One event of an incident: opened, raised, joined, queued, delivered, escalated, acknowledged, note, action,
     * recovered, resolved, delivery_failed.
     */
    public record TimelineEntry(Instant at, String kind, String text) {
    }
}
