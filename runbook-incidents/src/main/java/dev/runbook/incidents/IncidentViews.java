package dev.runbook.incidents;

import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentDetails;
import dev.runbook.core.escalation.Level;
import dev.runbook.store.IncidentTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The read side of a runbook's incidents: stored rows as {@link Incident}s and {@link IncidentDetails}, the
 * response-target arithmetic, and the outbox's given-up entries. Reads only; thread-safe as far as the tables are.
 */
final class IncidentViews {
    private final IncidentTables store;
    private final EscalationPolicy policy;

    IncidentViews(IncidentTables store, EscalationPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    Incident toIncident(IncidentTables.Row r) {
        String subject = IncidentReport.subjectName(r.subject());
        List<String> checks = new ArrayList<>(List.of(subject));
        for (IncidentTables.Covered c : store.covered(r.id())) {
            String name = IncidentReport.subjectName(c.check());
            if (!checks.contains(name)) {
                checks.add(name);
            }
        }
        return new Incident(r.id(), r.level(), r.category(), subject, r.state(), r.openedAt(),
                r.acknowledgedAt(), r.resolvedAt(), store.timelineOf(r.id()), r.host(), checks);
    }

    IncidentDetails toDetails(IncidentTables.Row r) {
        Level level = policy.level(r.level()).orElse(null);
        return new IncidentDetails(toIncident(r), level == null ? null : level.title(), r.triggerStatus(),
                r.triggerMessage(), r.acknowledgedBy(), r.resolvedBy(), level == null ? null : level.respond(),
                r.respondMet());
    }

    /** The row of incident {@code id}, or an error naming the open ones. */
    IncidentTables.Row require(long id) {
        return store.find(id).orElseThrow(() -> new IllegalArgumentException("unknown incident #" + id
                + " (open: " + (store.list(true).isEmpty() ? "none" : String.join(", ",
                store.list(true).stream().map(r -> "#" + r.id()).toList())) + ")"));
    }

    /** True for an incident a fire drill opened (its timeline says so): reports leave it out. */
    boolean isDrill(long id) {
        return store.timelineOf(id).stream().anyMatch(e -> StoreIncidentService.DRILL.equals(e.kind()));
    }

    /** Incidents open at some time in {@code [from, to)}, oldest first; fire drills left out. */
    List<IncidentDetails> overlapping(Instant from, Instant to) {
        List<IncidentDetails> out = new ArrayList<>();
        List<IncidentTables.Row> rows = new ArrayList<>(store.list(false));
        Collections.reverse(rows);
        for (IncidentTables.Row r : rows) {
            if (r.openedAt().isBefore(to) && (r.resolvedAt() == null || !r.resolvedAt().isBefore(from))
                    && !isDrill(r.id())) {
                out.add(toDetails(r));
            }
        }
        return out;
    }

    /** Notifications given up after the last retry, oldest first. */
    List<FailedNotification> failedNotifications() {
        return store.outbox().outgoingByState("failed").stream().map(o -> new FailedNotification(o.id(), o.incidentId(),
                o.target(), o.notifier(), o.address(), o.kind(), o.subject(), o.attempts(), o.lastError(),
                o.createdAt(), o.doneAt())).toList();
    }

    /** Whether a response at {@code at} meets the level's {@code respond} target; null when it has none. */
    Boolean respondMet(IncidentTables.Row r, Instant at) {
        Level level = policy.level(r.level()).orElse(null);
        if (level == null || level.respond() == null) {
            return null;
        }
        return Duration.between(r.openedAt(), at).compareTo(level.respond()) <= 0;
    }

    static String respondText(IncidentTables.Row r, Instant at, Boolean met) {
        if (met == null) {
            return "";
        }
        return " after " + IncidentReport.human(Duration.between(r.openedAt(), at)) + " (response target "
                + (met ? "met" : "missed") + ")";
    }
}
