package dev.runbook.runtime.output;

import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import java.util.List;

/**
 * {@code run --format tap}: TAP version 13, {@code ok}/{@code not ok} per check ({@code not ok} for anything but
 * OK), {@code # SKIP} with the reason for results that are not counted, then the procedure steps that count on
 * their own. Stateless and thread-safe.
 */
public final class RunTap {
    private RunTap() {
    }

    /** The TAP text of a run. */
    public static String render(RunResult run) {
        List<StepRun> steps = Outputs.countedSteps(run.steps());
        StringBuilder b = new StringBuilder("TAP version 13\n");
        b.append("1..").append(run.results().size() + steps.size()).append('\n');
        int n = 0;
        for (CheckRun r : run.results()) {
            n++;
            String why = Outputs.uncounted(r);
            boolean ok = why != null || r.status() == Status.OK;
            b.append(ok ? "ok " : "not ok ").append(n).append(" - ").append(clean(r.check())).append(": ")
                    .append(r.status()).append(' ').append(clean(r.message()));
            if (why != null) {
                b.append(" # SKIP ").append(why);
            }
            b.append('\n');
        }
        for (StepRun s : steps) {
            n++;
            b.append("not ok ").append(n).append(" - step ").append(s.index()).append(' ').append(clean(s.title()))
                    .append(": ").append(s.status()).append(' ').append(clean(s.message())).append('\n');
        }
        b.append("# ").append(clean(run.runbook())).append(run.procedure() == null ? "" : " " + clean(run.procedure())).append(": ")
                .append(run.status()).append('\n');
        return b.toString();
    }

    /** One line, no control character a terminal would obey, and no '#' that TAP would read as a directive. */
    private static String clean(String s) {
        return s == null ? "" : TerminalText.safe(s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ')).replace("#", "\\#");
    }
}
