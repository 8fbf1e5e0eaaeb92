package dev.runbook.core.escalation;

import dev.runbook.core.CheckResult;
import java.time.Instant;
import java.util.List;

/**
 * Opens, raises and resolves incidents, and processes what is due (escalation steps, updates, retries).
 * runbook-incidents provides the store-backed implementation with notifications; {@link InMemoryIncidents}
 * serves embedding and tests. Implementations are thread-safe; calls may block on I/O.
 */
public interface IncidentService {

    /**
     * Opens an incident for the check, or raises the open one to a more severe level, or leaves it as it is.
     *
     * @return what happened, for the action log ("incident #7 P1 opened")
     */
    String escalate(IncidentRequest request);

    /** The check is OK again: resolve its open incident, if any. */
    void recovered(String check, CheckResult result, Instant at);

    /**
     * A run of a procedure ended with {@code status}: an incident the procedure's own {@code escalate} step opened
     * before {@code startedAt} resolves when a later run ends {@code OK} (contract §7 [1.1]). Does nothing by default.
     */
    default void procedureFinished(String procedure, dev.runbook.core.Status status, Instant startedAt, Instant at) {
    }

    /** Sends what is due at {@code now}: escalation steps, updates, retries of undelivered notifications. */
    void processDue(Instant now);

    /** Incidents not resolved. */
    List<Incident> open();
}
