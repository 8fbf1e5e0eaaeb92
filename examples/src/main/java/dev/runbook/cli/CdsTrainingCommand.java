package dev.runbook.cli;

import dev.runbook.runtime.WarmUp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            // every built-in check type, on harmless local targets, through the verbs a user runs
            Path yaml = dir.resolve("runbook.yaml");
            copyResource("/demo/cds-training.yaml", yaml);
            Files.writeString(dir.resolve("f.txt"), "x\n");
            Files.writeString(dir.resolve("access_log"),
                    "127.0.0.1 - - [28/Nov/2026:09:00:01 +0900] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl\" 1234\n");
            java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
            String f = yaml.toString();
            List<String[]> commands = new ArrayList<>(List.of(
                    new String[] {"validate", f}, new String[] {"plan", f},
                    new String[] {"run", f, "--procedure", "morning-check"},
                    new String[] {"run", f, "--procedure", "morning-check", "--format", "json"},
                    new String[] {"run", f, "--format", "nagios", "--no-actions"},
                    new String[] {"run", f, "--format", "prometheus", "--dry-run"},
                    new String[] {"run", f, "--format", "junit", "--no-actions"},
                    new String[] {"run", f, "--format", "tap", "--no-actions"},
                    new String[] {"history", f, "--format", "json"},
                    new String[] {"incidents", f, "--format", "json"}));
            // the seed runbook's own loading path (the jar carries it for the demo): validate and plan, no probes
            Path seed = dir.resolve("seed");
            Files.createDirectories(seed);
            if (copyResource("/demo/ai-estimator/runbook.yaml", seed.resolve("runbook.yaml"))) {
                copyResource("/demo/ai-estimator/escalation.yaml", seed.resolve("escalation.yaml"));
                commands.add(new String[] {"validate", seed.resolve("runbook.yaml").toString()});
                commands.add(new String[] {"plan", seed.resolve("runbook.yaml").toString()});
            }
            for (String[] c : commands) {
                try {
                    Main.execute(new Main(environment()), c, sink, sink);
                } catch (RuntimeException | LinkageError e) {
                    // a part not built yet: the archive still gets the rest
                }
            }
            WarmUp.exercise();
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static boolean copyResource(String name, Path to) throws java.io.IOException {
        try (java.io.InputStream in = CdsTrainingCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                return false;
            }
            Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
    }
}
