package dev.runbook.runtime.output;

import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunListener;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Live progress on stderr while a run goes on (only when stderr is a terminal): one line, rewritten, naming
 * what is running and what just finished; cleared when the run ends. The caller decides when to attach it
 * (the launcher: stderr is a terminal, or {@code RUNBOOK_PROGRESS=1}). Thread-safe: the engine calls it from
 * several threads.
 */
public final class ProgressLine implements RunListener {
    private final PrintWriter err;
    private final Style style;
    private final Set<String> running = new ConcurrentSkipListSet<>();
    private int done;

    /** Progress written to {@code err} (the launcher's stderr), statuses in {@code style}. */
    public ProgressLine(PrintWriter err, Style style) {
        this.err = err;
        this.style = style;
    }

    @Override
    public void checkStarted(String checkId) {
        running.add(checkId);
        show(null);
    }

    @Override
    public synchronized void checkFinished(CheckRun result) {
        running.remove(result.check());
        done++;
        show(result.check() + " " + style.status(result.status()));
    }

    @Override
    public void actionFinished(String checkId, ActionRun action) {
        show(checkId + ": " + action.step() + " " + action.outcome().word());
    }

    @Override
    public void stepFinished(StepRun step) {
        show("step " + step.index() + " " + step.title());
    }

    @Override
    public synchronized void runFinished(RunResult result) {
        err.print("\r\u001b[2K");
        err.flush();
    }

    private synchronized void show(String last) {
        String line = "  " + done + " done" + (running.isEmpty() ? "" : ", running: " + String.join(", ", running))
                + (last == null ? "" : "  (" + last + ")");
        if (line.length() > 150) {
            line = line.substring(0, 147) + "...";
        }
        err.print("\r\u001b[2K" + line);
        err.flush();
    }
}
