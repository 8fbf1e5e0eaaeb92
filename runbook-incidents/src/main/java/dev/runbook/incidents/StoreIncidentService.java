package dev.runbook.incidents;

import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.model.Runbook;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Incidents and the notification outbox kept in the runbook's SQLite store: opens, raises, escalates on
 * timers, sends updates, resolves on recovery; every notification is written before it is sent and retried
 * until delivered. Thread-safe; calls block on I/O. Close it.
 */
public final class StoreIncidentService implements IncidentService, AutoCloseable {

    /** Opens the incident tables in the store file at {@code storePath} for this runbook. */
    public static StoreIncidentService open(Path storePath, Runbook runbook, Clock clock) {
        throw new UnsupportedOperationException("incidents are being written (issue 6)");
    }

    /** The outbox-backed notification service for this runbook's notifiers and contacts. */
    public NotificationService notifications() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String escalate(IncidentRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void recovered(String check, CheckResult result, Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void processDue(Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Incident> open() {
        throw new UnsupportedOperationException();
    }

    /** All incidents, newest first. */
    public List<Incident> all() {
        throw new UnsupportedOperationException();
    }

    public Optional<Incident> find(long id) {
        throw new UnsupportedOperationException();
    }

    /** Acknowledges an incident (stops {@code unless: acknowledged} escalation steps). */
    public Incident acknowledge(long id, String operator) {
        throw new UnsupportedOperationException();
    }

    /** Resolves an incident by hand. */
    public Incident resolve(long id, String operator) {
        throw new UnsupportedOperationException();
    }

    /** Adds a note to an incident's timeline. */
    public Incident note(long id, String text, String operator) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
