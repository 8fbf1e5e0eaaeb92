package dev.runbook.core.escalation;

import dev.runbook.core.CheckResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Incidents kept in memory, with no notifications: opens, raises by level rank, and resolves on recovery.
 * For embedding without a store, and tests. Bounded: open incidents are all kept, resolved ones only the latest
 * {@value #DEFAULT_RESOLVED} by default (the oldest resolved are dropped), so a long-lived embedder does not grow
 * without end. Thread-safe.
 */
public final class InMemoryIncidents implements IncidentService {
    /** Resolved incidents kept by default. */
    public static final int DEFAULT_RESOLVED = 1_000;

    private final EscalationPolicy policy;
    private final Clock clock;
    private final int maxResolved;
    private final List<Incident> incidents = new ArrayList<>();
    private long lastId;

    public InMemoryIncidents(EscalationPolicy policy, Clock clock) {
        this(policy, clock, DEFAULT_RESOLVED);
    }

    /** Incidents that keep at most {@code maxResolved} resolved ones, dropping the oldest. */
    public InMemoryIncidents(EscalationPolicy policy, Clock clock, int maxResolved) {
        if (maxResolved < 0) {
            throw new IllegalArgumentException("maxResolved must be 0 or more, found " + maxResolved);
        }
        this.policy = policy;
        this.clock = clock;
        this.maxResolved = maxResolved;
    }

    @Override
    public synchronized String escalate(IncidentRequest r) {
        String key = r.check() != null ? r.check() : "procedure:" + r.procedure();
        for (int i = 0; i < incidents.size(); i++) {
            Incident inc = incidents.get(i);
            if (inc.state() != Incident.State.RESOLVED && key.equals(inc.check())) {
                if (policy.rank(r.level()) < policy.rank(inc.level())) {
                    if (r.dryRun()) {
                        return "would raise incident #" + inc.id() + " from " + inc.level() + " to " + r.level();
                    }
                    List<Incident.TimelineEntry> t = new ArrayList<>(inc.timeline());
                    t.add(new Incident.TimelineEntry(clock.instant(), "raised", inc.level() + " -> " + r.level()));
                    incidents.set(i, new Incident(inc.id(), r.level(), inc.category(), inc.check(), inc.state(),
                            inc.openedAt(), inc.acknowledgedAt(), null, t));
                    return "incident #" + inc.id() + " raised to " + r.level();
                }
                return "incident #" + inc.id() + " already open at " + inc.level();
            }
        }
        if (r.dryRun()) {
            return "would open a " + r.level() + " incident for " + key;
        }
        long id = ++lastId;
        Instant now = clock.instant();
        incidents.add(new Incident(id, r.level(), r.category(), key, Incident.State.OPEN, now, null, null,
                List.of(new Incident.TimelineEntry(now, "opened", r.trigger() == null ? "" : r.trigger().message()))));
        return "incident #" + id + " " + r.level() + " opened";
    }

    @Override
    public synchronized void recovered(String check, CheckResult result, Instant at) {
        for (int i = 0; i < incidents.size(); i++) {
            Incident inc = incidents.get(i);
            if (inc.state() != Incident.State.RESOLVED && check.equals(inc.check())) {
                List<Incident.TimelineEntry> t = new ArrayList<>(inc.timeline());
                t.add(new Incident.TimelineEntry(at, "resolved", result.message()));
                incidents.set(i, new Incident(inc.id(), inc.level(), inc.category(), inc.check(), Incident.State.RESOLVED,
                        inc.openedAt(), inc.acknowledgedAt(), at, t));
            }
        }
        dropOldResolved();
    }

    private void dropOldResolved() {
        long resolved = incidents.stream().filter(i -> i.state() == Incident.State.RESOLVED).count();
        for (java.util.Iterator<Incident> it = incidents.iterator(); it.hasNext() && resolved > maxResolved; ) {
            if (it.next().state() == Incident.State.RESOLVED) {
                it.remove();
                resolved--;
            }
        }
    }

    @Override
    public void processDue(Instant now) {
    }

    @Override
    public synchronized List<Incident> open() {
        return incidents.stream().filter(i -> i.state() != Incident.State.RESOLVED).toList();
    }

    /** All incidents kept, resolved ones included (the latest resolved, up to the bound). */
    public synchronized List<Incident> all() {
        return List.copyOf(incidents);
    }
}
