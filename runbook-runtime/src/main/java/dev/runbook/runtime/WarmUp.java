package dev.runbook.runtime;

import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.runtime.output.RunFormat;
import dev.runbook.runtime.output.Style;
import dev.runbook.yaml.RunbookLoader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up work that does not depend on what will run, done on a second core while the caller's thread loads the
 * check types: the YAML stack's first parse and sqlite-jdbc's native library. Its failures are ignored, because
 * the real load and store open report whatever is wrong. Also the engine's and renderers' own workout, for a
 * class-data archive recorded around it ({@link #exercise()}).
 */
public final class WarmUp {
    private WarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    public static void inBackground() {
        Thread t = new Thread(() -> {
            try {
                RunbookLoader.warmUp();
                SqliteNative.prepare(System.getenv(), new PrintWriter(System.err, true));
                Class.forName("org.sqlite.JDBC");
                org.sqlite.SQLiteJDBCLoader.initialize();
            } catch (Throwable e) {
                // only a warm-up
            }
        }, "runbook-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Runs a one-check runbook built in Java through the engine and renders the result in every output format
     * (the classes a run loads), returning the renderings in {@link RunFormat} order. In process, no I/O.
     */
    public static List<String> exercise() {
        Runbook rb = RunbookBuilder.runbook("cds")
                .check("a", c -> c.of(ctx -> CheckResult.builder().status(Status.OK).value(1, Unit.PERCENT)
                        .metric("used", 1).message("ok").build(), MetricSpec.higherIsWorse("used", Unit.PERCENT))
                        .warning("80%"))
                .procedure("p", p -> p.checks("a"))
                .build();
        List<String> out = new ArrayList<>();
        try (Engine e = Engine.builder().build()) {
            RunResult r = e.run(rb, RunRequest.procedure("p"));
            for (RunFormat f : RunFormat.values()) {
                out.add(f.render(r, rb, Style.ANSI));
            }
        }
        return out;
    }
}
