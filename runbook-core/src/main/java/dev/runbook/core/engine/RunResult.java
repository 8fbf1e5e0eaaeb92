package dev.runbook.core.engine;

import dev.runbook.core.Status;
import dev.runbook.core.escalation.Incident;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The whole of one run: the runbook and procedure, the worst counted status, when it started and how long it
 * took, who ran it, every check result, every procedure step and the incidents open after it. Immutable.
 *
 * @param runbook    runbook id
 * @param procedure  procedure id, or null when checks were run directly
 * @param status     worst counted status
 * @param startedAt  start, in the runbook's zone
 * @param duration   wall time
 * @param operator   the {@code --operator}, or null
 * @param results    check results in the order they ran (dependencies first)
 * @param steps      procedure steps (empty without a procedure)
 * @param incidents  incidents open after the run
 * @param dryRun     true for {@code --dry-run}: nothing was done or stored
 * @param storeError why the run could not be recorded, or null
 * @param trail      its stored id, trigger, host and state (paused at a gate, finished, expired)
 */
public record RunResult(String runbook, String procedure, Status status, ZonedDateTime startedAt, Duration duration,
                        String operator, List<CheckRun> results, List<StepRun> steps, List<Incident> incidents,
                        boolean dryRun, String storeError, RunTrail trail) {
    public RunResult {
        results = List.copyOf(results);
        steps = List.copyOf(steps);
        incidents = List.copyOf(incidents);
        if (trail == null) {
            trail = RunTrail.finished();
        }
    }

    /** A finished run started from the command line (not yet stored). */
    public RunResult(String runbook, String procedure, Status status, ZonedDateTime startedAt, Duration duration,
                     String operator, List<CheckRun> results, List<StepRun> steps, List<Incident> incidents,
                     boolean dryRun, String storeError) {
        this(runbook, procedure, status, startedAt, duration, operator, results, steps, incidents, dryRun, storeError,
                RunTrail.finished());
    }

    /** This result noting that the store could not record it. */
    public RunResult withStoreError(String error) {
        return new RunResult(runbook, procedure, status, startedAt, duration, operator, results, steps, incidents, dryRun,
                error, trail);
    }

    /** This result with its stored run id. */
    public RunResult withRunId(long id) {
        return new RunResult(runbook, procedure, status, startedAt, duration, operator, results, steps, incidents, dryRun,
                storeError, trail.withId(id));
    }

    /** When the run ended: for a paused run, when it stopped at its gate (by the engine's clock). */
    public java.time.Instant endedAt() {
        if (paused()) {
            for (StepRun s : steps) {
                if (s.index() == trail.pausedAtStep() && s.finishedAt() != null) {
                    return s.finishedAt();
                }
            }
        }
        return startedAt.toInstant().plus(duration);
    }

    /** True if the run stopped at a manual gate and waits for {@code runbook confirm}. */
    public boolean paused() {
        return trail.state() == RunState.PAUSED;
    }

    /** The exit code a launcher gives for this run: the worst counted status's plugin code. */
    public int exitCode() {
        return status.exitCode();
    }
}
