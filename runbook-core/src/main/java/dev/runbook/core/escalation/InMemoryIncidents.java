package dev.runbook.core.escalation;

import dev.runbook.core.CheckResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Incidents kept in memory, with no notifications: opens, raises by level rank, joins one outage's checks into one
 * incident (contract §7: the request's {@link IncidentRequest#joins()}), and resolves on recovery, when every check
 * it covers is OK again.
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
    /** Per incident that other checks joined: every check it covers (its subject too), and whether it is OK again. */
    private final Map<Long, Map<String, Boolean>> covered = new HashMap<>();
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
        int i = openCovering(key);
        boolean joining = false;
        if (i < 0) {
            // one outage, one incident (contract §7): join the open incident of a check the request names
            for (String other : r.joins()) {
                int j = openCovering(other);
                if (j >= 0 && (!r.joinsOnlyAtLevel() || policy.rank(incidents.get(j).level()) <= policy.rank(r.level()))) {
                    i = j;
                    joining = true;
                    break;
                }
            }
        } else if (!r.dryRun()) {
            covered.getOrDefault(incidents.get(i).id(), new LinkedHashMap<>()).replace(key, Boolean.FALSE);
        }
        if (i >= 0) {
            Incident inc = incidents.get(i);
            boolean raise = policy.rank(r.level()) < policy.rank(inc.level());
            if (r.dryRun()) {
                return raise ? "would raise incident #" + inc.id() + " from " + inc.level() + " to " + r.level()
                        : joining ? "would join incident #" + inc.id() + " open at " + inc.level()
                        : "incident #" + inc.id() + " already open at " + inc.level();
            }
            List<Incident.TimelineEntry> t = new ArrayList<>(inc.timeline());
            Instant now = clock.instant();
            if (joining) {
                if (r.check() != null) {
                    Map<String, Boolean> c = covered.computeIfAbsent(inc.id(), k -> new LinkedHashMap<>());
                    c.putIfAbsent(inc.check(), Boolean.FALSE);
                    c.put(r.check(), Boolean.FALSE);
                }
                String msg = r.trigger() == null || r.trigger().message() == null || r.trigger().message().isBlank()
                        ? "" : ": " + r.trigger().message();
                t.add(new Incident.TimelineEntry(now, "joined", key + " escalated to " + r.level()
                        + (r.check() == null ? "" : " and is covered by this incident") + msg));
            }
            if (raise) {
                t.add(new Incident.TimelineEntry(now, "raised", inc.level() + " -> " + r.level()));
            }
            incidents.set(i, new Incident(inc.id(), raise ? r.level() : inc.level(), inc.category(), inc.check(),
                    inc.state(), inc.openedAt(), inc.acknowledgedAt(), null, t));
            if (raise) {
                return "incident #" + inc.id() + " raised to " + r.level();
            }
            return joining ? "joined incident #" + inc.id() + " open at " + inc.level() + " (one outage, one incident)"
                    : "incident #" + inc.id() + " already open at " + inc.level();
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

    /** The incident as kept, with every check it covers. */
    private Incident withChecks(Incident i) {
        return covered.containsKey(i.id()) ? new Incident(i.id(), i.level(), i.category(), i.check(), i.state(),
                i.openedAt(), i.acknowledgedAt(), i.resolvedAt(), i.timeline(), i.host(), checks(i.id())) : i;
    }

    /** The index of the open incident whose subject is {@code check} or that covers it; -1 if none. */
    private int openCovering(String check) {
        for (int i = 0; i < incidents.size(); i++) {
            Incident inc = incidents.get(i);
            if (inc.state() != Incident.State.RESOLVED && (check.equals(inc.check())
                    || covered.getOrDefault(inc.id(), Map.of()).containsKey(check))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The checks an incident covers, its own subject first: more than one when other checks of the same outage
     * joined it (contract §7). Empty for an incident not kept (dropped or unknown).
     */
    public synchronized List<String> checks(long id) {
        for (Incident inc : incidents) {
            if (inc.id() == id) {
                List<String> out = new ArrayList<>(List.of(inc.check()));
                for (String c : covered.getOrDefault(id, new LinkedHashMap<>()).keySet()) {
                    if (!out.contains(c)) {
                        out.add(c);
                    }
                }
                return out;
            }
        }
        return List.of();
    }

    @Override
    public synchronized void recovered(String check, CheckResult result, Instant at) {
        int i = openCovering(check);
        if (i < 0) {
            dropOldResolved();
            return;
        }
        Incident inc = incidents.get(i);
        List<Incident.TimelineEntry> t = new ArrayList<>(inc.timeline());
        Map<String, Boolean> c = covered.get(inc.id());
        if (c != null) {
            c.put(check, Boolean.TRUE);
            List<String> waiting = c.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
            if (!waiting.isEmpty()) {
                t.add(new Incident.TimelineEntry(at, "recovered", check + " OK; still waiting for "
                        + String.join(", ", waiting)));
                incidents.set(i, new Incident(inc.id(), inc.level(), inc.category(), inc.check(), inc.state(),
                        inc.openedAt(), inc.acknowledgedAt(), null, t));
                return;
            }
        }
        t.add(new Incident.TimelineEntry(at, "resolved", result.message()));
        incidents.set(i, new Incident(inc.id(), inc.level(), inc.category(), inc.check(), Incident.State.RESOLVED,
                inc.openedAt(), inc.acknowledgedAt(), at, t));
        dropOldResolved();
    }

    private void dropOldResolved() {
        long resolved = incidents.stream().filter(i -> i.state() == Incident.State.RESOLVED).count();
        for (java.util.Iterator<Incident> it = incidents.iterator(); it.hasNext() && resolved > maxResolved; ) {
            Incident inc = it.next();
            if (inc.state() == Incident.State.RESOLVED) {
                covered.remove(inc.id());
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
        return incidents.stream().filter(i -> i.state() != Incident.State.RESOLVED).map(this::withChecks).toList();
    }

    /** All incidents kept, resolved ones included (the latest resolved, up to the bound). */
    public synchronized List<Incident> all() {
        return incidents.stream().map(this::withChecks).toList();
    }
}
