package dev.runbook.runtime;

import dev.runbook.core.engine.RunJournal;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.time.Instant;

/**
 * Whether a stored run can be resumed by {@code runbook confirm}: it must exist, be paused, not be past its
 * procedure's {@code pause_timeout} (a run that is gets its expiry recorded here), and still wait at a manual step
 * of the runbook as it is now. Immutable result; {@link #of} blocks on I/O.
 *
 * @param verdict what was found
 * @param run     the stored run, or null when there is none
 * @param message why it cannot be resumed, or null when it can
 */
public record Confirmation(Verdict verdict, StoredRun run, String message) {
    /** What {@link #of} found. */
    public enum Verdict { READY, UNKNOWN_RUN, EXPIRED, NOT_PAUSED, GATE_GONE }

    /** Looks the run up; records the expiry of a paused run past its timeout. */
    public static Confirmation of(Runbook rb, RunJournal journal, long id, Instant now, String file) {
        StoredRun run = journal.run(rb.id(), id).orElse(null);
        if (run == null) {
            return new Confirmation(Verdict.UNKNOWN_RUN, null, "no run " + id + " of " + rb.id()
                    + " in the store (see `runbook runs " + file + "`)");
        }
        StoredRun seen = run.asOf(now, rb);
        if (seen.state() == RunState.EXPIRED && seen.message() != null) { // a confirm that claimed it died mid-run
            return new Confirmation(Verdict.EXPIRED, seen, "run " + id + " expired: " + seen.message()
                    + "; nothing more of it will run. Start a new run: runbook run " + file + " --procedure "
                    + run.procedure());
        }
        if (seen.state() == RunState.EXPIRED) {
            Procedure p = rb.procedures().get(run.procedure());
            String why = "not confirmed within " + Procedure.words(p == null ? Procedure.DEFAULT_PAUSE_TIMEOUT
                    : p.pauseTimeout());
            if (run.state() == RunState.PAUSED) {
                journal.expire(rb.id(), run.id(), seen.finishedAt(), why);
            }
            return new Confirmation(Verdict.EXPIRED, seen, "run " + id + " expired at step " + run.pausedAtStep()
                    + " (" + why + "); nothing after the gate ran. Start a new run: runbook run " + file
                    + " --procedure " + run.procedure());
        }
        if (run.state() != RunState.PAUSED) {
            return new Confirmation(Verdict.NOT_PAUSED, run, "run " + id + " is " + run.state().word()
                    + ", not paused: there is nothing to confirm (see `runbook runs " + file + " show " + id + "`)");
        }
        Procedure p = rb.procedures().get(run.procedure());
        if (p == null || run.pausedAtStep() > p.steps().size()
                || !(Step.unwrap(p.steps().get(run.pausedAtStep() - 1)) instanceof Step.Manual)) {
            return new Confirmation(Verdict.GATE_GONE, run, "run " + id + " paused at step " + run.pausedAtStep()
                    + " of procedure '" + run.procedure() + "', which " + (p == null ? "is no longer in " + file
                    : "is no longer a manual step in " + file) + "; start a new run instead");
        }
        return new Confirmation(Verdict.READY, run, null);
    }
}
