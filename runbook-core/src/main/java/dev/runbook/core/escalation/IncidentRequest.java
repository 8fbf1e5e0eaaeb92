package dev.runbook.core.escalation;

import dev.runbook.core.CheckResult;

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
 */
public record IncidentRequest(String level, String check, String procedure, String category, CheckResult trigger,
                              boolean dryRun, String operator) {
}
