package dev.runbook.cli;

import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.nio.file.Path;

/** What the launcher says under a run that paused at a manual gate: the gate, and the commands that go on. */
final class GateText {
    private GateText() {
    }

    static String paused(RunResult run, Runbook rb, Path file) {
        Integer at = run.trail().pausedAtStep();
        Procedure p = rb.procedures().get(run.procedure());
        String gate = p != null && at != null && at <= p.steps().size()
                ? Step.unwrap(p.steps().get(at - 1)).title() : "a manual step";
        StringBuilder b = new StringBuilder("\nPAUSED at step " + at + ": " + gate + "\n");
        if (run.trail().id() == null || run.storeError() != null) {
            b.append("  The run could not be stored, so it cannot be confirmed later; run it on a terminal, or with "
                    + "--yes to confirm every step up front.\n");
            return b.toString();
        }
        b.append("  Run ").append(run.trail().id()).append(" waits for confirmation (it expires after ")
                .append(Procedure.words(p == null ? Procedure.DEFAULT_PAUSE_TIMEOUT : p.pauseTimeout())).append(").\n");
        b.append("  Confirm: runbook confirm ").append(file).append(' ').append(run.trail().id()).append('\n');
        b.append("  Decline: runbook confirm ").append(file).append(' ').append(run.trail().id()).append(" --decline\n");
        return b.toString();
    }
}
