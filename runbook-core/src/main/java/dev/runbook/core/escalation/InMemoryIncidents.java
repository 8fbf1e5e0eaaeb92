package dev.runbook.core.escalation;

import dev.runbook.core.CheckResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Incidents kept in memory, with no notifications: opens, raises by level rank, and resolves on recovery.
 * For embedding without a store, and tests. Thread-safe.
 */
public final class InMemoryIncidents implements IncidentService {
    private final EscalationPolicy policy;
    private final Clock clock;
    private final List<Incident> incidents = new ArrayList<>();

    public InMemoryIncidents(EscalationPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
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
        long id = incidents.size() + 1;
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
    }

    @Override
    public void processDue(Instant now) {
    }

    @Override
    public synchronized List<Incident> open() {
        return incidents.stream().filter(i -> i.state() != Incident.State.RESOLVED).toList();
    }

    /** All incidents, resolved ones included. */
    public synchronized List<Incident> all() {
        return List.copyOf(incidents);
    }
}
