package dev.runbook.runtime.schedule;

import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A runbook's procedures split for a fleet (runbook-format §10): {@code scope: fleet} checks are evaluated once for
 * the whole fleet, the rest on every host. {@link #hostRunbook()} is the runbook with the fleet's checks taken out
 * of every procedure's steps (a step left with no checks goes; a procedure left with no steps is not run per host);
 * {@link #fleetChecks} are the fleet-scoped checks a procedure names, run once by the lease holder and recorded
 * under the host {@code fleet}. Immutable.
 */
public final class FleetScope {
    private final Set<String> fleetIds;
    private final Runbook hostRunbook;

    /** The split of {@code runbook}; with no {@code scope: fleet} check, {@link #hostRunbook()} is the runbook. */
    public FleetScope(Runbook runbook) {
        Set<String> ids = new LinkedHashSet<>();
        for (CheckDefinition c : runbook.checks().values()) {
            if (c.fleetScoped()) {
                ids.add(c.id());
            }
        }
        this.fleetIds = Set.copyOf(ids);
        if (ids.isEmpty()) {
            this.hostRunbook = runbook;
        } else {
            List<Procedure> kept = new ArrayList<>();
            for (Procedure p : runbook.procedures().values()) {
                List<Step> steps = hostSteps(p.steps());
                if (!steps.isEmpty()) {
                    kept.add(new Procedure(p.id(), p.title(), p.schedules(), steps, p.pauseTimeout(), p.runOn()));
                }
            }
            this.hostRunbook = runbook.withProcedures(kept);
        }
    }

    private List<Step> hostSteps(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        for (Step step : steps) {
            Step inner = step instanceof Step.When w ? w.step() : step;
            Step kept = inner;
            if (inner instanceof Step.Checks cs) {
                List<String> ids = cs.checkIds().stream().filter(id -> !fleetIds.contains(id)).toList();
                kept = ids.isEmpty() ? null : ids.size() == cs.checkIds().size() ? inner : new Step.Checks(ids, cs.title());
            } else if (inner instanceof Step.Recheck r && fleetIds.contains(r.checkId())) {
                kept = null;
            }
            if (kept != null) {
                out.add(step instanceof Step.When w ? (kept == inner ? step : new Step.When(w.condition(), kept)) : kept);
            }
        }
        return out;
    }

    /** True if some check is {@code scope: fleet}. */
    public boolean any() {
        return !fleetIds.isEmpty();
    }

    /** The runbook as each host runs it: without the fleet's checks in its procedures. */
    public Runbook hostRunbook() {
        return hostRunbook;
    }

    /** The {@code scope: fleet} checks {@code procedure}'s steps name, in order; empty for most procedures. */
    public List<String> fleetChecks(Procedure procedure) {
        Set<String> out = new LinkedHashSet<>();
        for (Step step : procedure.steps()) {
            Step inner = step instanceof Step.When w ? w.step() : step;
            if (inner instanceof Step.Checks cs) {
                cs.checkIds().stream().filter(fleetIds::contains).forEach(out::add);
            } else if (inner instanceof Step.Recheck r && fleetIds.contains(r.checkId())) {
                out.add(r.checkId());
            }
        }
        return List.copyOf(out);
    }
}
