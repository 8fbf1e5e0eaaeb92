package dev.runbook.core.escalation;

import dev.runbook.core.CheckResult;
import java.util.List;

/**
 * A request to open (or raise) an incident, from an {@code escalate} step or a check's {@code incident:} level.
 *
 * @param level     the level id (P1…)
 * @param check     the check concerned, or null when a procedure step escalates
 * @param procedure the procedure, or null
 * @param category  the check's category (routes), or null
 * @param trigger   the result that led here, or null
 * @param dryRun    true: say what would happen, open nothing
 * @param operator  who runs this, or null
 * @param joins     checks whose open incident this escalation joins instead of opening another, in order of
 *                  preference (contract §7 [1.1], one outage, one incident): the checks the escalating check
 *                  depends on, and the checks of its batch that escalated to the same level in this run; for a
 *                  procedure's own step, the checks of this run. Never null
 * @param joinsOnlyAtLevel true: join only an incident open at {@code level} or a more severe one (a procedure's
 *                  own {@code escalate} step); false: join and raise it if {@code level} is more severe
 * @param earlierSteps for a procedure's own {@code escalate} step, what the procedure's steps before it did, in
 *                  order ("Service status check → CRITICAL"): the incident's Initial Response; else empty
 */
public record IncidentRequest(String level, String check, String procedure, String category, CheckResult trigger,
                              boolean dryRun, String operator, List<String> joins, boolean joinsOnlyAtLevel,
                              List<String> earlierSteps) {
    public IncidentRequest {
        joins = joins == null ? List.of() : List.copyOf(joins);
        earlierSteps = earlierSteps == null ? List.of() : List.copyOf(earlierSteps);
    }

    /** A request without the procedure's earlier steps. */
    public IncidentRequest(String level, String check, String procedure, String category, CheckResult trigger,
                           boolean dryRun, String operator, List<String> joins, boolean joinsOnlyAtLevel) {
        this(level, check, procedure, category, trigger, dryRun, operator, joins, joinsOnlyAtLevel, List.of());
    }

    /** A request that joins no other check's incident. */
    public IncidentRequest(String level, String check, String procedure, String category, CheckResult trigger,
                           boolean dryRun, String operator) {
        this(level, check, procedure, category, trigger, dryRun, operator, List.of(), false);
    }
}
