package dev.runbook.core.escalation;

import java.time.Instant;
import java.util.List;

/**
 * An incident as recorded: its level and category, the check (or procedure) it concerns, its state and the
 * times of its life, a timeline of what happened, the host it is about (runbook-format §10: incidents are per
 * check and host; null when not known) and every check it covers, its own first (§7: one outage, one incident —
 * other checks of the same outage join it). Immutable snapshot.
 */
public record Incident(long id, String level, String category, String check, State state, Instant openedAt,
                       Instant acknowledgedAt, Instant resolvedAt, List<TimelineEntry> timeline, String host,
                       List<String> checks) {
    public Incident {
        timeline = List.copyOf(timeline);
        host = host == null || host.isEmpty() ? null : host;
        checks = checks == null || checks.isEmpty() ? check == null ? List.of() : List.of(check) : List.copyOf(checks);
    }

    /** An incident covering only its own check. */
    public Incident(long id, String level, String category, String check, State state, Instant openedAt,
                    Instant acknowledgedAt, Instant resolvedAt, List<TimelineEntry> timeline, String host) {
        this(id, level, category, check, state, openedAt, acknowledgedAt, resolvedAt, timeline, host, null);
    }

    /** An incident whose host is not known (one host, or kept in memory). */
    public Incident(long id, String level, String category, String check, State state, Instant openedAt,
                    Instant acknowledgedAt, Instant resolvedAt, List<TimelineEntry> timeline) {
        this(id, level, category, check, state, openedAt, acknowledgedAt, resolvedAt, timeline, null, null);
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
