package dev.runbook.core.engine;

import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import java.time.Duration;
import java.time.Instant;

/**
 * Expiry of paused runs: a run paused at a gate longer than its procedure's {@code pause_timeout} ends UNKNOWN
 * "not confirmed within 24h" and nothing after the gate runs. Every run that writes (a {@code run}, a daemon's
 * scheduled run, a {@code confirm}) expires what is due first; {@code runbook runs} shows a due run as expired
 * without writing. Stateless.
 */
public final class PausedRuns {
    private PausedRuns() {
    }

    /** The pause timeout of a stored run's procedure (the default when the procedure is gone). */
    public static Duration timeout(Runbook rb, String procedure) {
        Procedure p = procedure == null ? null : rb.procedures().get(procedure);
        return p == null ? Procedure.DEFAULT_PAUSE_TIMEOUT : p.pauseTimeout();
    }

    /** What the gate step of an expired run says. */
    public static String expiredMessage(Duration timeout) {
        return "not confirmed within " + Procedure.words(timeout);
    }

    /** Ends every paused run of the runbook that is past its timeout at {@code now}. Blocks on I/O. */
    public static void expireDue(RunJournal journal, Runbook rb, Instant now) {
        for (StoredRun r : journal.runs(rb.id(), null, now)) {
            if (r.state() != RunState.PAUSED) {
                continue;
            }
            Duration timeout = timeout(rb, r.procedure());
            StoredRun seen = r.asOf(now, timeout);
            if (seen.state() == RunState.EXPIRED) {
                journal.expire(rb.id(), r.id(), seen.finishedAt(), expiredMessage(timeout));
            }
        }
    }
}
