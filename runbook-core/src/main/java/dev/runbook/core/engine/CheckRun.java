package dev.runbook.core.engine;

import dev.runbook.core.Pending;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A check's result within a run, as the output contract shows it (runbook-format §9): {@code status} is the
 * status of its last recheck in the remediation, else {@code firstStatus}; value, metrics and message come from
 * the probe that gave {@code status}. Immutable.
 *
 * @param check       check id
 * @param type        type name
 * @param title       title, or null
 * @param status      final status
 * @param firstStatus status of the first probe, after thresholds and hysteresis
 * @param value       primary value in canonical units, or null
 * @param unit        its unit, or null
 * @param message     for people, secrets scrubbed
 * @param metrics     metrics in canonical units
 * @param duration    how long the probe took
 * @param pending     hysteresis in progress, or null
 * @param skipped     not run because a dependency failed (not counted)
 * @param waived      under a waiver (not counted)
 * @param maintenance inside a maintenance window (not counted)
 * @param flapping    flapping: notifies no one, opens no incident
 * @param details     structured extras from the probe
 * @param actions     remediation steps as they ran
 * @param at          when this run's first probe of the check started: a result stands from the moment the run
 *                    saw it, so a remediation's restart and wait before its recheck is not counted as up time
 */
public record CheckRun(String check, String type, String title, Status status, Status firstStatus, Double value,
                       Unit unit, String message, Map<String, Double> metrics, Duration duration, Pending pending,
                       boolean skipped, boolean waived, boolean maintenance, boolean flapping,
                       Map<String, Object> details, List<ActionRun> actions, Instant at) {
    public CheckRun {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        actions = List.copyOf(actions);
    }

    /** True unless skipped, waived or in maintenance: counted results make the run's status. */
    public boolean counted() {
        return !skipped && !waived && !maintenance;
    }

    /** This run with remediation applied: the final status, probe data from {@code last}, and the actions. */
    CheckRun withRemediation(CheckRun last, List<ActionRun> steps) {
        CheckRun src = last != null ? last : this;
        return new CheckRun(check, type, title, src.status, firstStatus, src.value, src.unit, src.message, src.metrics,
                src.duration, pending, skipped, waived, maintenance, flapping, src.details, steps, src.at);
    }
}
