package dev.runbook.core.engine;

/**
 * Hears about a run as it happens, e.g. to show progress. Called on the engine's one ordered event thread, one
 * call at a time, never on a probe's worker, a timer or under a lock: for each run, {@code checkFinished} of a check
 * comes before {@code runFinished}, and no call comes after {@code Engine.run} has returned. Keep it quick: a call
 * is bounded by {@code Engine.Builder.listenerTimeout} (default 5 s), past which it is interrupted and skipped. An
 * exception thrown by a listener is logged and skipped: it never aborts a run.
 */
public interface RunListener {
    /** A check is about to start. */
    default void checkStarted(String checkId) {
    }

    /** A check's first result is known (before its remediation). */
    default void checkFinished(CheckRun result) {
    }

    /** A remediation or procedure step ran. */
    default void actionFinished(String checkId, ActionRun action) {
    }

    /** A procedure step finished. */
    default void stepFinished(StepRun step) {
    }

    /** The run is done. */
    default void runFinished(RunResult result) {
    }
}
