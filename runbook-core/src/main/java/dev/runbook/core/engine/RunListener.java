package dev.runbook.core.engine;

/**
 * Hears about a run as it happens, e.g. to show progress. Called from engine threads, possibly concurrently;
 * keep it quick. An exception thrown by a listener is logged and ignored: it never aborts a run.
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
