package dev.runbook.cli;

import dev.runbook.cli.output.RunFormat;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * Hidden: the short workload the build runs under {@code -XX:ArchiveClassesAtExit} to produce the AppCDS archive
 * — the launcher's verbs as a user runs them (the type registry, the YAML loader, the engine, every output
 * format, the SQLite store and incidents) — so a real start loads these classes from the archive. Failures of parts not yet built are ignored. Exit 0.
 */
@Command(name = "__cds-training", hidden = true)
public final class CdsTrainingCommand extends Verb {
    @Override
    public Integer call() throws Exception {
        try {
            registry();
        } catch (RuntimeException e) {
            // a broken provider: the archive still gets the rest
        }
        Path dir = Files.createTempDirectory("runbook-cds");
        try {
            Path yaml = dir.resolve("runbook.yaml");
            Files.writeString(yaml, "runbook: cds\nversion: 1\nstore: ./cds.db\nchecks:\n"
                    + "  disk: { type: disk, path: /, warning: 80%, critical: 90% }\n"
                    + "  port: { type: port, port: 1, timeout: 1s }\n"
                    + "procedures:\n  morning-check:\n    schedule: daily 09:00\n    steps: [disk, port]\n");
            java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
            String f = yaml.toString();
            String[][] commands = {
                {"validate", f}, {"plan", f},
                {"run", f, "--procedure", "morning-check"},
                {"run", f, "--procedure", "morning-check", "--format", "json"},
                {"run", f, "--format", "nagios", "--no-actions"},
                {"run", f, "--format", "prometheus", "--dry-run"},
                {"run", f, "--format", "junit"}, {"run", f, "--format", "tap"},
                {"history", f, "--format", "json"},
            };
            for (String[] c : commands) {
                try {
                    Main.execute(new Main(environment()), c, sink, sink);
                } catch (RuntimeException | LinkageError e) {
                    // a part not built yet: the archive still gets the rest
                }
            }
            Runbook rb = RunbookBuilder.runbook("cds")
                    .check("a", c -> c.of(ctx -> CheckResult.builder().status(dev.runbook.core.Status.OK).value(1, Unit.PERCENT)
                            .metric("used", 1).message("ok").build(), MetricSpec.higherIsWorse("used", Unit.PERCENT))
                            .warning("80%"))
                    .procedure("p", p -> p.checks("a"))
                    .build();
            try (Engine e = Engine.builder().build()) {
                exercise(e.run(rb, RunRequest.procedure("p")), rb);
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static void exercise(RunResult r, Runbook rb) {
        for (RunFormat f : RunFormat.values()) {
            f.render(r, rb, Style.ANSI);
        }
    }
}
