package dev.runbook.runtime;

import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.IncidentService;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The incidents as the engine and the scheduler see them inside a {@link RunbookRuntime}: everything goes to the
 * real service except {@link #processDue}, which only hands the due work to the {@link EscalationTicker}'s thread
 * (or does nothing), so a run never waits for the outbox. Thread-safe as the delegate is.
 */
final class DeferredIncidents implements IncidentService {
    private final IncidentService delegate;
    private final Runnable onDue;

    DeferredIncidents(IncidentService delegate, Runnable onDue) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.onDue = Objects.requireNonNull(onDue, "onDue");
    }

    @Override
    public String escalate(IncidentRequest request) {
        return delegate.escalate(request);
    }

    @Override
    public void recovered(String check, CheckResult result, Instant at) {
        delegate.recovered(check, result, at);
    }

    @Override
    public void procedureFinished(String procedure, dev.runbook.core.Status status, Instant startedAt, Instant at) {
        delegate.procedureFinished(procedure, status, startedAt, at);
    }

    @Override
    public void processDue(Instant now) {
        onDue.run();
    }

    @Override
    public List<Incident> open() {
        return delegate.open();
    }
}
