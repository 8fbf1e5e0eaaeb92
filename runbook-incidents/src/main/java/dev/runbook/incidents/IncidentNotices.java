package dev.runbook.incidents;

import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.model.Runbook;
import dev.runbook.store.IncidentTables;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an incident tells people after it opened: the due escalation steps, the regular updates (never once it is
 * resolved) and the recovery report, each written to the outbox for the incident's recipients. Split from
 * {@link StoreIncidentService}, which opens and resolves incidents. Thread-safe over the store's tables.
 */
final class IncidentNotices {
    private final IncidentTables store;
    private final OutboxDelivery outbox;
    private final Runbook runbook;
    private final EscalationPolicy policy;
    private final ZoneId zone;
    private final IncidentReport report;

    IncidentNotices(IncidentTables store, OutboxDelivery outbox, Runbook runbook, IncidentReport report) {
        this.store = store;
        this.outbox = outbox;
        this.runbook = runbook;
        this.policy = runbook.escalation();
        this.zone = runbook.zone();
        this.report = report;
    }

    /**
     * Writes the recovery notice of a resolved incident to the outbox without attempting it; inside the
     * transaction that resolved it, so both are written or neither. Null if there is nobody to tell.
     */
    OutboxDelivery.Written recoveryWritten(long id, Instant now) {
        IncidentTables.Row row = store.find(id).orElseThrow();
        Level level = policy.level(row.level()).orElse(null);
        List<String> to = store.outbox().targetsOf(id);
        if (to.isEmpty() && level != null) {
            to = level.recipients();
        }
        if (to.isEmpty()) {
            return null;
        }
        IncidentReport.Facts f = facts(row, now);
        return outbox.enqueue(id, to, incidentNotification("recovery", "resolved", row, level,
                report.subject("Recovered", f), report.recovery(f), now), now);
    }

    /** Attempts notifications written by a transaction that has committed; nothing for null. */
    void attempt(OutboxDelivery.Written written, Instant now) {
        if (written != null) {
            outbox.attempt(written, now);
        }
    }

    void fireStep(IncidentTables.Step s, Instant now) {
        IncidentTables.Row row = store.find(s.incidentId()).orElseThrow();
        Level level = policy.level(s.level()).orElse(null);
        if (level == null || s.step() >= level.then().size()) {
            store.tx(() -> store.claimStep(s, now, "level no longer defined"));
            return;
        }
        if (s.unlessAcknowledged() && row.state() == Incident.State.ACKNOWLEDGED) {
            store.tx(() -> store.claimStep(s, now, "acknowledged before due"));
            return;
        }
        EscalationStep step = level.then().get(s.step());
        // the step is marked done in the same transaction that writes its notifications to the outbox (§10):
        // a process killed in between leaves both undone, and whoever holds the lease next fires the step once
        OutboxDelivery.Written written = store.tx(() -> {
            if (!store.claimStep(s, now, "notified")) {
                return null;
            }
            store.timeline(row.id(), now, "escalated", "not resolved after " + IncidentReport.human(step.after())
                    + ": notifying " + String.join(", ", step.recipients()));
            IncidentReport.Facts f = facts(row, now);
            Notification n = incidentNotification("incident", "escalated", row, level, report.subject("Escalated", f),
                    report.initial(f, "Escalated: not resolved " + IncidentReport.human(step.after()) + " after it opened"),
                    now);
            return outbox.enqueue(row.id(), step.recipients(), n, now);
        });
        if (written != null) {
            outbox.attempt(written, now);
        }
    }

    void update(IncidentTables.Row r, Instant now) {
        Duration every = policy.updates();
        Instant next = null;
        if (every != null && !every.isZero() && !every.isNegative()) {
            // the first due time after now: missed updates are not sent in a burst
            long missed = Duration.between(r.nextUpdateAt(), now).toMillis() / every.toMillis();
            next = r.nextUpdateAt().plus(every.multipliedBy(missed + 1));
        }
        Instant scheduled = r.nextUpdateAt();
        Instant nextUpdate = next;
        // the next update's time is moved in the same transaction that writes this update to the outbox (§10)
        OutboxDelivery.Written written = store.tx(() -> {
            Optional<IncidentTables.Row> again = store.find(r.id());
            if (again.isEmpty() || again.get().state() == Incident.State.RESOLVED
                    || !scheduled.equals(again.get().nextUpdateAt())) {
                return null;
            }
            store.nextUpdate(r.id(), nextUpdate);
            if (nextUpdate == null) {
                return null;
            }
            List<String> to = store.outbox().targetsOf(r.id());
            if (to.isEmpty()) {
                return null;
            }
            IncidentTables.Row row = store.find(r.id()).orElseThrow();
            Level level = policy.level(row.level()).orElse(null);
            IncidentReport.Facts f = facts(row, now);
            return outbox.enqueue(row.id(), to, incidentNotification("update", "update", row, level,
                    report.subject("Update", f), report.update(f), now), now);
        });
        if (written != null) {
            outbox.attempt(written, now);
        }
    }

    IncidentReport.Facts facts(IncidentTables.Row row, Instant now) {
        return new IncidentReport.Facts(row, policy.level(row.level()).orElse(null), store.timelineOf(row.id()),
                store.pendingSteps(row.id()), policy.updates(), now);
    }

    Notification incidentNotification(String kind, String event, IncidentTables.Row row, Level level,
                                              String subject, String text, Instant at) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("runbook", runbook.id());
        fields.put("incident", Long.toString(row.id()));
        fields.put("event", event);
        fields.put("level", row.level());
        if (level != null && level.title() != null) {
            fields.put("level_title", level.title());
        }
        fields.put("check", IncidentReport.subjectName(row.subject()));
        if (row.category() != null) {
            fields.put("category", row.category());
        }
        fields.put("state", row.state().word());
        if (row.triggerStatus() != null) {
            fields.put("status", row.triggerStatus());
        }
        fields.put("opened_at", IncidentsView.ISO.format(row.openedAt().atZone(zone)));
        return new Notification(kind, subject, text, fields, at);
    }}
