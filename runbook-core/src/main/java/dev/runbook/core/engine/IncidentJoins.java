package dev.runbook.core.engine;

import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.model.CheckDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One outage, one incident (contract §7 [1.1]): which checks' open incidents an escalation of this run joins
 * rather than opening another. A check joins the incident of a check it depends on (directly or not), or of a check
 * of its batch that escalated to the same level in this run; a procedure's own {@code escalate} step joins an
 * incident of a check of this run open at that level or higher. The incident service decides among them by what is
 * open. Stateless; the batch's escalations are kept in {@link BatchActions}.
 */
final class IncidentJoins {
    private IncidentJoins() {
    }

    /** The request for an escalation to {@code level} about {@code check} (null: the procedure's own step). */
    static IncidentRequest request(Run run, String level, CheckDefinition check, CheckResult cause) {
        if (check == null) {
            // the checks of this run, in the order they finished
            return new IncidentRequest(level, null, run.req.procedure(), null, cause, run.req.dryRun(),
                    run.req.operator(), new ArrayList<>(run.latest.keySet()), true, earlierSteps(run));
        }
        Set<String> joins = new LinkedHashSet<>(dependencies(run, check));
        if (run.batch != null) {
            joins.addAll(run.batch.escalatedAt(level));
        }
        joins.remove(check.id());
        return new IncidentRequest(level, check.id(), run.req.procedure(), check.category(), cause, run.req.dryRun(),
                run.req.operator(), new ArrayList<>(joins), false);
    }

    /** What the procedure's steps so far did, in order, as an incident's Initial Response lists them. */
    private static List<String> earlierSteps(Run run) {
        List<String> out = new ArrayList<>();
        List<StepRun> done = new ArrayList<>(run.steps);
        done.sort((a, b) -> Integer.compare(a.index(), b.index()));
        for (StepRun s : done) {
            if (s.skipped() || "escalate".equals(s.kind())) {
                continue;
            }
            String how = s.outcome() != null ? s.outcome().word() : s.shown() != null ? s.shown().name() : "done";
            out.add(s.title() + " → " + how + (s.message() == null || s.message().isBlank() || s.outcome() == null
                    ? "" : ": " + s.message()));
        }
        return out;
    }

    /** Notes a check's escalation that opened, raised or joined an incident, for the batch's later checks. */
    static void escalated(Run run, CheckDefinition check, String level, String said) {
        if (check != null && run.batch != null && !run.req.dryRun() && said != null && !said.startsWith("failed")) {
            run.batch.escalated(check.id(), level);
        }
    }

    /** Every check {@code check} depends on, directly or not, nearest first. */
    private static List<String> dependencies(Run run, CheckDefinition check) {
        Set<String> seen = new LinkedHashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(check.dependsOn());
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (seen.add(id)) {
                CheckDefinition d = run.rb.checks().get(id);
                if (d != null) {
                    todo.addAll(d.dependsOn());
                }
            }
        }
        return new ArrayList<>(seen);
    }
}
