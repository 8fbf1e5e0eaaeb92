package dev.runbook.core.engine;

import dev.runbook.core.HistoryReader;
import dev.runbook.core.StateStore;

/**
 * Where runs are recorded: the history, the per-check state and (through {@link #history()}) the read side.
 * The launcher uses an SQLite implementation (runbook-store); {@link InMemoryRunStore} serves embedding and
 * tests. Implementations are thread-safe and must be closed.
 */
public interface RunStore extends AutoCloseable {

    /**
     * Records a counted run's results. Blocks on I/O.
     *
     * @throws StoreException if the store cannot be written; the run's results stay valid
     */
    void record(RunResult run);

    /**
     * Records a run with its trail and steps and returns its stored id. A run resumed by {@code confirm}
     * ({@link RunTrail#resumedAt()} set) updates its stored run: its state, status and end, and the steps from the
     * gate on. The default records through {@link #record} and keeps no trail (returns the trail's id, or 0).
     *
     * @throws StoreException if the store cannot be written
     */
    default long recordRun(RunResult run) {
        record(run);
        return run.trail().id() == null ? 0 : run.trail().id();
    }

    /**
     * Stores a procedure run as it starts (state running, no steps yet), so each step can be written as it finishes
     * ({@link #recordStep}) and a run killed half-way still shows the steps it did (§6). {@link #recordRun} then
     * completes that stored run ({@link RunTrail#id()} set). Returns the stored id, or 0 for a store that keeps no
     * trail (the default), which then records the run whole at its end.
     *
     * @param trail its trigger and host (no id yet)
     * @throws StoreException if the store cannot be written
     */
    default long startRun(String runbook, String procedure, java.time.Instant startedAt, String operator,
                          RunTrail trail) {
        return 0;
    }

    /**
     * Writes one finished step of the stored run {@code runId} (started by {@link #startRun}, or resumed), replacing
     * a step of the same index. A check step whose checks have remediations to run is written twice: with its checks'
     * first results and times once they are in, before the remediations run, then with its final results when they
     * have. The default keeps nothing.
     *
     * @throws StoreException if the store cannot be written
     */
    default void recordStep(long runId, String trigger, StepRun step) {
    }

    /** The stored runs; {@link RunJournal#NONE} for a store that keeps none. */
    default RunJournal journal() {
        return RunJournal.NONE;
    }

    StateStore state();

    HistoryReader history();

    @Override
    void close();

    /** The store could not be read or written. */
    class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }

        public StoreException(String message) {
            super(message);
        }
    }
}
