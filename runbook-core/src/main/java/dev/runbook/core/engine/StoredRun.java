package dev.runbook.core.engine;

import dev.runbook.core.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as the store keeps it (runbook-format §6, §9 {@code runs}): who and what started it, where it stands,
 * and every step. A paused run also keeps the step it waits at and its captured values. Immutable.
 *
 * @param id           stored id
 * @param runbook      runbook id
 * @param procedure    procedure id, or null for a run of checks
 * @param trigger      what started it: {@code cli}, {@code schedule}, {@code drill}
 * @param operator     who, or null
 * @param host         where, or null when not known
 * @param state        running, paused, finished, expired
 * @param status       the worst counted status so far
 * @param startedAt    start
 * @param finishedAt   end (for a paused run: when it paused), or null while running
 * @param pausedAtStep the gate it waits (or waited) at, or null
 * @param captured     captured values
 * @param steps        its steps, by index
 * @param statusBeforeGate for a paused run, the worst counted status before its gate, else null
 * @param message      why an expired run ended, when its steps do not say it (its process died mid-run), else null
 */
public record StoredRun(long id, String runbook, String procedure, String trigger, String operator, String host,
                        RunState state, Status status, Instant startedAt, Instant finishedAt, Integer pausedAtStep,
                        Map<String, String> captured, List<StoredStep> steps,
                        Status statusBeforeGate, String message) {
    public StoredRun {
        captured = captured == null ? Map.of() : Map.copyOf(captured);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A run without a message of its own (see {@link #message()}). */
    public StoredRun(long id, String runbook, String procedure, String trigger, String operator, String host,
                     RunState state, Status status, Instant startedAt, Instant finishedAt, Integer pausedAtStep,
                     Map<String, String> captured, List<StoredStep> steps, Status statusBeforeGate) {
        this(id, runbook, procedure, trigger, operator, host, state, status, startedAt, finishedAt, pausedAtStep,
                captured, steps, statusBeforeGate, null);
    }

    /** This run ended as expired at {@code at} with status {@code worst}, because {@code why}. */
    public StoredRun expired(Instant at, Status worst, String why) {
        return new StoredRun(id, runbook, procedure, trigger, operator, host, RunState.EXPIRED, worst, startedAt, at,
                pausedAtStep, captured, steps, statusBeforeGate, why);
    }

    /** This run as seen at {@code at} under its procedure's {@code pause_timeout} in {@code runbook}. */
    public StoredRun asOf(Instant at, dev.runbook.core.model.Runbook runbook) {
        dev.runbook.core.model.Procedure p = procedure == null ? null : runbook.procedures().get(procedure);
        return asOf(at, p == null ? dev.runbook.core.model.Procedure.DEFAULT_PAUSE_TIMEOUT : p.pauseTimeout());
    }

    /** This run as seen at {@code at}: a paused run past {@code pauseTimeout} shows as expired (not written). */
    public StoredRun asOf(Instant at, java.time.Duration pauseTimeout) {
        if (state != RunState.PAUSED || finishedAt == null || at.isBefore(finishedAt.plus(pauseTimeout))) {
            return this;
        }
        return new StoredRun(id, runbook, procedure, trigger, operator, host, RunState.EXPIRED, Status.UNKNOWN,
                startedAt, finishedAt.plus(pauseTimeout), pausedAtStep, captured, steps, statusBeforeGate, message);
    }
}
