package dev.runbook.core.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The read side of the stored runs, and the one write a paused run needs outside a run: its expiry. The engine
 * records runs through {@link RunStore#recordRun}; {@code runbook runs} and {@code runbook confirm} read them
 * here. Implementations are thread-safe; every call may block on I/O.
 */
public interface RunJournal {
    /** A journal that keeps nothing (a store that records no runs). */
    RunJournal NONE = new RunJournal() {
        @Override
        public Optional<StoredRun> run(String runbook, long id) {
            return Optional.empty();
        }

        @Override
        public List<StoredRun> runs(String runbook, String procedure, Instant since) {
            return List.of();
        }

        @Override
        public void expire(String runbook, long id, Instant at, String message) {
        }
    };

    /** One run of the runbook with its steps, or empty. */
    Optional<StoredRun> run(String runbook, long id);

    /**
     * Runs of the runbook (of one procedure when {@code procedure} is not null) started at or after {@code since},
     * and every paused run whenever it started: paused runs first, then newest first.
     */
    List<StoredRun> runs(String runbook, String procedure, Instant since);

    /**
     * Ends a paused run as expired at {@code at}: state expired, status UNKNOWN, its gate step's message
     * {@code message}. Does nothing to a run that is no longer paused (another process confirmed it).
     */
    void expire(String runbook, long id, Instant at, String message);

    /**
     * Ends every running run of the runbook whose process is known to have ended (killed, crashed, its machine gone)
     * as expired, with a message saying why (§6, §9). Every read of this journal does it first; a daemon calls it
     * as it starts. Returns how many such runs were found. The default finds none (a journal that keeps no
     * owners).
     */
    default int endAbandoned(String runbook, Instant now) {
        return 0;
    }

    /**
     * Claims a paused run for the one caller that resumes it ({@code runbook confirm}, §6): in one transaction its
     * state goes from paused to running. True if this caller won; false if the run was no longer paused (another
     * process claimed it first, or it expired), and then the caller must not resume it. The default claims nothing
     * and says true (a journal that keeps no runs).
     */
    default boolean claim(String runbook, long id, Instant at) {
        return true;
    }
}
