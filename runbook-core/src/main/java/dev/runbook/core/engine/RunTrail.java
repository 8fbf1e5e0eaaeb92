package dev.runbook.core.engine;

import java.util.Map;
import java.util.Objects;

/**
 * What a run's stored trail needs beyond its results: the stored id (null until recorded), what started it
 * ({@code cli}, {@code schedule}, {@code confirm}, {@code drill}), the host, where it stands, the step it paused at,
 * the values it captured (kept with a paused run so {@code ${captured.x}} still works when it resumes) and, for
 * a resumed run, the step it resumed at. Immutable.
 *
 * @param id           the stored run id, or null
 * @param trigger      {@code cli}, {@code schedule}, {@code confirm} or {@code drill}
 * @param host         the host it ran on
 * @param state        where it stands
 * @param pausedAtStep the index of the gate it waits at, or null
 * @param captured     captured values, by name
 * @param resumedAt    the index of the gate a {@code confirm} resumed at, or null for a run from its start
 * @param statusBeforeGate for a paused run, the worst counted status of everything before its gate (what the run
 *                     ends with if the gate is confirmed and nothing after it fails), else null
 */
public record RunTrail(Long id, String trigger, String host, RunState state, Integer pausedAtStep,
                       Map<String, String> captured, Integer resumedAt, dev.runbook.core.Status statusBeforeGate) {
    /** Trigger of a run started from the command line or by embedding code. */
    public static final String CLI = "cli";
    /** Trigger of a run started by a schedule. */
    public static final String SCHEDULE = "schedule";
    /** Trigger of the part of a run resumed by {@code runbook confirm}. */
    public static final String CONFIRM = "confirm";
    /** Trigger of a fire drill. */
    public static final String DRILL = "drill";

    public RunTrail {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(state, "state");
        captured = captured == null ? Map.of() : Map.copyOf(captured);
    }

    /** A finished run from the command line, not yet stored. */
    public static RunTrail finished() {
        return new RunTrail(null, CLI, null, RunState.FINISHED, null, Map.of(), null, null);
    }

    /** This trail with its stored id. */
    public RunTrail withId(long id) {
        return new RunTrail(id, trigger, host, state, pausedAtStep, captured, resumedAt, statusBeforeGate);
    }
}
