package dev.runbook.core.history;

import java.time.Instant;

/**
 * A remediation step as stored with its result, for the reports' {@code actions} section. Immutable.
 *
 * @param check   the check whose remediation ran it
 * @param at      the result's time
 * @param step    label ({@code cleanup-uploads}, {@code recheck disk}, {@code escalate P1})
 * @param outcome lower-case outcome word ({@code done}, {@code failed}, …)
 * @param message what happened (secrets scrubbed by the engine)
 */
public record StoredAction(String check, Instant at, String step, String outcome, String message) {
}
