package dev.runbook.incidents;

import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.store.IncidentTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One outage, one incident (contract §7 [1.1]): finds the open incident an escalation joins (the first of the
 * request's {@link IncidentRequest#joins()} holding one, at the level asked or higher when the request says so),
 * records the check it now covers, and decides when an incident covering several checks resolves: when all of them
 * are OK again. Stateless over the store's tables; call inside their transaction where it says so.
 */
final class OutageJoin {
    private final IncidentTables store;
    private final EscalationPolicy policy;

    OutageJoin(IncidentTables store, EscalationPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    /** The open incident the request joins, if any. */
    Optional<IncidentTables.Row> target(IncidentRequest request, String level) {
        for (String other : request.joins()) {
            Optional<IncidentTables.Row> open = store.findOpen(other);
            if (open.isPresent() && (!request.joinsOnlyAtLevel()
                    || policy.rank(open.get().level()) <= policy.rank(level))) {
                return open;
            }
        }
        return Optional.empty();
    }

    /**
     * Joins {@code subject} to the open incident {@code r}: a check is covered (the incident waits for it to be OK
     * again); a procedure's own step is only noted in the timeline. Inside a transaction.
     */
    void join(IncidentTables.Row r, IncidentRequest request, String subject, String level, Instant now)
            throws java.sql.SQLException {
        if (request.check() != null) {
            store.cover(r.id(), r.subject(), request.check(), now);
        }
        String msg = request.trigger() == null || request.trigger().message() == null
                || request.trigger().message().isBlank() ? "" : ": " + request.trigger().message();
        store.timeline(r.id(), now, "joined", IncidentReport.subjectName(subject) + " escalated to " + level
                + (request.check() == null ? "" : " and is covered by this incident") + msg);
    }

    /**
     * A covered check is OK again: true if the incident may resolve (every check it covers is OK, or it covers
     * only its own subject); otherwise notes in the timeline which checks it still waits for. Inside a transaction.
     */
    boolean recovered(long id, String check, Instant at) throws java.sql.SQLException {
        List<IncidentTables.Covered> covered = store.covered(id);
        if (covered.isEmpty()) {
            return true;
        }
        store.coveredOk(id, check);
        List<String> waiting = new ArrayList<>();
        for (IncidentTables.Covered c : covered) {
            if (!c.ok() && !c.check().equals(check)) {
                waiting.add(IncidentReport.subjectName(c.check()));
            }
        }
        if (waiting.isEmpty()) {
            return true;
        }
        store.timeline(id, at, "recovered", check + " OK; still waiting for " + String.join(", ", waiting));
        return false;
    }

    /** The checks an incident covers, its own subject first; just its subject for a lone one. */
    List<String> checks(IncidentTables.Row r) {
        List<String> out = new ArrayList<>();
        out.add(r.subject());
        for (IncidentTables.Covered c : store.covered(r.id())) {
            if (!out.contains(c.check())) {
                out.add(c.check());
            }
        }
        return out;
    }
}
